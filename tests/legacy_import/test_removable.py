"""The import is removable (issue 24): without legacy_import in INSTALLED_APPS the site
passes its checks, has no missing migration, and the article admin has no import parts.
Checked in a fresh process, as the site would start without the app."""

import os
import subprocess
import sys

from django.conf import settings
from django.contrib import admin

from legacy_import.admin import ImportedArticleAdmin
from news.models import Article

WITHOUT_IMPORT = """\
from amu_site.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "legacy_import"]  # noqa: F405
"""
CHECK = """\
import django
from django.core.management import call_command

django.setup()
call_command("check")
call_command("makemigrations", check=True, dry_run=True, verbosity=0)

from django.contrib import admin
from news.models import Article

article_admin = admin.site._registry[Article]
print(type(article_admin).__module__)
print(len(article_admin.inlines), "accept_suggested_municipalities" in article_admin.actions)
"""


def test_the_site_runs_without_the_import(tmp_path):
    """Taking the app out leaves a site that checks, needs no migration, and an article
    admin without the import's sections and action."""
    (tmp_path / "without_import.py").write_text(WITHOUT_IMPORT)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "without_import",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-2:] == ["news.admin", "0 False"]


def test_the_import_replaces_the_article_admin():
    """With the app, editors get the import's sections, filter and action on articles."""
    assert type(admin.site._registry[Article]) is ImportedArticleAdmin
