"""The header and footer: menus and site settings, cached until an editor changes them.

One cache entry per language holds both menus and the settings, so the chrome of a page
costs two queries on a cold cache and none on a warm one, whatever the number of entries.
Whether a page entry is visible is decided when the menu is shown, not when it is cached,
so a page scheduled for 10:00 appears at 10:00 without anyone touching the cache.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from .models import Menu, MenuItem, Page, SiteSettings

# Bump the version when MenuEntry or the cached shape changes: old pickles must not be read.
CACHE_KEY = "pages:chrome:v2:{language}"
CACHE_TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str = ""
    external: bool = False
    # A section's name and address are looked up when the menu is shown, so a deploy that
    # adds a section's app or a translation needs no cache purge.
    section: str = ""
    # For a page: shown from this time on; None for a page that is not published.
    visible_from: datetime | None = None
    is_page: bool = False

    def is_visible(self, now):
        if not self.is_page:
            return True
        return self.visible_from is not None and self.visible_from <= now

    def resolve(self):
        """(label, url) in the active language, or None for a section with no URL (yet)."""
        if not self.section:
            return self.label, self.url
        try:
            url = reverse(MenuItem.SECTION_URL_NAMES[self.section])
        except (KeyError, NoReverseMatch):
            return None
        return self.label or str(MenuItem.Section(self.section).label), url


def _entry(item):
    if item.page_id:
        page = item.page
        published = page.status == Page.Status.PUBLISHED
        return MenuEntry(
            label=item.label or page.title,
            url=page.get_absolute_url(),
            visible_from=page.published_at if published else None,
            is_page=True,
        )
    if item.section:
        return MenuEntry(label=item.label, section=item.section)
    return MenuEntry(label=item.label or item.url, url=item.url, external=True)


def _build(language):
    menus = {location: [] for location in Menu.Location.values}
    with translation.override(language):
        items = MenuItem.objects.filter(menu__language=language).select_related("menu", "page")
        for item in items.order_by("position", "pk"):
            menus[item.menu.location].append(_entry(item))
        site_settings = (
            SiteSettings.objects.select_related("default_programme").first()
            or default_site_settings()
        )
    return {"menus": menus, "settings": site_settings}


def default_site_settings():
    """Unsaved settings with the association's name, for a database without the record."""
    return SiteSettings(name=str(settings.SITE_NAME))


def chrome(language=None):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    key = CACHE_KEY.format(language=language)
    data = cache.get(key)
    if data is None:
        data = _build(language)
        cache.set(key, data, CACHE_TIMEOUT)
    return data


def menus_for(request, language=None, data=None):
    """{"header": [...], "footer": [...]} of visible entries, with aria-current for the path.

    `data`: what chrome() returned, when the caller has it already."""
    now = timezone.now()
    path = request.path if request is not None else ""
    home = reverse("news:home")
    result = {}
    for location, entries in (data or chrome(language))["menus"].items():
        result[location] = []
        for entry in entries:
            resolved = entry.resolve() if entry.is_visible(now) else None
            if resolved is None:
                continue
            label, url = resolved
            result[location].append(
                {
                    "label": label,
                    "url": url,
                    "external": entry.external,
                    "current": "" if entry.external else _current(url, path, home),
                }
            )
    return result


def _current(url, path, home):
    if path == url:
        return "page"
    if url != home and path.startswith(url):
        return "true"
    return ""


def site_settings(language=None):
    return chrome(language)["settings"]


def clear_cache(**kwargs):
    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])
