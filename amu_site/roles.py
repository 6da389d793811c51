"""The newsroom's two roles, «Автор» and «Редактор», and every permission they hold.

This is the one place that says what each role may do. `migrate` brings the groups in line
with it after every run (SiteConfig.ready connects sync_roles to post_migrate), and
`manage.py sync_roles` does the same on demand. Permissions a group has beyond this list are
removed; users and their memberships are left alone.

Model permissions only open the screens; what a role may do to one particular object is
checked next to the model's workflow: an author changes only their own drafts and articles
in review (editorial/workflow.py), and only their own unpublished documents (pages/admin.py).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

AUTHOR = "Автор"
EDITOR = "Редактор"


def crud(model):
    """The four model permissions of "app.model"."""
    app_label, name = model.split(".")
    return [f"{app_label}.{action}_{name}" for action in ("add", "change", "delete", "view")]


# What the article form's pickers read: categories, tags, hromadas, initiatives and the
# donor programme are chosen by autocomplete, which answers only to view permission.
PICKERS = [
    "news.view_category",
    "news.view_tag",
    # Bylines: authors name people on their articles, editors manage the people.
    "news.view_person",
    "partners.view_municipality",
    "partners.view_initiative",
    "partners.view_programme",
]

ROLES = {
    AUTHOR: [
        *PICKERS,
        # Writes articles: own drafts only, submitted for review, never published.
        "news.add_article",
        "news.change_article",
        "news.delete_article",
        "news.view_article",
        # A new topic can be tagged while writing.
        "news.add_tag",
        # Announces events as articles are written: own drafts, submitted for review.
        "events.add_event",
        "events.change_event",
        "events.delete_event",
        "events.view_event",
        # Images in the text: uploads one (with its description) or picks a recent one.
        "images.add_bodyimage",
        "images.view_bodyimage",
        # Proposes documents (own, until an editor publishes them) attached to own news.
        "pages.add_document",
        "pages.change_document",
        "pages.delete_document",
        "pages.view_document",
        "pages.view_documentcategory",
    ],
    EDITOR: [
        *PICKERS,
        # Everyone's articles: reviews, publishes, schedules, unpublishes, empties the trash.
        *crud("news.article"),
        "news.publish_article",
        "news.purge_article",
        *crud("news.category"),
        *crud("news.tag"),
        *crud("news.person"),
        # Everyone's events: reviews, publishes, schedules, unpublishes.
        *crud("events.event"),
        "events.publish_event",
        *crud("images.bodyimage"),
        # The association's pages (statute, contacts…), menus and site settings.
        *crud("pages.page"),
        "pages.publish_page",
        *crud("pages.menu"),
        *crud("pages.menuitem"),
        "pages.change_sitesettings",
        "pages.view_sitesettings",
        # Documents: publishes what authors propose; their categories.
        *crud("pages.document"),
        "pages.publish_document",
        *crud("pages.documentcategory"),
        # Old addresses of the association's site that lead to the new ones.
        *crud("redirects.redirect"),
        "partners.view_organization",
        "partners.view_oblast",
        "partners.view_raion",
    ],
}


def sync_roles(apps=None, **kwargs):
    """Create or update both groups to hold exactly the permissions above; returns
    {role: number of permissions}. Also a post_migrate receiver (hence **kwargs)."""
    apps = apps or global_apps
    # Permissions are made after each app's migrations; make sure every one exists now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    counts = {}
    for name, dotted_names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set(dotted_names)
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if f"{permission.content_type.app_label}.{permission.codename}" in wanted
        ]
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing := wanted - found:
            raise LookupError(f"Role {name}: no such permissions: {', '.join(sorted(missing))}")
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
