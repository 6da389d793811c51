"""bench/run.py's yardsticks (issue 13): the plain views it measures beside the site's pages."""

import copy

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from bench.views import PlainArticleInLayoutView, PlainArticleListView, PlainArticleView
from news.models import Article


@pytest.fixture(autouse=True)
def bench_templates(settings):
    """The bench's templates, as bench.settings adds them for its server."""
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], django_settings.BASE_DIR / "bench/templates"]
    settings.TEMPLATES = templates


def test_plain_article_is_one_query(make_article, django_assert_num_queries):
    """The benchmark's plain DetailView reads one article in one query and shows it."""
    article = make_article(body_uk="<p>Текст про бюджет громади.</p>")
    with django_assert_num_queries(1):
        response = PlainArticleView.as_view()(RequestFactory().get("/"), slug=article.slug)
        response.render()
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html and "Текст про бюджет громади." in html


def test_plain_article_in_layout_adds_only_the_layout(make_article, django_assert_num_queries):
    """The same article in the site's layout: header, menus, footer, the organization's
    JSON-LD; with the menus cached as on any page, still one query."""
    article = make_article(body_uk="<p>Текст про бюджет громади.</p>")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    # The first rendering fills the menus' cache.
    PlainArticleInLayoutView.as_view()(request, slug=article.slug).render()
    with django_assert_num_queries(1):
        response = PlainArticleInLayoutView.as_view()(request, slug=article.slug)
        response.render()
    html = response.content.decode()
    assert "Текст про бюджет громади." in html
    assert f"<title>{article.title} · Асоціація міст України</title>" in html
    for part in ('<header class="site-header">', '<footer class="site-footer">', '"Organization"'):
        assert part in html


def test_plain_list_is_a_count_and_one_page(make_article, django_assert_num_queries):
    """The benchmark's plain ListView shows 20 published articles, newest first, with a next
    page, as the site's list does."""
    draft = make_article(status=Article.Status.DRAFT, published_at=timezone.now())  # newest
    articles = [make_article() for _ in range(25)]  # the first is the newest
    with django_assert_num_queries(2):
        response = PlainArticleListView.as_view()(RequestFactory().get("/"))
        response.render()
    html = response.content.decode()
    assert html.count("<article>") == 20
    shown = [f">{article.title}<" for article in articles]
    assert html.index(shown[0]) < html.index(shown[1])
    assert shown[20] not in html
    assert f">{draft.title}<" not in html
    assert "?page=2" in html


def test_bench_routes_are_only_in_the_benchs_server(db, client, settings):
    """The product has no bench route; bench/run.py's server (bench.settings) adds them."""
    for path in ("/bench/floor/", "/bench/plain/news/"):
        assert client.get(path).status_code == 404
    settings.ROOT_URLCONF = "bench.urls"
    assert client.get("/bench/floor/").content == b"ok"
    assert client.get("/").status_code == 200
