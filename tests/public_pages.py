"""Every public page type, in every language: the one list the quality tests go through.

The accessibility (tests/browser/test_quality.py) and HTML (tests/test_html_valid.py) checks
and `make screenshots` / `make lighthouse` visit these addresses. A new public page type is one
more line in PUBLIC_PAGES; its object comes from the demo content, which `load_demo_site()`
loads as `make run` does (the hromadas of the codifier extract, then `load_demo_content`).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def load_demo_site():
    """The demo site of `make run`: hromadas, partners, news, events, pages, menus,
    documents."""
    from partners.katottg import BUNDLED_FILE

    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0, stdout=io.StringIO())
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())


# --- The objects a page type shows: the richest demo object that has the language ----------


def _article(language):
    from news.models import Article

    articles = Article.objects.published().in_language(language)
    # A cover, a programme, hromadas and documents: the fullest article page there is.
    return (
        articles.exclude(cover_image="")
        .filter(programme__isnull=False, municipalities__isnull=False)
        .order_by("-published_at")
        .first()
        or articles.exclude(cover_image="").first()
        or articles.first()
    )


def _article_without_cover(language):
    from news.models import Article

    # A card and a page without a picture: the text-only forms (issue 26).
    articles = Article.objects.published().in_language(language).filter(cover_image="")
    return articles.order_by("-published_at").first()


def _article_with_table(language):
    from news.models import Article

    # Rich text's widest element: a table in its own scrolling box (issue 28).
    articles = Article.objects.published().in_language(language)
    return articles.filter(**{f"body_{language}__contains": "<table>"}).order_by("pk").first()


def _article_with_video(language):
    from news.models import Article

    # A video link in the text: its poster and play button (issue 28).
    articles = Article.objects.published().in_language(language)
    return articles.filter(body__contains="youtube.com/watch").order_by("-published_at").first()


def _article_with_bylines(language):
    from news.models import Article

    # People named under the title: the byline (issue 28).
    articles = Article.objects.published().in_language(language)
    return articles.filter(people__isnull=False).order_by("-published_at").first()


def _article_with_gallery(language):
    from news.models import Article

    # Image figures in a row: the gallery's thumbnails and its closed dialog (issue 28).
    articles = Article.objects.published().in_language(language)
    return (
        articles.filter(**{f"body_{language}__contains": "</figure><figure>"})
        .order_by("-published_at")
        .first()
    )


def _tag(language):
    return _article(language).tags.order_by("pk").first()


def _person(language):
    from news.models import Person

    # The demo's people sign one article that has both languages.
    people = Person.objects.in_language(language).filter(
        articles__in=_published_articles(language)
    )
    return people.exclude(photo="").order_by("pk").first() or people.order_by("pk").first()


def _published_articles(language):
    from news.models import Article

    return Article.objects.published().in_language(language)


def _initiative(language):
    from partners.models import Initiative

    return Initiative.objects.in_language(language).order_by("pk").first()


def _municipality(language):
    from partners.models import Municipality

    # A member with memberships and news about it, as a reader finds it from an article.
    members = Municipality.objects.in_language(language).filter(memberships__isnull=False)
    return (
        members.filter(articles__isnull=False).order_by("pk").first()
        or members.order_by("pk").first()
    )


def _programme(language):
    from partners.models import Programme

    return Programme.objects.in_language(language).order_by("pk").first()


def _page(language):
    from pages.models import Page

    # A page with subpages: the page template's fullest form.
    pages = Page.objects.published().in_language(language)
    return pages.filter(children__isnull=False).order_by("pk").first() or pages.first()


def _event(language):
    from events.models import Event

    # A cover, hromadas and registration: the fullest event page there is.
    events = Event.objects.upcoming().in_language(language)
    return (
        events.exclude(cover_image="").filter(municipalities__isnull=False).first()
        or events.first()
    )


def _past_event(language):
    from events.models import Event

    # With its report: the page's "event reports" section.
    events = Event.objects.past().in_language(language)
    return events.filter(articles__isnull=False).first() or events.first()


def _event_archive(language):
    return reverse("events:archive_year", kwargs={"year": _past_event(language).starts_on.year})


def _archive(language, month=False):
    """The year or month archive of the fullest article's publication."""
    from django.utils import timezone

    published = timezone.localtime(_article(language).published_at)
    if month:
        return reverse(
            "news:archive_month", kwargs={"year": published.year, "month": published.month}
        )
    return reverse("news:archive_year", kwargs={"year": published.year})


def _url_of(find):
    return lambda language: find(language).get_absolute_url()


def _named(name, query=""):
    return lambda language: reverse(name) + query


SEARCHED = {"uk": ["?q=Тернопіль", "?q=бюджет"], "en": ["?q=Ternopil", "?q=budget"]}


@dataclass(frozen=True)
class PageType:
    name: str
    url: Callable[[str], str]  # called with the language active
    status: int = 200


PUBLIC_PAGES = [
    PageType("home", _named("news:home")),
    PageType("news-list", _named("news:list")),
    PageType("article", _url_of(_article)),
    PageType("article-without-cover", _url_of(_article_without_cover)),
    PageType("article-with-table", _url_of(_article_with_table)),
    PageType("article-with-video", _url_of(_article_with_video)),
    PageType("article-with-bylines", _url_of(_article_with_bylines)),
    PageType("article-with-gallery", _url_of(_article_with_gallery)),
    PageType("category", lambda language: _article(language).category.get_absolute_url()),
    PageType("tag", _url_of(_tag)),
    PageType("author", _url_of(_person)),
    PageType("archive-year", _archive),
    PageType("archive-month", lambda language: _archive(language, month=True)),
    PageType("initiative-list", _named("partners:initiative_list")),
    PageType("initiative", _url_of(_initiative)),
    PageType("hromada-directory", _named("partners:municipality_list")),
    PageType("hromada-directory-filtered", _named("partners:municipality_list", "?q=Київ")),
    PageType("hromada", _url_of(_municipality)),
    PageType("programme-list", _named("partners:programme_list")),
    PageType("programme", _url_of(_programme)),
    PageType("event-list", _named("events:list")),
    PageType("event", _url_of(_event)),
    PageType("past-event", _url_of(_past_event)),
    PageType("event-archive-year", _event_archive),
    PageType("page", _url_of(_page)),
    PageType("documents", _named("pages:documents")),
    PageType("search-form", _named("news:search")),
    PageType("search", _named("news:search", "?q=громади")),
    # Every group of the site search: hromadas and events; pages, events and documents.
    PageType("search-hromadas", lambda language: reverse("news:search") + SEARCHED[language][0]),
    PageType("search-groups", lambda language: reverse("news:search") + SEARCHED[language][1]),
    PageType("not-found", lambda language: reverse("news:list") + "nemaie-takoi-novyny/", 404),
]


@dataclass(frozen=True)
class PublicPage:
    id: str  # "article-en"
    name: str
    language: str
    url: str
    status: int


def public_pages(languages=None, names=None):
    """Every page type in each language as (id, address, expected status); needs the demo."""
    result = []
    for page_type in PUBLIC_PAGES:
        if names and page_type.name not in names:
            continue
        for language in languages or LANGUAGES:
            with translation.override(language):
                url = page_type.url(language)
            result.append(
                PublicPage(
                    f"{page_type.name}-{language}",
                    page_type.name,
                    language,
                    url,
                    page_type.status,
                )
            )
    return result
