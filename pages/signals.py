"""What follows a change of one row: the subpages' addresses and redirects after a page
moves, and the cached menus after an editor's change to a menu, a page or the settings.
Kept apart from the models' save(), as django.contrib.redirects keeps its rows apart."""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation

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


@receiver(pre_save, sender=Page)
def read_previous_paths(sender, instance, raw=False, **kwargs):
    instance._paths_before_save = None
    if instance.pk is not None and not raw:
        previous = Page.objects.filter(pk=instance.pk).values_list("path", "path_en").first()
        instance._paths_before_save = previous


@receiver(post_save, sender=Page)
def follow_a_move(sender, instance, raw=False, **kwargs):
    """Subpages follow a move or a new English slug above them; old addresses redirect."""
    previous = getattr(instance, "_paths_before_save", None)
    if raw or previous is None or previous == (instance.path, instance.path_en):
        return
    with transaction.atomic():
        if previous[0] != instance.path:
            move_subtree(instance, previous[0])
        update_english_paths_below(instance)


def move_subtree(page, previous):
    """After a move: subpages follow, and every old address redirects to the new one."""
    moves = [(previous, page.path)]
    prefix = f"{previous}/"
    for pk, path in Page.objects.filter(path__startswith=prefix).values_list("pk", "path"):
        new_path = f"{page.path}/{path[len(prefix) :]}"
        Page.objects.filter(pk=pk).update(path=new_path)
        moves.append((path, new_path))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for old, new in moves:
                record_move(
                    reverse("pages:page", kwargs={"path": old}),
                    reverse("pages:page", kwargs={"path": new}),
                )


def update_english_paths_below(page):
    """Subpages' English addresses follow a move or a new English slug above them."""
    for child in Page.objects.filter(parent=page).select_related("parent"):
        path_en = child.build_path_en()
        if path_en != child.path_en:
            Page.objects.filter(pk=child.pk).update(path_en=path_en)
            child.path_en = path_en
        update_english_paths_below(child)


def record_move(old_path, new_path):
    """old_path now lives at new_path, as a django.contrib.redirects row (301 on a 404).

    No chains: earlier redirects to old_path now point to new_path; and a redirect away
    from new_path is removed, since a page lives there again.
    """
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    redirects.filter(old_path=new_path).delete()
    redirects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(
        site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path}
    )
