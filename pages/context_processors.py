from django.utils.functional import SimpleLazyObject

from . import navigation


def site(request):
    """Menus and site settings for every template; nothing is read unless a template asks."""
    return {
        "menus": SimpleLazyObject(lambda: navigation.menus_for(request)),
        "site_settings": SimpleLazyObject(navigation.site_settings),
    }
