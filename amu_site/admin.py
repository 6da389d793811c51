"""The user and group screens in the admin's language.

Django stores permission names in English when it creates them ("Can add log entry"); the
screens show them from the catalogue instead: the app, the model and the action, translated.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


def permission_label(permission):
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    action, _separator, _rest = permission.codename.partition("_")
    if permission.codename == f"{action}_{model._meta.model_name}" and action in ACTIONS:
        what = ACTIONS[action]
    else:
        what = gettext(permission.name)  # Meta.permissions: an English msgid
    return " | ".join(
        [
            capfirst(str(model._meta.app_config.verbose_name)),
            capfirst(str(model._meta.verbose_name)),
            capfirst(str(what)),
        ]
    )


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class NewsroomUserAdmin(PermissionLabelsMixin, UserAdmin):
    pass


@admin.register(Group)
class NewsroomGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    pass
