"""Videos in rich text (issue 28): a pasted YouTube, Vimeo or Facebook link becomes a poster
that loads the host's privacy-enhanced player only when pressed."""

import html
import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from images.models import BodyImage
from news.models import Article
from tests.security.checks import parse

from . import factories

pytestmark = pytest.mark.django_db

YOUTUBE_ID = "dQw4w9WgXcQ"
YOUTUBE_PLAYER = f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"
YOUTUBE_PAGE = f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
FACEBOOK_PAGE = "https://www.facebook.com/AUC.ukraine/videos/1234567890123/"

# An address as an editor copies it → (the video's page on its host, the player).
USUAL_FORMS = {
    f"https://youtu.be/{YOUTUBE_ID}": (YOUTUBE_PAGE, YOUTUBE_PLAYER),
    f"https://youtu.be/{YOUTUBE_ID}?si=AbCdEf123": (YOUTUBE_PAGE, YOUTUBE_PLAYER),
    f"https://www.youtube.com/watch?v={YOUTUBE_ID}": (YOUTUBE_PAGE, YOUTUBE_PLAYER),
    f"https://m.youtube.com/watch?v={YOUTUBE_ID}&t=1m30s": (
        YOUTUBE_PAGE,
        YOUTUBE_PLAYER + "&start=90",
    ),
    f"https://www.youtube.com/shorts/{YOUTUBE_ID}": (YOUTUBE_PAGE, YOUTUBE_PLAYER),
    f"https://www.youtube.com/live/{YOUTUBE_ID}?feature=share": (YOUTUBE_PAGE, YOUTUBE_PLAYER),
    "https://vimeo.com/76979871": (
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
    ),
    "https://vimeo.com/76979871/8272103f6e": (
        "https://vimeo.com/76979871/8272103f6e",
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e",
    ),
    "https://player.vimeo.com/video/76979871": (
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
    ),
    FACEBOOK_PAGE: (
        FACEBOOK_PAGE,
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com"
        "%2FAUC.ukraine%2Fvideos%2F1234567890123%2F&show_text=false&autoplay=true",
    ),
    "https://m.facebook.com/AUC.ukraine/videos/forum-hromad/1234567890123": (
        FACEBOOK_PAGE,
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com"
        "%2FAUC.ukraine%2Fvideos%2F1234567890123%2F&show_text=false&autoplay=true",
    ),
    "https://www.facebook.com/watch/?v=1234567890123": (
        "https://www.facebook.com/watch/?v=1234567890123",
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com"
        "%2Fwatch%2F%3Fv%3D1234567890123&show_text=false&autoplay=true",
    ),
}
NOT_VIDEOS = [
    f"https://evil.example/watch?v={YOUTUBE_ID}",
    f"https://www.youtube.com.evil.example/watch?v={YOUTUBE_ID}",
    f"https://youtu.be.evil.example/{YOUTUBE_ID}",
    f"https://youtu.be:8443/{YOUTUBE_ID}",
    f"https://someone@youtu.be/{YOUTUBE_ID}",
    "https://www.youtube.com/watch?v=short",
    f'https://www.youtube.com/watch?v={YOUTUBE_ID}"onmouseover="x',
    "https://www.youtube.com/@AUC",
    "https://vimeo.com/channels/staffpicks",
    "https://www.facebook.com/AUC.ukraine",
    "https://www.facebook.com/profile.php?id=1234567890123",
    "https://fb.watch/abcDEF/",
    "ftp://vimeo.com/76979871",
]
VIDEO_HOSTS = ("youtube", "youtu.be", "vimeo", "facebook", "fbcdn", "ytimg")


def body_of(response):
    page = response.content.decode()
    return page.split('class="article__body prose">')[1].split("</div>")[0]


def videos(fragment):
    """(page address, player, accessible name) of each poster link."""
    page = parse(fragment)
    return [
        (attrs["href"], attrs["data-video-player"])
        for tag, attrs in page.elements
        if tag == "a" and "data-video-player" in attrs
    ]


def link_name(fragment):
    """The text of the first poster link: what a screen reader announces."""
    inner = re.search(r"<a [^>]*data-video-player[^>]*>(.*?)</a>", fragment, re.S)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def loads_from_a_video_host(fragment):
    """Addresses in the markup a browser fetches by itself (src, srcset), on a video host."""
    return [
        value
        for _tag, attrs in parse(fragment).elements
        for name, value in attrs.items()
        if name in {"src", "srcset", "poster", "data"} and any(h in value for h in VIDEO_HOSTS)
    ]


@pytest.mark.parametrize("address", list(USUAL_FORMS))
def test_pasted_video_link_becomes_a_poster_that_plays_on_press(client, make_article, address):
    """A video link on a line of its own shows a poster whose link leads to the video and
    whose play button loads the privacy-enhanced player; nothing loads from the host."""
    text = f'<p>Запис форуму:</p><p><a href="{html.escape(address)}">Форум громад 2026</a></p>'
    article = make_article(body_uk=text)
    body = body_of(client.get(article.get_absolute_url()))
    assert videos(body) == [USUAL_FORMS[address]]
    assert link_name(body) == "Форум громад 2026"
    assert "<iframe" not in body
    assert loads_from_a_video_host(body) == []


def test_author_pastes_a_video_link_and_it_is_kept(author_client, category):
    """The sanitizer keeps a video link an author saves, and refuses a raw player iframe."""
    response = author_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Запис вебінару про бюджети",
            "category": category.pk,
            "status": "draft",
            "body_uk": (
                f'<p><a href="https://youtu.be/{YOUTUBE_ID}">Вебінар про бюджети</a></p>'
                f'<iframe src="{YOUTUBE_PLAYER}" allowfullscreen></iframe>'
                '<p><iframe src="https://player.vimeo.com/video/76979871"></iframe></p>'
            ),
        },
    )
    assert response.status_code == 302
    body = Article.objects.get().body_uk
    assert f'<a href="https://youtu.be/{YOUTUBE_ID}"' in body
    assert "iframe" not in body and "vimeo" not in body


def test_raw_iframes_never_reach_the_page(client, make_article):
    """An iframe written into the text (even one of the allowed players) is not shown;
    rows written past the save are sanitized again on output."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        body_uk=f'<p>Текст.</p><iframe src="{YOUTUBE_PLAYER}"></iframe>'
        '<iframe src="https://evil.example/"></iframe>'
    )
    body = body_of(client.get(article.get_absolute_url()))
    assert "iframe" not in body and "evil" not in body
    assert videos(body) == []


@pytest.mark.parametrize("address", NOT_VIDEOS)
def test_other_addresses_stay_plain_links(client, make_article, address):
    """A link anywhere else, or one that only looks like a video host, is no video."""
    text = f'<p><a href="{html.escape(address)}">Посилання на запис</a></p>'
    article = make_article(body_uk=text)
    body = body_of(client.get(article.get_absolute_url()))
    assert videos(body) == []
    assert "video.js" not in body


def test_a_link_within_a_sentence_stays_a_link(client, make_article):
    """A video mentioned inside a sentence is a link in the sentence, not a player."""
    text = f'<p>Дивіться <a href="https://youtu.be/{YOUTUBE_ID}">запис</a> вебінару.</p>'
    article = make_article(body_uk=text)
    body = body_of(client.get(article.get_absolute_url()))
    assert videos(body) == []
    assert f'href="https://youtu.be/{YOUTUBE_ID}"' in body


def test_bare_address_gets_a_title_naming_the_host(client, make_article):
    """A pasted address without a title is still announced as a video, in the page's
    language."""
    article = make_article(
        body_uk=f"<p>https://youtu.be/{YOUTUBE_ID}</p>",
        title_en="Webinar",
        lead_en="A short introduction.",
        body_en='<p><a href="https://vimeo.com/76979871">https://vimeo.com/76979871</a></p>',
    )
    body = body_of(client.get(article.get_absolute_url()))
    assert videos(body) == [(YOUTUBE_PAGE, YOUTUBE_PLAYER)]
    assert link_name(body) == "Відео на YouTube"
    with translation.override("en"):
        english = body_of(client.get(article.get_absolute_url()))
    assert link_name(english) == "Video on Vimeo"
    assert "Video from Vimeo: the player loads only when you start it." in english


def test_uploaded_image_is_the_poster(client, make_article, django_capture_on_commit_callbacks):
    """An image from the "Browse…" window whose caption is the video link is its poster."""
    image = BodyImage(alt="Учасники форуму в залі")
    with django_capture_on_commit_callbacks(execute=True):
        image.file.save("forum.png", ContentFile(factories.png((1280, 720))))
    article = make_article(
        body_uk=f'<figure><img src="{image.file.url}" alt="Учасники форуму в залі">'
        f'<figcaption><a href="{FACEBOOK_PAGE}">Форум громад, день перший</a></figcaption>'
        "</figure>"
    )
    body = body_of(client.get(article.get_absolute_url()))
    assert [page for page, _player in videos(body)] == [FACEBOOK_PAGE]
    assert link_name(body) == "Форум громад, день перший"
    poster = re.search(r"<a [^>]*data-video-player[^>]*>(.*?)</a>", body, re.S)[1]
    assert "<picture>" in poster and 'alt=""' in poster  # the title names it, not the image
    assert "Відео з\xa0Facebook: програвач завантажиться, лише коли ви його запустите." in body


def test_player_script_comes_once_and_only_with_a_video(client, make_article):
    """The page loads the player's script once, and pages without a video none at all."""
    two = make_article(
        body_uk=f"<p>https://youtu.be/{YOUTUBE_ID}</p><p>https://vimeo.com/76979871</p>"
    )
    page = client.get(two.get_absolute_url()).content.decode()
    assert len(videos(page)) == 2
    assert page.count("js/video.js") == 1
    plain = client.get(make_article().get_absolute_url()).content.decode()
    assert "video.js" not in plain


def test_csp_allows_exactly_the_three_players(client, make_article):
    """Frames may come from the three players and from nowhere else."""
    article = make_article(body_uk=f"<p>https://youtu.be/{YOUTUBE_ID}</p>")
    response = client.get(article.get_absolute_url())
    policy = {
        name: values
        for name, *values in (
            item.split() for item in response.headers["Content-Security-Policy"].split(";")
        )
    }
    assert policy["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.facebook.com",
    ]
    players = {f"https://{urlsplit(player).netloc}" for _page, player in USUAL_FORMS.values()}
    assert players == set(policy["frame-src"])
    assert settings.SECURE_CSP_ADMIN["frame-src"] == settings.SECURE_CSP["frame-src"]


def test_article_with_videos_is_valid_html(
    client, make_article, tmp_path, django_capture_on_commit_callbacks
):
    """The poster markup, with a placeholder or an uploaded image, is valid HTML."""
    from tests.test_html_valid import check_files

    image = BodyImage(alt="Зала форуму")
    with django_capture_on_commit_callbacks(execute=True):
        image.file.save("hall.png", ContentFile(factories.png((640, 360))))
    article = make_article(
        # Whole seconds, as an editor's time is: the checker refuses microseconds in <time>.
        published_at=timezone.now().replace(microsecond=0) - timedelta(hours=1),
        body_uk=f"<p>https://youtu.be/{YOUTUBE_ID}</p>"
        f'<figure><img src="{image.file.url}" alt="Зала форуму">'
        f'<figcaption><a href="https://vimeo.com/76979871">Форум, день другий</a></figcaption>'
        "</figure>",
    )
    response = client.get(article.get_absolute_url())
    assert len(videos(response.content.decode())) == 2
    path = tmp_path / "article-with-videos.html"
    path.write_bytes(response.content)
    assert check_files([path]) == []


def test_editor_is_warned_about_a_video_without_title(author_client, category):
    """A pasted bare video address saves, with a warning to give the video its title."""
    response = author_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Запис форуму громад",
            "category": category.pk,
            "status": "draft",
            "body_uk": (
                f"<p>https://youtu.be/{YOUTUBE_ID}</p>"
                '<p><a href="https://vimeo.com/76979871">Форум громад, день другий</a></p>'
            ),
        },
        follow=True,
    )
    warnings = [str(message) for message in response.context["messages"]]
    assert [text for text in warnings if "Відео" in text] == [
        "Текст, українською: Відео на YouTube не має назви: напишіть назву текстом "
        "посилання, бо саме її прочитає програма екранного читання."
    ]
    assert Article.objects.count() == 1


def test_demo_content_has_an_article_with_a_video(client):
    """`make run` shows a video poster in both languages."""
    from django.core.management import call_command

    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    article = Article.objects.published().get(body_uk__contains="youtube.com/watch")
    for language, title in [
        ("uk", "Вебінар АМУ «Енергостійкість громад: підготовка до зими»"),
        ("en", "AUC webinar “Energy resilience of hromadas: getting ready for winter”"),
    ]:
        with translation.override(language):
            body = body_of(client.get(article.get_absolute_url()))
        assert len(videos(body)) == 1, language
        assert link_name(body) == title
