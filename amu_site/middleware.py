"""Operations middleware: health probes, trusted proxy headers, database outages."""

import ipaddress

from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import views

HEALTH_VIEWS = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz ahead of everything else.

    Probes come from the orchestrator by IP address over plain HTTP: host validation, the
    HTTPS redirect, sessions and language negotiation must not apply to them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info.rstrip("/"))
        if view is not None:
            return view(request)
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Believes X-Forwarded-Proto only from the front server (settings.TRUSTED_PROXIES).

    Django trusts SECURE_PROXY_SSL_HEADER from anyone; a visitor who reached gunicorn
    directly could otherwise claim HTTPS and receive secure cookies over plain HTTP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_FORWARDED_PROTO" in request.META and not self.is_trusted(request):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)

    @staticmethod
    def is_trusted(request):
        try:
            peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(peer in network for network in settings.TRUSTED_PROXIES)


class DatabaseUnavailableMiddleware:
    """Turns a lost database into a Ukrainian 503 page with Retry-After.

    The failed connection is discarded when the request ends (CONN_HEALTH_CHECKS), so the
    next request connects afresh and the site recovers without a restart. Errors raised
    outside views reach handler500, which answers with the same page (views.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return views.database_unavailable(request, exception)
        return None
