from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Category, Tag


class PublishedArticlesMixin:
    """Every public article view starts from Article.objects.published()."""

    paginate_by = settings.NEWS_PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_cards()


class HomeView(PublishedArticlesMixin, TemplateView):
    template_name = "news/home.html"
    featured_count = 3
    latest_count = 9

    def get_context_data(self, **kwargs):
        published = self.get_queryset()
        featured = list(published.filter(featured=True)[: self.featured_count])
        latest = published.exclude(pk__in=[article.pk for article in featured])
        return super().get_context_data(
            featured=featured, latest=list(latest[: self.latest_count]), **kwargs
        )


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"


class ArchiveByMixin(ArticleListView):
    """A list of articles filtered by one object (category or tag) found by slug."""

    model_filtered_by = None
    lookup = None

    def get_queryset(self):
        self.filtered_by = get_object_or_404(self.model_filtered_by, slug=self.kwargs["slug"])
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
