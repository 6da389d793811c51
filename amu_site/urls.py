from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from amu_site import sitemaps
from amu_site.security import security_txt
from news.urls import partner_feed_patterns
from partners import urls as partners_urls

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    # Outside the language prefixes: one index lists every language's addresses.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("news.urls")),
    path("", include("events.urls")),
    # The partners' pages and, in their namespace, the feeds of their news (news/urls.py).
    path(
        "",
        include(
            (partners_urls.urlpatterns + partner_feed_patterns, partners_urls.app_name),
        ),
    ),
    # Keep last: pages.urls ends with the catch-all for page tree paths.
    path("", include("pages.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "amu_site.views.server_error"
