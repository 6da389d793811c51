"""The anonymous page cache; it imports none of the site's apps, which mark their public pages
(@cacheable) and say in ready() what invalidates them (watch) and when their content next
changes by itself (schedule). An entry keeps the generations of its groups read before it was
made, and is valid while they hold (docs/performance.md)."""

import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import signals

ALL, ANY = "all", "any"
WATCHED = {}  # model -> (its rows readers see, or None: all; the groups showing its rows)
SCHEDULES = []  # functions -> the next time some content changes by itself, or None
PENDING = set()  # generations the cache did not take: replaced on the next request
LOCAL = LocMemCache("pagecache", {"OPTIONS": {"MAX_ENTRIES": 100}})  # this worker's, lookup()


def cacheable(view=None, *, query=(), groups=None):
    """Mark a view (a class adds its bases') as a public page, the same for every visitor
    without a session. `query`: the parameters it reads, no other counts. `groups`: if it
    shows only some kinds of content, their groups (watch())."""

    def mark(view):
        view.page_cache = (frozenset(query), None if groups is None else frozenset(groups))
        return view

    return mark if view is None else mark(view)


def watch(model, public=None, shown_in=None):
    """A change of a `model` row readers see before or after it (`public`: rows -> those they
    see now or when scheduled) replaces ANY and, if they saw it before, the groups `shown_in`
    (without them: every page); a row just made public joins them at their next rendering."""
    WATCHED[model] = (public, shown_in)


def schedule(next_change):
    """next_change(now) -> when content next changes by itself after `now`, or None; no page
    outlives it."""
    SCHEDULES.append(next_change)


def changed(sender, instance, signal, action="post_", **kwargs):
    """Receiver of the model signals: invalidate if a watched row is or was public."""
    if type(instance) not in WATCHED or not action.startswith("post_"):
        return
    public, shown_in = WATCHED[type(instance)]
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    is_public = signal is not signals.post_delete and instance.pk is not None
    is_public = is_public and (public is None or public(rows).exists())
    was_public = getattr(instance, "_page_cache_was_public", False)
    if signal is signals.m2m_changed:  # tags, hromadas…: an edit of the row as it stands
        was_public = is_public
    if signal in (signals.pre_save, signals.pre_delete):
        instance._page_cache_was_public = is_public
    elif was_public or is_public:  # a row just made public joins its groups' next rendering
        invalidate(*((shown_in if was_public else [ANY]) if shown_in else [ALL]))


for signal in ("pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"):
    getattr(signals, signal).connect(changed, dispatch_uid="pagecache")


def group_keys(groups):
    return sorted({f"pagecache:v4:group:{group}" for group in groups})


def bump(keys):
    LOCAL.clear()  # this worker's own edit shows here at once
    keys = {*group_keys([ANY]), *keys, *PENDING}
    PENDING.clear()
    PENDING.update(cache.set_many({key: uuid.uuid4().hex for key in keys}, None))


def invalidate(*groups):
    """The pages showing these groups (without any: every page) are stale from now on."""
    keys = group_keys(groups or [ALL])
    bump(keys)
    # Again after the commit: a page rebuilt before it would still show the old rows.
    transaction.on_commit(lambda: bump(keys), robust=True)


def lookup(key, groups, now):
    """(the generations of the group keys, None if the cache does not answer; the entry of
    `key` if it is of those and fresh). This worker trusts its copy of an entry for
    PAGE_CACHE_LOCAL_SECONDS: under a spike a hit asks Redis nothing."""
    if entry := LOCAL.get(key):
        return entry[0], entry
    found = cache.get_many([key, *groups])
    for group in set(groups) - found.keys():  # new, or lost: a generation no entry has
        cache.add(group, uuid.uuid4().hex, None)
        found[group] = cache.get(group)
    if None in (current := tuple(found[group] for group in groups)):
        return None, None
    if (entry := found.get(key)) and entry[0] == current and now < entry[1]:
        return current, trust(key, entry)
    return current, None


def trust(key, entry):
    if (seconds := min(settings.PAGE_CACHE_LOCAL_SECONDS, entry[1] - time.time())) > 0:
        LOCAL.set(key, entry, seconds)
    return entry


def keep(key, current, value, now):
    """Store `value`, made of generations `current` from `now` on, until the next scheduled
    change and PAGE_CACHE_SECONDS at most (a minute with the page cache off). The next change
    after a moment is remembered per generations (a new schedule is a save); one found after
    `now` may miss a change since. The entry, or None if it is not stored."""
    next_key, ceiling = f"pagecache:v4:next:{'-'.join(current)}", settings.PAGE_CACHE_SECONDS or 60
    if (found := cache.get(next_key)) is None or found[0] > now:
        at = datetime.fromtimestamp(now, UTC)
        moments = [moment.timestamp() for next_change in SCHEDULES if (moment := next_change(at))]
        found = (now, min(moments, default=0))  # 0: nothing scheduled
        cache.set(next_key, found, min(ceiling, found[1] - now) if found[1] else ceiling)
    if (seconds := min(ceiling, found[1] - now) if found[1] else ceiling) < 1:
        return None
    cache.set(key, entry := (current, now + seconds, value), int(seconds) + 1)
    return trust(key, entry)


def remember(key, compute):
    """compute(), remembered as a page of ANY would be: for figures that cost more than a
    page, such as a long list's count. One round trip when remembered."""
    key, now = f"pagecache:v4:value:{key}", time.time()
    current, entry = lookup(key, group_keys([ANY]), now)
    if entry:
        return entry[2]
    value = compute()
    if current:
        keep(key, current, value, now)
    return value
