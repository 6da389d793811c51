"""An article's old address keeps working: whichever way its slug changes (the admin, an
import, the shell), the old slug answers with a permanent redirect (news/views.py). Kept
apart from the model's save(), as django.contrib.redirects keeps its rows apart."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from .models import Article, ArticleSlugHistory

# Sent by load_demo_content after the news, pages and partners (stdout=the command's): apps
# above news in the layering (events) add their demo content without news importing them.
demo_content_loaded = Signal()


@receiver(pre_save, sender=Article)
def read_old_slug(sender, instance, raw=False, **kwargs):
    instance._slug_before_save = None
    if instance.pk is not None and not raw:
        old = Article.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._slug_before_save = old


@receiver(post_save, sender=Article)
def remember_old_slug(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    old_slug = getattr(instance, "_slug_before_save", None)
    if not created and old_slug == instance.slug:
        return
    if old_slug:
        ArticleSlugHistory.objects.update_or_create(slug=old_slug, defaults={"article": instance})
    # An address taken again belongs to its current owner, not to a redirect.
    ArticleSlugHistory.objects.filter(slug=instance.slug).delete()
