from django.core.management.base import BaseCommand

from amu_site.roles import sync_roles


class Command(BaseCommand):
    help = "Gives the groups «Автор» and «Редактор» exactly the permissions of amu_site/roles.py."

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} дозволів")
