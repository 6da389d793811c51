"""Search vectors stay in the article's row, compressed with lz4 where the server has it
(docs/performance.md, «Пошук»): a word found in nearly every article makes PostgreSQL test
and rank nearly every vector, and reading each from the TOAST table was most of the time."""

from django.db import migrations, transaction
from django.db.utils import DatabaseError

COLUMNS = ("search_vector_uk", "search_vector_en")


def keep_inline(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE news_article ALTER COLUMN {column} SET STORAGE MAIN")
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(
                    f"ALTER TABLE news_article ALTER COLUMN {column} SET COMPRESSION lz4"
                )
        except DatabaseError:
            pass  # a server built without lz4 keeps pglz
    # Rewrite the rows so that existing vectors move in (the trigger remakes them).
    schema_editor.execute("UPDATE news_article SET search_document_uk = search_document_uk")


def back_to_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(
                f"ALTER TABLE news_article ALTER COLUMN {column} SET STORAGE EXTENDED"
            )


class Migration(migrations.Migration):
    dependencies = [("news", "0012_search")]

    operations = [migrations.RunPython(keep_inline, back_to_default)]
