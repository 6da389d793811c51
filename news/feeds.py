"""RSS 2.0 and Atom feeds of the published news: all of it, and per category, tag, hromada
and initiative (issue 6).

Every feed starts from Article.objects.published() in the reader's language, so an English
feed carries only articles with an English version. Addresses are absolute from the request's
own host: django.contrib.syndication would otherwise take the Sites framework's domain, which
is a deployment detail the site must not depend on.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import register_converter, reverse
from django.utils import feedgenerator
from django.utils.html import escape
from django.utils.translation import gettext as _

from editorial.languages import filter_translated, find_by_slug, get_language
from images import renditions
from pagecache import cacheable
from partners.models import Initiative, Municipality

from .models import Article, Category, Person, Tag

FEED_SIZE = 20


class FeedFormatConverter:
    """ "rss" or "atom": the same feed in either format, e.g. /novyny/rss.xml, /novyny/atom.xml."""

    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feedformat")


@dataclass
class Scope:
    """What one request for a feed is about: the request (for absolute addresses) and the
    object the articles are filtered by (None for all news)."""

    request: HttpRequest
    filtered_by: object = None

    def absolute(self, path):
        return self.request.build_absolute_uri(path)


class ArticleFeed(Feed):
    """All published news, newest first. Subclasses filter by one object."""

    feed_type = feedgenerator.Rss201rev2Feed
    model = None  # the model filtered by, found by slug
    lookup = None  # the article field that points to it

    def get_object(self, request, slug=None):
        filtered_by = find_by_slug(self.model.objects.all(), slug) if self.model else None
        if filtered_by is not None and not filtered_by.has_language(get_language()):
            # No English feed of an initiative, category or tag that has no English page:
            # its title would be Ukrainian text (editorial/languages.py).
            raise Http404
        return Scope(request, filtered_by)

    def title(self, scope):
        if scope.filtered_by is None:
            return _("%(site)s: news") % {"site": settings.SITE_NAME}
        return f"{settings.SITE_NAME}: {scope.filtered_by}"

    def link(self, scope):
        if scope.filtered_by is None:
            return scope.absolute(reverse("news:list"))
        return scope.absolute(scope.filtered_by.get_absolute_url())

    def feed_url(self, scope):
        return scope.absolute(scope.request.path)

    def description(self, scope):
        if scope.filtered_by is None:
            return _("The latest news of the Association of Ukrainian Cities.")
        return _("The latest news of the Association of Ukrainian Cities: %(name)s.") % {
            "name": scope.filtered_by
        }

    def items(self, scope):
        articles = (
            Article.objects.published()
            .in_language()
            # The summary and the time of the last change, besides what a card shows.
            .for_cards("meta_description", "updated_at")
            .prefetch_related("tags")
        )
        if scope.filtered_by is not None:
            articles = articles.filter(**{self.lookup: scope.filtered_by})
        articles = list(articles[:FEED_SIZE])
        # Absolute addresses need the request, which item methods do not get.
        for article in articles:
            article.feed_link = scope.absolute(article.get_absolute_url())
            image = renditions.open_graph_url(article.cover_image)
            article.feed_image = scope.absolute(image) if image else ""
        return articles

    def item_title(self, article):
        # RSS readers show a title as HTML, so it is escaped once more, as Django does by
        # default (ticket #6533); the Atom subclass says type="text" and sends it as it is.
        return escape(article.title)

    def item_description(self, article):
        # RSS <description> and Atom <summary type="html"> are HTML; the lead is plain text.
        return escape(article.description)

    def item_link(self, article):
        return article.feed_link

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_changed

    def item_categories(self, article):
        tags = filter_translated(article.tags.all())
        return [article.category.name, *(tag.name for tag in tags)]

    def item_enclosures(self, article):
        # The 1200×630 JPEG of Open Graph. Its size in bytes would cost a storage request
        # per item; RSS allows 0 when the length is not known.
        if not article.feed_image:
            return []
        return [feedgenerator.Enclosure(article.feed_image, "0", "image/jpeg")]


class AtomMixin:
    feed_type = feedgenerator.Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)

    def item_title(self, article):
        return article.title


class CategoryFeed(ArticleFeed):
    model = Category
    lookup = "category"


class TagFeed(ArticleFeed):
    model = Tag
    lookup = "tags"


class PersonFeed(ArticleFeed):
    model = Person
    lookup = "people"


class MunicipalityFeed(ArticleFeed):
    model = Municipality
    lookup = "municipalities"

    def title(self, scope):
        return f"{settings.SITE_NAME}: {scope.filtered_by.full_name}"


class InitiativeFeed(ArticleFeed):
    model = Initiative
    lookup = "initiatives"


def feed_view(feed_class):
    """One view answering /…/rss.xml and /…/atom.xml with the same feed."""
    atom_class = type(f"Atom{feed_class.__name__}", (AtomMixin, feed_class), {})
    feeds = {"rss": feed_class(), "atom": atom_class()}

    def view(request, format, **kwargs):
        return feeds[format](request, **kwargs)

    return cacheable(view)


latest = feed_view(ArticleFeed)
category = feed_view(CategoryFeed)
tag = feed_view(TagFeed)
person = feed_view(PersonFeed)
municipality = feed_view(MunicipalityFeed)
initiative = feed_view(InitiativeFeed)
