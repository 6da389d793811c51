"""The anonymous page cache (amu_site/pagecache.py): hits, every invalidation rule, staff,
single-flight rebuilds, conditional GET and each worker's local copies."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import timezone

from amu_site import pagecache
from news.models import Article, PreviewLink

pytestmark = pytest.mark.django_db

NEWS = "/novyny/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_WAIT_SECONDS = 0


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
    """Other addresses (the admin's login, share links, a missing page) cost no lookup."""
    from django.conf import settings

    article = make_article()
    urlconf = settings.ROOT_URLCONF
    assert pagecache.is_public_path(urlconf, "uk", article.get_absolute_url())
    assert pagecache.is_public_path(urlconf, "en", "/en/news/")
    assert not pagecache.is_public_path(urlconf, "uk", f"/{settings.ADMIN_URL}login/")
    assert not pagecache.is_public_path(urlconf, "uk", "/perehliad/token/")
    assert not pagecache.is_public_path(urlconf, "uk", "/.well-known/security.txt")


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
    """Tagging an article (a many-to-many change only) puts it on the tag's page."""
    tag = make_tag("бюджет")
    article = make_article(title_uk="Про бюджет")
    assert "Про бюджет" not in page(client, tag.get_absolute_url()).content.decode()
    article.tags.add(tag)
    assert "Про бюджет" in page(client, tag.get_absolute_url()).content.decode()


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


def test_a_stale_page_is_rebuilt_by_one_request(client, make_article, django_assert_num_queries):
    """While one request rebuilds an expired popular page, the others get the old copy."""
    article = make_article(title_uk="Популярна")
    url = article.get_absolute_url()
    page(client, url)
    pagecache.bump_generation()
    digest = _digest(client, url)
    assert cache.add(pagecache.LOCK_KEY.format(digest=digest), 1, 10)  # another worker
    with django_assert_num_queries(0):
        assert page(client, url)["X-Page-Cache"] == "stale"
    cache.delete(pagecache.LOCK_KEY.format(digest=digest))
    assert page(client, url)["X-Page-Cache"] == "miss"
    assert page(client, url)["X-Page-Cache"] == "hit"


def test_without_a_copy_a_request_waits_for_the_rebuild(
    client, settings, make_article, monkeypatch, django_assert_num_queries
):
    """On a cold cache a crowd waits for the one rendering instead of all rendering."""
    settings.PAGE_CACHE_WAIT_SECONDS = 1
    article = make_article(title_uk="Щойно опублікована")
    url = article.get_absolute_url()
    rendered = page(client, url)
    digest = _digest(client, url)
    key = pagecache.PAGE_KEY.format(digest=digest)
    entry = cache.get(key)
    cache.delete(key)
    cache.add(pagecache.LOCK_KEY.format(digest=digest), 1, 10)

    def other_worker_finishes(seconds):
        cache.set(key, entry)

    monkeypatch.setattr(pagecache.time, "sleep", other_worker_finishes)
    with django_assert_num_queries(0):
        waited = page(client, url)
    assert waited.content == rendered.content


def _digest(client, url):
    """The cache digest of an anonymous request for url, as the middleware computes it."""
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get(url)
    language = "en" if url.startswith("/en/") else "uk"
    with translation.override(language):
        return pagecache.PageCacheMiddleware.digest(request)


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
        middleware.process_view(request, None, (), {})
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    middleware = pagecache.PageCacheMiddleware(view)
    for _ in range(2):
        request = rf.get(NEWS)
        request.resolver_match = resolve(NEWS)
        request._csp_nonce = LazyNonce()
        response = middleware(request)
        assert "X-Page-Cache" not in response


# --- Local copies: a worker's own memory in front of the shared cache ----------------------


@pytest.fixture
def local_copies(settings, time_machine):
    """As with Redis: copies trusted for a second; the clock stands still unless moved."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    settings.PAGE_CACHE_LOCAL_PAGES = 2
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


@pytest.fixture
def shared_lookups(monkeypatch):
    """The keys of every page looked up in the shared cache."""
    looked_up = []
    shared = caches["default"]
    get_many = shared.get_many

    def counting(keys, *args, **kwargs):
        looked_up.extend(key for key in keys if key.startswith(pagecache.PAGE_KEY[:18]))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(shared, "get_many", counting)
    return looked_up


def test_a_worker_answers_a_spike_from_its_own_memory(
    client, make_article, local_copies, shared_lookups, django_assert_num_queries
):
    """Under a spike a worker serves the page it rendered from its own memory: no query and
    no round trip to the shared cache."""
    make_article(title_uk="Бюджет громади")
    miss = page(client, NEWS)
    assert miss["X-Page-Cache"] == "miss" and len(shared_lookups) == 1
    for _ in range(3):
        with django_assert_num_queries(0):
            hit = page(client, NEWS)
        assert hit["X-Page-Cache"] == "hit"
        assert hit.content == miss.content
    assert len(shared_lookups) == 1


def test_another_workers_edit_shows_after_the_trust_period(client, make_article, local_copies):
    """An edit made through another worker reaches this one's copies within
    PAGE_CACHE_LOCAL_SECONDS: the next lookup reads the new generation."""
    article = make_article(title_uk="Перша версія")
    assert "Перша версія" in page(client, NEWS).content.decode()
    # Another worker's edit: the shared generation changes, this worker hears no signal.
    Article.objects.filter(pk=article.pk).update(title_uk="Друга версія")
    cache.set(pagecache.GENERATION_KEY, "another-worker")
    assert "Перша версія" in page(client, NEWS).content.decode()
    local_copies.shift(timedelta(seconds=1))
    response = page(client, NEWS)
    assert response["X-Page-Cache"] == "miss"
    assert "Друга версія" in response.content.decode()


def test_this_workers_edit_shows_at_once(client, make_article, local_copies):
    """An edit saved through this worker drops its copies at once."""
    article = make_article(title_uk="Перша версія")
    page(client, NEWS), page(client, NEWS)
    article.title_uk = "Друга версія"
    article.save()
    assert "Друга версія" in page(client, NEWS).content.decode()


def test_a_worker_keeps_only_the_pages_it_served_last(
    client, make_article, local_copies, shared_lookups
):
    """PAGE_CACHE_LOCAL_PAGES bounds a worker's memory: the page served longest ago is asked
    of the shared cache again (and is still a hit there)."""
    article = make_article()
    first, second, third = NEWS, "/", article.get_absolute_url()
    for url in (first, second, third):
        assert page(client, url)["X-Page-Cache"] == "miss"
    shared_lookups.clear()
    assert page(client, third)["X-Page-Cache"] == "hit"
    assert page(client, second)["X-Page-Cache"] == "hit"
    assert shared_lookups == []
    assert page(client, first)["X-Page-Cache"] == "hit"
    assert len(shared_lookups) == 1
