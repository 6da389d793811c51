"""Pages and documents found by the site search (editorial.models.Searchable), a PDF by its
text too: made here once for what exists (a stored PDF is read now); every save remakes them."""

from django.db import migrations, models

from editorial.models import search_text
from pages.documents import pdf_text

# Page.search_fields and Document.search_fields as this migration was written.
PAGE_FIELDS = (("title",), ("meta_description", "body"))
DOCUMENT_FIELDS = (("title",), ("description", "file_text"))


def fill_search_text(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    pages = list(Page.objects.all())
    for page in pages:
        page.search_text = search_text(page, PAGE_FIELDS)
    Page.objects.bulk_update(pages, ["search_text"], batch_size=500)
    Document = apps.get_model("pages", "Document")
    documents = list(Document.objects.all())
    for document in documents:
        if document.file_type == "pdf" and document.file:
            document.file_text = pdf_text(document.file)
        document.search_text = search_text(document, DOCUMENT_FIELDS)
    Document.objects.bulk_update(documents, ["file_text", "search_text"], batch_size=100)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0012_menu_section_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="file_text",
            field=models.TextField(
                blank=True, db_default="", editable=False, verbose_name="text of the file"
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="search_text",
            field=models.TextField(blank=True, db_default="", editable=False),
        ),
        migrations.AddField(
            model_name="page",
            name="search_text",
            field=models.TextField(blank=True, db_default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
