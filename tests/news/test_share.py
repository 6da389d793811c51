"""Share links on an article (issue 28): plain links, nothing loaded from the networks."""

import re
from urllib.parse import quote

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

pytestmark = pytest.mark.django_db


def share_box(response):
    html = response.content.decode()
    return re.search(r'<section class="share".*?</section>', html, re.DOTALL)[0]


def test_article_has_plain_share_links_with_its_address_and_title(client, make_article):
    """Each network gets the article's own address and title, in a plain link."""
    article = make_article(title_uk="Громади й бюджет: «нові правила»")
    response = client.get(article.get_absolute_url())
    box = share_box(response)
    url = quote(f"http://testserver{article.get_absolute_url()}", safe="")
    title = quote(article.title_uk, safe="")
    for link in [
        f"https://t.me/share/url?url={url}&amp;text={title}",
        f"https://www.facebook.com/sharer/sharer.php?u={url}",
        f"https://x.com/intent/post?url={url}&amp;text={title}",
        f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
        f"mailto:?subject={title}&amp;body={url}",
    ]:
        assert f'<a href="{link}"' in box
    # Nothing from the networks is loaded: the one script is the site's own, and no cookie.
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', response.content.decode())
    assert scripts == ["/static/js/share.js"]
    assert finders.find("js/share.js")
    assert not response.cookies


def test_every_share_link_has_a_name_in_the_page_language(client, make_article):
    """A screen reader names each link and button, in Ukrainian and in English."""
    article = make_article(
        title_en="Hromadas and the budget", lead_en="A short lead.", body_en="<p>Text.</p>"
    )
    names = {
        "uk": [
            "Поділитися через застосунок на пристрої",
            "Поділитися в\xa0Telegram",
            "Поділитися в\xa0Facebook",
            "Поділитися в\xa0X",
            "Поділитися в\xa0LinkedIn",
            "Надіслати електронною поштою",
            "Скопіювати посилання",
        ],
        "en": [
            "Share with an app on this device",
            "Share on Telegram",
            "Share on Facebook",
            "Share on X",
            "Share on LinkedIn",
            "Send by e-mail",
            "Copy link",
        ],
    }
    for language in names:
        with translation.override(language):
            url = article.get_absolute_url()
        box = share_box(client.get(url))
        found = re.findall(r'<span class="visually-hidden">([^<]+)</span></(?:a|button)>', box)
        assert found == names[language]
    assert 'data-copied="Link copied."' in box


def test_buttons_that_need_javascript_are_hidden_without_it(client, make_article):
    """Without JavaScript a reader sees only links that work: no dead buttons."""
    box = share_box(client.get(make_article().get_absolute_url()))
    assert re.findall(r"<li data-share-\w+ hidden><button", box) == [
        "<li data-share-native hidden><button",
        "<li data-share-copy hidden><button",
    ]
