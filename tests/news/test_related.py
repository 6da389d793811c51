"""Related news and reading time on the article page (issue 6)."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from editorial import workflow
from news.models import Article, ArticleQuerySet, Category

NOW = timezone.now


def related_titles(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    if 'id="related-heading"' not in html:
        return []
    section = html.split('id="related-heading"')[1].split("</section>")[0]
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', section)


def test_related_news_share_topics_hromadas_or_category(
    client, make_article, make_tag, make_municipality
):
    """Readers get more on the same subject, the closest first, and nothing unrelated."""
    budget, roads = make_tag("бюджет"), make_tag("дороги")
    ternopil = make_municipality()
    other = Category.objects.create(name_uk="Інше")
    article = make_article(title_uk="Головна", tags=[budget, roads])
    article.municipalities.add(ternopil)
    both = make_article(title_uk="Той самий бюджет і дороги", category=other, tags=[budget, roads])
    hromada = make_article(title_uk="Про ту саму громаду", category=other)
    hromada.municipalities.add(ternopil)
    make_article(title_uk="Та сама рубрика")
    make_article(title_uk="Зовсім інше", category=other)
    assert both and related_titles(client, article) == [
        "Той самий бюджет і\xa0дороги",  # two shared topics
        "Про ту саму громаду",  # one shared hromada
        "Та сама рубрика",  # the category only
    ]


def test_related_news_are_chosen_among_the_newest_candidates(
    client, make_article, make_tag, monkeypatch
):
    """The block reads a bounded number of candidates, so the page costs the same in a large
    archive: an old article sharing a topic gives way to newer ones of the same category."""
    monkeypatch.setattr(ArticleQuerySet, "RELATED_CANDIDATES", 3)
    topic = make_tag("бюджет")
    article = make_article(title_uk="Головна", tags=[topic])  # an hour ago (make_article)
    newer = [make_article(title_uk=f"Та сама рубрика {n}") for n in range(3)]
    make_article(title_uk="Старіша на ту саму тему", tags=[topic])
    assert newer and related_titles(client, article) == [
        "Та сама рубрика 0",
        "Та сама рубрика 1",
        "Та сама рубрика 2",
    ]
    monkeypatch.setattr(ArticleQuerySet, "RELATED_CANDIDATES", 200)
    cache.clear()  # the choice is remembered until content changes
    assert related_titles(client, article)[0] == "Старіша на ту саму тему"


def test_related_choice_is_remembered_until_content_changes(
    client, make_article, make_tag, monkeypatch
):
    """Ranking the candidates runs once, not on every view of the article; a new article on
    the same subject still shows up on the next view."""
    budget, roads = make_tag("бюджет"), make_tag("дороги")
    article = make_article(title_uk="Головна", tags=[budget, roads])
    make_article(title_uk="Про бюджет", tags=[budget])
    assert related_titles(client, article) == ["Про бюджет"]

    def not_again(self, article):
        raise AssertionError("related news ranked again")

    with monkeypatch.context() as patched:
        patched.setattr(ArticleQuerySet, "related_to", not_again)
        assert related_titles(client, article) == ["Про бюджет"]
    make_article(title_uk="Про бюджет і дороги", tags=[budget, roads])
    assert related_titles(client, article) == ["Про бюджет і\xa0дороги", "Про бюджет"]
    workflow.move_to_trash([Article.objects.get(title_uk="Про бюджет")])
    assert related_titles(client, article) == ["Про бюджет і\xa0дороги"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW},
        {"published_at": NOW() + timezone.timedelta(days=1)},
        {
            "published_at": NOW() - timezone.timedelta(days=2),
            "expires_at": NOW() - timezone.timedelta(days=1),
        },
        {"deleted_at": NOW()},
    ],
    ids=["draft", "review", "scheduled", "expired", "trash"],
)
def test_hidden_articles_are_never_related(client, make_article, make_tag, overrides):
    """A draft, scheduled, expired or trashed article never shows up as related."""
    tag = make_tag()
    article = make_article(title_uk="Головна", tags=[tag])
    make_article(title_uk="Видима", tags=[tag])
    make_article(title_uk="Прихована", tags=[tag], **overrides)
    assert related_titles(client, article) == ["Видима"]


def test_english_page_relates_only_english_articles(client, make_article, make_tag):
    """An English reader is offered only articles that have an English version."""
    tag = make_tag()
    english = {"lead_en": "Lead.", "body_en": "<p>Text.</p>"}
    article = make_article(title_uk="Головна", title_en="Main", tags=[tag], **english)
    make_article(title_uk="Перекладена", title_en="Translated", tags=[tag], **english)
    make_article(title_uk="Лише українською", tags=[tag])
    html = client.get(article.url_in("en")).content.decode()
    section = html.split('id="related-heading"')[1].split("</section>")[0]
    assert "Translated" in section and "Лише українською" not in section


def test_no_related_block_without_related_news(client, make_article):
    """An article about something new shows no empty block."""
    article = make_article()
    Article.objects.exclude(pk=article.pk).delete()
    assert related_titles(client, article) == []


def test_article_page_query_budget_with_related_news(
    client, make_article, make_tag, make_municipality, django_assert_max_num_queries
):
    """The related block costs two queries, however many things are shared: choosing the
    articles (then remembered until content changes) and reading their cards."""
    tags = [make_tag() for _ in range(6)]
    municipalities = [make_municipality() for _ in range(4)]
    articles = [make_article(tags=tags) for _ in range(12)]
    for article in articles:
        article.municipalities.set(municipalities)
    client.get("/")  # the header and footer are cached after the first page
    with django_assert_max_num_queries(9):
        response = client.get(articles[0].get_absolute_url())
    assert len(response.context["related"]) == 3
    with django_assert_max_num_queries(7):  # the choice remembered: only the cards are read
        response = client.get(articles[0].get_absolute_url())
    assert len(response.context["related"]) == 3


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (30, "Час читання: 1\xa0хв"),
        (410, "Час читання: 2\xa0хв"),
        (1000, "Час читання: 5\xa0хв"),
        (4200, "Час читання: 21\xa0хв"),
        (2400, "Час читання: 12\xa0хв"),
    ],
)
def test_reading_time_in_ukrainian(client, make_article, words, text):
    """Readers see how long the article takes, as Ukrainians say it: «Час читання: 5 хв»."""
    article = make_article(body_uk="<p>" + "слово " * words + "</p>", lead_uk="")
    assert text in client.get(article.get_absolute_url()).content.decode()


def test_reading_time_in_english(client, make_article):
    """The English page counts the English text, in English."""
    article = make_article(
        title_en="Main",
        lead_uk="",
        body_uk="<p>" + "слово " * 1000 + "</p>",
        body_en="<p>" + "word " * 200 + "</p>",
    )
    html = client.get(article.url_in("en")).content.decode()
    assert "1 min read" in html
    article.body_en = "<p>" + "word " * 600 + "</p>"
    article.save()
    assert "3 min read" in client.get(article.url_in("en")).content.decode()
