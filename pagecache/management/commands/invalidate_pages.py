from django.core.management.base import BaseCommand, CommandError

import pagecache


class Command(BaseCommand):
    help = "Every cached page is rebuilt on its next request (after a change no signal reports)."

    def handle(self, *args, **options):
        pagecache.invalidate()
        if pagecache.PENDING:
            raise CommandError("Кеш не відповідає; повторіть команду, коли він запрацює.")
        self.stdout.write("Кеш сторінок скинуто: кожна сторінка збереться наново.")
