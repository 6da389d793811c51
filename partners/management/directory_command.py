"""What the directory's import commands share: a dry run, the report, the history's user."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partners.directory_import import apply
from partners.katottg import CodifierError


class DirectoryImportCommand(BaseCommand):
    reason = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Print what would change and the rows not found; change nothing."),
        )
        parser.add_argument(
            "--user",
            help=_("The username recorded in the history as the author of the changes."),
        )

    def plan(self, file, options):
        raise NotImplementedError

    def handle(self, *args, file, dry_run=False, user=None, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(_("There is no user «%(user)s».") % {"user": user})
        try:
            plan = self.plan(file, options)
            for line in plan.report():
                self.stdout.write(line)
            if dry_run:
                self.stdout.write(self.style.WARNING(_("Dry run: nothing was changed.")))
            else:
                # The history keeps 100 characters of a reason: the file's name, not its path.
                apply(plan, user=author, reason=f"{self.reason}: {Path(file).name}"[:100])
        except CodifierError as exc:
            raise CommandError(
                _("%(file)s: %(error)s Nothing was changed.") % {"file": file, "error": exc}
            ) from exc
