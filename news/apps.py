from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

import pagecache


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from . import signals  # noqa: F401 - connects the old addresses' redirects
        from .models import Article, Category, Person, Tag  # the app registry is ready only here

        # A draft, an article in review or in the trash, and the revisions, are not public.
        # Article pages show published articles only (the article, its related cards): a
        # publication leaves them cached, an edit or a withdrawal does not.
        pagecache.watch(
            Article,
            public=lambda rows: rows.filter(
                status=Article.Status.PUBLISHED, deleted_at__isnull=True
            ),
            shown_in=["articles"],
            next_change=Article.objects.next_visibility_change,
        )
        pagecache.watch(Category)
        pagecache.watch(Tag)
        pagecache.watch(Person)
