"""What the apps tell the page cache, and the site-wide generation that makes pages stale."""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_KEY = "pagecache:next-change:{generation}"
VALUE_KEY = "pagecache:value:v3:{key}"
# How long a remembered value may miss a change no signal reports with the page cache off.
CEILING_WITHOUT_PAGE_CACHE = 60

WATCHED = {}  # model -> its rows readers can see (a function of a queryset), or None: all
SCHEDULES = []  # functions -> the next time some content changes by itself, or None
# The cache did not take the last invalidation (Redis down): retried on the next request.
invalidation_pending = False


def cacheable(view=None, *, query=()):
    """Mark a view (function, class or callable) as a public page, the same for every visitor
    without a session. `query`: the parameters it reads; a class adds its bases'. Any other
    parameter is left out of the cache key and out of request.GET."""

    def mark(view):
        view.page_cache_query = frozenset(query)
        return view

    return mark if view is None else mark(view)


def watch(model, public=None):
    """A save, a delete or a many-to-many change of `model` invalidates every page; with
    `public` (a queryset of the model -> the rows readers see, now or at a scheduled time),
    only one of a row that is public before or after it."""
    WATCHED[model] = public


def schedule(next_change):
    """next_change() -> the next time content changes by itself (a scheduled publication, an
    expiry), or None: cached pages stay fresh until then at most."""
    SCHEDULES.append(next_change)


def is_public(instance):
    public = WATCHED[type(instance)]
    return public is None or public(type(instance)._base_manager.filter(pk=instance.pk)).exists()


def before_change(sender, instance, **kwargs):
    if sender in WATCHED and instance.pk is not None:
        instance._page_cache_was_public = is_public(instance)


def after_change(sender, instance, signal, **kwargs):
    if sender in WATCHED and (
        getattr(instance, "_page_cache_was_public", False)
        or (signal is post_save and is_public(instance))
    ):
        invalidate()


def relations_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and type(instance) in WATCHED and is_public(instance):
        invalidate()


for signal, receiver in (
    (pre_save, before_change),
    (pre_delete, before_change),
    (post_save, after_change),
    (post_delete, after_change),
    (m2m_changed, relations_changed),
):
    signal.connect(receiver, dispatch_uid=f"pagecache-{receiver.__name__}-{id(signal)}")


def generation():
    """The current generation, or None when the cache does not answer."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY)
    return value


def bump_generation():
    global invalidation_pending
    value = uuid.uuid4().hex
    cache.set(GENERATION_KEY, value, None)
    invalidation_pending = cache.get(GENERATION_KEY) != value


def invalidate():
    """Every cached page and remembered value is stale from now on: for changes no signal
    reports (bulk writes, imports, a restore), and by the signals above."""
    bump_generation()
    # Again after the commit: a page rebuilt before it would still show the old rows.
    transaction.on_commit(bump_generation, robust=True)


def freshness_ceiling():
    return settings.PAGE_CACHE_SECONDS or CEILING_WITHOUT_PAGE_CACHE


def next_scheduled_change(current_generation, now):
    """The earliest future time (a timestamp) at which some content changes by itself, or
    None. Remembered per generation: a new schedule is a save, which starts a new one."""
    key = NEXT_CHANGE_KEY.format(generation=current_generation)
    upcoming = cache.get(key)
    if upcoming is None:
        times = (next_change() for next_change in SCHEDULES)
        upcoming = min((moment.timestamp() for moment in times if moment), default=0)
        ceiling = freshness_ceiling()
        timeout = max(1, min(ceiling, int(upcoming - now))) if upcoming else ceiling
        cache.set(key, upcoming, timeout)
    return upcoming or None  # 0 stands for "nothing scheduled"


def remember(key, compute):
    """compute(), remembered for as long as a cached page showing it would stay fresh: until
    public content changes, the next scheduled change and PAGE_CACHE_SECONDS at most (a minute
    with the page cache off). For figures that cost more than a page, such as a long list's
    count. The generation and the value come in one round trip."""
    cache_key = VALUE_KEY.format(key=key)
    found = cache.get_many([GENERATION_KEY, cache_key])
    current_generation = found.get(GENERATION_KEY) or generation()
    stored = found.get(cache_key)
    if stored is not None and stored[0] == current_generation:
        return stored[1]
    value = compute()
    if current_generation is not None:
        now = time.time()
        upcoming = next_scheduled_change(current_generation, now)
        ceiling = freshness_ceiling()
        timeout = int(min(ceiling, upcoming - now) if upcoming else ceiling)
        if timeout >= 1:
            cache.set(cache_key, (current_generation, value), timeout)
    return value
