"""Project-level views: health probes for the orchestrator and the server-error handler."""

import logging
import sys

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import FileResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.defaults import server_error as django_server_error

from images.uploads import media_write_error

logger = logging.getLogger(__name__)


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
    every page (pagecache.TolerantRedisCache): "degraded", still 200."""
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
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return database_unavailable(request, exception)
    return django_server_error(request)


RETRY_AFTER_SECONDS = 30


def database_unavailable(request, exception):
    """A lost database: a Ukrainian 503 page with Retry-After (the middleware and handler500)."""
    logger.error("Database unavailable: %s", exception.__class__.__name__)
    response = TemplateResponse(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response.render()
