"""Below SecurityMiddleware, WhiteNoise and ConditionalGetMiddleware (a hit's ETag makes a
revalidation a 304), a hit is answered with the headers the rest of the stack gave the page."""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

import pagecache


@functools.lru_cache(maxsize=4096)
def declared(path_info):
    """The path's view's @cacheable mark, (query parameters, groups), else None."""
    # LocaleMiddleware's choice under i18n_patterns(prefix_default_language=False).
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            view = resolve(path_info).func
    except Resolver404:
        return None
    return getattr(getattr(view, "view_class", view), "page_cache", None)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if pagecache.PENDING:
            pagecache.bump([])
        if (marks := declared(request.path_info)) is None:
            return self.get_response(request)
        # The view and the key see the parameters the view reads, nothing else (utm_*, fbclid…).
        kept = [(name, values) for name, values in request.GET.lists() if name in marks[0]]
        query = urlencode(kept, doseq=True)
        request.GET, request.META["QUERY_STRING"] = QueryDict(query), query
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            response = self.get_response(request)
            patch_cache_control(response, private=True)  # staff's pages stay theirs
            return response
        try:
            host = request.get_host()
        except DisallowedHost:  # CommonMiddleware answers 400
            host = None
        if not host or settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            return self.get_response(request)
        # The path names the language; ?a=1&b=2 is ?b=2&a=1.
        page = f"{request.scheme}://{host}{request.path}?{urlencode(sorted(kept), doseq=True)}"
        key = f"pagecache:v4:page:{hashlib.sha256(page.encode()).hexdigest()}"
        current, entry = pagecache.lookup(key, marks[1], now := time.time())
        if entry:
            return HttpResponse(entry[2][0], headers={**entry[2][1], "X-Page-Cache": "hit"})
        response = self.get_response(request)
        control = response.get("Cache-Control", "").lower()
        private = any(word in control for word in ("private", "no-store", "no-cache"))
        shared = response.status_code == 200 and not (response.streaming or response.cookies)
        if private or not shared or getattr(request, "_csp_nonce", None):  # used the nonce
            cache.delete(key)  # gone, moved or not for sharing: nobody gets an old copy
            return response
        # Browsers keep the page but ask each time; the ETag makes that a 304.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["Last-Modified"] = http_date(now)
        pagecache.keep(key, current, (response.content, dict(response.items())), now)
        response["X-Page-Cache"] = "miss"
        return response
