"""manage.py import_articles PATH… — move the old site's news in (docs/import.md)."""

from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

import pagecache
from legacy_import.exports import SourceError, read_paths
from legacy_import.importer import Outcome, import_entry
from legacy_import.mentions import MunicipalityIndex
from news.models import Article

# Not «Новини» ("Новини › Новини" in breadcrumbs) nor «Архів» (the status «В архіві» hides
# an article; the news list's «Архів» is by date): docs/decisions.md.
DEFAULT_CATEGORY = "Хроніка"
# tqdm's default shows a rate in English units ("it/s"); counts and times need no words.
PROGRESS_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]"
LARGE_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]"
# An article read from more than this gets a bar of its own: its hromada search takes seconds.
LARGE_EXPORT = 1_000_000  # bytes


class DryRunRollback(Exception):
    """Raised at the end of a dry run to roll everything back."""


class Command(BaseCommand):
    help = (
        "Imports news from the old site's exports (.txt page exports and .jsonl files, "
        "or folders of them). Repeatable: unchanged sources are skipped, changed ones "
        "update their articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would happen and change nothing.",
        )
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--publish",
            dest="status",
            action="store_const",
            const=Article.Status.PUBLISHED,
            help="Publish new articles at their original dates.",
        )
        status.add_argument(
            "--draft",
            dest="status",
            action="store_const",
            const=Article.Status.DRAFT,
            help="Leave new articles as drafts for an editor (the default).",
        )
        parser.set_defaults(status=Article.Status.DRAFT)
        parser.add_argument(
            "--category",
            default=DEFAULT_CATEGORY,
            help=f"Category for sources that name none (default: {DEFAULT_CATEGORY}).",
        )
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Update articles from changed sources even where an editor has edited "
            "the title or text since the last import.",
        )

    def handle(self, *args, paths, dry_run, status, category, overwrite_edits, **options):
        items = list(read_paths(paths))
        self.counts = dict.fromkeys(
            [Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.KEPT], 0
        )
        self.failures, self.kept, self.new_programmes, self.warnings = [], [], [], []
        self.municipalities = MunicipalityIndex.from_database()
        seen = {}
        progress = tqdm(
            items,
            desc=_("Import"),
            bar_format=PROGRESS_FORMAT,
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
            dynamic_ncols=True,
        )
        # Each article commits on its own (legacy_import.importer.import_entry); a dry run wraps
        # them all in one transaction that is rolled back, so that it sees its own work.
        try:
            with transaction.atomic() if dry_run else nullcontext():
                for item in progress:
                    if isinstance(item, SourceError):
                        self.failures.append(str(item))
                        continue
                    if item.key in seen:
                        self.failures.append(
                            f"{item.source}: "
                            + _("the same old address %(path)s as %(other)s; skipped.")
                            % {"path": item.key, "other": seen[item.key]}
                        )
                        continue
                    seen[item.key] = item.source
                    self.import_one(item, status, category, overwrite_edits, dry_run, options)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            pass
        finally:
            progress.close()
        if not dry_run:
            pagecache.invalidate()  # what the import wrote without a signal shows at once
        self.report(dry_run)
        if self.failures:
            # Scripts and cron see the failure; the summary above says what failed.
            raise CommandError(
                _("Sources with errors: %(count)d (listed above).") % {"count": len(self.failures)}
            )

    def import_one(self, entry, status, category, overwrite_edits, dry_run, options):
        self.warnings += entry.warnings
        bar = self.large_export_bar(entry, options)
        try:
            outcome = import_entry(
                entry,
                status=status,
                default_category=category,
                overwrite_edits=overwrite_edits,
                municipalities=self.municipalities,
                progress=(lambda share: bar.update(round(share * 100) - bar.n)) if bar else None,
            )
        except DatabaseError as error:
            self.failures.append(f"{entry.source}: {error}")
            return
        finally:
            if bar:
                bar.close()
        self.counts[outcome.action] += 1
        if outcome.new_programme:
            self.new_programmes.append(outcome.new_programme)
        if dry_run or options["verbosity"] >= 2:
            line = {
                Outcome.CREATED: pgettext("import", "create"),
                Outcome.UPDATED: pgettext("import", "update"),
                Outcome.UNCHANGED: pgettext("import", "unchanged"),
                Outcome.KEPT: pgettext("import", "keep (edited in the admin)"),
            }[outcome.action]
            self.stdout.write(
                f"{line}: {entry.source} → {outcome.article.get_absolute_url()}"
                f" «{outcome.article.title_uk}»"
            )
        if outcome.action == Outcome.KEPT:
            self.kept.append(
                f"{entry.source}: "
                + _(
                    "not updated: the article was changed in the admin after the last import "
                    "(--overwrite-edits replaces those changes)."
                )
            )

    def large_export_bar(self, entry, options):
        """A bar of its own for an article read from a large export, or None."""
        if entry.size <= LARGE_EXPORT or options["verbosity"] == 0:
            return None
        return tqdm(
            total=100,
            desc=entry.source,
            bar_format=LARGE_FORMAT,
            file=self.stderr._out,
            position=1,
            leave=False,
            # Updated only every legacy_import.mentions.PROGRESS_STEP words: show each update.
            mininterval=0,
            miniters=1,
            dynamic_ncols=True,
        )

    def report(self, dry_run):
        counts = self.counts
        summary = _(
            "Created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, "
            "kept (edited in the admin): %(kept)d, failed: %(failed)d."
        ) % {**counts, "failed": len(self.failures)}
        if dry_run:
            summary = _("Dry run, nothing was saved.") + " " + summary
        style = (
            self.style.WARNING
            if self.failures or self.kept or self.warnings
            else self.style.SUCCESS
        )
        self.stdout.write(style(summary))
        for problem in [*self.failures, *self.kept, *self.warnings]:
            self.stdout.write(f"  {problem}")
        for programme in self.new_programmes:
            self.stdout.write(
                _("New programme %(acronym)s: name its donor in the admin.")
                % {"acronym": programme.acronym_uk}
            )
