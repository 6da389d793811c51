"""A newsroom's working day against the page cache: its hit ratio on the public pages.

    .venv/bin/python bench/working_day.py                      # SQLite in a temporary folder
    .venv/bin/python bench/working_day.py --redis redis://127.0.0.1:6379/3   # flushed!

500 page views by visitors without a session, spread as on a news site (most to the home
page and the newest articles; the rest over the lists, older articles, the directory and
search), interleaved with 50 saves of drafts by editors and 5 publications, in the order a
seeded random generator gives. The day starts with a warm cache, as on a site that has served
readers all morning: every address the day can ask for is visited once before it (a newly
published article's page is new during the day). Time is compressed: no page outlives
DJANGO_PAGE_CACHE_SECONDS here, so what is measured is what edits do to the cache. It prints
the share of views answered from the cache (X-Page-Cache: hit, or stale where a version of the
cache serves stale copies), of all views and of the views of an address seen before: a first
view finds nothing in any cache, the others show what edits cost. It runs against any
version of the site with the same models: docs/performance.md has the figures before and
after issue 23.
"""

import argparse
import os
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIEWS, DRAFT_SAVES, PUBLICATIONS = 500, 50, 5
# Where the views go: (share, kind). Within a kind, popularity falls as 1/rank (Zipf).
TRAFFIC = [
    (0.40, "home"),
    (0.30, "newest"),  # the five newest articles
    (0.10, "lists"),  # the news list, its second page, the categories
    (0.08, "older"),  # the 60 articles after the newest
    (0.06, "directory"),  # the directory, unfiltered and by oblast
    (0.06, "search"),  # ten frequent queries
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", default="", help="a Redis database (flushed!); else memory")
    parser.add_argument("--seed", type=int, default=23)
    return parser.parse_args()


def configure(args):
    folder = Path(tempfile.mkdtemp(prefix="amu-working-day-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="amu_site.settings",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        REDIS_URL=args.redis,
        DJANGO_PAGE_CACHE_SECONDS="600",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_LOG_LEVEL="ERROR",
    )
    import django

    django.setup()


def build(rng):
    from django.core.management import call_command
    from django.utils import timezone

    from news.models import Article, Category
    from partners.models import Municipality, Oblast, Raion

    call_command("migrate", verbosity=0)
    categories = [
        Category.objects.create(name_uk=name, slug=slug)
        for name, slug in (("Події", "podii"), ("Бюджет", "biudzhet"), ("Освіта", "osvita"))
    ]
    now = timezone.now()
    for number in range(120):
        Article.objects.create(
            title_uk=f"Громади й бюджет: новина {number}",
            lead_uk="Короткий вступ до новини про громади.",
            body_uk="<p>Текст новини про бюджет, школи й дороги громади.</p>",
            category=rng.choice(categories),
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=120 - number),
        )
    drafts = [
        Article.objects.create(
            title_uk=f"Чернетка {number}",
            lead_uk="Ще пишеться.",
            category=rng.choice(categories),
            status=Article.Status.DRAFT,
        )
        for number in range(PUBLICATIONS + 5)
    ]
    for number, name in enumerate(("Київська", "Львівська", "Тернопільська")):
        oblast = Oblast.objects.create(code=f"UA{number:017d}", name_uk=name, slug=f"o{number}")
        raion = Raion.objects.create(code=f"UA{number + 50:017d}", name_uk=name, oblast=oblast)
        for place in range(30):
            Municipality.objects.create(
                name_uk=f"{name[:-3]}а громада {place}",
                slug=f"h-{number}-{place}",
                code=f"UA{number * 100 + place + 1000:017d}",
                kind=Municipality.Kind.RURAL,
                oblast=oblast,
                raion=raion,
                centre_uk=f"Село {place}",
            )
    return drafts


def zipf(rng, items):
    return rng.choices(items, weights=[1 / rank for rank in range(1, len(items) + 1)])[0]


def addresses(kind):
    """The addresses of a kind of view, the most popular first."""
    from news.models import Article, Category

    newest = Article.objects.published().order_by("-published_at", "-pk")
    if kind == "home":
        return ["/"]
    if kind in ("newest", "older"):
        return [a.get_absolute_url() for a in (newest[:5] if kind == "newest" else newest[5:65])]
    if kind == "lists":
        categories = [c.get_absolute_url() for c in Category.objects.order_by("pk")]
        return ["/novyny/", *categories, "/novyny/?page=2"]
    if kind == "directory":
        return ["/hromady/", "/hromady/?oblast=o2", "/hromady/?oblast=o1"]
    words = ["бюджет", "громади", "школи", "дороги", "освіта", "новина", "вступ", "села"]
    return ["/poshuk/?q=" + words for words in [*words, "бюджет громади", "школи й дороги"]]


def main():
    args = parse_args()
    configure(args)
    from django.core.cache import cache
    from django.test import Client

    from news.models import Article

    rng = random.Random(args.seed)
    cache.clear()
    drafts = build(rng)
    # One timeline: each step a view, a draft save or a publication, in a random order.
    steps = ["view"] * VIEWS + ["draft"] * DRAFT_SAVES + ["publish"] * PUBLICATIONS
    rng.shuffle(steps)
    kinds = [kind for _share, kind in TRAFFIC]
    shares = [share for share, _kind in TRAFFIC]
    client = Client()
    # The day starts with a warm cache, as on a site that has served readers all morning:
    # every address the day can ask for is visited once before it.
    seen = {path for kind in kinds for path in addresses(kind)}
    for path in seen:
        client.get(path)
    seen_before = set(seen)
    answers, per_kind = Counter(), {kind: Counter() for kind in kinds}
    repeat_views, repeat_served = 0, 0
    to_publish, to_edit = drafts[:PUBLICATIONS], drafts[PUBLICATIONS:]
    for step in steps:
        if step == "draft":
            draft = rng.choice(to_edit)
            draft.lead_uk = f"Ще пишеться, версія {rng.randrange(10**6)}."
            draft.save()  # with its revision, as the admin saves it
        elif step == "publish":
            article = to_publish.pop()
            article.status, article.published_at = Article.Status.PUBLISHED, None
            article.save()
        else:
            kind = rng.choices(kinds, weights=shares)[0]
            path = zipf(rng, addresses(kind))
            response = client.get(path)
            state = "error" if response.status_code != 200 else response.get("X-Page-Cache")
            answers[state] += 1
            per_kind[kind][state] += 1
            if path in seen:
                repeat_views += 1
                repeat_served += state in ("hit", "stale")
            seen.add(path)
    served = answers["hit"] + answers["stale"]
    print(f"{len(seen_before)} addresses visited before the day: the cache is warm.")
    print(f"{VIEWS} views, {DRAFT_SAVES} drafts saved, {PUBLICATIONS} published: {dict(answers)}")
    for kind in kinds:
        counts = per_kind[kind]
        total = sum(counts.values())
        share = (counts["hit"] + counts["stale"]) / total if total else 0
        print(f"  {kind:<10} {total:4d} views, {share:6.1%} from the cache")
    print(f"Hit ratio: {served / VIEWS:.1%} of all views, {repeat_served / repeat_views:.1%} of")
    print(f"the {repeat_views} views of an address seen before ({len(seen)} addresses in all)")


if __name__ == "__main__":
    main()
