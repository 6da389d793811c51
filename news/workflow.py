"""Whose article an author may see and edit; the rest of the workflow is editorial's."""

from editorial.workflow import can_edit_own, can_publish

from .models import Article


def can_purge(user):
    return user.has_perm("news.purge_article")


def can_edit(user, article):
    """Editors: every article not in the trash. Authors: their own drafts and reviews."""
    return not article.in_trash and can_edit_own(user, article)


def can_see(user, article):
    if not (user.has_perm("news.view_article") or user.has_perm("news.change_article")):
        return False
    return can_publish(user, Article) or article.author_id == user.pk
