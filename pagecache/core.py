"""What the apps tell the page cache, and the site-wide generation that makes pages stale."""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import signals

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_KEY = "pagecache:next-change:{generation}"
VALUE_KEY = "pagecache:value:v3:{key}"
WATCHED = {}  # model -> its rows readers see (a function of a queryset of it), or None: all
SCHEDULES = []  # functions -> the next time some content changes by itself, or None
invalidation_pending = False  # Redis did not take the last one: retried on the next request
# This worker's last pages, used while the generation it last read is PAGE_CACHE_LOCAL_SECONDS
# old at most: under a spike a hit asks Redis nothing (docs/performance.md measures it).
LOCAL = {"generation": None, "read_at": 0.0, "pages": {}}


def cacheable(view=None, *, query=()):
    """Mark a view (function or class; a class adds its bases') as a public page, the same for
    every visitor without a session; `query`: the parameters it reads, no other counts."""

    def mark(view):
        view.page_cache_query = frozenset(query)
        return view

    return mark if view is None else mark(view)


def watch(model, public=None):
    """A change of a `model` row invalidates every page; with `public` (rows -> those readers
    see now or when scheduled), only of a row public before or after it."""
    WATCHED[model] = public


def schedule(next_change):
    """next_change() -> when content next changes by itself, or None; no page outlives it."""
    SCHEDULES.append(next_change)


def is_public(instance):
    public = WATCHED[type(instance)]
    return public is None or public(type(instance)._base_manager.filter(pk=instance.pk)).exists()


def changed(sender, instance, signal, action="post_", **kwargs):
    """Receiver of the model signals: invalidate if a watched row is or was public."""
    if type(instance) not in WATCHED or not action.startswith("post_"):
        return
    if signal in (signals.pre_save, signals.pre_delete):
        instance._page_cache_was_public = instance.pk is not None and is_public(instance)
    elif getattr(instance, "_page_cache_was_public", False) or (
        signal is not signals.post_delete and is_public(instance)
    ):
        invalidate()


for signal in ("pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"):
    getattr(signals, signal).connect(changed, dispatch_uid="pagecache")


def generation():
    """The current generation, or None when the cache does not answer."""
    if (value := cache.get(GENERATION_KEY)) is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY)
    return value


def local_copy(key, now):
    """(generation, entry) of this worker's copy of a page, while it trusts its generation."""
    if now - LOCAL["read_at"] < settings.PAGE_CACHE_LOCAL_SECONDS:
        return LOCAL["generation"], LOCAL["pages"].get(key)
    return None, None


def read_generation(current_generation, now):
    """The shared cache said at `now` that this is the generation."""
    if current_generation != LOCAL["generation"] or len(LOCAL["pages"]) >= 100:
        LOCAL["pages"] = {}
    LOCAL.update(generation=current_generation, read_at=now)
    return current_generation


def keep_local(key, entry):
    if settings.PAGE_CACHE_LOCAL_SECONDS > 0 and entry[0] == LOCAL["generation"]:
        LOCAL["pages"][key] = entry


def bump_generation():
    global invalidation_pending
    LOCAL.update(generation=None, pages={})  # this worker's own edit shows here at once
    value = uuid.uuid4().hex
    cache.set(GENERATION_KEY, value, None)
    invalidation_pending = cache.get(GENERATION_KEY) != value


def invalidate():
    """Every cached page and remembered value is stale from now on."""
    bump_generation()
    # Again after the commit: a page rebuilt before it would still show the old rows.
    transaction.on_commit(bump_generation, robust=True)


def fresh_for(current_generation, now):
    """Seconds a page or value made now stays fresh: until the next scheduled change
    (remembered per generation: a new schedule is a save) and PAGE_CACHE_SECONDS at most, or
    a minute with the page cache off."""
    key = NEXT_CHANGE_KEY.format(generation=current_generation)
    ceiling = settings.PAGE_CACHE_SECONDS or 60
    if (upcoming := cache.get(key)) is None:
        moments = [next_change() for next_change in SCHEDULES]
        upcoming = min((moment.timestamp() for moment in moments if moment), default=0)
        timeout = max(1, min(ceiling, int(upcoming - now))) if upcoming else ceiling
        cache.set(key, upcoming, timeout)  # 0: nothing scheduled
    return min(ceiling, upcoming - now) if upcoming else ceiling


def remember(key, compute):
    """compute(), remembered as long as a page showing it stays fresh: for figures that cost
    more than a page, such as a long list's count. One round trip reads it and the generation."""
    found = cache.get_many([GENERATION_KEY, VALUE_KEY.format(key=key)])
    current_generation = found.get(GENERATION_KEY) or generation()
    stored = found.get(VALUE_KEY.format(key=key))
    if stored is not None and stored[0] == current_generation:
        return stored[1]
    value = compute()
    timeout = int(fresh_for(current_generation, time.time())) if current_generation else 0
    if timeout >= 1:
        cache.set(VALUE_KEY.format(key=key), (current_generation, value), timeout)
    return value
