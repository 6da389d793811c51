"""Project-level views: health probes for the orchestrator, the server-error handler, and
bench/run.py's floor and yardsticks."""

import sys

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import FileResponse, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.defaults import server_error as django_server_error
from django.views.generic import DetailView, ListView

from editorial.breadcrumbs import trail
from images.uploads import media_write_error
from news.models import Article
from news.views import NEWS


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says."""
    return FileResponse(open(finders.find("img/favicon.ico"), "rb"), content_type="image/x-icon")


@never_cache
def healthz(request):
    """The process is alive and serving; touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready for traffic: the database answers a query and uploads can be stored (the media
    directory takes a file); otherwise 503. Without the cache the site is slower but serves
    every page (pagecache.backends): "degraded", still 200."""
    checks = {"database": _check_database(), "cache": _check_cache(), "media": _check_media()}
    ready = checks["database"] == "ok" and checks["media"] == "ok"
    status = "unavailable" if not ready else "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, **checks}, status=200 if ready else 503)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 — any failure means "not ready"
        # Discard the broken connection so the next probe connects afresh.
        connection.close_if_unusable_or_obsolete()
        return f"error: {error.__class__.__name__}"
    return "ok"


def _check_cache():
    try:
        cache.set("readyz", "ok", timeout=10)
        if cache.get("readyz") != "ok":
            return "degraded: value not read back"
    except Exception as error:  # noqa: BLE001
        return f"degraded: {error.__class__.__name__}"
    return "ok"


def _check_media():
    problem = media_write_error()
    return "ok" if problem is None else f"error: {problem.split(':')[0]}"


def server_error(request):
    """handler500: a database outage raised outside a view still answers 503, not 500."""
    from .middleware import database_unavailable

    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return database_unavailable(request, exception)
    return django_server_error(request)


def constant(request):
    """The framework's floor for bench/: a constant answer through the whole middleware
    stack. Routed only when DJANGO_BENCH_FLOOR is set (bench/run.py sets it)."""
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
