"""The benchmark (issue 13): the site under gunicorn as in production, loaded with wrk.

    .venv/bin/python bench/run.py                 # the full run, about 8 minutes
    .venv/bin/python bench/run.py --duration 3    # a quick look

It builds a data set on PostgreSQL (first --small articles, then up to --articles, with tags,
covers sharing a few image files, all hromadas from the bundled codifier, municipalities
mentioned by articles), collects static files, starts gunicorn with deploy/gunicorn.conf.py
(DEBUG off, 2 workers, 127.0.0.1) and drives it with wrk from a second process. Every page
is measured cold (page cache off) and warm (page cache on, Redis), next to the framework's
floor: a constant Django response through the same middleware, in the same server; cold,
also beside the issue's yardsticks, a plain DetailView and a plain ListView of 20, and the
plain DetailView in the site's layout. List pages and search are also measured at both sizes
(a copy of the database at the smaller one), the two in turns.
Needs: PostgreSQL, Redis, `apt install wrk`. docs/performance.md explains the figures.
"""

import argparse
import io
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", "/tmp/amu-bench"))
REPORT_LUA = Path(__file__).with_name("report.lua")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="the smaller data set")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8013)
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/amu_bench", help="recreated!"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="flushed!")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args()


ARGS = parse_args()
SERVER_ENV = {
    "DATABASE_URL": ARGS.database,
    "REDIS_URL": ARGS.redis,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Plain HTTP on the loopback, as behind the front server.
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_STATIC_ROOT": str(WORK / "static"),
    "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    "DJANGO_LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"  # the site plus bench/urls.py
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from news.models import Article, Category, Tag  # noqa: E402

PYTHON = sys.executable
BASE = f"http://127.0.0.1:{ARGS.port}"
SERVER = None  # the running Server


# --- The data set ----------------------------------------------------------------------------

WORDS = (
    "бюджет громади школа дорога вода медицина децентралізація енергетика відновлення "
    "укриття транспорт освіта культура спорт молодь ветерани земля податки інвестиції "
    "партнерство асоціація міста села селища рада голова депутати закон реформа кошти "
    "програма проєкт грант донори цифровізація прозорість звіт конференція навчання"
).split()
CATEGORIES = ["Події", "Законодавство", "Громади", "Міжнародна співпраця", "Навчання", "Заяви"]
SEARCH_QUERY = "відновлення укриття"


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def database_url(name):
    """The address of another database on the bench's PostgreSQL server."""
    return ARGS.database.rsplit("/", 1)[0] + "/" + name


def admin_connection():
    import psycopg

    return psycopg.connect(database_url("postgres"), autocommit=True)


def recreate_database():
    name = settings.DATABASES["default"]["NAME"]
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def copy_database(suffix):
    """A copy of the bench database as it stands, recreated as <name>_<suffix>; its URL."""
    name = settings.DATABASES["default"]["NAME"]
    copy = f"{name}_{suffix}"
    connection.close()
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return database_url(copy)


def build(first, last, rng):
    """Articles number first..last-1, with tags, shared covers and mentioned hromadas."""
    categories = list(Category.objects.all())
    tags = list(Tag.objects.all())
    covers = list(
        Article.objects.exclude(cover_image="").values(
            "cover_image", "cover_width", "cover_height"
        )[:4]
    )
    now = timezone.now()
    articles = []
    for number in range(first, last):
        title = sentence(rng, 7).rstrip(".") + f" ({number})"
        english = number % 3 == 0
        cover = covers[number % len(covers)] if covers else {}
        articles.append(
            Article(
                title_uk=title,
                title_en=f"Hromadas discussed the budget ({number})" if english else None,
                slug=f"novyna-{number}",
                lead_uk=sentence(rng, 25),
                lead_en="Hromadas and the association discussed the budget." if english else "",
                body_uk="".join(
                    f"<p>{sentence(rng, 40)} {sentence(rng, 30)}</p>" for _ in range(6)
                ),
                body_en="<p>The text of the news.</p>" if english else "",
                category=rng.choice(categories),
                status=Article.Status.PUBLISHED,
                # Five years of news, newest first by number.
                published_at=now - timedelta(minutes=263 * (last - number)),
                featured=number >= last - 3,
                cover_alt_uk="Учасники зустрічі в залі" if cover else "",
                **cover,
            )
        )
    for article in articles:
        # bulk_create skips save(); the trigger makes the vectors from these (issue 6).
        article.update_search_documents()
    with transaction.atomic():
        created = Article.objects.bulk_create(articles, batch_size=1000)
        through = Article.tags.through
        through.objects.bulk_create(
            [
                through(article_id=article.pk, tag_id=tag.pk)
                for article in created
                for tag in rng.sample(tags, 3)
            ],
            batch_size=5000,
        )
        mention_municipalities(created, rng)
    refresh_search_index()


def mention_municipalities(articles, rng):
    """Articles mention hromadas once the partners app has them (issue 3)."""
    field = next(
        (f for f in Article._meta.many_to_many if f.related_model.__name__ == "Municipality"),
        None,
    )
    if field is None:
        return
    municipalities = list(field.related_model.objects.values_list("pk", flat=True))
    if not municipalities:
        return
    through = field.remote_field.through
    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [
            through(**{source: article.pk, target: rng.choice(municipalities)})
            for article in articles
            if article.pk % 2 == 0
        ],
        batch_size=5000,
    )


def refresh_search_index():
    """Let PostgreSQL gather statistics (search vectors among them, issue 6), as autovacuum
    would on a site that grew slowly."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare_base(rng):
    recreate_database()
    connection.close()
    call_command("migrate", verbosity=0)
    from django.core.management import get_commands

    if "import_hromadas" in get_commands():
        call_command("import_hromadas", verbosity=0)
    for name in CATEGORIES:
        Category.objects.create(name_uk=name, name_en=name)
    Tag.objects.bulk_create(
        [
            Tag(name_uk=f"{rng.choice(WORDS)} {number}", slug=f"tema-{number}")
            for number in range(300)
        ]
    )
    make_covers(rng)


def make_covers(rng):
    """Four real covers with their renditions; the bulk-made articles share their files."""
    from PIL import Image

    category = Category.objects.first()
    for number, color in enumerate(["#0b4f8a", "#ffd500", "#3a7d44", "#a33b20"]):
        article = Article.objects.create(
            title_uk=f"Фото {number}",
            slug=f"foto-{number}",
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=3000),
            cover_alt_uk="Учасники зустрічі в залі",
        )
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 900), color).save(buffer, "JPEG", quality=85)
        with transaction.atomic():
            article.cover_image.save(f"cover-{number}.jpg", ContentFile(buffer.getvalue()))


# --- The server and the load ----------------------------------------------------------------


class Server:
    def __init__(self, page_cache, database=None):
        database = database or ARGS.database
        self.database_name = urllib.parse.urlsplit(database).path.lstrip("/")
        self.env = {
            **os.environ,
            "DATABASE_URL": database,
            "GUNICORN_BIND": f"127.0.0.1:{ARGS.port}",
            "WEB_CONCURRENCY": "2",
            "DJANGO_PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        }

    def __enter__(self):
        global SERVER
        SERVER = self
        subprocess.run(["redis-cli", "-u", ARGS.redis, "flushdb"], check=True, capture_output=True)
        self.log = open(WORK / "gunicorn.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "-c",
                "deploy/gunicorn.conf.py",
                "amu_site.wsgi",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=5)
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start, see {WORK / 'gunicorn.log'}")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


class CpuMeter:
    """CPU time of the server (gunicorn's processes and their PostgreSQL backends) and wrk.

    Other helpers share this machine, so requests/s depend on their load; the CPU each
    request costs does not, and on an idle 2-core machine throughput is about 2 cores
    divided by it. Processes are sampled every quarter second from /proc, so a worker that
    is recycled mid-run still counts.
    """

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, server):
        self.server_pid = server.process.pid
        self.database = server.database_name

    def processes(self):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as file:
                    fields = file.read().rsplit(")", 1)[1].split()
                ppid, cpu = int(fields[1]), int(fields[11]) + int(fields[12])
                pid = int(entry.name)
                if pid == self.server_pid or ppid == self.server_pid:
                    yield pid, cpu
                elif ppid != os.getpid():
                    with open(f"/proc/{entry.name}/cmdline", "rb") as file:
                        title = file.read()
                    if title.startswith(b"postgres: ") and f" {self.database} ".encode() in title:
                        yield pid, cpu
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                continue

    def __enter__(self):
        import threading

        self.start = dict(self.processes())
        self.seen = dict(self.start)
        self.running = True
        self.children = os.times().children_user + os.times().children_system
        self.thread = threading.Thread(target=self.poll, daemon=True)
        self.thread.start()
        return self

    def poll(self):
        while self.running:
            time.sleep(0.25)
            for pid, cpu in self.processes():
                if pid not in self.seen and pid not in self.start:
                    self.start[pid] = 0  # started during the run: all of its time counts
                self.seen[pid] = cpu

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        for pid, cpu in self.processes():
            self.seen[pid] = cpu
        server = sum(cpu - self.start.get(pid, 0) for pid, cpu in self.seen.items())
        times = os.times()
        self.seconds = server / self.TICK + (
            times.children_user + times.children_system - self.children
        )


def fetch(path):
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        assert response.status == 200, path
        return response.read().decode()


def load(path, connections=None, duration=None):
    """wrk against one address: requests/s, p50 and p99 in milliseconds."""
    fetch(path)  # fills the cache when it is on; checks the page answers 200
    connection.close()  # the bench's own backend must not count as the server's
    with CpuMeter(SERVER) as meter:
        result = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections or ARGS.connections}",
                f"-d{duration or ARGS.duration}s",
                "-s",
                str(REPORT_LUA),
                BASE + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    match = re.search(r"^RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)$", result.stdout, re.M)
    rps, p50, p99, errors, non2xx, requests = match.groups()
    if int(errors) or int(non2xx):
        print(f"  ! {path}: {errors} socket errors, {non2xx} non-2xx answers", flush=True)
    return {
        "rps": float(rps),
        "p50": float(p50) / 1000,
        "p99": float(p99) / 1000,
        "cpu_ms": meter.seconds / max(1, int(requests)) * 1000,
    }


def optional_reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def pages():
    """(label, path) of every page measured; pages of apps not yet installed are left out."""
    deep = deep_page(Article.objects.published().count())
    found = [
        ("home", "/"),
        ("news list, page 1", reverse("news:list")),
        (f"news list, page {deep}", f"{reverse('news:list')}?page={deep}"),
        ("article", measured_article().get_absolute_url()),
        ("category", Category.objects.first().get_absolute_url()),
        ("municipality directory", optional_reverse("partners:municipality_list")),
        ("search", search_path()),
        ("feed (RSS)", optional_reverse("news:feed", format="rss")),
    ]
    return [(label, path) for label, path in found if path]


def deep_page(count):
    """The news list's page before its last, for `count` published articles."""
    return max(1, count // settings.NEWS_PAGE_SIZE - 1)


def measured_article():
    """The article whose page is measured, and which the plain DetailView shows."""
    return Article.objects.published().filter(slug__startswith="novyna-").first()


def yardsticks():
    """The issue's yardsticks, uncached: an article and a list as Django's tutorial builds
    them (bench/views.py); and the plain DetailView in
    the site's layout (PlainArticleInLayoutView), what the layout alone adds to any page."""
    slug = measured_article().slug
    return [
        ("plain DetailView", f"/bench/plain/news/{slug}/"),
        ("plain DetailView in layout", f"/bench/plain/news/{slug}/layout/"),
        ("plain ListView of 20", "/bench/plain/news/"),
    ]


def search_path():
    path = optional_reverse("news:search")
    return path and f"{path}?{urllib.parse.urlencode({'q': SEARCH_QUERY})}"


def scale_pages(count):
    """List page 1, a page near the end of `count` published articles, and search."""
    deep = deep_page(count)
    found = [
        ("news list, page 1", reverse("news:list")),
        ("news list, near the end", f"{reverse('news:list')}?page={deep}"),
        ("search", search_path()),
    ]
    return [(label, path) for label, path in found if path]


# --- The run ---------------------------------------------------------------------------------


def row(label, figures, floor):
    ratio = figures["rps"] / floor["rps"] * 100
    cpu_ratio = floor["cpu_ms"] / figures["cpu_ms"] * 100
    return (
        f"  {label:<26} {figures['rps']:>7.0f} req/s {ratio:>6.1f} %"
        f"   p50 {figures['p50']:>6.1f} ms  p99 {figures['p99']:>6.1f} ms"
        f"   CPU {figures['cpu_ms']:>6.2f} ms {cpu_ratio:>6.1f} %"
    )


HEADER = (
    f"  {'page':<26} {'throughput, % of floor':>22}   {'latency':<28}"
    "   CPU per request, % of floor"
)


def measure_all(page_cache):
    with Server(page_cache=page_cache):
        print(HEADER)
        floor = load("/bench/floor/")
        print(row("floor (constant response)", floor, floor), flush=True)
        results = {"floor": floor}
        if not page_cache:
            for label, path in yardsticks():
                results[label] = figures = load(path)
                print(row(label, figures, floor), flush=True)
        for label, path in pages():
            results[label] = figures = load(path)
            print(row(label, figures, floor), flush=True)
        if not page_cache and search_path():
            single = load(search_path(), connections=1)
            results["search, one client"] = single
            print(row("search, one client", single, floor), flush=True)
    return results


# The two data sets are measured in turns, this many times each, so that the machine's
# drift (a shared virtual machine's speed changes by 20-30 % within minutes) falls on both.
SCALE_ROUNDS = 3


def measure_scale(data_sets):
    """Latency with one client, page cache off, of each data set ({label: (database URL,
    published articles)}), the sets taking turns; per page, the medians of the rounds."""
    rounds = {label: {} for label in data_sets}
    duration = max(2, ARGS.duration // SCALE_ROUNDS)
    for _ in range(SCALE_ROUNDS):
        for label, (database, count) in data_sets.items():
            with Server(page_cache=False, database=database):
                paths = scale_pages(count)
                for _warm_up in range(4):  # both workers' first requests, not measured
                    for _page, path in paths:
                        fetch(path)
                for page, path in paths:
                    figures = load(path, connections=1, duration=duration)
                    rounds[label].setdefault(page, []).append(figures)
    results = {
        label: {
            page: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            for page, runs in pages_runs.items()
        }
        for label, pages_runs in rounds.items()
    }
    first, second = data_sets
    print(f"  {'page':<26} {first + ' p50 / p99':>24} {second + ' p50 / p99':>24}")
    for page in results[first]:
        cells = [
            f"{results[label][page]['p50']:>9.1f} / {results[label][page]['p99']:>6.1f} ms"
            for label in (first, second)
        ]
        print(f"  {page:<26} {cells[0]:>24} {cells[1]:>24}", flush=True)
    return results


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(13)
    started = time.monotonic()
    print(f"Data: {ARGS.small} articles on {connection.settings_dict['NAME']}", flush=True)
    prepare_base(rng)
    build(0, ARGS.small, rng)
    call_command("collectstatic", interactive=False, verbosity=0)
    report = {"machine": {"cpus": os.cpu_count()}, "settings": vars(ARGS) | {"json": None}}
    small = (copy_database("small"), Article.objects.published().count())
    print(f"Data: {ARGS.articles} articles (the first {ARGS.small} copied)", flush=True)
    build(ARGS.small, ARGS.articles, rng)
    large = (ARGS.database, Article.objects.published().count())
    connection.close()
    print(
        f"\nLatency at {ARGS.small} and {ARGS.articles} articles, page cache off, one client"
        f" (the two in turns, medians of {SCALE_ROUNDS} rounds):",
        flush=True,
    )
    scale = measure_scale({str(ARGS.small): small, str(ARGS.articles): large})
    report["small"], report["large"] = scale[str(ARGS.small)], scale[str(ARGS.articles)]
    print(f"\nCold (page cache off), {ARGS.connections} connections, {ARGS.duration} s each:")
    report["cold"] = measure_all(page_cache=False)
    print(f"\nWarm (page cache on), {ARGS.connections} connections, {ARGS.duration} s each:")
    report["warm"] = measure_all(page_cache=True)
    print(f"\nDone in {time.monotonic() - started:.0f} s.")
    if ARGS.json:
        ARGS.json.write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
