"""Replicas started together on an empty database: the schema is migrated once.

Every replica of a multi-machine deployment runs `manage.py release` on start
(DJANGO_MIGRATE_ON_START); they take turns on a PostgreSQL advisory lock.
"""

import subprocess
import sys
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from .conftest import BASE_DIR, production_env

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)",
)


@pytest.fixture
def empty_database():
    settings_dict = connection.settings_dict
    admin = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": int(settings_dict["PORT"] or 5432),
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or "",
        "dbname": "postgres",
    }
    name = f"{settings_dict['NAME']}_release"[:63]
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(admin["user"]) + (
        f":{quote(admin['password'])}" if admin["password"] else ""
    )
    try:
        yield f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}"
    finally:
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_replicas_starting_together_migrate_once(empty_database, tmp_path):
    """Neither replica crashes on the other's half-made schema, and nothing is applied twice."""
    env = production_env(DATABASE_URL=empty_database, DJANGO_MEDIA_ROOT=str(tmp_path))
    env.pop("REDIS_URL", None)
    replicas = [
        subprocess.Popen(
            [sys.executable, "manage.py", "release", "--no-static"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [replica.communicate(timeout=600)[0] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0, 0], "\n".join(outputs)
    applied = [output for output in outputs if '"Applied ' in output]
    assert len(applied) == 1, outputs
    assert any("No migrations to apply" in output for output in outputs)
    with psycopg.connect(empty_database) as database:
        total, distinct, hromadas = database.execute(
            "SELECT count(*), count(DISTINCT (app, name)),"
            " (SELECT count(*) FROM partners_municipality) FROM django_migrations"
        ).fetchone()
    assert total == distinct
    assert hromadas > 1000  # the first run's directory, loaded once
