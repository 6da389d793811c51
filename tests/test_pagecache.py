"""The anonymous page cache (pagecache/): hits, every invalidation rule, staff, query
parameters and conditional GET. Several readers and a failing Redis: test_pagecache_live.py."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pagecache
from news.models import Article, PreviewLink
from pagecache import declared, page_cache_middleware

pytestmark = pytest.mark.django_db

NEWS = "/novyny/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in {200, 304}, url
    return response


def test_second_visit_is_served_from_the_cache_without_queries(
    client, make_article, django_assert_num_queries
):
    """A spike on a popular page costs one rendering, not one per visitor."""
    article = make_article(title_uk="Бюджет громади")
    for url in ("/", NEWS, article.get_absolute_url(), article.category.get_absolute_url()):
        assert page(client, url)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            assert page(client, url)["X-Page-Cache"] == "hit", url


def test_a_hit_carries_the_headers_of_the_rendered_page(client, make_article):
    """A hit is answered above the security, CSP and language middlewares, with the headers
    they gave the page when it was rendered: CSP, framing, referrer, language, Vary."""
    article = make_article(title_uk="Заголовки")
    for url in (article.get_absolute_url(), NEWS, "/en/news/"):
        miss = page(client, url)
        hit = page(client, url)
        assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit"), url
        for name in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "Referrer-Policy",
            "X-Content-Type-Options",
            "Permissions-Policy",
            "Cross-Origin-Opener-Policy",
            "Content-Language",
            "Content-Type",
        ):
            assert hit.has_header(name), (url, name)
        expected = {name: value for name, value in miss.items() if name != "X-Page-Cache"}
        assert {name: value for name, value in hit.items() if name != "X-Page-Cache"} == expected
        assert hit.content == miss.content


def test_an_unknown_host_is_refused_even_for_a_cached_page(client, make_article):
    """A request naming another host gets the 400 page, not the cached copy."""
    make_article()
    page(client, NEWS), page(client, NEWS)
    response = client.get(NEWS, headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert "X-Page-Cache" not in response
    assert "Неправильний запит" in response.content.decode()


def test_only_public_pages_are_looked_up(make_article):
    """Other addresses (the admin's login, share links, a document, a missing page) cost no
    lookup; each public view reads its own parameters."""
    from django.conf import settings

    article = make_article()

    def query(path):
        return (declared(path) or [None])[0]

    assert query(article.get_absolute_url()) == {"untranslated"}
    assert query("/en/news/") == {"page"}
    # A category's list reads its bases' parameters: the list's and the language mixin's.
    assert query(article.category.get_absolute_url()) == {"page", "untranslated"}
    assert query("/poshuk/") == {"q", "category", "year", "page"}
    assert query("/") == frozenset()
    assert query("/sitemap-news.xml") == {"p"}
    assert query(f"/{settings.ADMIN_URL}login/") is None
    assert query("/perehliad/token/") is None
    assert query("/.well-known/security.txt") is None
    assert query("/dokumenty/1/") is None


def test_publishing_shows_on_every_page(client, make_article):
    """A published article appears on the home page, the list and its category at once."""
    draft = make_article(title_uk="Нова стратегія громад", status=Article.Status.DRAFT)
    urls = ["/", NEWS, draft.category.get_absolute_url()]
    for url in urls:
        assert "Нова стратегія громад" not in page(client, url).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.published_at = None  # "publish now"
    draft.save()
    for url in [*urls, draft.get_absolute_url()]:
        assert "Нова стратегія громад" in page(client, url).content.decode(), url


def test_unpublishing_removes_it_everywhere(client, make_article):
    """An article taken down leaves the lists and its page answers 404 at once."""
    article = make_article(title_uk="Помилкова новина")
    url = article.get_absolute_url()
    for address in ("/", NEWS, url):
        assert "Помилкова новина" in page(client, address).content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404
    for address in ("/", NEWS):
        assert "Помилкова новина" not in page(client, address).content.decode()


def test_an_edit_shows_at_once(client, make_article):
    """A corrected title replaces the old one on the article and in the lists."""
    article = make_article(title_uk="Громади отримали кошти")
    url = article.get_absolute_url()
    page(client, url), page(client, NEWS)
    article.title_uk = "Громади отримали кошти на школи"
    article.save()
    assert "кошти на школи" in page(client, url).content.decode()
    assert "кошти на школи" in page(client, NEWS).content.decode()


def test_a_new_tag_shows_on_the_tag_page(client, make_article, make_tag):
    """Tagging an article (a many-to-many change only) puts it on the tag's page and the
    tag on the article's page."""
    tag = make_tag("бюджет")
    article = make_article(title_uk="Про бюджет")
    assert "Про бюджет" not in page(client, tag.get_absolute_url()).content.decode()
    assert "#бюджет" not in page(client, article.get_absolute_url()).content.decode()
    article.tags.add(tag)
    assert "Про бюджет" in page(client, tag.get_absolute_url()).content.decode()
    assert "#бюджет" in page(client, article.get_absolute_url()).content.decode()


def test_a_scheduled_article_appears_at_its_time(client, make_article, time_machine):
    """An article scheduled for 10:00 is on the home page at 10:00, with no cron job."""
    time_machine.move_to(timezone.now(), tick=False)
    make_article(title_uk="Заплановане")
    at = timezone.now() + timedelta(minutes=30)
    scheduled = make_article(title_uk="Ранкова новина", published_at=at)
    for url in ("/", NEWS):
        assert "Ранкова новина" not in page(client, url).content.decode()
        assert page(client, url)["X-Page-Cache"] == "hit"
    time_machine.move_to(at - timedelta(seconds=1), tick=False)
    assert "Ранкова новина" not in page(client, "/").content.decode()
    time_machine.move_to(at + timedelta(seconds=1), tick=False)
    for url in ("/", NEWS, scheduled.get_absolute_url()):
        assert "Ранкова новина" in page(client, url).content.decode(), url


def test_an_expiring_article_leaves_at_its_time(client, make_article, time_machine):
    """An article with a removal time is gone from lists and its page at that time."""
    time_machine.move_to(timezone.now(), tick=False)
    until = timezone.now() + timedelta(minutes=5)
    article = make_article(title_uk="Оголошення конкурсу", expires_at=until)
    url = article.get_absolute_url()
    for address in (NEWS, url):
        assert "Оголошення конкурсу" in page(client, address).content.decode()
    time_machine.move_to(until + timedelta(seconds=1), tick=False)
    assert "Оголошення конкурсу" not in page(client, NEWS).content.decode()
    assert client.get(url).status_code == 404


def test_pages_stay_fresh_no_longer_than_the_setting(client, make_article, time_machine):
    """Even a change no signal reports (a bulk SQL update) shows after PAGE_CACHE_SECONDS."""
    time_machine.move_to(timezone.now(), tick=False)
    article = make_article(title_uk="Стара назва")
    page(client, NEWS)
    Article.objects.filter(pk=article.pk).update(title_uk="Нова назва")
    assert "Стара назва" in page(client, NEWS).content.decode()
    time_machine.shift(timedelta(seconds=601))
    assert "Нова назва" in page(client, NEWS).content.decode()


def test_languages_are_cached_apart(client, make_article):
    """An English visitor never gets the Ukrainian copy of a page, or the other way round."""
    make_article(
        title_uk="Українська назва",
        title_en="English title",
        lead_en="A short introduction.",
        body_en="<p>The text of the news.</p>",
    )
    assert "Українська назва" in page(client, NEWS).content.decode()
    assert "English title" in page(client, "/en/news/").content.decode()
    assert page(client, "/en/news/")["X-Page-Cache"] == "hit"
    assert "Українська назва" in page(client, NEWS).content.decode()


def test_staff_neither_read_nor_fill_the_public_cache(client, editor_client, make_article):
    """An editor sees the live page; visitors never get a page rendered for an editor."""
    article = make_article(title_uk="Перша версія")
    page(client, NEWS)
    Article.objects.filter(pk=article.pk).update(title_uk="Друга версія")  # no signal
    staff = page(editor_client, NEWS)
    assert "Друга версія" in staff.content.decode()
    assert "X-Page-Cache" not in staff
    assert "private" in staff["Cache-Control"]
    cache.clear()
    page(editor_client, NEWS)
    assert page(client, NEWS)["X-Page-Cache"] == "miss"


def test_share_link_previews_are_never_cached(client, make_article, editor):
    """A revoked share link stops working at once, even right after someone opened it."""
    draft = make_article(status=Article.Status.DRAFT)
    link = PreviewLink.objects.create(
        article=draft, created_by=editor, expires_at=timezone.now() + timedelta(days=1)
    )
    url = link.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "X-Page-Cache" not in client.get(url)
    PreviewLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())  # no signal
    assert client.get(url).status_code == 404


def test_missing_pages_are_not_cached(client, make_article):
    """An address that 404s now works as soon as the article is published."""
    article = make_article(status=Article.Status.DRAFT)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)  # no signal
    assert client.get(url).status_code == 200


# --- Conditional GET ------------------------------------------------------------------


@pytest.mark.parametrize("cached", [True, False])
def test_revalidation_answers_304(client, settings, make_article, cached):
    """A browser revalidating an unchanged article or list gets 304, no page body."""
    if not cached:
        settings.PAGE_CACHE_SECONDS = 0
    article = make_article()
    for url in (article.get_absolute_url(), NEWS, "/"):
        first = page(client, url)
        assert first.has_header("ETag"), url
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b""


def test_last_modified_revalidation(client, make_article, time_machine):
    """A revalidation by date gets 304 while unchanged and the new page after an edit."""
    time_machine.move_to(timezone.now(), tick=False)
    article = make_article()
    url = article.get_absolute_url()
    since = page(client, url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": since}).status_code == 304
    time_machine.shift(timedelta(seconds=2))
    article.lead_uk = "Оновлений вступ."
    article.save()
    changed = client.get(url, headers={"if-modified-since": since})
    assert changed.status_code == 200
    assert "Оновлений вступ." in changed.content.decode()


def test_an_edit_changes_the_etag(client, make_article):
    """After an edit a browser's revalidation gets the new page, not 304."""
    article = make_article()
    url = article.get_absolute_url()
    etag = page(client, url)["ETag"]
    article.title_uk = "Виправлена назва"
    article.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Виправлена назва" in response.content.decode()


def test_a_fresh_client_sees_the_cached_page_as_public(make_article):
    """Browsers may keep a public page but must ask again before showing it."""
    article = make_article()
    response = page(Client(), article.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_a_page_using_the_csp_nonce_is_not_stored(rf, make_article):
    """A page whose scripts carry one request's CSP nonce is never shown to another visitor."""
    from django.http import HttpResponse
    from django.urls import resolve
    from django.utils.csp import LazyNonce

    def view(request):
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    middleware = page_cache_middleware(view)
    for _ in range(2):
        request = rf.get(NEWS)
        request.resolver_match = resolve(NEWS)
        request._csp_nonce = LazyNonce()
        response = middleware(request)
        assert "X-Page-Cache" not in response


# --- What invalidates, and what does not ------------------------------------------------


def test_a_draft_save_keeps_every_page_cached(client, make_article, make_tag):
    """An editor saving a draft (and the revision it writes) does not empty the cache."""
    make_article(title_uk="Опублікована")
    draft = make_article(title_uk="Чернетка", status=Article.Status.DRAFT)
    tag = make_tag("бюджет")
    page(client, "/"), page(client, NEWS)
    draft.lead_uk = "Ще пишу."
    draft.save()
    draft.tags.add(tag)
    draft.status = Article.Status.REVIEW
    draft.save()
    for url in ("/", NEWS):
        assert page(client, url)["X-Page-Cache"] == "hit", url


def test_a_publication_leaves_the_pages_of_other_articles_cached(client, make_article):
    """Publishing renews the home page and the lists; an older article's page stays cached."""
    older = make_article(title_uk="Старіша новина")
    draft = make_article(title_uk="Свіжа новина", status=Article.Status.DRAFT)
    for url in ("/", NEWS, older.get_absolute_url()):
        page(client, url)
    draft.status, draft.published_at = Article.Status.PUBLISHED, None
    draft.save()
    for url in ("/", NEWS):
        assert "Свіжа новина" in page(client, url).content.decode(), url
    assert page(client, older.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_withdrawn_article_leaves_the_related_news_of_others(client, make_article):
    """An article taken down is not offered any more as related news beside another one."""
    withdrawn = make_article(title_uk="Помилкова новина")
    other = make_article(title_uk="Інша новина з тієї ж рубрики")
    assert "Помилкова новина" in page(client, other.get_absolute_url()).content.decode()
    withdrawn.status = Article.Status.DRAFT
    withdrawn.save()
    assert "Помилкова новина" not in page(client, other.get_absolute_url()).content.decode()


def test_moving_an_article_to_the_trash_removes_it(client, make_article):
    """An article moved to the trash answers 404 and leaves the lists at once."""
    article = make_article(title_uk="До кошика")
    url = article.get_absolute_url()
    page(client, url), page(client, NEWS)
    article.deleted_at = timezone.now()
    article.save()
    assert client.get(url).status_code == 404
    assert "До кошика" not in page(client, NEWS).content.decode()


def test_a_gone_page_leaves_no_copy_behind(client, make_article, monkeypatch):
    """Once an article's page answers 404, its old copy is gone from the cache for everyone."""
    article = make_article()
    url = article.get_absolute_url()
    stored, shared = [], caches["default"]
    set_page = shared.set
    monkeypatch.setattr(
        shared, "set", lambda key, *a, **k: stored.append(key) or set_page(key, *a, **k)
    )
    page(client, url)
    [key] = [key for key in stored if key.startswith("pagecache:v4:page:")]
    assert cache.get(key) is not None
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)  # no signal
    pagecache.invalidate()
    assert client.get(url).status_code == 404
    assert cache.get(key) is None


def test_invalidate_pages_shows_a_change_no_signal_reports(client, make_article):
    """After a bulk SQL fix, `manage.py invalidate_pages` makes every page show it."""
    article = make_article(title_uk="Стара назва")
    page(client, NEWS)
    Article.objects.filter(pk=article.pk).update(title_uk="Нова назва")
    assert "Стара назва" in page(client, NEWS).content.decode()
    call_command("invalidate_pages", stdout=None)
    assert "Нова назва" in page(client, NEWS).content.decode()


# --- Query parameters ---------------------------------------------------------------------


def test_unknown_query_parameters_share_the_page(client, make_article):
    """Tracking parameters (utm_*, fbclid) and junk neither make new copies nor reach the
    page: they get the same cached page as the plain address."""
    make_article()
    plain = page(client, NEWS)
    for query in ("?utm_source=facebook&utm_medium=social", "?fbclid=abc", "?x=1&x=2"):
        response = page(client, NEWS + query)
        assert response["X-Page-Cache"] == "hit", query
        assert response.content == plain.content


def test_declared_parameters_have_pages_of_their_own(client, make_article):
    """The second page of the news and a search are cached apart from the first page."""
    for number in range(14):
        make_article(title_uk=f"Новина номер {number}")
    first = page(client, NEWS)
    second = page(client, NEWS + "?page=2&utm_source=x")
    assert second["X-Page-Cache"] == "miss"
    assert second.content != first.content
    assert page(client, NEWS + "?page=2")["X-Page-Cache"] == "hit"
    found = page(client, "/poshuk/?q=новина&utm_source=x")
    assert "utm_source" not in found.content.decode()  # links carry only what the page reads
    assert page(client, "/poshuk/?q=новина")["X-Page-Cache"] == "hit"


# --- Each worker's copies, in front of the shared cache -----------------------------------


@pytest.fixture
def local_copies(settings, time_machine, monkeypatch):
    """As with Redis: copies trusted for half a second; the clock stands still unless moved.
    Returns the keys looked up in the shared cache."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 0.5
    pagecache.LOCAL.clear()
    time_machine.move_to(timezone.now(), tick=False)
    looked_up, shared = [], caches["default"]
    get_many = shared.get_many
    monkeypatch.setattr(shared, "get_many", lambda keys: looked_up.extend(keys) or get_many(keys))
    return looked_up


def test_a_worker_answers_a_spike_from_its_own_memory(
    client, make_article, local_copies, django_assert_num_queries
):
    """Under a spike a worker serves the page from its memory: no query, no round trip."""
    make_article()
    miss = page(client, NEWS)
    asked = len(local_copies)
    for _ in range(3):
        with django_assert_num_queries(0):
            assert page(client, NEWS).content == miss.content
    assert len(local_copies) == asked


def test_another_workers_edit_shows_within_the_trust_period(
    client, make_article, local_copies, time_machine
):
    """An edit saved through another worker shows here half a second later at most; one saved
    through this worker at once."""
    article = make_article(title_uk="Перша версія")
    assert "Перша версія" in page(client, NEWS).content.decode()
    Article.objects.filter(pk=article.pk).update(title_uk="Друга версія")
    # Another worker's edit: new generations in the shared cache, none in this worker.
    cache.set_many({pagecache.GROUP + group: "x" for group in (pagecache.ALL, pagecache.ANY)})
    assert "Перша версія" in page(client, NEWS).content.decode()
    time_machine.shift(timedelta(seconds=0.5))
    assert "Друга версія" in page(client, NEWS).content.decode()
    article.title_uk = "Третя версія"
    article.save()
    assert "Третя версія" in page(client, NEWS).content.decode()
