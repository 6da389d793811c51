"""manage.py rebuild_search — remake every search document (after upgrading simplemma, or
after texts were written by SQL). On PostgreSQL the trigger remakes the vectors."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from news.models import Article
from news.search import SEARCH_DOCUMENTS
from partners.models import Initiative

BATCH = 500


class Command(BaseCommand):
    help = "Remakes the search documents of every article and initiative."

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
            initiatives = list(Initiative.objects.all())
            for initiative in initiatives:
                initiative.search_text = initiative.compute_search_text()
            Initiative.objects.bulk_update(initiatives, ["search_text"])
        self.stdout.write(
            _("Search documents remade: %(articles)d articles, %(initiatives)d initiatives.")
            % {"articles": changed, "initiatives": len(initiatives)}
        )
