"""The anonymous page cache; imports none of the site's apps, which tell it what it needs in
their views (@cacheable) and ready() (watch, schedule). docs/performance.md says how it works."""

from .core import cacheable, invalidate, remember, schedule, watch

__all__ = ["cacheable", "invalidate", "remember", "schedule", "watch"]
