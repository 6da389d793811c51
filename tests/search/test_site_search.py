"""Search across the site (issue 28): pages, documents (a PDF by its text too) and events
beside news and hromadas, each group labelled, found by the same Ukrainian word forms."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial import workflow
from events.models import Event
from pages.admin import DocumentAdmin
from pages.documents import pdf_text
from pages.models import Document, Page
from tests.pages.conftest import pdf_bytes

from .conftest import group

pytestmark = pytest.mark.django_db

# A two-page report printed to PDF by Chromium: real fonts, real text (Ukrainian).
REPORT = Path(__file__).parent.parent / "data" / "report-with-text.pdf"


def upload_report(make_document, **overrides):
    return make_document(
        "Звіт за 2026 рік", content=REPORT.read_bytes(), filename="zvit.pdf", **overrides
    )


# --- Pages ---------------------------------------------------------------------------------


def test_pages_are_found_by_any_form_of_their_words(search, make_page):
    """«громадою» finds a page that says «громад»; the title and a passage are marked; a
    draft is not found."""
    page = make_page("Членство", body_uk="<p>Вступ громад до асоціації: порядок і внески.</p>")
    make_page("Чернетка", body_uk="<p>Вступ громад.</p>", status=Page.Status.DRAFT)
    response = search("громадою")
    assert group(response, "pages") == [page]
    html = response.content.decode()
    assert '<h2 class="section-title" id="found-pages">Сторінки</h2>' in html
    assert "Вступ <mark>громад</mark> до асоціації" in html
    assert f'href="{page.get_absolute_url()}"' in html
    assert "Чернетка" not in html


def test_a_title_match_comes_before_a_text_match(search, make_page):
    in_text = make_page("Про нас", body_uk="<p>Статут асоціації ухвалено з’їздом.</p>")
    in_title = make_page("Статут", body_uk="<p>Текст установчого документа.</p>")
    assert group(search("статуту"), "pages") == [in_title, in_text]


def test_english_search_lists_only_pages_with_an_english_version(search, make_page):
    english = make_page("Про АМУ", title_en="About AUC", body_en="<p>Cities and budgets.</p>")
    make_page("Бюджети", body_uk="<p>Місцеві бюджети.</p>")
    assert group(search("budget", language="en"), "pages") == [english]
    html = search("budget", language="en").content.decode()
    assert '<h2 class="section-title" id="found-pages">Pages</h2>' in html
    assert "About AUC" in html


# --- Documents -----------------------------------------------------------------------------


def test_a_pdf_is_found_by_the_text_read_at_upload(search, make_document):
    """The report's text is read at upload; «енергоефективності» finds «енергоефективність»
    on its second page, with the passage marked."""
    report = upload_report(make_document)
    assert "Громади Тернопільщини й Вінниччини" in report.file_text
    assert "енергоефективність шкіл" in report.file_text  # the second page too
    response = search("енергоефективності")
    assert group(response, "documents") == [report]
    html = response.content.decode()
    assert "<mark>енергоефективність</mark>" in html
    assert '<h2 class="section-title" id="found-documents">Документи</h2>' in html


def test_a_scan_a_damaged_or_an_office_file_has_no_text_and_is_found_by_its_title(
    search, make_document
):
    scan = make_document("Протокол з’їзду", content=pdf_bytes("протокол"))
    damaged = make_document("Кошторис", content=b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert scan.file_text == damaged.file_text == ""
    assert group(search("протоколу"), "documents") == [scan]
    assert group(search("кошторис"), "documents") == [damaged]
    assert pdf_text(ContentFile(b"%PDF-1.4 not a pdf at all")) == ""
    assert "бюджетування" in pdf_text(ContentFile(REPORT.read_bytes()))


def test_unpublished_documents_are_not_found(search, make_document):
    upload_report(make_document, status=Document.Status.REVIEW)
    assert group(search("бюджетування"), "documents") == []


def test_the_documents_list_finds_words_in_any_form_in_the_text(client, make_document):
    """/dokumenty/?q= uses the same matching: «Вінниччина» finds «Вінниччини» in the PDF."""
    report = upload_report(make_document)
    make_document("Статут")
    response = client.get(reverse("pages:documents"), {"q": "Вінниччина"})
    assert list(response.context["documents"]) == [report]
    assert list(client.get(reverse("pages:documents"), {"q": "статуту"}).context["documents"])


def test_a_group_with_more_results_links_to_its_list(search, make_document):
    """Five of seven documents are shown, with the count and a link to the list that finds
    all seven; a group without a list of its own says how to narrow the search."""
    for number in range(7):
        make_document(f"Звіт про бюджет {number}")
    response = search("бюджет")
    assert len(group(response, "documents")) == 5
    html = response.content.decode()
    assert 'href="/dokumenty/?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82">Усі 7 результатів' in html
    assert '<a href="#found-documents">Документи <span class="search-groups__count">7' in html


def test_restoring_a_revision_brings_back_its_files_text(make_document, admin_user):
    report = upload_report(make_document)
    first = report.history.earliest()
    report.file = SimpleUploadedFile("scan.pdf", pdf_bytes("скан"))
    report.save()
    assert report.file_text == ""
    workflow.restore_revision(report, first, kept=DocumentAdmin.kept_on_restore)
    report.refresh_from_db()
    assert "бюджетування" in report.file_text


# --- Events --------------------------------------------------------------------------------


def test_events_are_found_by_their_texts_and_drafts_are_not(search, make_event):
    forum = make_event(title_uk="Форум «Відновлення разом»", venue_uk="Палац «Україна»")
    make_event(title_uk="Форум у чернетці", status=Event.Status.DRAFT)
    assert group(search("відновлення"), "events") == [forum]
    assert group(search("палацу"), "events") == [forum]
    assert group(search("форуму"), "events") == [forum]
    html = search("форуму").content.decode()
    assert '<h2 class="section-title" id="found-events">Події</h2>' in html
    assert "Форум у чернетці" not in html


# --- The page ------------------------------------------------------------------------------


def test_each_group_is_labelled_and_linked_from_the_top(
    search, make_article, make_page, make_document, make_event, make_municipality
):
    make_article(title_uk="Бюджет Тернополя ухвалено")
    make_page("Бюджетний процес у Тернополі")
    make_document("Бюджет Тернополя на 2027 рік")
    make_event(title_uk="Слухання щодо бюджету Тернополя")
    make_municipality()
    response = search("Тернопіль")
    assert [item["source"].key for item in response.context["groups"]] == [
        "hromadas",
        "pages",
        "events",
        "documents",
    ]
    html = response.content.decode()
    summary = html[
        html.index('class="search-groups"') : html.index(
            "</nav>", html.index('class="search-groups"')
        )
    ]
    for anchor, label in [
        ("found-hromadas", "Громади"),
        ("found-pages", "Сторінки"),
        ("found-events", "Події"),
        ("found-documents", "Документи"),
        ("found-news", "Новини"),
    ]:
        assert (
            f'<a href="#{anchor}">{label} <span class="search-groups__count">1</span>' in summary
        )
        assert f'id="{anchor}"' in html


def test_news_say_none_found_while_other_groups_found_some(search, make_page):
    make_page("Статут")
    html = search("статут").content.decode()
    assert "Новин за запитом «статут» не знайдено." in html
    assert "Нічого не знайдено" not in html
    assert "Нічого не знайдено за запитом «квазар»." in search("квазар").content.decode()


def test_the_groups_cost_a_fixed_number_of_queries(search, make_page, make_document, make_event):
    """Two results of each group or five: the same queries (one a group, the passages read
    from the rows found); six or twelve: one more a group (its count)."""
    made = iter(range(100))

    def add(number):
        for _ in range(number):
            index = next(made)
            make_page(f"Бюджет {index}")
            make_document(f"Бюджет {index}", description_uk="Звіт про бюджет громади.")
            make_event(title_uk=f"Бюджет {index}")

    def queries():
        search("бюджет")  # menus and the years remembered
        with CaptureQueriesContext(connection) as captured:
            assert search("бюджет").status_code == 200
        return len(captured.captured_queries)

    add(2)
    two = queries()
    add(3)
    assert queries() == two
    add(1)
    six = queries()
    assert six == two + 3
    add(6)
    assert queries() == six


# --- Kept up to date -----------------------------------------------------------------------


def test_rebuild_search_remakes_pages_documents_and_events(
    search, make_page, make_document, make_event
):
    """Texts written by SQL are found after `manage.py rebuild_search`."""
    page, document, event = make_page("Контакти"), make_document("Звіт"), make_event()
    Page.objects.filter(pk=page.pk).update(title_uk="Реквізити")
    Document.objects.filter(pk=document.pk).update(description_uk="Фінансова звітність")
    Event.objects.filter(pk=event.pk).update(venue_uk="Будинок учених")
    assert group(search("реквізити"), "pages") == []
    output = io.StringIO()
    call_command("rebuild_search", stdout=output)
    assert "сторінки — 1" in output.getvalue()
    assert group(search("реквізити"), "pages") == [page]
    assert group(search("фінансовій звітності"), "documents") == [document]
    assert group(search("ученим"), "events") == [event]


def test_an_admin_edit_updates_what_the_search_finds(editor_client, make_document):
    """An editor's change of the description (the file unchanged) is found at once, and the
    form says how much of the file's text the search reads."""
    report = upload_report(make_document)
    url = reverse("admin:pages_document_change", args=[report.pk])
    form = editor_client.get(url)
    assert form.status_code == 200
    assert "знаків: пошук знаходить його слова" in form.content.decode()
    response = editor_client.post(
        url,
        {
            "title_uk": report.title_uk,
            "description_uk": "Підсумки моніторингу урядових програм",
            "category": str(report.category_id),
            "published_on": "2026-12-01",
            "language": "uk",
            "status": "published",
        },
    )
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    report.refresh_from_db()
    assert "моніторинг" in report.search_text and report.file_text
