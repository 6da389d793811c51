"""Search on 10,000 articles (issue 6): how long PostgreSQL takes to answer a query.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/amu_bench_search
    .venv/bin/python bench/search.py

It (re)creates the database named in DATABASE_URL (it must be PostgreSQL, and its contents
are lost), migrates it, bulk-creates --articles published articles of realistic Ukrainian
text with their search documents (the trigger of news/migrations/0012_search.py makes the
vectors and the vocabulary), runs VACUUM ANALYZE, then runs each query of QUERIES --repeat
times as the search page does (typo correction, the count, the first page of results, with
snippets) and prints the median and 95th percentile in milliseconds, per query and overall.
The target is a median under 50 ms. docs/performance.md has the last figures.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse the database if it is full")
    parser.add_argument(
        "--corpus",
        choices=["demo", "dense"],
        default="demo",
        help="demo: words drawn as often as in the demo news (realistic); dense: about 130 "
        "common words, so every query matches nearly every article (the worst case)",
    )
    return parser.parse_args()


ARGS = parse_args()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_site.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Set DATABASE_URL to a PostgreSQL database (it is recreated).")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from editorial.search import parse_query  # noqa: E402
from news.models import Article, Category, SearchTerm  # noqa: E402
from news.search import article_snippet, correct_typos, search_articles  # noqa: E402

# Words of the association's news, in the forms they take in sentences.
WORDS = (
    "громада громади громаді громаду громадою громадам громадами бюджет бюджету бюджети "
    "бюджетів школа школи школу дорога дороги ремонт ремонту вода водопостачання медицина "
    "лікарня лікарні децентралізація децентралізації енергетика енергоефективність "
    "відновлення відновленню укриття укриттів транспорт освіта освіти культура спорт молодь "
    "ветерани ветеранів земля землі податки податків інвестиції інвестицій партнерство "
    "асоціація асоціації міста міст села сіл селища рада ради голова голови депутати "
    "депутатів закон закону законопроєкт реформа реформи кошти коштів програма програми "
    "проєкт проєкту грант гранту донори донорів цифровізація прозорість звіт звіту "
    "конференція навчання семінар форум Тернопіль Тернополя Львів Львова Вінниця Вінниці "
    "Полтава Полтави Харків Харкова Одеса Одеси Чернігів Чернігова Житомир Житомира "
    "об’єднаних об'єднання міський міська сільська селищна територіальних місцевого "
    "самоврядування уряд уряду Верховна Рада ухвалила обговорили представили підписали"
).split()
CATEGORIES = ["Події", "Законодавство", "Громади", "Міжнародна співпраця", "Навчання", "Заяви"]
# What readers type: one word in any form, two or three words, names, a typo, a rare word.
QUERIES = [
    "громада",
    "бюджет громади",
    "Тернопіль",
    "відновлення укриття",
    "закон про місцеве самоврядування",
    "децентралізація",
    "об'єднання громад",
    "Вінниці школа",
    "грамада",
    "енергоефективність лікарні",
    "форум Полтава",
    "цифровізація",
]


def demo_vocabulary():
    """The words of the demo news (real texts of the association) and how often they occur."""
    import json
    from collections import Counter

    from editorial.text import WORD, html_to_text

    counts = Counter()
    for item in json.loads((ROOT / "news/demo/articles.json").read_text()):
        body = item["body"] if isinstance(item["body"], str) else " ".join(item["body"])
        counts.update(WORD.findall(f"{item['title']} {item['lead']} {html_to_text(body)}"))
    # The dense word list too, so that its queries have something to find.
    counts.update(dict.fromkeys(WORDS, 3))
    return list(counts), list(counts.values())


class Words:
    def __init__(self, rng):
        self.rng = rng
        if ARGS.corpus == "demo":
            self.words, self.weights = demo_vocabulary()
        else:
            self.words, self.weights = WORDS, None

    def sentence(self, count):
        text = " ".join(self.rng.choices(self.words, self.weights, k=count))
        return text[0].upper() + text[1:] + "."


def recreate_database():
    import psycopg

    name = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    connection.close()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def build(count):
    rng = random.Random(6)
    words = Words(rng)
    call_command("migrate", verbosity=0)
    categories = [Category.objects.create(name_uk=name) for name in CATEGORIES]
    now = timezone.now()
    started = time.perf_counter()
    articles = []
    for number in range(count):
        article = Article(
            title_uk=words.sentence(8).rstrip(".") + f" ({number})",
            slug=f"novyna-{number}",
            lead_uk=words.sentence(25),
            body_uk="".join(f"<p>{words.sentence(35)} {words.sentence(30)}</p>" for _ in range(6)),
            category=rng.choice(categories),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=263 * (count - number)),
        )
        article.update_search_documents()
        articles.append(article)
    documents = time.perf_counter() - started
    started = time.perf_counter()
    Article.objects.bulk_create(articles, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"{count} articles ({ARGS.corpus} corpus, "
        f"{len(set(words.words))} distinct words): documents {documents:.1f} s, "
        f"insert with vectors and vocabulary {time.perf_counter() - started:.1f} s"
    )


def run_query(text):
    """What the search page does for a query, without the template."""
    query = correct_typos(parse_query(text, "uk"), SearchTerm.objects)
    articles = search_articles(Article.objects.published(), query).select_related("category")
    total = articles.count()
    page = list(articles[: settings.NEWS_PAGE_SIZE])
    for article in page:
        article_snippet(article, query)
    return total


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    if not (ARGS.keep and _full()):
        recreate_database()
        build(ARGS.articles)
    translation.activate("uk")
    print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    everything = []
    print(f"{'query':36} {'found':>6} {'median':>8} {'p95':>8}  (ms, {ARGS.repeat} runs)")
    for text in QUERIES:
        run_query(text)  # warm the caches, as a running site has them
        times = []
        for _ in range(ARGS.repeat):
            started = time.perf_counter()
            total = run_query(text)
            times.append((time.perf_counter() - started) * 1000)
            reset_queries()
        everything += times
        print(
            f"{text:36} {total:6} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}"
        )
    median = statistics.median(everything)
    print(
        f"{'all queries':36} {'':6} {median:8.1f} {percentile(everything, 0.95):8.1f}"
        f"  — target: median under 50 ms: {'met' if median < 50 else 'NOT met'}"
    )


def _full():
    try:
        return Article.objects.count() == ARGS.articles
    except Exception:  # no database or no tables yet
        return False


if __name__ == "__main__":
    main()
