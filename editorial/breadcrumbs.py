"""The trail above a public page: one list of (name, address) pairs in the context, from
which base.html renders both the visible breadcrumbs and the BreadcrumbList JSON-LD (the
page itself closes the JSON-LD trail, with its title and address)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

HOME = (_("Home"), reverse_lazy("news:home"))


def trail(*crumbs):
    """The home page, then the given (name, address) pairs."""
    return [HOME, *crumbs]


class BreadcrumbsMixin:
    """A view's trail after the home page: `breadcrumbs`, or get_breadcrumbs() where it
    depends on the object shown."""

    breadcrumbs = ()

    def get_breadcrumbs(self):
        return self.breadcrumbs

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=trail(*self.get_breadcrumbs()), **kwargs)
