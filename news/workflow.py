"""The editorial workflow: who may do what, and the writes that span more than one row.

Roles are groups whose permissions amu_site/roles.py declares:
«Автор» writes and edits own drafts and submits them for review; «Редактор» edits
everything, publishes, schedules, unpublishes and purges the trash.
"""

from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleSlugHistory, PreviewLink

# Editors plan in Kyiv time; the admin says so and shows it whatever zone is active.
KYIV = ZoneInfo("Europe/Kyiv")

# What an author may set the status to; anything else needs news.publish_article.
AUTHOR_STATUSES = frozenset({Article.Status.DRAFT, Article.Status.REVIEW})

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


def can_publish(user, model=Article):
    """Editors publish, schedule, unpublish and edit everyone's articles (or, with
    model=Page, pages: the permission is <app>.publish_<model>)."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def can_purge(user):
    return user.has_perm("news.purge_article")


def can_edit(user, article):
    """Editors: every article not in the trash. Authors: their own drafts and reviews."""
    if article.in_trash or not user.has_perm("news.change_article"):
        return False
    if can_publish(user):
        return True
    return article.author_id == user.pk and article.status in AUTHOR_STATUSES


def can_see(user, article):
    if not (user.has_perm("news.view_article") or user.has_perm("news.change_article")):
        return False
    return can_publish(user) or article.author_id == user.pk


def _save_with_reason(article, reason):
    article._change_reason = reason
    try:
        article.save()
    finally:
        del article._change_reason


@transaction.atomic
def move_to_trash(articles):
    """Soft delete: the articles leave the site and the lists; a restore brings them back."""
    now = timezone.now()
    count = 0
    for article in articles:
        if article.in_trash:
            continue
        article.deleted_at = now
        _save_with_reason(article, REASON_TRASH)
        count += 1
    return count


@transaction.atomic
def restore_from_trash(articles):
    count = 0
    for article in articles:
        if not article.in_trash:
            continue
        article.deleted_at = None
        _save_with_reason(article, REASON_UNTRASH)
        count += 1
    return count


@transaction.atomic
def purge(articles):
    """Delete for good; only what is already in the trash."""
    count = 0
    for article in articles:
        if article.in_trash:
            article.delete()
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


def remember_old_slug(article, old_slug):
    """After an address change: the old slug redirects to the article (301)."""
    if old_slug and old_slug != article.slug:
        ArticleSlugHistory.objects.update_or_create(slug=old_slug, defaults={"article": article})
    # An address taken again belongs to its current owner, not to a redirect.
    ArticleSlugHistory.objects.filter(slug=article.slug).delete()


def create_preview_link(obj, user, lifetime=PreviewLink.DEFAULT_LIFETIME):
    """A share link for an article or a page (anything with preview_links)."""
    return obj.preview_links.create(created_by=user, expires_at=timezone.now() + lifetime)


def revoke_preview_link(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
