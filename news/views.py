import re
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from editorial.breadcrumbs import BreadcrumbsMixin, trail
from editorial.languages import (
    ORIGINAL,
    LanguageVersionMixin,
    find_by_slug,
    get_language,
    localized,
)
from editorial.pagination import RememberedCountMixin
from editorial.previews import render_preview
from editorial.search import highlight, parse_query, sources
from pagecache import cacheable, remember

from . import search
from .models import (
    Article,
    ArticleSlugHistory,
    Category,
    Person,
    PreviewLink,
    SearchTerm,
    Tag,
)
from .search import MAX_QUERY_LENGTH, article_snippet, correct_typos, search_articles

CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)


class PublishedArticlesMixin(RememberedCountMixin):
    """Every public article view starts from Article.objects.published(), in the
    reader's language: English pages list only articles that have an English version."""

    paginate_by = settings.NEWS_PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().in_language().for_cards()


@cacheable
class HomeView(PublishedArticlesMixin, TemplateView):
    template_name = "news/home.html"
    featured_count = 3
    latest_count = 9

    def get_context_data(self, **kwargs):
        published = self.get_queryset()
        featured = list(
            published.filter(featured=True).order_by(
                F("featured_order").asc(nulls_last=True), "-published_at", "-pk"
            )[: self.featured_count]
        )
        latest = published.exclude(pk__in=[article.pk for article in featured])
        return super().get_context_data(
            featured=featured, latest=list(latest[: self.latest_count]), **kwargs
        )


NEWS = (_("News"), reverse_lazy("news:list"))


@cacheable(query=["page"])
class ArticleListView(BreadcrumbsMixin, PublishedArticlesMixin, ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"
    breadcrumbs = [NEWS]


class NewsListView(ArticleListView):
    """All news, with links to the archives of each year."""

    breadcrumbs = []

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=archive_years(), **kwargs)


def archive_years():
    """The years with news in the active language (archive links, the search's year filter):
    one query, remembered like the list's count until the content changes."""
    return remember(
        f"archive-years:{get_language()}",
        lambda: list(
            Article.objects.published().in_language().dates("published_at", "year", "DESC")
        ),
    )


@cacheable(query=["page"])
class ArchiveMixin(BreadcrumbsMixin, PublishedArticlesMixin):
    """News of a year or a month, newest first; a period without any is 404."""

    template_name = "news/archive.html"
    context_object_name = "articles"
    date_field = "published_at"
    month_format = "%m"
    allow_empty = False
    ordering = ["-published_at", "-pk"]
    breadcrumbs = [NEWS]


class ArticleYearArchiveView(ArchiveMixin, YearArchiveView):
    make_object_list = True


class ArticleMonthArchiveView(ArchiveMixin, MonthArchiveView):
    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return []  # the days of the month: not shown, so not queried

    def get_breadcrumbs(self):
        year = self.get_year()
        return [NEWS, (str(year), reverse("news:archive_year", kwargs={"year": year}))]


@cacheable(groups=["articles"])
class ArticleDetailView(LanguageVersionMixin, PublishedArticlesMixin, DetailView):
    """An article by its slug in either language; a version that does not exist leads to
    the original with a note, and the other language's slug to this language's one."""

    template_name = "news/article_detail.html"
    context_object_name = "article"
    related_count = 3

    def get_queryset(self):
        # Any language: the mixin sends a reader of a missing version to the original.
        return (
            Article.objects.published()
            .for_pages()
            .select_related("programme")
            .prefetch_related("tags", "municipalities")
        )

    def lookup_object(self):
        return find_by_slug(self.get_queryset(), self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        try:
            article = self.get_language_object()
        except Http404:
            # An address the article had before answers with a permanent redirect.
            moved = (
                ArticleSlugHistory.objects.filter(
                    slug=kwargs["slug"], article__in=Article.objects.published()
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return redirect(moved.article, permanent=True)
        if article.has_language(get_language()) and article.get_absolute_url() != request.path:
            # Both slugs resolve; each language has one address.
            return redirect(article, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related=self.related_articles(), breadcrumbs=article_trail(self.object), **kwargs
        )

    def related_articles(self):
        """The related-news cards. Which articles they are is remembered like a list's count,
        until public content changes (pagecache.remember): choosing them ranks up to
        RELATED_CANDIDATES articles, reading the chosen few is one small query."""
        language = get_language()
        chosen = remember(
            f"related:{self.object.pk}:{language}",
            lambda: list(
                Article.objects.published()
                .in_language(language)
                .related_to(self.object)
                .values_list("pk", flat=True)[: self.related_count]
            ),
        )
        if not chosen:
            return []
        cards = Article.objects.published().for_cards().in_bulk(chosen)
        return [cards[pk] for pk in chosen if pk in cards]


def article_trail(article):
    category = article.category
    return trail(NEWS, (category.name, category.get_absolute_url()))


def preview_response(request, article, **context):
    """An article's preview: see render_preview()."""
    return render_preview(
        request,
        ArticleDetailView.template_name,
        {"article": article, "object": article, "breadcrumbs": article_trail(article), **context},
    )


def shared_preview(request, token):
    """A share link: works without an account until it expires or is revoked, then 404."""
    link = PreviewLink.from_token(token)
    if link is None or link.article.in_trash:
        raise Http404
    return preview_response(request, link.article, preview_link=link)


class ArchiveByMixin(LanguageVersionMixin, ArticleListView):
    """A list of articles filtered by one object (category or tag) found by slug."""

    model_filtered_by = None
    lookup = None

    def lookup_object(self):
        return find_by_slug(self.model_filtered_by.objects.all(), self.kwargs["slug"])

    def get_queryset(self):
        self.filtered_by = self.get_language_object()
        return super().get_queryset().filter(**{self.lookup: self.filtered_by})

    def get_context_data(self, **kwargs):
        return super().get_context_data(filtered_by=self.filtered_by, **kwargs)


class CategoryArticleListView(ArchiveByMixin):
    template_name = "news/category.html"
    model_filtered_by = Category
    lookup = "category"


class TagArticleListView(ArchiveByMixin):
    template_name = "news/tag.html"
    model_filtered_by = Tag
    lookup = "tags"


class PersonArticleListView(ArchiveByMixin):
    template_name = "news/person.html"
    model_filtered_by = Person
    lookup = "people"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "The query is too long: at most %(limit_value)d characters, it has %(show_value)d."
            )
        },
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        error_messages={"invalid_choice": _("There is no such category.")},
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("There is no news from that year.")},
    )

    def __init__(self, *args, categories, years, **kwargs):
        super().__init__(*args, **kwargs)
        # News have «рубрики»; documents have «категорії» (pages.forms).
        self.fields["category"].choices = [("", pgettext_lazy("news", "All categories"))] + [
            (category.slug, category.name) for category in categories
        ]
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in years
        ]

    def cleaned(self, name):
        """A field's value, or empty when it was wrong (its error is shown beside it)."""
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None


@cacheable(query=["q", "category", "year", "page"])
class SearchView(BreadcrumbsMixin, ListView):
    """News, and every other group the apps register (hromadas, pages, events, documents…),
    for a reader's words in any of their forms.

    Only published articles, and in another language only what exists in it (the one rule
    of editorial/languages.py). Results are never indexed by search engines."""

    template_name = "news/search.html"
    context_object_name = "articles"
    breadcrumbs = [(_("Search"), reverse_lazy("news:search"))]
    paginate_by = settings.NEWS_PAGE_SIZE
    # The results of each other group shown above the news; its list, or its count, has more.
    other_results = 5

    def get_queryset(self):
        language = get_language()
        published = Article.objects.published().in_language()
        self.form = SearchForm(
            self.request.GET,
            categories=Category.objects.in_language().order_by(localized("name")),
            years=[day.year for day in archive_years()],
        )
        text = self.form.cleaned("q") or ""
        self.query = correct_typos(parse_query(text, language), SearchTerm.objects)
        if not self.query.terms:
            return Article.objects.none()
        if category := self.form.cleaned("category"):
            published = published.filter(category__slug=category)
        if year := self.form.cleaned("year"):
            published = published.filter(published_at__year=year)
        # A result shows its category, not its tags (unlike a card).
        return search_articles(published, self.query).select_related("category")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["articles"]:
            article.marked_title = highlight(article.title, self.query, whole=True)
            article.snippet = article_snippet(article, self.query)
        query = self.request.GET.copy()
        query.pop("page", None)
        searched = bool(self.query.terms)
        return {
            **context,
            "form": self.form,
            "searched": searched,
            "search_text": self.query.text,
            "corrected_text": self.query.corrected_text if context["paginator"].count else "",
            "limited": context["paginator"].count >= search.MAX_RESULTS,
            "in_original": self.in_original(context["paginator"].count) if searched else None,
            "groups": self.groups() if searched else [],
            "query": query.urlencode(),
            "unfiltered_url": self.unfiltered_url(),
            # The form itself is a page like any other; results are endless and thin.
            "noindex": searched,
        }

    def unfiltered_url(self):
        """The same words without the category and year, when either narrowed the search."""
        if not (self.form.cleaned("category") or self.form.cleaned("year")):
            return ""
        return f"{self.request.path}?{urlencode({'q': self.query.text})}"

    # The Ukrainian results offered beside an English search.
    original_results = 3

    def in_original(self, found):
        """For an English search: the Ukrainian edition's results for the same words, as a
        count, a few titles and a link, when the words are Ukrainian or found nothing here.
        The English edition is partial; a reader should not be told "nothing" when the site
        has it in Ukrainian (issue 26)."""
        language = get_language()
        if language == ORIGINAL or (found and not CYRILLIC.search(self.query.text)):
            return None
        query = parse_query(self.query.text, ORIGINAL)
        articles = search_articles(Article.objects.published(), query)
        count = articles.count()
        if not count:
            return None
        with translation.override(ORIGINAL):
            url = f"{reverse('news:search')}?{urlencode({'q': self.query.text})}"
            chosen = [
                (article.title, article.get_absolute_url())
                for article in articles[: self.original_results]
            ]
        return {"count": count, "url": url, "articles": chosen}

    def groups(self):
        """The site's other groups for the query (editorial.search.sources(), registered by
        the apps): a few results each, marked, with the count of all and, where a list finds
        them too, its address."""
        groups = []
        for source in sources():
            rows = source.find(self.query)
            shown = list(rows[: self.other_results + 1])
            if not shown:
                continue
            count = len(shown) if len(shown) <= self.other_results else rows.count()
            shown = shown[: self.other_results]
            for row in shown:
                if source.title:
                    row.marked_title = highlight(source.title(row), self.query, whole=True)
                if source.passage:
                    row.snippet = highlight(source.passage(row), self.query)
            more = ""
            if source.more and count > len(shown):
                more = f"{reverse(source.more)}?{urlencode({'q': self.query.text})}"
            groups.append({"source": source, "results": shown, "count": count, "more": more})
        return groups
