"""manage.py import_statuses FILE: the government's list of territories of hostilities and
temporary occupation (docs/editors-guide.md)."""

from partners.directory_import import plan_statuses
from partners.management.directory_command import DirectoryImportCommand


class Command(DirectoryImportCommand):
    help = (
        "Updates the hromadas' hostilities and occupation status from the government's list "
        "(CSV or XLSX: code, territory name, status, start date, end date). Keeps every "
        "period with its dates; re-run it whenever the list is updated."
    )
    reason = "імпорт переліку територій бойових дій та окупації"

    def plan(self, file, options):
        return plan_statuses(file)
