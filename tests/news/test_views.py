import re

import pytest
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
    assert "17 червня 2022" in html
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
    assert "Сторінка 1 з 2" in first.content.decode()


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
    """Pages do not make more queries because they show more articles."""
    articles, tags = many_articles
    urls = [
        "/",
        "/novyny/",
        "/novyny/?page=3",
        articles[0].get_absolute_url(),
        category.get_absolute_url(),
        tags[0].get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200, url
