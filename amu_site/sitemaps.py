"""/sitemap.xml (an index of one sitemap per section) and /robots.txt (issue 6).

Django's sitemap views take the host from the Sites framework (SITE_ID names one domain);
these build every address from the request's host instead, like the rest of the site, so
the sitemap is right on any domain the deployment serves and in tests.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from events.sitemaps import sitemaps as events_sitemaps
from news.sitemaps import sitemaps as news_sitemaps
from pagecache import cacheable
from pages.sitemaps import sitemaps as pages_sitemaps


class SectionSitemap(Sitemap):
    """Pages about no one object (home, news, directory…): they exist in every language."""

    i18n = True
    alternates = True
    x_default = True
    url_names = (
        "news:home",
        "news:list",
        "events:list",
        "partners:initiative_list",
        "partners:municipality_list",
        "partners:programme_list",
        "pages:documents",
    )

    def items(self):
        return list(self.url_names)

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "sections": SectionSitemap,
    **news_sitemaps,
    **events_sitemaps,
    **pages_sitemaps,
}


@cacheable
@x_robots_tag
def sitemap_index(request):
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:
            continue  # a sitemap needs at least one address
        location = request.build_absolute_uri(
            reverse("sitemap-section", kwargs={"section": section})
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@cacheable(query=["p"])
@x_robots_tag
def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    sitemap = SITEMAPS[section]()
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1), site=RequestSite(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of the sitemap.") from None
    if not urls:
        raise Http404("This sitemap section is empty.")
    return TemplateResponse(
        request, "sitemap.xml", {"urlset": urls}, content_type="application/xml"
    )


def disallowed_paths():
    """Addresses search engines should leave alone, in every language: previews (share links
    are private by nature) and search results (endless, thin pages; the empty form is a page)."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefix = reverse("news:home")  # "/" or "/en/"
            # Search results, not the search form: "?" starts every query.
            paths.append(prefix + pgettext("URL", "search/") + "?")
            # Every preview address (articles', pages' share links) starts with this word.
            paths.append(reverse("news:preview", kwargs={"token": "-"}).removesuffix("-/"))
            if settings.ADMIN_URL == "admin/":
                # A custom admin address stays out: robots.txt would publish it. The admin's
                # pages say noindex themselves (meta robots, X-Robots-Tag).
                paths.append(reverse("admin:index"))
    return list(dict.fromkeys(paths))


@cacheable
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed_paths()),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
