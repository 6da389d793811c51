"""Galleries in rich text (issue 28): two or more image figures in a row become a grid of
thumbnails, each a link to its large rendition that the script opens in a dialog."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from images.models import BodyImage

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos(django_capture_on_commit_callbacks):
    made = []
    with django_capture_on_commit_callbacks(execute=True):
        for number, alt in enumerate(["Зала форуму", "Учасники за столом", "Голосування"]):
            image = BodyImage(alt=alt)
            image.file.save(f"forum-{number}.png", ContentFile(factories.png((800, 600))))
            made.append(image)
    return made


def figure(image, caption=""):
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{image.file.url}" alt="{image.alt}">{caption}</figure>'


def body_of(response):
    page = response.content.decode()
    return page.split('class="article__body prose">')[1].split("</article>")[0]


def test_figures_in_a_row_become_a_gallery(client, make_article, photos):
    """Three figures one after another: one gallery of three thumbnails with their captions,
    each a link to a real, larger rendition of its image; the script comes once."""
    article = make_article(
        body_uk="<p>Як минув форум.</p>"
        + figure(photos[0], "Зала перед відкриттям. Фото: Олена Коваль")
        + "\n<p></p>"  # an empty paragraph the editor left is nothing between them
        + figure(photos[1], "Учасники обговорюють бюджет")
        + figure(photos[2])
        + "<p>Далі буде.</p>"
    )
    body = body_of(client.get(article.get_absolute_url()))
    assert body.count('class="gallery"') == 1
    links = re.findall(r'<a class="gallery__link" href="([^"]+)"', body)
    assert len(links) == 3
    assert "<figcaption>Зала перед відкриттям. Фото: Олена Коваль</figcaption>" in body
    assert "<figcaption>Учасники обговорюють бюджет</figcaption>" in body
    assert 'alt="Учасники за столом"' in body
    for link in links:  # without JavaScript: the large image itself
        with default_storage.open(link.removeprefix("/media/")) as file:
            assert Image.open(file).width == 480  # the largest width configured (conftest)
    assert body.count("js/gallery.js") == 1
    assert "<dialog" in body and "Наступне фото" in body and "Закрити" in body


def test_one_figure_stays_a_figure(client, make_article, photos):
    """A single image, or images with text between them, are no gallery."""
    article = make_article(
        body_uk=figure(photos[0], "Зала") + "<p>Між ними текст.</p>" + figure(photos[1])
    )
    body = body_of(client.get(article.get_absolute_url()))
    assert "gallery" not in body
    assert body.count("<picture>") == 2
    assert "<figcaption>Зала</figcaption>" in body


def test_gallery_buttons_are_named_in_english(client, make_article, photos):
    article = make_article(
        title_en="Forum",
        lead_en="How the forum went.",
        body_en=figure(photos[0], "The hall") + figure(photos[1]),
    )
    with translation.override("en"):
        body = body_of(client.get(article.get_absolute_url()))
    assert "Next photo" in body and "Previous photo" in body and "<figcaption>The hall" in body
