"""The editor's accessibility check: warnings after saving an article, never a refused save."""

import pytest
from django.contrib.messages import WARNING
from django.urls import reverse
from django.utils import translation

from editorial.accessibility import LEAD_MAX_CHARS, check_lead, check_text, check_texts
from news.models import Article


@pytest.fixture(autouse=True)
def _ukrainian():
    with translation.override("uk"):
        yield


# --- Images -------------------------------------------------------------------------


def test_image_without_alt_is_reported():
    """An image a screen reader cannot describe is named, with the count."""
    problems = check_text('<p>Текст</p><img src="/media/a.jpg"><img src="/media/b.jpg" alt=" ">')
    assert problems == ["2 зображення не мають опису (альтернативного тексту)."]


def test_image_with_a_file_name_for_alt_is_reported():
    """«IMG_2041.jpg» as a description is a camera's name, not what the picture shows."""
    for alt in ["IMG_2041.jpg", "DSC0012", "фото.png", "photo-3"]:
        problems = check_text(f'<img src="/media/a.jpg" alt="{alt}">')
        assert problems == [f"Опис зображення — назва файлу, «{alt}»: скажіть, що на ньому."]


def test_described_image_passes():
    """A real description raises nothing."""
    assert check_text('<img src="/media/a.jpg" alt="Мери громад на форумі у Львові">') == []


# --- Headings -----------------------------------------------------------------------


def test_skipped_heading_level_is_reported():
    """h2 then h4: a screen reader's outline misses a level."""
    problems = check_text("<h2>Бюджет</h2><p>…</p><h4>Видатки</h4>")
    assert problems == [
        "Заголовок «Видатки» пропускає рівень: після рівня 2 йде рівень 4. Оберіть рівень 3."
    ]


def test_first_heading_of_the_text_must_be_level_two():
    """The title is the page's h1, so a text opening with h3 skips level 2."""
    assert "після рівня 1 йде рівень 3" in check_text("<h3>Підсумки</h3>")[0]


def test_heading_of_level_one_in_the_text_is_reported():
    """A second h1 competes with the article's title."""
    problems = check_text("<h1>Другий заголовок</h1>")
    assert problems == [
        "Заголовок «Другий заголовок» має рівень 1, як заголовок новини: "
        "для розділів тексту вживайте рівень 2."
    ]


def test_headings_going_back_up_are_fine():
    """h2, h3, h2, h3: a correct outline raises nothing."""
    assert check_text("<h2>А</h2><h3>Б</h3><h2>В</h2><h3>Г</h3><h4>Ґ</h4>") == []


def test_empty_heading_is_reported():
    """A heading with only spaces is announced with nothing to read."""
    problems = check_text("<h2>Вступ</h2><h3>&nbsp; </h3>")
    assert problems == [
        "Порожній заголовок (рівень 3): програма екранного читання оголосить його, "
        "але читати нічого. Видаліть його або напишіть текст."
    ]


def test_heading_with_only_a_described_image_is_not_empty():
    """An image's description is the heading's text for a screen reader."""
    assert check_text('<h2><img src="/media/a.jpg" alt="Логотип ПУЛЬС"></h2>') == []


# --- Links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["тут", "тут.", "ТУТ", "here", "Click here", "детальніше", "Читати далі…", "more"]
)
def test_vague_link_text_is_reported(text):
    """Links read out of context must name where they lead."""
    problems = check_text(f'<p>Звіт <a href="https://amu.org.ua/zvit">{text}</a></p>')
    assert problems == [
        f"Текст посилання «{text}» не каже, куди воно веде: назвіть мету, "
        "наприклад «звіт громади за 2025 рік»."
    ]


def test_link_text_containing_a_vague_word_passes():
    """«звіт тут» is not the bare word: only the whole text is compared."""
    assert (
        check_text('<a href="/zvit">Звіт громади тут</a><a href="/x">Here is the plan</a>') == []
    )


def test_link_without_text_is_reported():
    """A link with no words is read out as its address."""
    assert check_text('<a href="https://amu.org.ua/"> </a>') == [
        "Посилання без тексту: програма екранного читання прочитає лише його адресу."
    ]


# --- Lead ---------------------------------------------------------------------------


def test_long_lead_is_reported_with_its_length_and_the_limit():
    """A lead longer than a card shows gets a message with both numbers."""
    lead = "а" * (LEAD_MAX_CHARS + 1)
    assert LEAD_MAX_CHARS == 300
    assert check_lead(lead) == [
        "Лід має 301 символ; картки новин і пошукові системи показують близько 300. "
        "Скоротіть його до одного-двох речень."
    ]


def test_lead_at_the_limit_passes():
    """Exactly the limit, surrounding spaces ignored, is fine."""
    assert check_lead("  " + "а" * LEAD_MAX_CHARS + "\n") == []


# --- The whole article, both languages ---------------------------------------------


def test_article_problems_name_field_and_language(make_article):
    """Each message says which field in which language, so the editor finds it."""
    article = make_article(
        body_uk='<p>Див. <a href="/x">тут</a></p>',
        title_en="Budget",
        body_en="<h3>Results</h3>",
        lead_en="x" * 400,
    )
    problems = check_texts(article)
    assert problems[0].startswith("Текст, українською: Текст посилання «тут»")
    assert problems[1].startswith("Лід, англійською: Лід має 400")
    assert problems[2].startswith("Текст, англійською: Заголовок «Results» пропускає рівень")
    assert len(problems) == 3


def test_untranslated_article_is_not_checked_in_english(make_article):
    """Without an English title there is no English version, so nothing to warn about."""
    article = make_article(body_en="<h4>Stale</h4>", lead_en="x" * 400)
    assert check_texts(article) == []


# --- In the admin: warnings after the save ------------------------------------------


def _messages(response):
    return [(m.level, m.message) for m in response.context["messages"]]


def test_admin_save_warns_but_saves(admin_client, category):
    """The editor sees every problem as a warning and the article is saved all the same."""
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Громади ухвалили бюджети",
            "lead_uk": "л" * 320,
            "body_uk": '<h2>Бюджет</h2><h4>Видатки</h4><p><a href="https://amu.org.ua/">тут</a></p>',
            "category": category.pk,
            "status": "draft",
        },
        follow=True,
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.title_uk == "Громади ухвалили бюджети"
    assert article.lead_uk == "л" * 320
    warnings = [text for level, text in _messages(response) if level == WARNING]
    assert len(warnings) == 3
    assert warnings[0].startswith("Лід, українською: Лід має 320 символів")
    assert "пропускає рівень" in warnings[1]
    assert "«тут»" in warnings[2]
    assert "Видатки" in response.content.decode()  # the messages are on the page


def test_admin_change_of_english_version_warns(admin_client, make_article):
    """A change to the English text is checked too, and saved."""
    from tests.news.test_editorial_workflow import form_data

    article = make_article(title_en="Budgets adopted", body_en="<p>Text.</p>")
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(admin_client.get(url), body_en='<p>Report <a href="/r">click here</a></p>')
    response = admin_client.post(url, data, follow=True)
    article.refresh_from_db()
    assert "click here" in article.body_en
    warnings = [text for level, text in _messages(response) if level == WARNING]
    assert warnings == [
        "Текст, англійською: Текст посилання «click here» не каже, куди воно веде: "
        "назвіть мету, наприклад «звіт громади за 2025 рік»."
    ]


def test_admin_save_of_a_clean_article_has_no_warnings(admin_client, category):
    """A well-made article saves with only the usual success message."""
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Форум громад",
            "lead_uk": "Коротко.",
            "body_uk": '<h2>Програма</h2><p><a href="/p">Програма форуму</a></p>',
            "category": category.pk,
            "status": "draft",
        },
        follow=True,
    )
    assert Article.objects.count() == 1
    assert [level for level, _text in _messages(response) if level == WARNING] == []


def test_list_editable_save_does_not_check_texts(admin_client, make_article):
    """Ticking «featured» in the list does not repeat warnings about the text."""
    article = make_article(body_uk='<a href="/x">тут</a>')
    url = reverse("admin:news_article_changelist")
    response = admin_client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": article.pk,
            "form-0-featured": "on",
            "form-0-featured_order": "",
            "_save": "Зберегти",
        },
        follow=True,
    )
    article.refresh_from_db()
    assert article.featured
    assert [level for level, _text in _messages(response) if level == WARNING] == []


def test_cover_without_english_description_is_reported():
    """An English version with an undescribed cover leaves English screen readers guessing."""
    article = Article(
        title_uk="Форум",
        title_en="Forum",
        cover_image="covers/2026/01/forum.jpg",
        cover_width=1200,
        cover_height=800,
        cover_alt_uk="Учасники форуму",
        cover_alt_en="IMG_1.jpg",
    )
    assert check_texts(article) == [
        "Головне зображення, англійською: Опис зображення — назва файлу, «IMG_1.jpg»: "
        "скажіть, що на ньому."
    ]
    article.cover_alt_en = ""
    assert check_texts(article) == [
        "Головне зображення, англійською: Зображення не має опису (альтернативного тексту) "
        "цією мовою."
    ]
    article.cover_decorative = True
    assert check_texts(article) == []


def test_page_save_warns_too(admin_client):
    """Editors of the association's pages get the same warnings, and the page is saved."""
    from pages.models import Page

    response = admin_client.post(
        reverse("admin:pages_page_add"),
        {
            "title_uk": "Статут",
            "body_uk": '<h3>Розділ</h3><p><a href="/statut.pdf">тут</a></p>',
            "position": "0",
            "status": "draft",
            "Document_pages-TOTAL_FORMS": "0",
            "Document_pages-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert Page.objects.get().title_uk == "Статут"
    warnings = [text for level, text in _messages(response) if level == WARNING]
    assert len(warnings) == 2
    assert warnings[0].startswith("Текст, українською: Заголовок «Розділ» пропускає рівень")
    assert "«тут»" in warnings[1]
