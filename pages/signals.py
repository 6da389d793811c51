"""An editor's change to a menu, a page or the site settings shows on the next request."""

from django.db.models.signals import post_delete, post_save

from partners.models import Programme

from .models import Menu, MenuItem, Page, SiteSettings
from .navigation import clear_cache

# Programme: the footer names the default programme.
for model in (Menu, MenuItem, Page, SiteSettings, Programme):
    post_save.connect(
        clear_cache, sender=model, dispatch_uid=f"pages-chrome-save-{model.__name__}"
    )
    post_delete.connect(
        clear_cache, sender=model, dispatch_uid=f"pages-chrome-delete-{model.__name__}"
    )
