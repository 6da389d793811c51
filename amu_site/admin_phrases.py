"""Django admin phrases whose stock Ukrainian translation does not agree with our nouns.

Django's catalogue says "Додати новина" and "{name} … було змінено" whatever the gender of
the model's name. Listing the msgids here keeps them in locale/uk, where they get phrasings
that stay grammatical for any noun ("Новий запис (новина)"). Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_PHRASES = [
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    # New in Django 6.1 and not yet in its Ukrainian catalogue.
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Run"),
    gettext_noop("- Select an option -"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
]
