"""The anonymous page cache, its middleware and the project's Redis backend; it imports none of
the site's apps. An entry is valid while its groups' generations hold (docs/performance.md)."""

import functools
import hashlib
import logging
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import signals
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date
from redis.exceptions import RedisError

ALL, ANY, GROUP = "all", "any", "pagecache:v4:group:"  # GROUP + name: a group's generation
WATCHED = {}  # model -> (its rows readers see, or None: all; groups showing them; next change)
PENDING = set()  # generations the cache did not take: replaced on the next request
LOCAL = LocMemCache("pagecache", {"OPTIONS": {"MAX_ENTRIES": 100}})  # this worker's copies
logger = logging.getLogger(__name__)


def cacheable(view=None, *, query=(), groups=None):
    """Mark a view (a class adds its bases') as a public page, the same for every visitor
    without a session: `query`, the parameters it reads; `groups`, those it shows if not all."""

    def mark(view):
        view.page_cache = (frozenset(query), {ANY} if groups is None else {ALL, *groups})
        return view

    return mark if view is None else mark(view)


def watch(model, public=None, shown_in=None, next_change=None):
    """A change of a row readers see before or after it (`public`: rows -> those they see now
    or when scheduled) renews ANY and, if they saw it before, the groups `shown_in` (without
    them: every page). No page outlives next_change(now): when those rows change by themselves."""
    WATCHED[model] = (public, shown_in, next_change)


def changed(sender, instance, signal, action="post_", **kwargs):
    if type(instance) not in WATCHED or not action.startswith("post_"):
        return
    public, shown_in, _next_change = WATCHED[type(instance)]
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    is_public = instance.pk is not None and (public is None or public(rows).exists())
    if signal is signals.pre_save:
        instance._page_cache_was_public = is_public
    # After a save, what readers saw before it; else (a deletion, tags…) the row as it stands.
    elif (was_public := vars(instance).pop("_page_cache_was_public", is_public)) or is_public:
        invalidate(*((shown_in if was_public else [ANY]) if shown_in else [ALL]))


for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.m2m_changed):
    signal.connect(changed, dispatch_uid="pagecache")


def bump(groups):
    LOCAL.clear()  # this worker's own edit shows here at once
    PENDING.update(GROUP + group for group in [ANY, *groups])  # and those not taken before
    PENDING.intersection_update(cache.set_many({key: uuid.uuid4().hex for key in PENDING}, None))


def invalidate(*groups):
    """The pages showing these groups (without any: every page) are stale from now on, and
    again after the commit: a page rebuilt before it would still show the old rows."""
    bump(groups := groups or [ALL])
    transaction.on_commit(lambda: bump(groups), robust=True)


def lookup(key, groups, now):
    """(the groups' generations, None where the cache does not answer; `key`'s entry if fresh
    and of those), from this worker's copy for PAGE_CACHE_LOCAL_SECONDS."""
    if not ((entry := LOCAL.get(key)) and now < entry[1]):
        found = cache.get_many([key, *(groups := sorted(GROUP + group for group in groups))])
        for group in set(groups) - found.keys():  # new, or lost: a generation no entry has
            cache.add(group, uuid.uuid4().hex, None)
            found[group] = cache.get(group)
        current, entry = tuple(found[group] for group in groups), found.get(key)
        if not (entry and entry[0] == current and now < entry[1]):
            return current, None
        LOCAL.set(key, entry, settings.PAGE_CACHE_LOCAL_SECONDS)
    return entry[0], entry


def keep(key, current, value, now):
    """Store `value`, of generations `current` at `now`, until the next scheduled change (a memo
    per generations, found before `now`) and PAGE_CACHE_SECONDS at most; return it."""
    if None in current:
        return value
    memo, ceiling = f"pagecache:v4:next:{'-'.join(current)}", settings.PAGE_CACHE_SECONDS or 60
    if not ((found := cache.get(memo)) and found[0] <= now < found[1]):
        at, changes = datetime.fromtimestamp(now, UTC), [c for *_, c in WATCHED.values() if c]
        found = (now, min((m.timestamp() for c in changes if (m := c(at))), default=float("inf")))
        cache.set(memo, found, ceiling)
    if (seconds := min(ceiling, found[1] - now)) >= 1:
        cache.set(key, entry := (current, now + seconds, value), int(seconds) + 1)
        LOCAL.set(key, entry, settings.PAGE_CACHE_LOCAL_SECONDS)
    return value


def remember(key, compute):
    """compute(), remembered as a page of ANY would be (a long list's count, say)."""
    current, entry = lookup(key := f"pagecache:v4:value:{key}", [ANY], now := time.time())
    return entry[2] if entry else keep(key, current, compute(), now)


@functools.lru_cache(maxsize=4096)
def declared(path_info):
    """The marks (query parameters, groups) of the path's view and all its bases, merged; None
    if it is no page. The language is LocaleMiddleware's."""
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            view = resolve(path_info).func
    except Resolver404:
        return None
    view = getattr(view, "view_class", view)
    marks = [mark for k in getattr(view, "__mro__", [view]) if (mark := vars(k).get("page_cache"))]
    shown = set().union(*(groups for _query, groups in marks))
    return (frozenset().union(*(q for q, _g in marks)), shown - {ANY} or {ANY}) if marks else None


def page_cache_middleware(get_response):
    def middleware(request):
        if PENDING:
            bump([])
        if (marks := declared(request.path_info)) is None:
            return get_response(request)
        # The view and the key see the parameters the view reads, nothing else (utm_*, fbclid…).
        kept = [(name, values) for name, values in request.GET.lists() if name in marks[0]]
        query = urlencode(kept, doseq=True)
        request.GET, request.META["QUERY_STRING"] = QueryDict(query), query
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            response = get_response(request)
            patch_cache_control(response, private=True)  # staff's pages stay theirs
            return response
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            return get_response(request)
        # The path names the language; ?a=1&b=2 is ?b=2&a=1; a host not allowed gets a 400.
        host, query = request.META.get("HTTP_HOST", ""), urlencode(sorted(kept), doseq=True)
        page = f"{request.scheme}://{host}{request.path}?{query}"
        key = f"pagecache:v4:page:{hashlib.sha256(page.encode()).hexdigest()}"
        current, entry = lookup(key, marks[1], now := time.time())
        if entry:
            return HttpResponse(entry[2][0], headers={**entry[2][1], "X-Page-Cache": "hit"})
        response = get_response(request)
        control = response.get("Cache-Control", "").lower()
        private = any(word in control for word in ("private", "no-store", "no-cache"))
        shared = response.status_code == 200 and not (response.streaming or response.cookies)
        if private or not shared or getattr(request, "_csp_nonce", None):  # used the nonce
            cache.delete(key)  # gone, moved or not for sharing: nobody gets an old copy
            return response
        # Browsers keep the page but ask each time; the ETag makes that a 304.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        set_response_etag(response)
        response["Last-Modified"] = http_date(now)
        keep(key, current, (response.content, dict(response.items())), now)
        response["X-Page-Cache"] = "miss"
        return response

    return middleware


class TolerantRedisCache(RedisCache):
    """Django's Redis backend, for which a Redis that does not answer is a miss: a warning once
    a minute, and for a second after a failure calls do not wait for it (a cache only)."""

    down_until, warned_at = 0.0, float("-inf")  # the process's: Django makes one per thread


def tolerant(name, fallback=lambda *args, **kwargs: None):
    method, cls = getattr(RedisCache, name), TolerantRedisCache

    def call(self, *args, **kwargs):
        if (now := time.monotonic()) >= cls.down_until:
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                cls.down_until = now + 1
                if now - cls.warned_at >= 60:
                    cls.warned_at = now
                    logger.warning("The cache does not answer, pages from the database: %s", error)
        return fallback(*args, **kwargs)

    setattr(cls, name, call)


for name in ("add", "set", "delete", "delete_many", "touch", "has_key", "clear", "incr"):
    tolerant(name)
tolerant("get", lambda key, default=None, version=None: default)
tolerant("get_many", lambda *args, **kwargs: {})
tolerant("set_many", lambda data, *args, **kwargs: list(data))
