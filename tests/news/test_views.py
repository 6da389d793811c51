import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article

pytestmark = pytest.mark.django_db


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def test_home_shows_featured_and_latest(client, make_article):
    """The home page leads with featured news and lists the latest."""
    featured = make_article(title_uk="Головна подія тижня", featured=True)
    latest = make_article(title_uk="Звичайна новина")
    response = client.get("/")
    assert response.status_code == 200
    assert list(response.context["featured"]) == [featured]
    assert latest in response.context["latest"]
    assert featured not in response.context["latest"]
    assert h1_count(response) == 1
    assert '<html lang="uk">' in response.content.decode()


def test_article_page_shows_ukrainian_date(client, make_article):
    """Dates read as Ukrainians write them: «17 червня 2022»."""
    article = make_article(
        title_uk="Зустріч у Брюсселі",
        published_at=timezone.make_aware(timezone.datetime(2022, 6, 17, 14, 30)),
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    # For machines, the moment in Kyiv time; for readers, the day in Ukrainian: on the page
    # and on its card in the list.
    time = '<time datetime="2022-06-17T14:30:00+03:00">17\xa0червня\xa02022</time>'
    assert time in html
    assert time in client.get("/novyny/").content.decode()
    assert "<title>Зустріч у Брюсселі · Асоціація міст України</title>" in html
    assert '<meta name="description" content="Короткий вступ до новини.">' in html
    assert h1_count(response) == 1


def test_ukrainian_urls_are_unprefixed_and_english_under_en(make_article):
    """Ukrainian addresses have no prefix; English ones live under /en/."""
    article = make_article(title_uk="Новина")
    assert article.get_absolute_url() == f"/novyny/{article.slug}/"
    assert reverse("news:list") == "/novyny/"
    from django.utils import translation

    with translation.override("en"):
        assert reverse("news:list") == "/en/news/"


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"published_at": timezone.now() + timezone.timedelta(days=1)},
        {
            "published_at": timezone.now() - timezone.timedelta(days=2),
            "expires_at": timezone.now() - timezone.timedelta(days=1),
        },
    ],
    ids=["draft", "review", "archived", "scheduled", "expired"],
)
def test_unpublished_articles_are_invisible(client, make_article, category, make_tag, overrides):
    """Drafts, scheduled and expired articles: 404 and absent from every list."""
    tag = make_tag("бюджет")
    hidden = make_article(title_uk="Таємна чернетка", featured=True, tags=[tag], **overrides)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ["/", "/novyny/", category.get_absolute_url(), tag.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Таємна чернетка" not in response.content.decode(), url


def test_scheduled_article_appears_when_its_time_comes(client, make_article):
    """A scheduled article goes live by itself — no job needed."""
    article = make_article(published_at=timezone.now() + timezone.timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1.5"])
def test_bad_page_numbers_give_404(client, make_article, page):
    """A page number that is no page answers 404, never 500."""
    make_article()
    assert client.get(f"/novyny/?page={page}").status_code == 404


def test_pagination(client, make_article, settings):
    """The news list is paginated, newest first."""
    articles = [make_article() for _ in range(settings.NEWS_PAGE_SIZE + 2)]
    first = client.get("/novyny/")
    second = client.get("/novyny/?page=2")
    assert list(first.context["articles"]) == articles[: settings.NEWS_PAGE_SIZE]
    assert list(second.context["articles"]) == articles[settings.NEWS_PAGE_SIZE :]
    assert "Сторінка 1 з\xa02" in first.content.decode()


def test_category_and_tag_archives(client, make_article, category, make_tag):
    """A category and a tag page list exactly their published articles."""
    tag = make_tag("децентралізація")
    tagged = make_article(tags=[tag])
    untagged = make_article()
    response = client.get(tag.get_absolute_url())
    assert list(response.context["articles"]) == [tagged]
    response = client.get(category.get_absolute_url())
    assert set(response.context["articles"]) == {tagged, untagged}
    assert client.get("/novyny/rubryka/nema-takoi/").status_code == 404


@pytest.fixture
def many_articles(make_article, make_tag, category):
    tags = [make_tag() for _ in range(8)]
    articles = [make_article(tags=tags, featured=i < 3) for i in range(50)]
    return articles, tags


def test_query_budgets(client, many_articles, category, django_assert_max_num_queries):
    """Pages do not make more queries because they show more articles, and a list counts
    its articles once until the content changes (the count is remembered)."""
    articles, tags = many_articles
    budgets = {
        "/": 5,  # featured, latest, upcoming events; menus and site settings (then cached)
        # The count, the next scheduled change (of news, pages and events) and the archive's
        # years (then remembered), page.
        "/novyny/": 6,
        "/novyny/?page=3": 1,
        # Article (knowing it has no documents or initiatives), tags, hromadas, related news'
        # choice (then remembered) and cards.
        articles[0].get_absolute_url(): 5,
        category.get_absolute_url(): 3,  # category, count, page
        tags[0].get_absolute_url(): 3,  # tag, count, page
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url
    remembered = {
        "/novyny/": 1,
        articles[0].get_absolute_url(): 4,
        category.get_absolute_url(): 2,
        tags[0].get_absolute_url(): 2,
    }
    for url, budget in remembered.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_lists_do_not_read_the_texts_they_do_not_show(client, many_articles, category):
    """A list of twelve cards reads titles and leads, not twelve article texts (issue 13)."""
    articles, tags = many_articles
    for url in ("/", "/novyny/", category.get_absolute_url(), tags[0].get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert articles[-1].title in html or articles[0].title in html
        read = " ".join(query["sql"] for query in queries if "news_article" in query["sql"])
        assert '"news_article"."lead_uk"' in read
        assert '"news_article"."body_uk"' not in read, url
    with CaptureQueriesContext(connection) as queries:
        client.get(articles[0].get_absolute_url())
    article_sql = " ".join(query["sql"] for query in queries)
    assert '"news_article"."body_uk"' in article_sql  # the article page shows it


def test_a_remembered_count_follows_publication(client, make_article, settings):
    """The number of pages changes as soon as an article is published or taken down."""
    articles = [make_article() for _ in range(2 * settings.NEWS_PAGE_SIZE)]
    assert "Сторінка 1 з\xa02" in client.get("/novyny/").content.decode()
    extra = make_article()
    assert "Сторінка 1 з\xa03" in client.get("/novyny/").content.decode()
    assert client.get("/novyny/?page=3").status_code == 200
    extra.status = Article.Status.DRAFT
    extra.save()
    articles[0].delete()
    assert "Сторінка 1 з\xa02" in client.get("/novyny/").content.decode()
    assert client.get("/novyny/?page=3").status_code == 404


def test_a_deep_page_lists_the_right_articles(client, make_article):
    """Pages after the first (their ids picked from the index first) keep the order."""
    articles = [make_article() for _ in range(30)]
    pages = [client.get(f"/novyny/?page={number}").context["articles"] for number in (1, 2, 3)]
    assert [list(page) for page in pages] == [articles[0:12], articles[12:24], articles[24:30]]


@pytest.mark.parametrize("page", ["0", "-1", "4", "abc", "1e3", "9" * 30, "9" * 5000, "last"])
def test_hostile_page_numbers_are_404(client, make_article, page):
    """A page number that is no page is a 404, never a 500; "last" is the last page."""
    for _ in range(30):
        make_article()
    response = client.get("/novyny/", {"page": page})
    assert response.status_code == (200 if page == "last" else 404)


def test_pages_do_not_read_the_search_index(client, make_article, category):
    """Lists and article pages leave the search columns (kilobytes an article) unread."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    for url in ("/", "/novyny/", "/novyny/?page=1", article.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        selects = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
        assert selects, url
        assert not any("search_document" in sql or "search_vector" in sql for sql in selects)


@pytest.mark.parametrize("url", ["/", "/novyny/", "/novyny/rubryka/podii/", "/novyny/rss.xml"])
def test_lists_read_only_what_a_card_shows(client, make_article, category, url):
    """A list of cards reads neither an article's text nor the columns no card shows (each
    costs the list compiling and reading); a feed adds its summary and time of change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_article(category=category, meta_description_uk="Опис для стрічки")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    articles = [
        query["sql"] for query in queries if query["sql"].startswith('SELECT "news_article"."id"')
    ]
    assert articles, url
    for column in ("body_uk", "cover_caption_uk", "cover_credit_uk", "created_at", "version"):
        assert not any(f'"news_article"."{column}"' in sql for sql in articles), (url, column)
    for column in ("title_uk", "lead_uk", "cover_image", "cover_alt_uk", "published_at"):
        assert all(f'"news_article"."{column}"' in sql for sql in articles), (url, column)
    feed = url.endswith(".xml")
    assert feed == any('"news_article"."meta_description_uk"' in sql for sql in articles)
    if feed:
        assert "Опис для стрічки" in response.content.decode()
