"""manage.py release: what a deploy does once, before the new code serves.

Run by the compose service `release` (web waits for it) and by deploy/start.sh when
DJANGO_MIGRATE_ON_START is on. Replicas that start together take turns on a PostgreSQL
advisory lock, so the schema is migrated once and static files are collected one at a time.
"""

import io
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partners.models import Municipality

logger = logging.getLogger("amu_site.release")

# pg_advisory_lock's key: any constant of this site's own ("AMU" release).
LOCK_KEY = 0x414D55_0001


@contextmanager
def release_lock():
    """One release at a time per database; a no-op on SQLite (one process)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            logger.info("Another replica is releasing; waiting for it")
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


class Command(BaseCommand):
    help = (
        "Migrates the database, loads the hromada directory on the first run and collects "
        "static files, one replica at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-static", action="store_true", help="Skip collectstatic (no front server)."
        )

    def handle(self, *args, no_static=False, **options):
        with release_lock():
            self.migrate()
            self.load_directory()
            if not no_static:
                call_command("collectstatic", interactive=False, verbosity=0)
                logger.info("Static files collected into %s", settings.STATIC_ROOT)

    def migrate(self):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        # migrate's own progress is plain text on stdout; the log gets one line instead.
        call_command("migrate", interactive=False, verbosity=0)
        if plan:
            names = ", ".join(f"{m.app_label}.{m.name}" for m, backwards in plan)
            logger.info("Applied %d migrations: %s", len(plan), names)
        else:
            logger.info("No migrations to apply")

    def load_directory(self):
        """The first run of a production site: the codifier shipped in the image."""
        if Municipality.objects.exists():
            return
        summary = io.StringIO()
        call_command("import_hromadas", verbosity=0, stdout=summary)
        logger.info("Hromada directory loaded: %s", " ".join(summary.getvalue().split()))
