"""Page weight (issue 13): what a phone downloads before it can show an article."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile

from tests.images import factories

BUDGET_BYTES = 60 * 1024
LONG_BODY = "".join(
    f"<h2>Розділ {number}</h2><p>{'Громади обговорили бюджет, школи й дороги. ' * 30}</p>"
    for number in range(8)
)


@pytest.fixture
def article(make_article, make_tag, django_capture_on_commit_callbacks):
    tags = [make_tag() for _ in range(5)]
    article = make_article(body_uk=LONG_BODY, cover_alt_uk="Учасники наради", tags=tags)
    with django_capture_on_commit_callbacks(execute=True):
        article.cover_image.save("photo.jpg", ContentFile(factories.jpeg((1600, 900))))
    return article


def render_blocking(html):
    """Stylesheets and scripts without async/defer in the page's <head>."""
    head = html.split("</head>", 1)[0]
    sheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', head)
    scripts = [
        src
        for tag, src in re.findall(r'(<script[^>]+src="([^"]+)"[^>]*>)', head)
        if " defer" not in tag and " async" not in tag and 'type="module"' not in tag
    ]
    return sheets + scripts


def test_article_page_fits_the_budget(client, article):
    """An article with a long text and a cover loads in under 60 KB compressed on a phone."""
    html = client.get(article.get_absolute_url()).content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    total = len(gzip.compress(html, 9))
    for url in assets:
        path = finders.find(url.decode().removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read(), 9))
    assert total < BUDGET_BYTES, f"{total} bytes"


def test_nothing_render_blocking_comes_from_another_host(client, article):
    """A slow third-party server can never hold up the page: blocking assets are local."""
    html = client.get(article.get_absolute_url()).content.decode()
    blocking = render_blocking(html)
    assert blocking, "the site's stylesheet is expected in <head>"
    for url in blocking:
        assert url.startswith("/") and not url.startswith("//"), url


def test_images_are_sized_and_responsive(client, article):
    """Images reserve their space (no layout jump) and phones get a small rendition."""
    html = client.get(article.get_absolute_url()).content.decode()
    images = re.findall(r"<img [^>]+>", html)
    assert images
    for image in images:
        assert re.search(r'width="\d+"', image) and re.search(r'height="\d+"', image), image
    assert re.search(r'srcset="[^"]*400w', html)
