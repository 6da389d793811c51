"""Would another template engine make the uncached pages fast enough (issue 13)?

    .venv/bin/python bench/run.py               # once: builds the database amu_bench
    .venv/bin/pip install jinja2                 # not a dependency of the site
    .venv/bin/python bench/template_engines.py

The news list's twelve cards are most of its rendering. This renders them, read as the list
reads them (`for_cards()`), with the site's own include (the Django template language) and
with a line-for-line Jinja2 copy of it that calls the same helpers (addresses, <time>,
<picture>); checks that both write the same HTML but for white space; and prints the CPU
time of each, and of the helpers alone: the part that no engine takes away.
docs/performance.md has the last figures.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/amu_bench")
parser.add_argument("--repeat", type=int, default=500)
ARGS = parser.parse_args()
try:
    import jinja2
except ImportError:
    sys.exit("Jinja2 is not installed: .venv/bin/pip install jinja2")
# As bench/run.py runs the site: production settings, its media.
os.environ.update(
    DATABASE_URL=ARGS.database,
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
    DJANGO_MEDIA_ROOT=os.environ.get("BENCH_WORK_DIR", "/tmp/amu-bench") + "/media",
    DJANGO_LOG_LEVEL="WARNING",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_site.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402
from django.utils import translation  # noqa: E402

from editorial.templatetags.site_tags import time_element  # noqa: E402
from images.renditions import picture_html  # noqa: E402
from news.models import Article  # noqa: E402

SIZES = "(min-width: 64rem) {}, (min-width: 40rem) calc(50vw - 2rem), calc(100vw - 2rem)"
# templates/includes/article_card.html, line for line.
JINJA_CARD = """{% for article in articles %}
<article class="card{% if large %} card--large{% endif %}">
  {% if article.cover_image %}
    {{ picture(article.cover_image, alt=article.cover_alt_text, sizes=sizes_large if large
       else sizes, lazy=not eager, img_class="card__image") }}
  {% endif %}
  <div class="card__body">
    <p class="card__meta">
      <a href="{{ article.category.get_absolute_url() }}">{{ article.category.name }}</a>
      · {{ time_element(article.published_at) }}
    </p>
    {% set level = heading_level or 2 %}<h{{ level }} class="card__title"><a href="{{
      article.get_absolute_url() }}">{{ article.title }}</a></h{{ level }}>
    {% if article.lead %}<p class="card__lead">{{ article.lead }}</p>{% endif %}
  </div>
</article>{% endfor %}"""


def cpu_ms(render):
    for _ in range(30):
        render()
    start = time.process_time()
    for _ in range(ARGS.repeat):
        render()
    return (time.process_time() - start) / ARGS.repeat * 1000


def main():
    translation.activate("uk")
    articles = list(Article.objects.published().for_cards().order_by("-published_at")[:12])
    if len(articles) < 12:
        sys.exit(f"{ARGS.database} has {len(articles)} published articles: run bench/run.py")
    django_cards = engines["django"].from_string(
        '{% for article in articles %}{% include "includes/article_card.html" %}{% endfor %}'
    )
    jinja_cards = jinja2.Environment(autoescape=True).from_string(JINJA_CARD)
    helpers = {
        "picture": picture_html,
        "time_element": time_element,
        "sizes": SIZES.format("22rem"),
        "sizes_large": SIZES.format("44rem"),
    }

    def django_render():
        return django_cards.render({"articles": articles})

    def jinja_render():
        return jinja_cards.render(articles=articles, **helpers)

    def helpers_alone():
        return [
            (
                picture_html(article.cover_image, alt=article.cover_alt_text, sizes=SIZES),
                time_element(article.published_at),
                article.get_absolute_url(),
                article.category.get_absolute_url(),
                article.title,
                article.lead,
                article.category.name,
            )
            for article in articles
        ]

    def same(html):
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()

    if same(django_render()) != same(jinja_render()):
        sys.exit("The two engines wrote different cards: fix JINJA_CARD.")
    print(f"Twelve cards of the news list, CPU per rendering (best of 3 × {ARGS.repeat}):")
    figures = {
        "Django templates": min(cpu_ms(django_render) for _ in range(3)),
        "Jinja2": min(cpu_ms(jinja_render) for _ in range(3)),
        "the helpers alone": min(cpu_ms(helpers_alone) for _ in range(3)),
    }
    for name, ms in figures.items():
        print(f"  {name:20s} {ms:6.2f} ms")
    print(f"Jinja2 takes {figures['Jinja2'] / figures['Django templates']:.0%} of the time.")


if __name__ == "__main__":
    main()
