from django.core.management.base import BaseCommand, CommandError

from pagecache import core


class Command(BaseCommand):
    help = "Every cached page is rebuilt on its next request (after a change no signal reports)."

    def handle(self, *args, **options):
        core.bump_generation()
        if core.invalidation_pending:
            raise CommandError("Кеш не відповідає; повторіть команду, коли він запрацює.")
        self.stdout.write("Кеш сторінок скинуто: кожна сторінка збереться наново.")
