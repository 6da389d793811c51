"""manage.py import_facts FILE: population, area, website and head's title of hromadas,
with source and date (docs/editors-guide.md)."""

from partners.directory_import import plan_facts
from partners.management.directory_command import DirectoryImportCommand


class Command(DirectoryImportCommand):
    help = (
        "Updates facts about hromadas by KATOTTG code (CSV or XLSX: code, population, area, "
        "website, head's title, source, as of). An empty cell leaves the fact as it is."
    )
    reason = "імпорт фактів про громади"

    def plan(self, file, options):
        return plan_facts(file)
