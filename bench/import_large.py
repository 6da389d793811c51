"""A large export (issue 25): how long `import_articles` takes for a 5 MB export.

    .venv/bin/python bench/import_large.py                # one 5 MB page, fresh SQLite
    .venv/bin/python bench/import_large.py --shape lines  # 5 MB of JSON Lines, ~2,000 articles
    .venv/bin/python bench/import_large.py --megabytes 1 --profile
    DATABASE_URL=postgres://…/amu_bench_import .venv/bin/python bench/import_large.py

It migrates a fresh database (a temporary SQLite file, or the PostgreSQL database named in
DATABASE_URL, which is recreated: its contents are lost), loads the 1,469 hromadas of the
bundled codifier (so the hromada-mention search has its real word list) and the programme
the footer names, writes an export shaped like copied pages — title, date, paragraphs
separated by blank lines and by single line breaks, hromadas and organisations named in many
case forms, a footer over two lines — grown to --megabytes, imports it with the command as
an editor would, and prints the wall time. The target is under 30 s for 5 MB.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument(
        "--shape",
        choices=["page", "lines"],
        default="page",
        help="page: one .txt page export (the case that hung); lines: a .jsonl file of "
        "articles of about 2.5 kB each",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print the 25 costliest calls; the profile stays in the work folder",
    )
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats' order")
    return parser.parse_args()


ARGS = parse_args()
WORK = Path(tempfile.mkdtemp(prefix="amu-import-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'db.sqlite3'}")
POSTGRESQL = os.environ["DATABASE_URL"].startswith("postgres")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_site.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from legacy_import.models import MunicipalitySuggestion  # noqa: E402
from news.models import Article  # noqa: E402
from partners.katottg import BUNDLED_FILE  # noqa: E402
from partners.models import Organization, Programme  # noqa: E402

# Sentences as the association writes them: hromadas in several cases, organisations whose
# names share adjectives with hromadas, abbreviations, quotes and apostrophes.
SENTENCES = [
    "Представники Тернополя, Хмельницької міської ради та громад Хмельницької області "
    "зустрілися у Вінниці.",
    "Наступна зустріч відбудеться у Хмельницькому 20 червня.",
    "Український фонд соціальних інвестицій разом з Асоціацією міст України представив "
    "програму відновлення.",
    "У м. Вінниця відкрили центр надання адміністративних послуг.",
    "Голова Білоцерківської міської громади розповів про ремонт шкіл і укриттів.",
    "Делегація з Рівного та Луцька обговорила енергоефективність лікарень.",
    "Експерти проєкту „Децентралізація“ пояснили зміни до бюджетного законодавства.",
    "Міжнародний форум у Кам’янець-Подільському зібрав понад 300 учасників.",
    "Громади Київщини готуються до відновлення: що вже зроблено й що ще треба зробити.",
    "Національний університет і Державна служба з надзвичайних ситуацій підписали меморандум.",
    "Зросли суми податків, які сплачують підприємства Полтави, Чернігова та Житомира.",
    "Верховна Рада ухвалила закон про місцеве самоврядування в першому читанні.",
]
FOOTER = (
    "Сторінку розроблено в рамках проекту\n"
    "«Політика для українського локального самоврядування» (ПУЛЬС)\n"
)


def page_text(size, rng, title="Громади обмінялися досвідом відновлення"):
    """A page export of about `size` bytes of UTF-8."""
    parts = [f"{title}\n", "20 / Червень, 2022\n", "\n"]
    written = sum(len(part.encode()) for part in parts)
    while written < size:
        paragraph = " ".join(rng.choices(SENTENCES, k=rng.randint(2, 6)))
        # Copied pages separate paragraphs by a blank line or by a single line break.
        paragraph += "\n\n" if rng.random() < 0.5 else "\n"
        parts.append(paragraph)
        written += len(paragraph.encode())
    parts.append("\n" + FOOTER)
    return "".join(parts)


def lines_text(size, rng):
    """JSON Lines of about `size` bytes: articles of about 2.5 kB, the footer in their body."""
    lines, written, number = [], 0, 0
    while written < size:
        number += 1
        paragraphs = [" ".join(rng.choices(SENTENCES, k=rng.randint(2, 5))) for _ in range(4)]
        footer = FOOTER.strip().split("\n")
        body = "".join(f"<p>{text}</p>" for text in [*paragraphs, *footer])
        line = json.dumps(
            {
                "title": f"Громади обмінялися досвідом, випуск {number}",
                "date": f"20{10 + number % 12}-0{1 + number % 9}-1{number % 10}",
                "body": body,
                "url": f"https://www.auc.org.ua/novyna/vypusk-{number}",
                "tags": rng.sample(["відновлення", "бюджет", "ЄС", "OGP Local", "освіта"], 2),
            },
            ensure_ascii=False,
        )
        lines.append(line)
        written += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def recreate_database():
    import psycopg

    name = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    connection.close()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def main():
    if POSTGRESQL:
        recreate_database()
    call_command("migrate", verbosity=0)
    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0)
    donor = Organization.objects.create(name_uk="USAID", kind=Organization.Kind.DONOR)
    Programme.objects.create(
        name_uk="Політика для українського локального самоврядування",
        acronym_uk="ПУЛЬС",
        donor=donor,
    )
    size, rng = int(ARGS.megabytes * 1_000_000), random.Random(25)
    if ARGS.shape == "page":
        path = WORK / "velyka-storinka.txt"
        path.write_text(page_text(size, rng), "utf-8")
    else:
        path = WORK / "novyny.jsonl"
        path.write_text(lines_text(size, rng), "utf-8")
    size = path.stat().st_size

    started = time.perf_counter()
    if ARGS.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            call_command("import_articles", str(path), verbosity=1)
        profile.dump_stats(WORK / "import.prof")
        pstats.Stats(profile).sort_stats(ARGS.sort).print_stats(25)
    else:
        call_command("import_articles", str(path), verbosity=1)
    elapsed = time.perf_counter() - started

    articles = Article.objects.all()
    with_programme = articles.filter(programme__acronym_uk="ПУЛЬС").count()
    paragraphs = sum(body.count("<p>") for body in articles.values_list("body_uk", flat=True))
    print(
        f"{ARGS.shape}, {size / 1_000_000:.1f} MB, {connection.vendor}: {len(articles)} "
        f"articles ({with_programme} with the programme), {paragraphs} paragraphs, "
        f"{MunicipalitySuggestion.objects.count()} hromadas suggested: {elapsed:.1f} s "
        f"(target: under 30 s for 5 MB; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        if not ARGS.profile:  # --profile keeps import.prof there
            shutil.rmtree(WORK, ignore_errors=True)
