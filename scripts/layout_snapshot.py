"""Print every URL pattern (by name, in both languages) and every table the models use.

    .venv/bin/python scripts/layout_snapshot.py > tests/data/layout_snapshot.json

The re-housing of issue 24 moved code between apps without changing an address or a table;
tests/test_layout.py checks that everything listed in the snapshot still exists unchanged.
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_site.settings")


def url_patterns(resolver, prefix="", namespace=""):
    from django.urls import URLPattern, URLResolver

    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLPattern):
            if entry.name == "app_list":
                # The admin's alternation of app labels: one address per label, so that a new
                # app adds an address instead of changing one.
                labels = re.search(r"\(\?P<app_label>([^)]*)\)", route)
                for label in labels[1].split("|"):
                    yield f"{namespace}{entry.name} {route.replace(labels[0], label)}"
                continue
            if entry.name or "media" not in route:  # media/ is served only with DEBUG
                yield f"{namespace}{entry.name or '-'} {route}"
        elif isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from url_patterns(entry, route, inner)


def snapshot():
    from django.apps import apps
    from django.urls import get_resolver
    from django.utils import translation

    urls = set()
    for language in ("uk", "en"):
        with translation.override(language):
            urls.update(url_patterns(get_resolver()))
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return {"urls": sorted(urls), "tables": sorted(tables)}


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(snapshot(), sys.stdout, ensure_ascii=False, indent=1)
    print()
