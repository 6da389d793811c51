"""Rollback safety: the previous release's code works against the new schema.

docs/deployment.md promises that rolling back the web image needs no database restore: a
migration only adds (a new column has a database default or is nullable). For each of the
newest commits that added a migration, the code of the commit before it (that migration's
"previous release") runs against a database migrated by this commit's code, and saves an
article, a page and a document as an editor would. CI runs it on PostgreSQL and SQLite.
"""

import shutil
import subprocess
import sys
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from .conftest import BASE_DIR, production_env

# The previous release must be able to save all three: commits before documents existed
# are older than anything deployed.
NEEDS = ("pages/models.py", "class Document(")
# How many of the newest migration commits are checked: a release brings a few. Older ones
# may already have had their contract step (a column dropped a release after the code
# stopped using it), which the release before them could not survive, by design.
RELEASES_CHECKED = 6

SAVE_AS_AN_EDITOR = r"""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from news.models import Article, Category
from pages.models import Document, DocumentCategory, Page



def as_the_admin_posts(instance):
    # The admin's form sends "" for a text field left empty, never None.
    for field in instance._meta.concrete_fields:
        if getattr(instance, field.attname) is None and field.empty_strings_allowed:
            if not field.null:
                setattr(instance, field.attname, "")
    return instance


category = Category.objects.create(name_uk="Випуск {sha}")
article = Article(
    title_uk="Новина попереднього випуску {sha}",
    lead_uk="Вступ.",
    body_uk="<p>Текст новини.</p>",
    category=category,
    status="published",
    published_at=timezone.now(),
)
as_the_admin_posts(article).full_clean()
article.save()
article.lead_uk = "Вступ, виправлений редактором."
article.save()
page = Page(title_uk="Сторінка попереднього випуску {sha}", body_uk="<p>Текст.</p>")
as_the_admin_posts(page).full_clean()
page.save()
document = Document(
    title_uk="Звіт попереднього випуску {sha}",
    category=DocumentCategory.objects.create(name_uk="Звіти {sha}"),
    file=SimpleUploadedFile("zvit.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
)
as_the_admin_posts(document).full_clean()
document.save()
print("saved", article.pk, page.pk, document.pk)
"""

READ_BACK = r"""
from news.models import Article
from pages.models import Document, Page

articles = Article.objects.filter(title_uk__startswith="Новина попереднього випуску")
for article in articles:
    article.save()  # this release's save(): search documents and vectors filled in
print(articles.count(), Page.objects.count(), Document.objects.count())
print(articles.exclude(search_document_uk="").count())
"""


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout


def previous_releases():
    """(migration commit, its parent) for the newest commits that added a migration, as far
    back as the parent can save all three."""
    if not (BASE_DIR / ".git").exists():
        pytest.fail("needs the project's git history (CI runs it in a clone)")
    commits = git(
        "log", "--format=%H", "--diff-filter=A", "HEAD", "--", "*/migrations/0*.py"
    ).split()
    releases = []
    for commit in dict.fromkeys(commits):
        parent = f"{commit}^"
        path, marker = NEEDS
        shown = subprocess.run(
            ["git", "show", f"{parent}:{path}"], cwd=BASE_DIR, capture_output=True, text=True
        )
        if shown.returncode != 0 or marker not in shown.stdout:
            continue
        releases.append((commit[:10], git("rev-parse", "--short=10", parent).strip()))
    return releases[:RELEASES_CHECKED]


@pytest.fixture(scope="module")
def new_schema(tmp_path_factory):
    """A database of its own, migrated by this commit's code; its environment."""
    work = tmp_path_factory.mktemp("previous-release")
    settings_dict = connection.settings_dict
    admin = None
    if connection.vendor == "postgresql":
        name = f"{settings_dict['NAME']}_previous"[:63]
        admin = {
            "host": settings_dict["HOST"] or "127.0.0.1",
            "port": int(settings_dict["PORT"] or 5432),
            "user": settings_dict["USER"],
            "password": settings_dict["PASSWORD"] or "",
            "dbname": "postgres",
        }
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{name}"')
        credentials = quote(admin["user"]) + (
            f":{quote(admin['password'])}" if admin["password"] else ""
        )
        url = f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}"
    else:
        url = f"sqlite:///{work / 'db.sqlite3'}"
    env = production_env(
        DATABASE_URL=url,
        DJANGO_DEBUG="true",
        DJANGO_PRODUCTION="false",
        DJANGO_MEDIA_ROOT=str(work / "media"),
    )
    env.pop("REDIS_URL", None)
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    try:
        yield env, work
    finally:
        if admin is not None:
            with psycopg.connect(**admin, autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def checkout(sha, target):
    """The commit's files, as `git archive` gives them (no history, no work tree state)."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha], cwd=BASE_DIR, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)


def test_the_previous_release_saves_against_the_new_schema(new_schema):
    """A rollback after any migration: editors can still save articles, pages, documents."""
    env, work = new_schema
    releases = previous_releases()
    assert releases, "no migration commit with a previous release that has documents"
    failures = []
    for migration_commit, previous in releases:
        code = work / previous
        if not code.exists():
            checkout(previous, code)
        saved = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-v",
                "0",
                "-c",
                SAVE_AS_AN_EDITOR.format(sha=previous),
            ],
            cwd=code,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if saved.returncode != 0 or "saved" not in saved.stdout:
            failures.append(
                f"{previous} (before {migration_commit}):\n{(saved.stdout + saved.stderr)[-1500:]}"
            )
        shutil.rmtree(code, ignore_errors=True)
    assert not failures, "\n\n".join(failures)

    read = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", READ_BACK],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert read.returncode == 0, read.stderr
    articles, pages, documents, edited = map(int, read.stdout.split())
    assert (articles, pages, documents, edited) == (len(releases),) * 4
