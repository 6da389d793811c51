from django.utils.functional import SimpleLazyObject

from . import navigation


def site(request):
    """Menus and site settings for every template; nothing is read unless a template asks."""
    # One cache read per page for both (a page is rendered in one language).
    chrome = SimpleLazyObject(navigation.chrome)
    return {
        "menus": SimpleLazyObject(lambda: navigation.menus_for(request, data=chrome)),
        "site_settings": SimpleLazyObject(lambda: chrome["settings"]),
    }
