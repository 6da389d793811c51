"""The publishing workflow of any editorial object (articles, pages, documents): who may
publish, the trash, revisions restored, share links. The rules of one kind of object (whose
article an author may edit) live with it, e.g. news/workflow.py.

Roles are groups whose permissions amu_site/roles.py declares:
«Автор» writes and edits own drafts and submits them for review; «Редактор» edits
everything, publishes, schedules, unpublishes and purges the trash.
"""

from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .models import PreviewLinkBase, PublicationStatus

# Editors plan in Kyiv time; the admin says so and shows it whatever zone is active.
KYIV = ZoneInfo("Europe/Kyiv")

# What an author may set the status to; anything else needs <app>.publish_<model>.
AUTHOR_STATUSES = frozenset({PublicationStatus.DRAFT, PublicationStatus.REVIEW})

# Fields a revision restore leaves as they are now: publishing, scheduling, the address
# and the trash stay explicit editorial acts, never a side effect of bringing text back.
KEPT_ON_RESTORE = frozenset(
    {
        "id",
        "slug",
        "slug_en",
        "status",
        "published_at",
        "expires_at",
        "featured",
        "featured_order",
        "author",
        "created_at",
        "deleted_at",
    }
)

# history_change_reason values (shown translated in the history view).
REASON_TRASH = "trash"
REASON_UNTRASH = "untrash"
REASON_RESTORE = "restore:"


def can_publish(user, model):
    """Editors publish, schedule, unpublish and edit everyone's work: the permission is
    <app>.publish_<model> (news.publish_article, pages.publish_page)."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def can_edit_own(user, obj):
    """Editors change every object of the model; an author their own drafts and reviews."""
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return False
    if can_publish(user, type(obj)):
        return True
    return obj.author_id == user.pk and obj.status in AUTHOR_STATUSES


def _save_with_reason(obj, reason):
    obj._change_reason = reason
    try:
        obj.save()
    finally:
        del obj._change_reason


@transaction.atomic
def move_to_trash(objects):
    """Soft delete: the objects leave the site and the lists; a restore brings them back."""
    now = timezone.now()
    count = 0
    for obj in objects:
        if obj.in_trash:
            continue
        obj.deleted_at = now
        _save_with_reason(obj, REASON_TRASH)
        count += 1
    return count


@transaction.atomic
def restore_from_trash(objects):
    count = 0
    for obj in objects:
        if not obj.in_trash:
            continue
        obj.deleted_at = None
        _save_with_reason(obj, REASON_UNTRASH)
        count += 1
    return count


@transaction.atomic
def purge(objects):
    """Delete for good; only what is already in the trash."""
    count = 0
    for obj in objects:
        if obj.in_trash:
            obj.delete()
            count += 1
    return count


def revision_values(article, revision):
    """A revision's field values by attribute name; where it points to an object that is
    gone (a deleted category), the article's current value instead."""
    values = {}
    for field in revision.tracked_fields:
        value = getattr(revision, field.attname)
        if field.is_relation and value is not None:
            if not field.related_model._default_manager.filter(pk=value).exists():
                value = getattr(article, field.attname)
        values[field.attname] = value
    return values


@transaction.atomic
def restore_revision(obj, revision, kept=KEPT_ON_RESTORE):
    """Bring back a revision's content (texts in every language and, for an article, cover,
    category and tags) as a new revision; the fields named in kept (status, times, address…)
    stay as they are. Works for any model with revisions (articles, pages)."""
    kept = {obj._meta.get_field(name).attname for name in kept}
    for attname, value in revision_values(obj, revision).items():
        if attname not in kept:
            setattr(obj, attname, value)
    _save_with_reason(obj, f"{REASON_RESTORE}{revision.history_id}")
    for field in getattr(revision, "_history_m2m_fields", []):
        target = field.m2m_reverse_field_name()
        ids = getattr(revision, field.name).values_list(f"{target}_id", flat=True)
        getattr(obj, field.name).set(field.related_model._default_manager.filter(pk__in=ids))
    return obj


def create_preview_link(obj, user, lifetime=PreviewLinkBase.DEFAULT_LIFETIME):
    """A share link for an article or a page (anything with preview_links)."""
    return obj.preview_links.create(created_by=user, expires_at=timezone.now() + lifetime)


def revoke_preview_link(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
