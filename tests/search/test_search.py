"""Site search (issue 6): on SQLite and on PostgreSQL; PostgreSQL-only behaviour is marked."""

import re

import pytest
from django.db import connection
from django.utils import timezone

from editorial.search import highlight, parse_query
from news.models import Article, Category, SearchTerm
from partners.models import Initiative, Municipality

from .conftest import found, group, on_postgresql

pytestmark = pytest.mark.django_db


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


# --- Word forms -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["громада", "громади", "громадам", "громадою", "ГРОМАДА"])
def test_a_word_finds_its_other_forms(search, make_article, query):
    """A reader who types any form of a word finds the news that use another form."""
    forms = [
        make_article(title_uk="Нові правила для громади", body_uk="<p>Текст.</p>"),
        make_article(title_uk="Кошти передали громадам", body_uk="<p>Текст.</p>"),
        make_article(title_uk="Звіт", body_uk="<p>Керівництво громадою змінилося.</p>"),
    ]
    make_article(title_uk="Погода на вихідні", body_uk="<p>Сонячно.</p>")
    assert set(found(search(query))) == set(forms)


def test_city_name_in_another_case(search, make_article):
    """«Тернопіль» finds an article that says «Тернополя»."""
    article = make_article(title_uk="Форум у центрі Тернополя", body_uk="<p>Текст.</p>")
    make_article(title_uk="Форум у Львові")
    assert found(search("Тернопіль")) == [article]
    assert found(search("тернополі")) == [article]


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_apostrophe_variants_are_one(search, make_article, apostrophe):
    """«об'єднання», «об’єднання» and «обʼєднання» are the same word."""
    article = make_article(title_uk="Нове обʼєднання громад", body_uk="<p>Текст.</p>")
    make_article(title_uk="Інша новина")
    assert found(search(f"об{apostrophe}єднання")) == [article]


def test_every_word_must_match(search, make_article):
    """Two words find the news that have both, not either."""
    both = make_article(title_uk="Бюджет громади на рік", body_uk="<p>Текст.</p>")
    make_article(title_uk="Бюджет області", body_uk="<p>Текст.</p>")
    assert found(search("бюджет громад")) == [both]


def test_title_matches_come_first(search, make_article):
    """A news item about the word (in its title) ranks above one that only mentions it."""
    mention = make_article(
        title_uk="Звіт за квартал",
        body_uk="<p>Серед іншого — бюджет.</p>",
        published_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    about = make_article(
        title_uk="Бюджет громади ухвалено",
        body_uk="<p>Текст.</p>",
        published_at=timezone.now() - timezone.timedelta(days=30),
    )
    assert found(search("бюджет")) == [about, mention]


@on_postgresql
def test_a_small_typo_is_corrected(search, make_article):
    """PostgreSQL: «грамада» (a typo) still finds «громада», and the page says so."""
    article = make_article(title_uk="Громада отримала грант", body_uk="<p>Текст.</p>")
    assert SearchTerm.objects.filter(word="громада").exists()
    response = search("грамада")
    assert found(response) == [article]
    assert "Показано результати за запитом «громада»" in response.content.decode()


@on_postgresql
def test_vectors_follow_edits_and_bulk_writes(search, make_article):
    """PostgreSQL: an edited article is found by its new words, not its old ones, also after
    a bulk write (the trigger, not save(), keeps the vector)."""
    article = make_article(title_uk="Старий заголовок", body_uk="<p>Текст.</p>")
    article.title_uk = "Оновлений заголовок"
    article.save()
    assert found(search("оновлений")) == [article]
    assert found(search("старий")) == []
    article.update_search_documents()
    Article.objects.filter(pk=article.pk).update(search_document_uk=" перейменований \n \n ")
    assert found(search("перейменований")) == [article]


# --- Snippets -------------------------------------------------------------------------------


def test_snippet_marks_the_original_words(search, make_article):
    """Results show the passage with the words as written, the match marked."""
    make_article(
        title_uk="Новина",
        lead_uk="",
        body_uk="<p>" + "Вступні слова. " * 20 + "Рада ухвалила рішення щодо громадою "
        "керованих підприємств.</p>",
    )
    html = search("громада").content.decode()
    assert "<mark>громадою</mark>" in html
    assert "…" in html


def test_snippet_is_forty_words_around_the_first_match():
    """Twelve words before the first match and the rest of forty from it; a text without one
    shows its first forty. Only the passage is marked and escaped."""
    query = parse_query("громада", "uk")
    before = " ".join(f"слово{number}" for number in range(100))
    after = " ".join(f"далі{number}" for number in range(100))
    html = highlight(f"{before} громадою {after} <громади>", query)
    assert html.startswith("…слово88 слово89 ") and html.endswith(" далі25 далі26…")
    assert len(html.strip("…").split()) == 40
    assert html.count("<mark>") == 1 and "<mark>громадою</mark>" in html
    html = highlight(f"{after} {after}", query)
    assert html.startswith("далі0 ") and html.endswith(" далі39…")
    assert "<mark>" not in html


def test_snippets_and_titles_are_escaped(search, make_article):
    """Text that looks like HTML is shown as text; only the marks are markup."""
    make_article(
        title_uk="Громада <script>alert(1)</script> & партнери",
        lead_uk='Громада "<img src=x onerror=alert(1)>"',
        body_uk="<p>Текст.</p>",
    )
    html = search("громада").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; партнери" in html
    assert "<mark>Громада</mark>" in html


def test_a_query_with_markup_is_escaped(search, make_article):
    """A query is echoed as text."""
    html = search("<b>громада</b>").content.decode()
    assert "<b>громада</b>" not in html
    assert "&lt;b&gt;громада&lt;/b&gt;" in html


# --- Filters and pagination -----------------------------------------------------------------


def test_filters_by_category_and_year(search, make_article, category):
    """The category and year filters narrow the results."""
    other = Category.objects.create(name_uk="Аналітика", name_en="Analysis")
    this_year = timezone.now() - timezone.timedelta(hours=1)
    last_year = this_year.replace(year=this_year.year - 1)
    events = make_article(title_uk="Бюджет: події", published_at=this_year)
    analysis = make_article(title_uk="Бюджет: аналіз", category=other, published_at=this_year)
    old = make_article(title_uk="Бюджет: архів", published_at=last_year)
    assert set(found(search("бюджет"))) == {events, analysis, old}
    assert set(found(search("бюджет", category=other.slug))) == {analysis}
    assert set(found(search("бюджет", year=last_year.year))) == {old}
    assert set(found(search("бюджет", category=category.slug, year=this_year.year))) == {events}


def test_filters_speak_of_rubrics(search, make_article, client):
    """News have «рубрики» (the label, the breadcrumbs, the addresses), so the search's empty
    choice says «Усі рубрики»; the documents' filter keeps «Усі категорії»."""
    make_article(title_uk="Бюджет громади")
    html = search("бюджет").content.decode()
    assert '<option value="" selected>Усі рубрики</option>' in html
    assert "Усі категорії" not in html
    assert "Усі категорії" in client.get("/dokumenty/").content.decode()
    assert "All categories" in search("budget", language="en").content.decode()


def test_unknown_filters_are_explained_not_failed(search, make_article):
    """A wrong category or year is named in Ukrainian and ignored."""
    article = make_article(title_uk="Бюджет громади")
    response = search("бюджет", category="nemaie", year="1812")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Такої рубрики немає" in html or "Такої рубрики нема" in html
    assert "Новин за цей рік немає." in html
    assert found(response) == [article]


def test_pagination_keeps_the_query(search, make_article, settings):
    """Results come in pages; the next page link keeps the words and filters."""
    for number in range(settings.NEWS_PAGE_SIZE + 2):
        make_article(title_uk=f"Бюджет громади {number}")
    first = search("бюджет")
    assert len(found(first)) == settings.NEWS_PAGE_SIZE
    assert "Знайдено 14\xa0новин" in first.content.decode()
    assert "?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82&amp;page=2" in first.content.decode()
    second = search("бюджет", page=2)
    assert len(found(second)) == 2
    assert search("бюджет", page=99).status_code == 404


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "Знайдено 1\xa0новину"), (3, "Знайдено 3\xa0новини"), (5, "Знайдено 5\xa0новин")],
)
def test_counts_in_ukrainian_plural_forms(search, make_article, count, words):
    """«Знайдено 1 новину», «3 новини», «5 новин»."""
    for _ in range(count):
        make_article(title_uk="Бюджет громади")
    assert words in search("бюджет").content.decode()


# --- Bad input ------------------------------------------------------------------------------


def test_empty_query_invites_typing(search, make_article):
    """An empty search page explains what to type and lists nothing."""
    make_article()
    for response in (search(), search(""), search("   ")):
        assert response.status_code == 200
        assert found(response) == []
        assert "Введіть одне чи кілька слів" in response.content.decode()


def test_too_long_query_is_explained(search, make_article):
    """More than 200 characters: a Ukrainian message, no search, no error."""
    make_article(title_uk="Бюджет громади")
    response = search("бюджет " * 40)
    assert response.status_code == 200
    assert found(response) == []
    assert "Запит задовгий: щонайбільше 200 символів" in response.content.decode()


def test_nothing_found_is_said_in_ukrainian(search, make_article):
    """A query without results says so, quoting the words in «ялинки»."""
    make_article()
    html = search("сінокіс").content.decode()
    assert "Нічого не знайдено за запитом «сінокіс»" in html


@pytest.mark.parametrize("query_string", ["q=%00", "q=гро%00мада", "q=%ff%fe", "q=%C0%AF"])
def test_hostile_query_strings_get_a_calm_ukrainian_400(client, query_string):
    """NUL bytes and broken encodings are refused with the Ukrainian 400 page, never a 500."""
    response = client.get(f"/poshuk/?{query_string}")
    assert response.status_code == 400
    assert "Неправильний запит" in response.content.decode()


@pytest.mark.parametrize("query", ["'", "&", "!:*", "(a | b)", "а & б", "\\", "”«»", "''", "1"])
def test_operator_characters_are_just_text(search, make_article, query):
    """Characters that mean something to a query language never break the search."""
    make_article()
    assert search(query).status_code == 200


# --- Visibility and language ----------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"published_at": timezone.now() + timezone.timedelta(days=1)},
        {
            "published_at": timezone.now() - timezone.timedelta(days=2),
            "expires_at": timezone.now() - timezone.timedelta(days=1),
        },
        {"deleted_at": timezone.now()},
    ],
    ids=["draft", "review", "scheduled", "expired", "trash"],
)
def test_unpublished_articles_are_never_found(search, make_article, overrides):
    """Drafts, scheduled, expired and trashed news never appear in results."""
    visible = make_article(title_uk="Бюджет громади відкрито")
    make_article(title_uk="Бюджет громади таємно", **overrides)
    assert found(search("бюджет")) == [visible]


def test_english_search_finds_only_english_versions(search, make_article):
    """The English search lists only news that exist in English, in their English words."""
    translated = make_article(
        title_uk="Громади обговорили бюджет",
        lead_uk="Вступ.",
        body_uk="<p>Текст.</p>",
        title_en="Communities discussed the budget",
        lead_en="Intro.",
        body_en="<p>Text about budgets.</p>",
    )
    make_article(title_uk="Бюджет громади", title_en="Budget of a community")  # title only
    response = search("budgets", language="en")
    assert found(response) == [translated]
    assert "Found 1 article" in response.content.decode()
    assert found(search("громади", language="en")) == []
    assert set(found(search("бюджет"))) == {translated, *Article.objects.exclude(pk=translated.pk)}


# --- Hromadas and initiatives ---------------------------------------------------------------


def test_hromadas_are_found_by_their_centre_in_any_case(search, make_municipality):
    """«Тернополя» lists the Ternopil hromada above the news."""
    ternopil = make_municipality()
    make_municipality(name="Збаразька", centre_uk="Збараж")
    response = search("Тернополя")
    assert group(response, "hromadas") == [ternopil]
    assert ternopil.get_absolute_url() in response.content.decode()


def test_generic_words_list_no_hromadas(search, make_municipality):
    """«громада» alone names no hromada: the list is not every hromada."""
    make_municipality()
    assert group(search("громада"), "hromadas") == []


def test_initiatives_are_found_in_their_language(search, initiative):
    """Initiatives are found by name and description; in English only translated ones."""
    response = search("відкритості")
    assert group(response, "initiatives") == [initiative]
    assert initiative.get_absolute_url() in response.content.decode()
    # The fixture's initiative has a Ukrainian description only: no English version.
    assert group(search("government", language="en"), "initiatives") == []
    initiative.description_en = "<p>Local action plans for openness.</p>"
    initiative.save()
    assert group(search("government", language="en"), "initiatives") == [initiative]
    assert Initiative.objects.in_language("en").get() == initiative


# --- The page -------------------------------------------------------------------------------


def test_results_page_is_not_indexed_and_has_one_h1(search, make_article):
    """Search results stay out of search engines; one heading; no inline script."""
    make_article(title_uk="Бюджет громади")
    response = search("бюджет")
    html = response.content.decode()
    assert '<meta name="robots" content="noindex' in html
    assert h1_count(response) == 1
    assert "<script>" not in html and "nonce=" not in html


def test_the_empty_form_is_an_ordinary_page(client, db):
    """The search form without a query may be indexed: a canonical address, no noindex."""
    html = client.get("/poshuk/").content.decode()
    assert "noindex" not in html
    assert '<link rel="canonical" href="http://testserver/poshuk/">' in html


def test_header_has_an_accessible_search_box(client, make_article):
    """Every page has a labelled search form in the header that leads to the search page."""
    make_article()
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'role="search"' in header
    assert 'action="/poshuk/"' in header
    assert '<label class="visually-hidden" for="site-search-q">Пошук на сайті</label>' in header
    english = client.get("/en/").content.decode()
    assert 'action="/en/search/"' in english


def test_query_budget(
    search, make_article, make_municipality, initiative, django_assert_max_num_queries
):
    """The results page makes a fixed number of queries however many results it shows."""
    for number in range(30):
        make_article(title_uk=f"Бюджет громади Тернополя {number}", tags=[])
    make_municipality()
    # Menus, the years and the next scheduled change are remembered between requests.
    assert search("громада").status_code == 200
    # PostgreSQL adds the vocabulary look-ups for typo correction (at most 1 + 3).
    budget = 9 if connection.vendor == "postgresql" else 8
    with django_assert_max_num_queries(budget):
        response = search("бюджет Тернопіль", page=2)
    assert response.status_code == 200
    with django_assert_max_num_queries(budget + 3):
        assert search("грамада бюджт тернопль").status_code == 200


def test_a_very_common_word_lists_the_newest_matches(search, make_article, monkeypatch):
    """A word in more news than the limit: the newest of them, best first, and a hint."""
    monkeypatch.setattr("news.search.MAX_RESULTS", 3)
    oldest_title_match = make_article(
        title_uk="Бюджет громади", published_at=timezone.now() - timezone.timedelta(days=9)
    )
    newest = [make_article(body_uk="<p>Про бюджет.</p>", title_uk=f"Звіт {n}") for n in range(3)]
    response = search("бюджет")
    assert set(found(response)) == set(newest)
    assert oldest_title_match not in found(response)
    html = response.content.decode()
    assert "Знайдено понад 3\xa0новини: показано найновіші, найвідповідніші першими." in html
    assert "Додайте слово, рубрику або рік, щоб знайти давніші новини." in html
    assert found(search("бюджет", year=oldest_title_match.published_at.year)) != []


def test_an_edit_in_the_admin_is_found_at_once(search, editor_client, make_article):
    """An editor renames an article in the admin: search finds the new words, not the old."""
    from tests.news.test_editorial_workflow import change_url, form_data

    article = make_article(title_uk="Старий заголовок громади")
    response = editor_client.get(change_url(article))
    saved = editor_client.post(
        change_url(article), form_data(response, title_uk="Оновлений заголовок громади")
    )
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    assert found(search("оновлений")) == [article]
    assert found(search("старий")) == []


def test_rebuild_search_remakes_documents_written_around_save(
    search, make_article, make_municipality
):
    """Texts written by SQL, articles' and hromadas', are found after `manage.py
    rebuild_search`."""
    import io

    from django.core.management import call_command

    article = make_article(title_uk="Звичайна новина")
    Article.objects.filter(pk=article.pk).update(title_uk="Переписаний заголовок")
    hromada = make_municipality("Тернопільська", centre_uk="Тернопіль")
    Municipality.objects.filter(pk=hromada.pk).update(search_text="")
    assert found(search("переписаний")) == []
    assert group(search("Тернопіль"), "hromadas") == []
    output = io.StringIO()
    call_command("rebuild_search", stdout=output)
    assert "статей — 1; громади — 1, ініціативи — 0" in output.getvalue()
    assert found(search("переписаний")) == [article]
    assert group(search("Тернопіль"), "hromadas") == [hromada]
