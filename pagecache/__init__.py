"""The anonymous page cache (docs/performance.md); it imports none of the site's apps. An entry
is valid while the generations of its groups it was made with hold."""

import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import signals

ALL, ANY = "all", "any"
WATCHED = {}  # model -> (its rows readers see, or None: all; groups showing them; next change)
PENDING = set()  # generations the cache did not take: replaced on the next request
LOCAL = LocMemCache("pagecache", {"OPTIONS": {"MAX_ENTRIES": 100}})  # this worker's copies


def cacheable(view=None, *, query=(), groups=None):
    """Mark a view (a class adds its bases') as a public page, the same for every visitor
    without a session: `query`, the parameters it reads; `groups`, those it shows if not all."""

    def mark(view):
        base_query, shown = getattr(view, "page_cache", ((), {ANY}))
        shown = shown if groups is None else {ALL, *groups, *shown} - {ANY}
        view.page_cache = (frozenset({*base_query, *query}), shown)
        return view

    return mark if view is None else mark(view)


def watch(model, public=None, shown_in=None, next_change=None):
    """A change of a row readers see before or after it (`public`: rows -> those they see now
    or when scheduled) renews ANY and, if they saw it before, the groups `shown_in` (without
    them: every page). No page outlives next_change(now): when those rows change by themselves."""
    WATCHED[model] = (public, shown_in, next_change)


def changed(sender, instance, signal, action="post_", **kwargs):
    """Receiver of the model signals: invalidate if a watched row is or was public."""
    if type(instance) not in WATCHED or not action.startswith("post_"):
        return
    public, shown_in, _next_change = WATCHED[type(instance)]
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    is_public = instance.pk is not None and (public is None or public(rows).exists())
    was_public = getattr(instance, "_page_cache_was_public", False)
    if signal is not signals.post_save:  # a deletion, tags, hromadas…: the row as it stands
        was_public = is_public
    if signal is signals.pre_save:
        instance._page_cache_was_public = is_public
    elif was_public or is_public:
        invalidate(*((shown_in if was_public else [ANY]) if shown_in else [ALL]))


for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.m2m_changed):
    signal.connect(changed, dispatch_uid="pagecache")


def group_keys(groups):
    return sorted({f"pagecache:v4:group:{group}" for group in groups})


def bump(groups):
    LOCAL.clear()  # this worker's own edit shows here at once
    keys = {*group_keys([ANY, *groups]), *PENDING}
    PENDING.clear()
    PENDING.update(cache.set_many({key: uuid.uuid4().hex for key in keys}, None))


def invalidate(*groups):
    """The pages showing these groups (without any: every page) are stale from now on, and
    again after the commit: a page rebuilt before it would still show the old rows."""
    bump(groups := groups or [ALL])
    transaction.on_commit(lambda: bump(groups), robust=True)


def lookup(key, groups, now):
    """(the generations of the groups, None where the cache does not answer; the entry of `key`
    if it is of those and fresh). This worker keeps copies for PAGE_CACHE_LOCAL_SECONDS."""
    if (entry := LOCAL.get(key)) and now < entry[1]:
        return entry[0], entry
    found = cache.get_many([key, *(groups := group_keys(groups))])
    for group in set(groups) - found.keys():  # new, or lost: a generation no entry has
        cache.add(group, uuid.uuid4().hex, None)
        found[group] = cache.get(group)
    current = tuple(found[group] for group in groups)
    if (entry := found.get(key)) and entry[0] == current and now < entry[1]:
        LOCAL.set(key, entry, settings.PAGE_CACHE_LOCAL_SECONDS)
        return current, entry
    return current, None


def keep(key, current, value, now):
    """Store `value`, made of generations `current` at `now`, until the next scheduled change
    and PAGE_CACHE_SECONDS at most (a minute with the page cache off); return it. That change is
    remembered per generations (a schedule is a save) for requests begun after it was found."""
    if None in current:
        return value
    memo, ceiling = f"pagecache:v4:next:{'-'.join(current)}", settings.PAGE_CACHE_SECONDS or 60
    if not ((found := cache.get(memo)) and found[0] <= now < found[1]):
        at = datetime.fromtimestamp(now, UTC)
        moments = [moment for *_, change in WATCHED.values() if change and (moment := change(at))]
        found = (now, min((moment.timestamp() for moment in moments), default=float("inf")))
        cache.set(memo, found, ceiling)
    if (seconds := min(ceiling, found[1] - now)) >= 1:
        cache.set(key, entry := (current, now + seconds, value), int(seconds) + 1)
        LOCAL.set(key, entry, settings.PAGE_CACHE_LOCAL_SECONDS)
    return value


def remember(key, compute):
    """compute(), remembered as a page of ANY would be: for figures such as a long list's
    count, which cost more than a page."""
    current, entry = lookup(key := f"pagecache:v4:value:{key}", [ANY], now := time.time())
    return entry[2] if entry else keep(key, current, compute(), now)
