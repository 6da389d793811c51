"""The anonymous page cache: whole public pages, shared by every visitor without a session.

It imports none of the site's apps; they tell it, where they define views and models:
- @cacheable(query=[…]): a view is a public page, and the query parameters it reads;
- watch(Model, public=…): which changes readers can see, in the app's ready();
- schedule(function): when the app's content next changes by itself, in its ready().
How it works and why: docs/performance.md, docs/decisions.md.
"""

from .core import cacheable, invalidate, remember, schedule, watch

__all__ = ["cacheable", "invalidate", "remember", "schedule", "watch"]
