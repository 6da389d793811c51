"""Below SecurityMiddleware, WhiteNoise and ConditionalGetMiddleware (a hit's ETag makes a
revalidation a 304), a hit is answered with the headers the rest of the stack gave the page."""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import core

PAGE_KEY = "pagecache:v3:page:{digest}"  # (generation, fresh until, content, headers)


def request_language(request):
    """The language LocaleMiddleware will activate (its own rule), known before it runs."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used:
        from_path = translation.get_language_from_path(request.path_info)
        if from_path or not prefixed_default_language:
            return from_path or settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def declared_query(view):
    """The query parameters a cacheable view reads (a class: with its bases'), else None."""
    holders = getattr(getattr(view, "view_class", view), "__mro__", [view])
    found = (getattr(holder, "__dict__", {}).get("page_cache_query") for holder in holders)
    declared = [query for query in found if query is not None]
    return frozenset().union(*declared) if declared else None


@functools.lru_cache(maxsize=4096)
def path_query(urlconf, language, path_info):
    """declared_query() before Django resolves the path: other requests cost no lookup."""
    with translation.override(language):
        try:
            return declared_query(resolve(path_info, urlconf).func)
        except Resolver404:
            return None


def kept_query(query_dict, names, *, by_name=False):
    kept = [
        (name, value) for name in query_dict if name in names for value in query_dict.getlist(name)
    ]
    return urlencode(sorted(kept, key=lambda pair: pair[0]) if by_name else kept)


def page_key(request):
    """The key of the page this request asks for, or None if it may not use the cache."""
    if (
        settings.PAGE_CACHE_SECONDS <= 0
        or request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    ):
        return None
    language = request_language(request)
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    if (query := path_query(urlconf, language, request.path_info)) is None:
        return None
    try:
        parts = [request.scheme, request.get_host(), language, request.path]
    except DisallowedHost:
        return None  # CommonMiddleware answers 400, once the language is active
    parts.append(kept_query(request.GET, query, by_name=True))
    return PAGE_KEY.format(digest=hashlib.sha256("\n".join(parts).encode()).hexdigest())


def store(request, key, current_generation, response):
    """Store a page fit for every visitor; False if it is not one."""
    cache_control, now = response.get("Cache-Control", "").lower(), time.time()
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or getattr(request, "_csp_nonce", None)  # a page that used this request's nonce
        or any(word in cache_control for word in ("private", "no-store", "no-cache"))
        or (seconds := core.fresh_for(current_generation, now)) < 1
    ):
        return False
    # Browsers keep the page but ask each time; the ETag makes that a 304.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if not response.has_header("ETag"):
        set_response_etag(response)
    response["Last-Modified"] = http_date(now)
    entry = (current_generation, now + seconds, response.content, dict(response.items()))
    cache.set(key, entry, int(seconds) + 1)
    core.keep_local(key, entry)
    response["X-Page-Cache"] = "miss"
    return True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if core.invalidation_pending:
            core.bump_generation()
        current = entry = None
        if key := page_key(request):
            now = time.time()
            current, entry = core.local_copy(key, now)
            if entry is None:
                found = cache.get_many([core.GENERATION_KEY, key])
                current = core.read_generation(found.get(core.GENERATION_KEY), now)
                current = current or core.read_generation(core.generation(), now)
                entry = found.get(key)
            if entry is not None and entry[0] == current and now < entry[1]:
                core.keep_local(key, entry)
                return HttpResponse(entry[2], headers={**entry[3], "X-Page-Cache": "hit"})
        response = self.get_response(request)
        if getattr(request, "_page_cache_private", False):
            patch_cache_control(response, private=True)  # staff's pages stay theirs
        elif key and hasattr(request, "_page_cache_query"):
            if not (current and store(request, key, current, response)) and entry is not None:
                cache.delete(key)  # gone, moved or not for sharing: nobody gets the old copy
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (query := declared_query(view_func)) is not None:
            # The view sees the parameters the key holds, nothing else (utm_*, fbclid…).
            request.GET = QueryDict(kept_query(request.GET, query))
            request._page_cache_query = query
            request._page_cache_private = settings.SESSION_COOKIE_NAME in request.COOKIES
