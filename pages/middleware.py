from django.contrib.redirects import middleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site


class RedirectFallbackMiddleware(middleware.RedirectFallbackMiddleware):
    """Django's redirects, also for an old address that arrives with a query string
    (links shared on social networks carry ?fbclid=…) or with a trailing slash added."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.status_code != 404:
            return response
        bare = request.path.rstrip("/") or "/"
        candidates = {bare, f"{bare}/"} - {request.get_full_path()}
        redirect = (
            Redirect.objects.filter(site=get_current_site(request), old_path__in=candidates)
            .order_by("old_path")
            .first()
        )
        if redirect is None:
            return response
        if not redirect.new_path:
            return self.response_gone_class()
        return self.response_redirect_class(redirect.new_path)
