import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial.text import sanitize_html
from images.models import BodyImage
from news.models import Article

from . import factories

pytestmark = pytest.mark.django_db
PICKER = "/admin/images/bodyimage/picker/?CKEditorFuncNum=1"


@pytest.fixture
def body_image(db, django_capture_on_commit_callbacks):
    image = BodyImage(alt="Карта громад")
    with django_capture_on_commit_callbacks(execute=True):
        image.file.save("map.png", ContentFile(factories.png((640, 360))))
    return image


def test_picker_is_for_staff_only(client, django_user_model):
    """Only signed-in staff can open the upload window."""
    assert client.get(PICKER).status_code == 302
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(user)
    response = client.get(PICKER)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editor_uploads_an_image_with_its_description(admin_client, settings):
    """Uploading in the editor's window stores a clean copy and hands its address back."""
    response = admin_client.post(
        PICKER,
        {
            "file": SimpleUploadedFile("IMG_1.jpg", factories.jpeg(exif=factories.gps_exif())),
            "alt": "Мапа громад Поділля",
            "caption": "Джерело: АМУ",
        },
    )
    assert response.status_code == 200
    image = BodyImage.objects.get()
    assert re.fullmatch(r"body/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", image.file.name)
    assert image.original_name == "IMG_1.jpg"
    with default_storage.open(image.file.name) as file:
        assert b"PhoneMaker" not in file.read()
    html = response.content.decode()
    assert f'data-url="{image.file.url}"' in html
    assert 'data-alt="Мапа громад Поділля"' in html
    assert 'data-caption="Джерело: АМУ"' in html


@pytest.mark.parametrize(
    "name,content",
    [("evil.svg", factories.SVG_WITH_SCRIPT), ("page.jpg", factories.HTML), ("empty.png", b"")],
    ids=["svg", "html-as-jpg", "empty"],
)
def test_picker_refuses_hostile_files(admin_client, name, content):
    """The editor's window refuses what the cover field refuses, in Ukrainian."""
    response = admin_client.post(
        PICKER, {"file": SimpleUploadedFile(name, content), "alt": "Опис"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not BodyImage.objects.exists()


def test_picker_requires_a_description(admin_client):
    """An image cannot go into the text without a description."""
    response = admin_client.post(
        PICKER, {"file": SimpleUploadedFile("a.png", factories.png()), "alt": ""}
    )
    assert "Це поле обов" in response.content.decode()
    assert not BodyImage.objects.exists()


def test_sanitizer_keeps_own_images_and_drops_others(body_image):
    """Only this site's uploaded images survive in the text; foreign or script URLs go."""
    own = body_image.file.url
    html = sanitize_html(
        f'<figure class="figure"><img src="{own}" alt="Карта" data-file="1" onerror="x()">'
        "<figcaption>Підпис</figcaption></figure>"
        '<img src="https://tracker.example/pixel.gif" alt="x">'
        '<img src="javascript:alert(1)" alt="x">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">'
        '<img src="/media/body/../../settings.py" alt="x">'
    )
    assert html == f'<figure><img src="{own}" alt="Карта"><figcaption>Підпис</figcaption></figure>'


def test_body_image_is_shown_as_a_lazy_sized_picture(client, make_article, body_image):
    """A picture in the text loads lazily, in modern formats, without shifting the page."""
    text = f'<p>До тексту:</p><figure><img src="{body_image.file.url}" alt="Карта громад">'
    article = make_article(body_uk=text + "<figcaption>Джерело: АМУ</figcaption></figure>")
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('class="article__body prose">')[1].split("</div>")[0]
    assert '<source type="image/webp"' in body
    assert re.search(
        r'<img src="\S+\.jpg" srcset="[^"]+" sizes="[^"]+" width="480" height="270"'
        r' alt="Карта громад" loading="lazy"',
        body,
    )
    assert "<figcaption>Джерело: АМУ</figcaption>" in body


def test_article_refuses_a_body_image_without_description(admin_client, category, body_image):
    """An image in the text whose description was erased is refused, not published."""
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Новина з картою",
            "category": category.pk,
            "status": "draft",
            "body_uk": f'<figure><img src="{body_image.file.url}" alt=""></figure>',
        },
    )
    assert response.status_code == 200
    assert "Опишіть кожне зображення" in response.content.decode()
    assert not Article.objects.exists()


def test_unused_body_images_are_deleted_after_a_day(
    make_article, body_image, django_capture_on_commit_callbacks
):
    """Images removed from every text go away with their files; fresh and used ones stay."""
    used = BodyImage(alt="Використане")
    used.file.save("used.png", ContentFile(factories.png((64, 64))))
    make_article(body_uk=f'<figure><img src="{used.file.url}" alt="Так"></figure>')
    fresh = BodyImage(alt="Щойно завантажене")
    fresh.file.save("fresh.png", ContentFile(factories.png((64, 64))))
    BodyImage.objects.exclude(pk=fresh.pk).update(created_at=timezone.now() - timedelta(days=2))
    name = body_image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_unused_images", stdout=None)
    assert set(BodyImage.objects.all()) == {used, fresh}
    assert not default_storage.exists(name)


def test_body_image_admin_opens(admin_client, body_image):
    """Editors can list, search and open the images used in texts."""
    changelist = admin_client.get(reverse("admin:images_bodyimage_changelist"), {"q": "Карта"})
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    assert admin_client.get(reverse("admin:images_bodyimage_add")).status_code == 200
    change = admin_client.get(reverse("admin:images_bodyimage_change", args=[body_image.pk]))
    assert change.status_code == 200
    assert "map.png" in change.content.decode()


def test_editor_picture_dialog_speaks_ukrainian(admin_client):
    """The editor's picture dialog is labelled in Ukrainian, not in the package's English."""
    script = admin_client.get("/admin/jsi18n/").content.decode()
    # The catalogue writes letters beyond ASCII as \uXXXX escapes.
    catalogue = re.sub(r"\\u([0-9a-fA-F]{4})", lambda escape: chr(int(escape[1], 16)), script)
    for label in ["Вставити зображення", "Адреса зображення", "Завантажити або вибрати…"]:
        assert label in catalogue
