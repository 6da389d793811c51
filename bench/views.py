"""bench/run.py's floor and yardsticks, outside the product: the server bench/run.py starts
uses bench.settings, whose URL conf adds these routes to the site's."""

from django.http import HttpResponse
from django.views.generic import DetailView, ListView

from editorial.breadcrumbs import trail
from news.models import Article
from news.views import NEWS


def constant(request):
    """The framework's floor for bench/: a constant answer through the whole middleware
    stack. Routed only by bench/urls.py, which bench/run.py's server uses."""
    return HttpResponse(b"ok", content_type="text/plain")


# The yardsticks (issue 13), measured in the same run as the floor: an article and a
# list as Django's tutorial builds them, without any of the site's pages' work. Routed with
# the floor.


class PlainArticleView(DetailView):
    """A plain DetailView of one published article: one query, a minimal template."""

    template_name = "bench/plain_article.html"

    def get_queryset(self):
        return Article.objects.published()


class PlainArticleInLayoutView(PlainArticleView):
    """The same, in the site's layout (header, menus, footer, metadata, JSON-LD of the
    organization and breadcrumbs): what any page of the site costs beyond its own content."""

    template_name = "bench/plain_article_in_layout.html"
    extra_context = {"breadcrumbs": trail(NEWS)}


class PlainArticleListView(ListView):
    """A plain paginated ListView of 20 published articles: a count and one query."""

    paginate_by = 20
    template_name = "bench/plain_article_list.html"

    def get_queryset(self):
        return Article.objects.published().order_by("-published_at", "-pk")
