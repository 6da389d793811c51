"""manage.py rebuild_search — remake every search document (after upgrading simplemma, or
after texts were written by SQL). On PostgreSQL the trigger remakes the vectors."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

import pagecache
from news.models import Article
from news.search import SEARCH_DOCUMENTS

BATCH = 500


class Command(BaseCommand):
    help = "Remakes the search documents of every article, page, document, event and hromada."

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
            # Every other row the search reads (editorial.models.Searchable, the directory's
            # names: partners/search.py), made by the same lemmatizer.
            remade = {}
            for model in apps.get_models():
                if not hasattr(model, "compute_search_text"):
                    continue
                rows = list(model._base_manager.order_by("pk"))
                for row in rows:
                    row.search_text = row.compute_search_text()
                model._base_manager.bulk_update(rows, ["search_text"], batch_size=BATCH)
                remade[model._meta.verbose_name_plural] = len(rows)
        pagecache.invalidate()  # bulk writes send no signals; cached searches are stale
        self.stdout.write(
            _("Search documents remade: %(articles)d articles; %(others)s.")
            % {
                "articles": changed,
                "others": ", ".join(f"{name} — {count}" for name, count in remade.items()),
            }
        )
