"""The donor's footer line is the programme's data, in the current spelling (issue 26)."""

import importlib

from django.apps import apps

from pages.models import SiteSettings
from partners.models import Programme

NBSP = "\xa0"


def footer(html):
    return html.split('class="site-footer__programme"')[1].split("</p>")[0]


def test_new_programme_gets_the_current_spelling(programme):
    """«в межах проєкту», not the old site's «в рамках проекту», unless the editor says so."""
    assert programme.footer_text_uk == (
        "Сторінку розроблено в межах проєкту «Розробка курсу на зміцнення місцевого "
        "самоврядування в Україні» (ПУЛЬС)"
    )
    assert not programme.footer_text_en  # no English name: no English line yet


def test_nested_quotes_in_the_name(programme):
    """A name with «…» inside is quoted „…“ within the line's «…»."""
    programme.name_uk = "Партнерство «Відкритий уряд»"
    programme.footer_text_uk = ""
    programme.save()
    assert "«Партнерство „Відкритий уряд“» (ПУЛЬС)" in programme.footer_text_uk


def test_editor_wording_is_shown_on_every_page(client, programme):
    """The donor asks for other words: the editor changes them once, every page shows them."""
    SiteSettings.objects.update_or_create(pk=1, defaults={"default_programme": programme})
    programme.footer_text_uk = "Створено за підтримки народу США в межах проєкту ПУЛЬС"
    programme.save()
    html = client.get("/").content.decode()
    assert f"Створено за підтримки народу США в{NBSP}межах проєкту ПУЛЬС" in footer(html)


def test_migration_gives_existing_programmes_the_current_spelling(programme):
    """Programmes made before the field existed get the line they showed, newly spelled."""
    Programme.objects.filter(pk=programme.pk).update(footer_text_uk="", footer_text_en="")
    migration = importlib.import_module("partners.migrations.0006_programme_footer_text")
    migration.fill_footer_texts(apps, None)
    programme.refresh_from_db()
    assert programme.footer_text_uk.startswith("Сторінку розроблено в межах проєкту «Розробка")
    assert programme.footer_text_en == ""
