"""Videos in rich text: a YouTube, Vimeo or Facebook link shown as a poster that loads the
player only when pressed (issue 28).

The editor needs no markup of its own, so the text keeps what the editor and the sanitizer
already round-trip (the rich-text sanitizer, sanitize_html):
- a paragraph that is only a link to a video (or its bare address): the link's text is the
  video's title, the poster a local placeholder;
- a figure with an image from the "Browse…" window whose caption is only such a link: that
  image is the poster.
On output each becomes a figure whose poster is a plain link to the video on its host (the
page without JavaScript); static/js/video.js swaps it for the host's privacy-enhanced player.
Nothing is fetched from the host before the press: the address is read, never requested.
The players' origins are the CSP's frame-src (amu_site/settings.py).
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext

from . import renditions
from .body import ATTRIBUTE, SIZES, name_from_url
from .models import BodyImage

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "www.youtube-nocookie.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_PATH = re.compile(r"/(?:shorts|embed|live)/([A-Za-z0-9_-]{11})/?")
# "t=90", "t=90s", "t=1m30s", "t=1h2m3s": where the video starts.
YOUTUBE_START = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
# vimeo.com/123, vimeo.com/123/<hash of an unlisted video>, vimeo.com/channels/name/123.
VIMEO_PATH = re.compile(r"/(?:channels/[\w-]+/)?(\d{1,12})(?:/([0-9a-f]{6,20}))?/?")
VIMEO_PLAYER_PATH = re.compile(r"/video/(\d{1,12})/?")
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
# facebook.com/<page>/videos/<id>/ (with or without a title before the id), /reel/<id>.
FACEBOOK_VIDEO_PATH = re.compile(r"/([\w.-]{1,80})/videos/(?:[\w.-]+/)?(\d{5,20})/?")
FACEBOOK_REEL_PATH = re.compile(r"/reel/(\d{5,20})/?")
FACEBOOK_ID = re.compile(r"\d{5,20}")

# Inline markup an editor may put in a link's text; anything else makes it no video link.
_LINK_TEXT = r"(?:[^<]|</?(?:strong|em|br)>)*"
_LINK = rf'<a href="([^"]*)"[^>]*>({_LINK_TEXT})</a>'
PARAGRAPH = re.compile(rf"<p>\s*(?:{_LINK}|(https?://[^\s<]+))\s*</p>")
FIGURE = re.compile(
    rf"<figure>\s*<img\b([^>]*)>\s*<figcaption>\s*{_LINK}\s*</figcaption>\s*</figure>"
)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Video:
    host: str  # "YouTube", "Vimeo", "Facebook": as readers know them
    url: str  # the video's page on its host: the link without JavaScript
    player_url: str  # the embedded player, loaded when the reader presses play


def _youtube(parts, query):
    if parts.hostname == "youtu.be":
        video_id = parts.path[1:].rstrip("/")
    elif parts.hostname in YOUTUBE_HOSTS and parts.path in {"/watch", "/watch/"}:
        video_id = query.get("v", [""])[0]
    elif parts.hostname in YOUTUBE_HOSTS and (match := YOUTUBE_PATH.fullmatch(parts.path)):
        video_id = match[1]
    else:
        return None
    if not YOUTUBE_ID.fullmatch(video_id):
        return None
    player = {"autoplay": "1"}
    start = (query.get("t") or query.get("start") or [""])[0]
    if start and (match := YOUTUBE_START.fullmatch(start)):
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        if seconds := hours * 3600 + minutes * 60 + seconds:
            player["start"] = str(seconds)
    return Video(
        "YouTube",
        f"https://www.youtube.com/watch?v={video_id}",
        f"https://www.youtube-nocookie.com/embed/{video_id}?{urlencode(player)}",
    )


def _vimeo(parts, query):
    if parts.hostname in VIMEO_HOSTS and (match := VIMEO_PATH.fullmatch(parts.path)):
        video_id, unlisted = match[1], match[2]
    elif parts.hostname == "player.vimeo.com" and (
        match := VIMEO_PLAYER_PATH.fullmatch(parts.path)
    ):
        video_id, unlisted = match[1], query.get("h", [None])[0]
        if unlisted and not re.fullmatch(r"[0-9a-f]{6,20}", unlisted):
            return None
    else:
        return None
    # dnt=1: Vimeo's player sets no cookies and records no session data.
    player = {"dnt": "1", "autoplay": "1"} | ({"h": unlisted} if unlisted else {})
    return Video(
        "Vimeo",
        f"https://vimeo.com/{video_id}" + (f"/{unlisted}" if unlisted else ""),
        f"https://player.vimeo.com/video/{video_id}?{urlencode(player)}",
    )


def _facebook(parts, query):
    if parts.hostname not in FACEBOOK_HOSTS:
        return None
    if match := FACEBOOK_VIDEO_PATH.fullmatch(parts.path):
        url = f"https://www.facebook.com/{match[1]}/videos/{match[2]}/"
    elif match := FACEBOOK_REEL_PATH.fullmatch(parts.path):
        url = f"https://www.facebook.com/reel/{match[1]}/"
    elif parts.path in {"/watch", "/watch/"} and FACEBOOK_ID.fullmatch(
        video_id := query.get("v", [""])[0]
    ):
        url = f"https://www.facebook.com/watch/?v={video_id}"
    else:
        return None
    player = urlencode({"href": url, "show_text": "false", "autoplay": "true"}, quote_via=quote)
    return Video("Facebook", url, f"https://www.facebook.com/plugins/video.php?{player}")


def parse(address):
    """The video an address leads to, or None for any other address."""
    try:
        parts = urlsplit(address.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or parts.username or parts.password or port:
        return None
    query = parse_qs(parts.query)
    for read in (_youtube, _vimeo, _facebook):
        if video := read(parts, query):
            return video
    return None


def _own_title(text):
    """The link's text as the video's title ("" for none); an address is no title."""
    title = " ".join(html.unescape(TAG.sub(" ", text or "")).split())
    return "" if title.startswith(("http://", "https://", "www.")) else title


def _title(text, video):
    return _own_title(text) or gettext("Video on %(host)s") % {"host": video.host}


def untitled(text):
    """The hosts of the videos in a sanitized text that have no title of their own, for
    the editor's accessibility check (the reader would hear only «Video on YouTube»)."""
    found = [(match[2], match[3]) for match in FIGURE.finditer(text or "")]
    found += [(match[1] or match[3], match[2]) for match in PARAGRAPH.finditer(text or "")]
    return [
        video.host
        for address, title in found
        if (video := parse(html.unescape(address))) and not _own_title(title)
    ]


def _figure(video, title, poster=""):
    return render_to_string(
        "images/video.html", {"video": video, "title": title, "poster": poster}
    ).strip()


def render_videos(text):
    """Sanitized rich text with each video link or video figure as a poster with a play
    button; the script that plays them comes once, after the last."""
    if not text or "://" not in text:
        return text
    found = False

    def paragraph(match):
        nonlocal found
        address = match[1] if match[1] is not None else match[3]
        video = parse(html.unescape(address))
        if video is None:
            return match[0]
        found = True
        return _figure(video, _title(match[2] or "", video))

    def poster_name(match):
        return name_from_url(html.unescape(dict(ATTRIBUTE.findall(match[1])).get("src", "")))

    figures = [match for match in FIGURE.finditer(text) if parse(html.unescape(match[2]))]
    posters = {}
    if names := {poster_name(match) for match in figures} - {None}:
        posters = {image.file.name: image for image in BodyImage.objects.filter(file__in=names)}

    def figure(match):
        nonlocal found
        video = parse(html.unescape(match[2]))
        if video is None:
            return match[0]
        image = posters.get(poster_name(match))
        # The title names the link; the poster adds nothing to it (alt="").
        poster = renditions.picture_html(image.file, alt="", sizes=SIZES) if image else ""
        found = True
        return _figure(video, _title(match[3], video), poster)

    text = PARAGRAPH.sub(paragraph, FIGURE.sub(figure, text))
    if found:
        text += f'<script src="{html.escape(static("js/video.js"))}" defer></script>'
    return text
