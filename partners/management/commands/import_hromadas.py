"""manage.py import_hromadas FILE: the directory of hromadas from the official codifier."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from partners.katottg import BUNDLED_FILE, CodifierError, parse, read_rows, update_directory


class Command(BaseCommand):
    help = (
        "Creates and updates the hromadas from the codifier КАТОТТГ (CSV or XLSX as the "
        "ministry publishes it), by code. Idempotent; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(BUNDLED_FILE),
            help="The codifier: .csv or .xlsx (default: the edition shipped in partners/data).",
        )

    def handle(self, *args, file, verbosity=1, **options):
        try:
            codifier = parse(read_rows(file))
            result = update_directory(
                codifier,
                progress=lambda items: tqdm(
                    items,
                    desc=_("Hromadas"),
                    unit="",
                    file=self.stderr._out,
                    disable=verbosity < 1 or None,
                ),
            )
        except CodifierError as exc:
            raise CommandError(
                _("%(file)s: %(error)s Nothing was changed.")
                % {
                    "file": file,
                    "error": exc,
                }
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Hromadas: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % vars(result)
            )
        )
        if result.skipped:
            self.stdout.write(
                _("Skipped %(skipped)d hromadas of AR Crimea (see docs/decisions.md).")
                % vars(result)
            )
        if result.not_in_file:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(not_in_file)d hromadas in the directory are not in this file; "
                        "they were left as they are."
                    )
                    % vars(result)
                )
            )
