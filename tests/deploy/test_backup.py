"""`make backup` and `make restore` against the real PostgreSQL (pg_dump and pg_restore)."""

import os
import stat
import subprocess
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from news.models import Article, Category, Tag
from tests.images import factories
from tests.test_pagecache_live import redis_server  # noqa: F401

from .conftest import BASE_DIR

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)",
)


def make(target, *args, env):
    result = subprocess.run(
        ["make", "--no-print-directory", target, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def database_url():
    settings_dict = connection.settings_dict
    credentials = quote(settings_dict["USER"])
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"])
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings_dict['NAME']}"


def counts():
    return {model.__name__: model.objects.count() for model in (Article, Category, Tag)}


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(
    client,
    make_article,
    make_tag,
    settings,
    tmp_path,
    redis_server,  # noqa: F811
):
    """After a lost database and lost uploads, `make restore` brings back every article, on
    the cached home page too."""
    article = make_article(
        title_uk="Громади ухвалили стратегію відновлення",
        cover_alt_uk="Учасники зустрічі",
        tags=[make_tag()],
    )
    article.cover_image.save("cover.jpg", ContentFile(factories.jpeg((64, 36))))
    make_article(title_uk="Друга новина")
    before = counts()
    cover_path = settings.MEDIA_ROOT / article.cover_image.name
    cover_bytes = cover_path.read_bytes()
    page_before = client.get(article.get_absolute_url()).content.decode()
    assert "Громади ухвалили стратегію відновлення" in page_before

    env = os.environ | {
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDIS_URL": redis_server.url,
    }
    backup = tmp_path / "backup"
    make("backup", f"BACKUP_DIR={backup}", env=env)
    assert {path.name for path in backup.iterdir()} == {"database.dump", "media.tar", "SHA256SUMS"}
    # Password hashes and sessions: nobody but the owner reads them.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in backup.iterdir()} == {0o600}

    # The disaster: every row and every upload gone.
    Article.objects.all().delete()
    Tag.objects.all().delete()
    Category.objects.all().delete()
    cover_path.unlink(missing_ok=True)  # deleting the article may have taken it already
    assert client.get(article.get_absolute_url()).status_code == 404
    for _ in range(2):  # the home page without it, in the page cache
        assert "стратегію відновлення" not in client.get("/").content.decode()

    connection.close()  # pg_restore replaces the tables this connection has open
    make("restore", f"BACKUP={backup}", env=env)

    assert counts() == before
    assert "стратегію відновлення" in client.get("/").content.decode()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Громади ухвалили стратегію відновлення" in response.content.decode()
    assert cover_path.read_bytes() == cover_bytes


def test_restore_refuses_a_damaged_backup(tmp_path, settings):
    """A corrupted backup is rejected before anything in the live database is replaced."""
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"not a dump")
    (backup / "media.tar").write_bytes(b"")
    (backup / "SHA256SUMS").write_text(f"{'0' * 64}  database.dump\n{'0' * 64}  media.tar\n")
    env = os.environ | {"DATABASE_URL": database_url(), "DJANGO_MEDIA_ROOT": str(tmp_path / "m")}
    result = subprocess.run(
        ["make", "--no-print-directory", "restore", f"BACKUP={backup}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "FAILED" in result.stderr + result.stdout
