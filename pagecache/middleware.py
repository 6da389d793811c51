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
def declared(language, path_info):
    """(query parameters, group keys) the path's view declares with its bases', else None."""
    try:
        with translation.override(language):
            view = resolve(path_info).func
    except Resolver404:
        return None
    holders = getattr(getattr(view, "view_class", view), "__mro__", [view])
    if not (marks := [vars(h)["page_cache"] for h in holders if "page_cache" in vars(h)]):
        return None
    groups = [groups for _query, groups in marks if groups is not None]
    return frozenset().union(*(query for query, _groups in marks)), pagecache.group_keys(
        [pagecache.ALL, *frozenset().union(*groups)] if groups else [pagecache.ANY]
    )


def store(request, key, current, response, now):
    """Store a page of generations `current` if it is fit for every visitor."""
    cache_control = response.get("Cache-Control", "").lower()
    if (
        current is None
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or getattr(request, "_csp_nonce", None)  # a page that used this request's nonce
        or any(word in cache_control for word in ("private", "no-store", "no-cache"))
    ):
        cache.delete(key)  # gone, moved or not for sharing: nobody gets an old copy
        return
    # Browsers keep the page but ask each time; the ETag makes that a 304.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if not response.has_header("ETag"):
        set_response_etag(response)
    response["Last-Modified"] = http_date(now)
    if pagecache.keep(key, current, (response.content, dict(response.items())), now):
        response["X-Page-Cache"] = "miss"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if pagecache.PENDING:
            pagecache.bump(())
        # LocaleMiddleware's choice under i18n_patterns(prefix_default_language=False), early.
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        if (marks := declared(language, request.path_info)) is None:
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
            parts = [request.scheme, request.get_host(), language, request.path]
        except DisallowedHost:  # CommonMiddleware answers 400
            parts = None
        if not parts or settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            return self.get_response(request)
        parts.append(urlencode(sorted(kept), doseq=True))  # ?a=1&b=2 is ?b=2&a=1
        key = f"pagecache:v4:page:{hashlib.sha256('\n'.join(parts).encode()).hexdigest()}"
        current, entry = pagecache.lookup(key, marks[1], now := time.time())
        if entry is None:
            response = self.get_response(request)
            store(request, key, current, response, now)
            return response
        return HttpResponse(entry[2][0], headers={**entry[2][1], "X-Page-Cache": "hit"})
