import re
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from images.uploads import clean_upload
from news.models import Article

from . import factories

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"covers/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp|avif)")


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def post_cover(admin_client, category, name, content, **extra):
    return admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Новина з фото",
            "category": category.pk,
            "status": "draft",
            "cover_alt_uk": "Учасники наради за столом",
            "cover_image": SimpleUploadedFile(name, content),
            **extra,
        },
    )


HOSTILE = {
    "png-bomb-64-megapixels": ("bomb.png", lambda: factories.png_bomb(8000, 8000), "пікселів"),
    "png-bomb-400-megapixels": (
        "bomb.png",
        lambda: factories.png_bomb(20000, 20000),
        "пікселів",
    ),
    "html-named-jpg": ("photo.jpg", lambda: factories.HTML, "не є зображенням"),
    "truncated-jpeg": (
        "photo.jpg",
        lambda: factories.jpeg()[: len(factories.jpeg()) // 2],
        "пошкоджене",
    ),
    "zero-bytes": ("photo.jpg", lambda: b"", "порожній"),
    "svg-with-script": ("logo.svg", lambda: factories.SVG_WITH_SCRIPT, "не є зображенням"),
    "svg-named-png": ("logo.png", lambda: factories.SVG_WITH_SCRIPT, "не є зображенням"),
    "gif-many-large-frames": (
        "anim.gif",
        lambda: factories.gif_many_frames(),
        "не є зображенням",
    ),
    "apng-many-large-frames": ("anim.png", lambda: factories.apng_many_frames(), "пікселів"),
}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_upload_gets_a_form_error(admin_client, category, settings, case):
    """A hostile file is refused in Ukrainian on the form; nothing is stored, no error page."""
    name, content, message = case
    response = post_cover(admin_client, category, name, content())
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "errorlist" in html
    assert 'value="Новина з фото"' in html  # the editor's work is kept
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_oversized_file_is_refused_before_opening(admin_client, category, settings):
    """A file over the size limit is refused with both sizes, before anything reads it."""
    settings.IMAGES_MAX_UPLOAD_BYTES = 1000
    response = post_cover(admin_client, category, "big.png", factories.png())
    html = response.content.decode()
    assert response.status_code == 200
    assert "приймаємо зображення до 1000" in html
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        lambda: factories.png_bomb(8000, 8000),
        lambda: factories.png_bomb(20000, 20000),
        lambda: factories.apng_many_frames(),
    ],
    ids=["png-64-megapixels", "png-400-megapixels", "apng-50-frames"],
)
def test_bombs_are_refused_from_the_header_in_bounded_memory(monkeypatch, content):
    """A decompression bomb never reaches the decoder: the worker's memory stays small."""
    upload = SimpleUploadedFile("bomb.png", content())
    decoded = []
    original_load = ImageFile.ImageFile.load
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: decoded.append(self) or original_load(self)
    )
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            clean_upload(upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "too_many_pixels"
    assert decoded == []
    assert peak < 2 * 1024 * 1024, f"peak {peak} bytes"


def test_path_in_file_name_is_stored_under_a_random_name(admin_client, category, settings):
    """A name like ../../etc/passwd.png cannot choose where the file goes."""
    response = post_cover(admin_client, category, "../../etc/passwd.png", factories.png())
    assert response.status_code == 302
    article = Article.objects.get()
    assert STORED_NAME.fullmatch(article.cover_image.name)
    assert article.cover_original_name == "passwd.png"
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored_files(settings)] == [
        article.cover_image.name
    ]


def test_gps_and_camera_data_are_stripped(admin_client, category):
    """A phone photo's GPS position and camera never reach the site's copy."""
    original = factories.jpeg(exif=factories.gps_exif())
    assert Image.open(SimpleUploadedFile("x.jpg", original)).getexif().get_ifd(0x8825)
    response = post_cover(admin_client, category, "IMG_0042.jpg", original)
    assert response.status_code == 302
    article = Article.objects.get()
    with default_storage.open(article.cover_image.name) as stored:
        content = stored.read()
    assert b"Exif" not in content and b"PhoneMaker" not in content
    assert not Image.open(default_storage.open(article.cover_image.name)).getexif()
    assert article.cover_original_name == "IMG_0042.jpg"


def test_rotated_photo_is_stored_upright(admin_client, category):
    """A photo taken with the phone turned shows upright, with its true width and height."""
    response = post_cover(admin_client, category, "rotated.jpg", factories.rotated_jpeg())
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.cover_width, article.cover_height) == (20, 40)
    image = Image.open(default_storage.open(article.cover_image.name)).convert("RGB")
    assert image.size == (20, 40)
    top, bottom = image.getpixel((10, 3)), image.getpixel((10, 36))
    assert top[0] > 200 and top[2] < 60, top  # red on top
    assert bottom[2] > 200 and bottom[0] < 60, bottom  # blue below
    assert 0x0112 not in image.getexif()


def test_decorative_cover_needs_no_description(admin_client, category):
    """An editor may mark a cover as decorative instead of describing it."""
    response = post_cover(
        admin_client,
        category,
        "pattern.png",
        factories.png(),
        cover_alt_uk="",
        cover_decorative="on",
    )
    assert response.status_code == 302
    assert Article.objects.get().cover_decorative


def test_file_input_offers_only_accepted_types(admin_client):
    """The file dialog offers the formats the site accepts."""
    html = admin_client.get(reverse("admin:news_article_add")).content.decode()
    assert re.search(r'accept="image/avif,image/jpeg,image/png,image/webp"', html)
