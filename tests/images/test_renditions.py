import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from imagekit.cachefiles import ImageCacheFile
from PIL import Image

from editorial import workflow
from images import renditions
from news.models import Article

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_cover(make_article, django_capture_on_commit_callbacks):
    """with_cover(**overrides): a published article whose cover has all its renditions."""

    def make(size=(640, 360), **overrides):
        article = make_article(**{"cover_alt_uk": "Учасники наради за столом", **overrides})
        with django_capture_on_commit_callbacks(execute=True):
            article.cover_image.save("photo.jpg", ContentFile(factories.jpeg(size)))
        return article

    return make


def files_of(name):
    folder = renditions.folder(name)
    exists = default_storage.exists(folder)
    return [name] + (
        [f"{folder}/{f}" for f in default_storage.listdir(folder)[1]] if exists else []
    )


def test_article_page_offers_modern_formats_and_a_sized_fallback(client, with_cover, settings):
    """The cover comes as AVIF or WebP where the browser can, JPEG otherwise, never shifting."""
    settings.IMAGES_RENDITION_WIDTHS = (400, 800, 1200)
    article = with_cover(size=(1600, 900))
    html = client.get(article.get_absolute_url()).content.decode()
    cover = re.search(r'<figure class="article__cover">(.*?)</figure>', html, re.S).group(1)
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)"', cover).group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', cover).group(1)
    img = re.search(r"<img [^>]+>", cover).group(0)
    jpeg = re.search(r'srcset="([^"]+)"', img).group(1)
    for srcset, extension in [(avif, "avif"), (webp, "webp"), (jpeg, "jpg")]:
        assert re.fullmatch(
            rf"/media/renditions/\S+\.{extension} 400w, \S+\.{extension} 800w, "
            rf"\S+\.{extension} 1200w",
            srcset,
        ), srcset
    assert 'width="1200" height="675"' in img
    assert 'alt="Учасники наради за столом"' in img
    assert 'sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)"' in img
    assert 'loading="lazy"' not in img  # the hero loads first
    assert 'fetchpriority="high"' in img


def test_every_offered_file_exists_with_the_size_it_claims(client, with_cover):
    """Each address in srcset and og:image is a real file of the stated width."""
    article = with_cover()
    html = client.get(article.get_absolute_url()).content.decode()
    for url, width in re.findall(r"(/media/renditions/\S+?) (\d+)w", html):
        with default_storage.open(url.removeprefix("/media/")) as file:
            assert Image.open(file).width == int(width), url
    og = re.search(r'<meta property="og:image" content="http://testserver(/media/[^"]+)"', html)
    with default_storage.open(og.group(1).removeprefix("/media/")) as file:
        assert Image.open(file).size == (1200, 630)
    assert '<meta property="og:image:alt" content="Учасники наради за столом">' in html


def test_renditions_carry_no_metadata(
    with_cover, make_article, django_capture_on_commit_callbacks
):
    """No rendition of a phone photo carries its GPS position."""
    article = make_article(cover_alt_uk="Фото")
    with django_capture_on_commit_callbacks(execute=True):
        article.cover_image.save(
            "gps.jpg", ContentFile(factories.jpeg((640, 360), exif=factories.gps_exif()))
        )
    names = files_of(article.cover_image.name)
    assert len(names) == 1 + 9 + 1
    for name in names:
        with default_storage.open(name) as file:
            assert b"PhoneMaker" not in file.read(), name
        with default_storage.open(name) as file:
            assert not Image.open(file).getexif(), name


def test_small_image_is_not_enlarged(client, with_cover):
    """A small picture is offered at its own size, not blown up."""
    article = with_cover(size=(400, 300))
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r"\.webp 160w, \S+\.webp 320w, \S+\.webp 400w\"", html)
    assert 'width="400" height="300"' in html


def test_pages_never_generate_or_check_renditions(client, with_cover, monkeypatch):
    """A visitor never waits for an image to be made: pages only name existing renditions."""
    article = with_cover()

    def refuse(*args, **kwargs):
        raise AssertionError("a page touched the renditions")

    monkeypatch.setattr(ImageCacheFile, "generate", refuse)
    monkeypatch.setattr(default_storage.__class__, "exists", refuse)
    monkeypatch.setattr(default_storage.__class__, "open", refuse)
    for url in ["/", "/novyny/", article.get_absolute_url()]:
        assert client.get(url).status_code == 200


def test_cards_are_lazy_except_the_first_featured(client, make_article):
    """Cards below the fold load lazily; the home page's lead picture does not wait."""
    for number in range(4):
        make_article(
            featured=number == 0,
            cover_image=f"covers/2026/05/{number:032x}.jpg",
            cover_width=1600,
            cover_height=900,
            cover_alt_uk="Опис",
        )
    html = client.get("/").content.decode()
    images = re.findall(r'<img class="card__image"[^>]+>', html)
    assert len(images) == 4
    assert 'loading="lazy"' not in images[0] and 'fetchpriority="high"' in images[0]
    assert all('loading="lazy"' in img for img in images[1:])


def test_queries_do_not_grow_with_images(client, make_article, make_tag, category):
    """A list page with a cover on every card makes no more queries than one without."""
    tags = [make_tag() for _ in range(3)]
    for _ in range(12):
        make_article(tags=tags)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/", "/novyny/", category.get_absolute_url(), tags[0].get_absolute_url()]
    for url in urls:  # the menus' cache and the lists' counts, filled once
        client.get(url)
    without = [count(url) for url in urls]
    Article.objects.update(
        cover_image="covers/2026/05/0123456789abcdef0123456789abcdef.jpg",
        cover_width=1600,
        cover_height=900,
        cover_alt_uk="Опис",
    )
    assert [count(url) for url in urls] == without


def test_replaced_cover_stays_for_its_revision_and_goes_with_it(
    with_cover, django_capture_on_commit_callbacks
):
    """A replaced cover can come back with its revision; trimmed history takes it away."""
    article = with_cover()
    first = article.cover_image.name
    first_files = files_of(first)
    with django_capture_on_commit_callbacks(execute=True):
        article.cover_image.save("new.png", ContentFile(factories.png((640, 360))))
    assert all(default_storage.exists(name) for name in first_files)  # in a revision
    assert len(files_of(article.cover_image.name)) == 11

    revision = article.history.filter(cover_image=first).first()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.restore_revision(article, revision)
    article.refresh_from_db()
    assert article.cover_image.name == first
    assert (article.cover_width, article.cover_height) == (640, 360)

    second = article.history.exclude(cover_image=first).first().cover_image
    with django_capture_on_commit_callbacks(execute=True):
        article.history.exclude(cover_image=first).delete()
    assert files_of(second) == [second] and not default_storage.exists(second)
    assert all(default_storage.exists(name) for name in first_files)


def test_editor_replaces_and_removes_a_cover_in_the_admin(
    admin_client, with_cover, django_capture_on_commit_callbacks, settings
):
    """Replacing or clearing a cover in the admin works, and purging leaves no file behind."""
    article = with_cover()
    url = reverse("admin:news_article_change", args=[article.pk])
    form = {
        "title_uk": article.title_uk,
        "category": article.category_id,
        "status": article.status,
        "published_at_0": "01.05.2026",
        "published_at_1": "10:00",
        "cover_alt_uk": "Нове фото",
        "base_version": article.version,
    }
    upload = ContentFile(factories.png((640, 360)), name="new.png")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**form, "cover_image": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.cover_image.name.endswith(".png")
    assert len(files_of(article.cover_image.name)) == 11

    form["base_version"] = article.version
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**form, "cover_image-clear": "on"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.cover_image

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).delete()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_deleting_articles_deletes_their_images(
    with_cover, django_capture_on_commit_callbacks, settings
):
    """Deleted articles, one by one or in bulk, leave no image files behind."""
    articles = [with_cover(), with_cover(), with_cover()]
    with django_capture_on_commit_callbacks(execute=True):
        articles[0].delete()
        Article.objects.filter(pk__in=[a.pk for a in articles[1:]]).delete()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_a_shared_file_stays_while_used(with_cover, django_capture_on_commit_callbacks):
    """A copied article pointing to the same file keeps it when the original is deleted."""
    article = with_cover()
    copy = Article.objects.get(pk=article.pk)
    copy.pk, copy.slug = None, ""
    copy.save()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert default_storage.exists(copy.cover_image.name)


def test_make_renditions_fills_in_what_is_missing(
    make_article, django_capture_on_commit_callbacks
):
    """After a failed or skipped generation, one command makes the missing renditions."""
    article = make_article(cover_alt_uk="Фото")
    # Never committed, so no renditions were made.
    article.cover_image.save("photo.jpg", ContentFile(factories.jpeg((640, 360))))
    assert files_of(article.cover_image.name) == [article.cover_image.name]
    call_command("make_renditions", stdout=None)
    assert len(files_of(article.cover_image.name)) == 11


def test_caption_credit_and_decorative_cover(client, with_cover):
    """Caption and credit show under the cover; a decorative one is skipped by screen readers."""
    article = with_cover(
        cover_alt_uk="",
        cover_decorative=True,
        cover_caption_uk="Нарада в Полтаві",
        cover_credit="Фото: Олена Петренко / АМУ",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    cover = re.search(r'<figure class="article__cover">(.*?)</figure>', html, re.S).group(1)
    assert 'alt=""' in cover
    # The credit on a line of its own (issue 26): two elements, not one run of text.
    assert (
        '<figcaption><span class="caption">Нарада в\xa0Полтаві</span>'
        '<span class="credit">Фото: Олена Петренко / АМУ</span></figcaption>'
    ) in cover
    assert "og:image:alt" not in html
