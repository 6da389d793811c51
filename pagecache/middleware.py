"""PageCacheMiddleware: a hit is answered near the top of the stack, with the headers the
rest of the stack gave the page when it was stored (CSP, security headers, language)."""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import core

# Bump when the stored tuple (generation, fresh until, content, headers) changes.
PAGE_KEY = "pagecache:v3:page:{digest}"


def request_language(request):
    """The language LocaleMiddleware will activate for this request (its own rule), known
    before it runs: with i18n_patterns it follows from the path alone."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used:
        from_path = translation.get_language_from_path(request.path_info)
        if from_path or not prefixed_default_language:
            return from_path or settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def declared_query(view):
    """The query parameters a cacheable view reads (a class: with its bases'), or None for
    any other view."""
    view = getattr(view, "view_class", view)
    holders = getattr(view, "__mro__", [view])
    found = (getattr(holder, "__dict__", {}).get("page_cache_query") for holder in holders)
    declared = [query for query in found if query is not None]
    return frozenset().union(*declared) if declared else None


@functools.lru_cache(maxsize=4096)
def path_query(urlconf, language, path_info):
    """declared_query() of a path's view before Django resolves it, so that other requests
    (the admin, a document download) cost no cache lookup."""
    with translation.override(language):
        try:
            return declared_query(resolve(path_info, urlconf).func)
        except Resolver404:
            return None


@receiver(setting_changed)
def forget_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        path_query.cache_clear()


def kept_query(query_dict, names, *, by_name=False):
    """The query string of the parameters in `names`; for the key, in order of name."""
    kept = [
        (name, value) for name, values in query_dict.lists() if name in names for value in values
    ]
    return urlencode(sorted(kept, key=lambda pair: pair[0]) if by_name else kept)


class PageCacheMiddleware:
    """Below SecurityMiddleware, WhiteNoise and ConditionalGetMiddleware (a hit's ETag makes
    a revalidation a 304); a request with a session cookie neither reads nor fills it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if core.invalidation_pending:
            core.bump_generation()
        key = self.page_key(request)
        current = entry = None
        if key is not None:
            found = cache.get_many([core.GENERATION_KEY, key])
            current = found.get(core.GENERATION_KEY) or core.generation()
            entry = found.get(key)
            if entry is not None and entry[0] == current and time.time() < entry[1]:
                response = HttpResponse(entry[2])
                for name, value in entry[3]:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if getattr(request, "_page_cache_private", False):
            # Staff see public pages as they are, and no shared cache keeps their copy.
            patch_cache_control(response, private=True)
        elif key is None or not hasattr(request, "_page_cache_query"):
            pass
        elif current is not None and self.storable(request, response):
            self.store(key, current, response)
        elif entry is not None:
            # Gone, moved or not for sharing (404, 410, 3xx…): nobody gets the old copy.
            cache.delete(key)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        query = declared_query(view_func)
        if query is not None:
            # The view sees the parameters the key holds, nothing else (utm_*, fbclid…).
            request.GET = QueryDict(kept_query(request.GET, query))
            request._page_cache_query = query
            request._page_cache_private = settings.SESSION_COOKIE_NAME in request.COOKIES

    def page_key(self, request):
        """The cache key of the page this request asks for, or None if the request may
        neither read nor fill the cache."""
        if not (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        ):
            return None
        language = request_language(request)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        query = path_query(urlconf, language, request.path_info)
        if query is None:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # CommonMiddleware answers 400, once the language is active
        parts = (
            request.scheme,
            host,
            language,
            request.path,
            kept_query(request.GET, query, by_name=True),
        )
        return PAGE_KEY.format(digest=hashlib.sha256("\n".join(parts).encode()).hexdigest())

    @staticmethod
    def storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "_csp_nonce", None):
            return False  # a page that used this request's CSP nonce is its own
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def store(key, current_generation, response):
        now = time.time()
        fresh_until = now + settings.PAGE_CACHE_SECONDS
        upcoming = core.next_scheduled_change(current_generation, now)
        if upcoming is not None:
            fresh_until = min(fresh_until, upcoming)
        if fresh_until - now < 1:
            return
        # Browsers keep the page but ask each time; the ETag makes that a 304.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["Last-Modified"] = http_date(now)
        entry = (current_generation, fresh_until, response.content, list(response.items()))
        cache.set(key, entry, int(fresh_until - now) + 1)
        response["X-Page-Cache"] = "miss"
