"""manage.py rebuild_search — remake every search document (after upgrading simplemma, or
after texts were written by SQL). On PostgreSQL the trigger remakes the vectors."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

import pagecache
from news.models import Article
from news.search import SEARCH_DOCUMENTS
from partners.models import Initiative, Municipality

BATCH = 500


class Command(BaseCommand):
    help = "Remakes the search documents of every article, initiative and hromada."

    def handle(self, *args, **options):
        changed = 0
        with transaction.atomic():
            batch = []
            for article in Article.objects.order_by("pk").iterator(chunk_size=BATCH):
                before = [getattr(article, name) for name in SEARCH_DOCUMENTS]
                article.update_search_documents()
                if before != [getattr(article, name) for name in SEARCH_DOCUMENTS]:
                    batch.append(article)
                if len(batch) == BATCH:
                    changed += Article.objects.bulk_update(batch, SEARCH_DOCUMENTS)
                    batch = []
            changed += Article.objects.bulk_update(batch, SEARCH_DOCUMENTS)
            # Their names' words (partners/search.py), made by the same lemmatizer.
            remade = {}
            for model in (Initiative, Municipality):
                rows = list(model.objects.all())
                for row in rows:
                    row.search_text = row.compute_search_text()
                model.objects.bulk_update(rows, ["search_text"], batch_size=BATCH)
                remade[model] = len(rows)
        pagecache.invalidate()  # bulk writes send no signals; cached searches are stale
        self.stdout.write(
            _(
                "Search documents remade: %(articles)d articles, %(initiatives)d initiatives, "
                "%(hromadas)d hromadas."
            )
            % {
                "articles": changed,
                "initiatives": remade[Initiative],
                "hromadas": remade[Municipality],
            }
        )
