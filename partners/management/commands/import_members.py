"""manage.py import_members FILE: the association's member list (docs/editors-guide.md)."""

from django.utils.translation import gettext as _

from partners.directory_import import plan_members
from partners.management.directory_command import DirectoryImportCommand


class Command(DirectoryImportCommand):
    help = (
        "Marks the hromadas of the association's member list (CSV or XLSX: KATOTTG code or "
        "name and oblast; member since; optionally the year the membership ended). Matches by "
        "code first, then by name and oblast; lists the rows it could not match."
    )
    reason = "імпорт списку членів асоціації"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--unmark-missing",
            action="store_true",
            help=_("Unmark the members of the directory that the file does not list."),
        )

    def plan(self, file, options):
        return plan_members(file, unmark_missing=options["unmark_missing"])
