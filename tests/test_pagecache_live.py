"""The page cache under a running site with a real Redis (a redis-server of the test's own):
several readers at once while news is withdrawn, Redis killed and restarted, junk query
parameters. The shared Redis of the machine is never touched."""

import http.client
import logging
import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
import redis
from django.db import connection
from django.utils import timezone

from news.models import Article
from pagecache import TolerantRedisCache
from partners.models import Municipality, Oblast, Raion

pytestmark = pytest.mark.django_db(transaction=True)

NEWS = "/novyny/"


class RedisServer:
    """A redis-server process on a free port, which a test may kill and start again."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.client = redis.Redis(port=self.port)

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
            + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.02)

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.TolerantRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "amu",  # as in settings: a manage.py command shares the entries
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    TolerantRedisCache.down_until = 0.0
    TolerantRedisCache.warned_at = float("-inf")
    yield server
    if server.process.poll() is None:
        server.kill()


def get(live_server, path):
    """(status, headers, text) of an anonymous GET; redirects are not followed."""
    address = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=20)
    try:
        conn.request("GET", quote(path, safe="/?=&"))
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several server threads at once need PostgreSQL: set DATABASE_URL (CI runs it)",
)
def test_withdrawn_news_disappears_for_every_reader(
    redis_server, live_server, make_article, settings
):
    """Eight readers at once: after an unpublish, a move to the trash, an expiry or a slug
    change, nobody gets the withdrawn article after the first second."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 0.5  # as in production
    unpublished = make_article(title_uk="Знята з публікації")
    trashed = make_article(title_uk="Перенесена до кошика")
    renamed = make_article(title_uk="Перейменована")
    expiring = make_article(
        title_uk="Оголошення, що спливає", expires_at=timezone.now() + timedelta(seconds=3)
    )
    withdrawn = {  # address -> title that must disappear from it
        unpublished.get_absolute_url(): unpublished.title_uk,
        trashed.get_absolute_url(): trashed.title_uk,
        renamed.get_absolute_url(): renamed.title_uk,
        expiring.get_absolute_url(): expiring.title_uk,
    }
    for path in [*withdrawn, "/", "/", *withdrawn]:
        assert get(live_server, path)[0] == 200, path
    assert get(live_server, "/")[1]["X-Page-Cache"] == "hit"

    answers = []  # (time asked, path, status, text, time answered)
    started = time.monotonic()

    def read(offset):
        paths = [*withdrawn, "/"]
        number = offset
        while time.monotonic() - started < 5:
            path = paths[number % len(paths)]
            asked_at = time.monotonic()
            status, _headers, text = get(live_server, path)
            answers.append((asked_at, path, status, text, time.monotonic()))
            number += 1

    readers = [threading.Thread(target=read, args=(offset,)) for offset in range(8)]
    for reader in readers:
        reader.start()
    time.sleep(0.5)  # the readers are being served from the cache meanwhile
    first_change = time.monotonic()
    unpublished.status = Article.Status.DRAFT
    unpublished.save()
    withdrawn_at = {unpublished.title_uk: time.monotonic()}
    trashed.deleted_at = timezone.now()
    trashed.save()
    withdrawn_at[trashed.title_uk] = time.monotonic()
    renamed_address = renamed.get_absolute_url()
    renamed.slug = "nova-adresa"
    renamed.save()
    withdrawn_at[renamed.title_uk] = time.monotonic()
    expires_in = (expiring.expires_at - timezone.now()).total_seconds()
    withdrawn_at[expiring.title_uk] = time.monotonic() + expires_in
    for reader in readers:
        reader.join()

    assert len(answers) > 100
    assert max(withdrawn_at.values()) < started + 4, "every withdrawal leaves a second to see"
    before = [a for a in answers if a[4] < first_change]
    assert before and [a[1:3] for a in before if a[2] != 200] == []
    # What must be gone a second after each withdrawal: the article at its address, and from
    # the home page the three withdrawn titles and the renamed article's old address.
    on_home = {title: title for title in withdrawn_at if title != renamed.title_uk}
    on_home[renamed.title_uk] = old_address = renamed_address
    late = []
    for at, path, status, text, _done in answers:
        gone = {withdrawn[path]: withdrawn[path]} if path in withdrawn else on_home
        for title, sign in gone.items():
            if at > withdrawn_at[title] + 1 and status == 200 and sign in text:
                late.append((round(at - withdrawn_at[title], 2), path, title))
    assert late == []
    assert old_address not in get(live_server, "/")[2]
    after = [a for a in answers if a[0] > max(withdrawn_at.values()) + 1]
    assert {status for _at, path, status, *_rest in after if path in withdrawn} <= {301, 404}


@pytest.fixture
def hromada(db):
    oblast = Oblast.objects.create(
        code="UA61000000000060328", name_uk="Тернопільська", name_en="Ternopilska"
    )
    raion = Raion.objects.create(
        code="UA61040000000042587", name_uk="Тернопільський", oblast=oblast
    )
    return Municipality.objects.create(
        name_uk="Збаразька",
        slug="zbarazka",
        code="UA61040000000000001",
        kind=Municipality.Kind.URBAN,
        oblast=oblast,
        raion=raion,
        centre_uk="Збараж",
    )


def test_the_site_serves_every_page_while_redis_is_down(
    redis_server, live_server, make_article, hromada, caplog
):
    """Redis killed under the running site: home, news, an article, a search and the
    directory still answer 200 from the database, /readyz says the cache is degraded, one
    warning is logged; the cache is used again within 2 s of Redis coming back."""
    article = make_article(title_uk="Бюджет громади на рік")
    pages = {
        "/": article.title_uk,
        NEWS: article.title_uk,
        article.get_absolute_url(): article.title_uk,
        "/poshuk/?q=бюджет": "громади на рік",  # the found word is highlighted
        "/hromady/": hromada.name_uk,
    }
    for path in [*pages, *pages]:
        get(live_server, path)
    assert get(live_server, "/")[1]["X-Page-Cache"] == "hit"
    assert '"status": "ok"' in get(live_server, "/readyz")[2]

    redis_server.kill()
    with caplog.at_level(logging.WARNING, logger="pagecache"):
        for _ in range(3):
            for path, text in pages.items():
                status, headers, body = get(live_server, path)
                assert (status, text in body) == (200, True), path
                assert headers.get("X-Page-Cache") != "hit", path
        status, _headers, ready = get(live_server, "/readyz")
    assert status == 200
    assert '"status": "degraded"' in ready and '"database": "ok"' in ready
    assert '"media": "ok"' in ready
    warnings = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(warnings) == 1

    redis_server.start()
    back_at = time.monotonic()
    while get(live_server, "/")[1].get("X-Page-Cache") != "hit":
        assert time.monotonic() - back_at < 2, "the cache is not used again"
    assert get(live_server, "/readyz")[0] == 200


def test_junk_query_parameters_add_no_cache_entries(redis_server, live_server, make_article):
    """200 requests with distinct junk or tracking parameters add at most a handful of
    entries to Redis: they cannot push the real pages out."""
    make_article()
    for path in ("/", NEWS):
        get(live_server, path)
    before = redis_server.client.dbsize()
    for number in range(200):
        path = ["/", NEWS][number % 2]
        query = [f"x={number}", f"utm_source=s{number}", f"fbclid={number}", f"q{number}=1"]
        status, headers, _text = get(live_server, f"{path}?{query[number % 4]}")
        assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert redis_server.client.dbsize() - before <= 5
