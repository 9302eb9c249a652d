"""``mobilize load_entitlements``: load the default rates of the conditions of service; safe to run
again and again (run it after ``load_reference``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobilize.entitlements.services import EntitlementsDataError, entitlements_load_defaults


class Command(BaseCommand):
    help = (
        "Load the default rate tables (living allowance, post adjustments, national rates, family allowance, "
        "entry lump sum, well-being differential, exit allowance, leave accrual, management fee) from "
        "src/mobilize/entitlements/data/. Rows are matched by key and first day; existing rows (and "
        "headquarters' edits) are kept unless --overwrite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace edited rows with the files' values."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args: Any, overwrite: bool, dry_run: bool, **options: Any) -> None:
        try:
            report = entitlements_load_defaults(overwrite=overwrite, dry_run=dry_run)
        except EntitlementsDataError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        for slug, counts in report.counts.items():
            self.stdout.write(
                f"{slug:<24} created {counts.created:>4}  updated {counts.updated:>4}  "
                f"unchanged {counts.unchanged:>4}  skipped {len(counts.skipped):>4}"
            )
            for reason in counts.skipped[:5]:
                self.stdout.write(f"    skipped {reason}")
            if len(counts.skipped) > 5:
                self.stdout.write(f"    ... and {len(counts.skipped) - 5} more")
        verb = "checked (dry run: nothing written)" if dry_run else "loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"Rates {verb}: {report.total('created')} created, {report.total('updated')} updated, "
                f"{report.total('unchanged')} unchanged, {report.total('skipped')} skipped."
            )
        )
