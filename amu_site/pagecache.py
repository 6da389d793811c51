"""The anonymous page cache: whole public pages, shared by every visitor without a session.

One mechanism for every public page (issue 13), in PageCacheMiddleware:

- Which pages: views of the public URL namespaces (settings.PAGE_CACHE_NAMESPACES), GET
  only, minus PAGE_CACHE_EXCLUDE (share-link previews, document downloads). A request with
  a session cookie (staff, anyone logged in) neither reads nor fills the cache; a response
  that sets a cookie, is not a 200 or says private/no-store/no-cache is never stored.
- Where: near the top of the middleware stack. A hit is answered there, with the headers
  the rest of the stack gave the page when it was rendered (CSP, security headers,
  language), so it costs about what a constant response costs.
- The key: scheme, host, language, path and full query string (search results and
  filtered directories are cached per query like any other page).
- Invalidation by content: every save, delete or many-to-many change of a model of a public
  app (settings.PAGE_CACHE_APPS) replaces the site-wide *generation*; an entry of an older
  generation is stale. The replacement happens at once and again when the transaction
  commits, so a page rebuilt in between cannot keep the old content.
- Invalidation by time: an entry is fresh until the next scheduled publication or removal
  (one cached query per generation), and never longer than PAGE_CACHE_SECONDS. So a
  scheduled article appears, and an expiring one leaves, at its time without a cron job.
- Single flight: when an entry is missing or stale, one request takes a short lock and
  rebuilds it; meanwhile the others serve the stale copy, or, with none, wait briefly for
  the rebuilt one.
- Conditional GET: a stored page carries an ETag and Last-Modified (its build time), so
  ConditionalGetMiddleware answers a revalidation with 304 from the cache.
- Local copies: with a shared cache (Redis), each worker also keeps the pages it served
  last in its own memory (LocalCopies), and trusts the generation it last read for
  PAGE_CACHE_LOCAL_SECONDS: under a spike a hit costs no round trip to Redis, and an edit
  made in another worker shows here that much later at most.
"""

import functools
import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_KEY = "pagecache:next-change:{generation}"
# Bump the version when the stored tuple changes shape or meaning (v2: the headers of the
# whole stack below the cache, CSP and security headers included).
PAGE_KEY = "pagecache:v2:page:{digest}"
LOCK_KEY = "pagecache:v2:lock:{digest}"
# A stale copy is kept this much longer, to be served while one request rebuilds it.
STALE_GRACE_SECONDS = 60
# Longer than any page takes to render; a crashed rebuild frees the page after this.
LOCK_SECONDS = 10
WAIT_STEP_SECONDS = 0.05


# --- Generation: replaced whenever public content changes ----------------------------------


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY)
    return value


def bump_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    # This worker's own edit shows here at once; other workers' within their trust period.
    LOCAL_COPIES.clear()


def invalidate():
    """Every cached page is stale from now on. Called by the signals below, and by code that
    writes in bulk (bulk_create and update() send no signals), e.g. the hromada importer."""
    bump_generation()
    # Again after the commit: a page rebuilt before it would still show the old rows.
    transaction.on_commit(bump_generation, robust=True)


def content_changed(sender, **kwargs):
    """Signal receiver: a model of a public app changed."""
    if sender._meta.app_label in settings.PAGE_CACHE_APPS:
        invalidate()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"pagecache-{id(signal)}")


# --- Time: the next scheduled publication or removal ---------------------------------------

# How long a remembered value may miss a change no signal reports when the page cache is off.
CEILING_WITHOUT_PAGE_CACHE = 60


def freshness_ceiling():
    return settings.PAGE_CACHE_SECONDS or CEILING_WITHOUT_PAGE_CACHE


def next_scheduled_change(current_generation, now):
    """The earliest future time at which some page's content changes by itself, or None.

    Cached per generation: a new schedule is a save, which starts a new generation.
    """
    key = NEXT_CHANGE_KEY.format(generation=current_generation)
    cached = cache.get(key)
    if cached is not None:
        return cached or None  # 0 stands for "nothing scheduled"
    from news.models import Article
    from pages.models import Page

    times = [Article.objects.next_visibility_change(), Page.objects.next_visibility_change()]
    upcoming = min((moment.timestamp() for moment in times if moment is not None), default=0)
    if upcoming:
        timeout = max(1, min(freshness_ceiling(), int(upcoming - now)))
    else:
        timeout = freshness_ceiling()
    cache.set(key, upcoming, timeout)
    return upcoming or None


# --- Values derived from public content ------------------------------------------------------

# The value is stored with the generation it was computed in, so that one round trip to the
# cache reads both the current generation and the value.
VALUE_KEY = "pagecache:value:v2:{key}"


def remember(key, compute):
    """compute(), remembered for as long as a cached page showing it would stay fresh: until
    public content changes (the generation), the next scheduled publication or removal, and
    PAGE_CACHE_SECONDS at most. For figures that cost more than a page, such as the number of
    articles in a long list; also with the page cache off (then a minute at most)."""
    cache_key = VALUE_KEY.format(key=key)
    found = cache.get_many([GENERATION_KEY, cache_key])
    current_generation = found.get(GENERATION_KEY) or generation()
    stored = found.get(cache_key)
    if stored is not None and stored[0] == current_generation:
        return stored[1]
    value = compute()
    now = time.time()
    upcoming = next_scheduled_change(current_generation, now)
    ceiling = freshness_ceiling()
    timeout = int(min(ceiling, upcoming - now) if upcoming else ceiling)
    if timeout >= 1:
        cache.set(cache_key, (current_generation, value), timeout)
    return value


# --- The middleware ------------------------------------------------------------------------


class Entry:
    """What is stored: the response's bytes and headers, with its generation and freshness.

    The headers are those the page left the whole middleware stack below the cache with
    (security headers and CSP included), so a hit needs none of that stack again.
    """

    __slots__ = ("generation", "fresh_until", "content", "headers")

    def __init__(self, generation, fresh_until, content, headers):
        self.generation = generation
        self.fresh_until = fresh_until
        self.content = content
        self.headers = headers

    def __getstate__(self):
        return (self.generation, self.fresh_until, self.content, self.headers)

    def __setstate__(self, state):
        self.generation, self.fresh_until, self.content, self.headers = state

    def is_fresh(self, current_generation, now):
        return self.generation == current_generation and now < self.fresh_until

    def response(self, state):
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        response["X-Page-Cache"] = state
        response._from_page_cache = True
        return response


class LocalCopies:
    """The pages this worker served last, in its memory, in front of the shared cache.

    A copy is used only while the generation it was stored under is the one the worker last
    read from the shared cache, less than PAGE_CACHE_LOCAL_SECONDS ago; every lookup in the
    shared cache reads the generation again. So under a spike a worker asks Redis about once
    a PAGE_CACHE_LOCAL_SECONDS, and another worker's edit shows here that much later at most.
    Off (0) with a cache in local memory, which is this process's own anyway.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.pages = OrderedDict()
        self.generation = None
        self.read_at = 0.0

    def get(self, digest, now):
        with self.lock:
            if self.generation is None or now - self.read_at >= settings.PAGE_CACHE_LOCAL_SECONDS:
                return None
            entry = self.pages.get(digest)
            if entry is None or not entry.is_fresh(self.generation, now):
                return None
            self.pages.move_to_end(digest)
            return entry

    def read(self, current_generation, now):
        """The shared cache said, at `now`, that this is the generation."""
        with self.lock:
            if current_generation != self.generation:
                self.pages.clear()
                self.generation = current_generation
            self.read_at = now

    def put(self, digest, entry):
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return
        with self.lock:
            if entry.generation != self.generation:
                return
            self.pages[digest] = entry
            self.pages.move_to_end(digest)
            while len(self.pages) > settings.PAGE_CACHE_LOCAL_PAGES:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.generation = None


LOCAL_COPIES = LocalCopies()


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


def is_public_match(match):
    """Is the view of this resolved URL a public page (the same for every visitor)?"""
    if match is None or match.view_name in settings.PAGE_CACHE_EXCLUDE:
        return False
    if match.view_name in settings.PAGE_CACHE_VIEWS:
        return True
    return bool(match.namespaces) and match.namespaces[0] in settings.PAGE_CACHE_NAMESPACES


@functools.lru_cache(maxsize=4096)
def is_public_path(urlconf, language, path_info):
    """is_public_match() for a path before Django resolves it, so that other requests (the
    admin's login, a document download) cost no cache lookup. It depends only on the URL
    configuration and the settings, so it is remembered (and forgotten when they change)."""
    with translation.override(language):
        try:
            match = resolve(path_info, urlconf)
        except Resolver404:
            return False
    return is_public_match(match)


@receiver(setting_changed)
def forget_public_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF" or setting.startswith("PAGE_CACHE_"):
        is_public_path.cache_clear()
    if setting in ("CACHES", "ROOT_URLCONF") or setting.startswith("PAGE_CACHE_"):
        LOCAL_COPIES.clear()


class PageCacheMiddleware:
    """See the module docstring.

    Near the top of the stack (below SecurityMiddleware, WhiteNoise and
    ConditionalGetMiddleware): a hit is answered before sessions, languages, URL
    resolution, CSRF, authentication and the rest run, with the headers those middlewares
    gave the page when it was stored. Whether a page may be cached is only known once its
    URL is resolved, so misses are decided in process_view: an address only ever has an
    entry if a request for it was found cacheable there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        digest = self.public_page_digest(request)
        if digest is not None:
            now = time.time()
            entry = LOCAL_COPIES.get(digest, now)
            if entry is not None:
                return entry.response("hit")
            page_key = PAGE_KEY.format(digest=digest)
            found = cache.get_many([GENERATION_KEY, page_key])
            current_generation = found.get(GENERATION_KEY) or generation()
            LOCAL_COPIES.read(current_generation, now)
            entry = found.get(page_key)
            if entry is not None and entry.is_fresh(current_generation, now):
                LOCAL_COPIES.put(digest, entry)
                return entry.response("hit")
            # process_view decides, once the view is known, whether to rebuild this page.
            request._page_cache_lookup = (digest, current_generation, entry)
        response = self.get_response(request)
        if getattr(request, "_page_cache_private", False):
            # Staff see public pages as they are, and no shared cache keeps their copy.
            patch_cache_control(response, private=True)
        build = getattr(request, "_page_cache_build", None)
        if build is None:
            return response
        digest, current_generation = build
        try:
            # A page that used this request's CSP nonce must not reach another visitor.
            nonce_used = bool(getattr(request, "_csp_nonce", None))
            if not nonce_used and not getattr(response, "_from_page_cache", False):
                self.store(digest, current_generation, response)
        finally:
            cache.delete(LOCK_KEY.format(digest=digest))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request._page_cache_private = self.is_public_view(request)
            return None
        lookup = getattr(request, "_page_cache_lookup", None)
        if lookup is None or not self.is_public_view(request):
            return None
        digest, current_generation, entry = lookup
        if cache.add(LOCK_KEY.format(digest=digest), 1, LOCK_SECONDS):
            request._page_cache_build = (digest, current_generation)
            return None
        # Another request is rebuilding this page.
        if entry is not None:
            return entry.response("stale")
        page_key = PAGE_KEY.format(digest=digest)
        waited = 0.0
        while waited < settings.PAGE_CACHE_WAIT_SECONDS:
            time.sleep(WAIT_STEP_SECONDS)
            waited += WAIT_STEP_SECONDS
            entry = cache.get(page_key)
            if entry is not None and entry.generation == current_generation:
                return entry.response("hit")
        return None  # rendered here, not stored: the lock's owner stores it

    @staticmethod
    def is_public_view(request):
        return is_public_match(request.resolver_match)

    def public_page_digest(self, request):
        """The cache digest of the page this request asks for, or None if the request may
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
        if not is_public_path(urlconf, language, request.path_info):
            return None
        try:
            return self.digest(request, language)
        except DisallowedHost:
            return None  # CommonMiddleware answers 400, once the language is active

    @staticmethod
    def digest(request, language=None):
        parts = (
            request.scheme,
            request.get_host(),
            language or request_language(request),
            request.path,
            request.META.get("QUERY_STRING", ""),
        )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @staticmethod
    def storable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    def store(self, digest, current_generation, response):
        if not self.storable(response):
            return
        now = time.time()
        fresh_until = now + settings.PAGE_CACHE_SECONDS
        upcoming = next_scheduled_change(current_generation, now)
        if upcoming is not None:
            fresh_until = min(fresh_until, upcoming)
        if fresh_until - now < 1:
            return
        # Browsers keep the page but ask each time; the ETag makes that a 304.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["Last-Modified"] = http_date(now)
        headers = [(name, value) for name, value in response.items() if name != "X-Page-Cache"]
        entry = Entry(current_generation, fresh_until, response.content, headers)
        cache.set(
            PAGE_KEY.format(digest=digest),
            entry,
            int(fresh_until - now) + STALE_GRACE_SECONDS,
        )
        LOCAL_COPIES.put(digest, entry)
        response["X-Page-Cache"] = "miss"
