"""``mobilize load_reference``: load the reference data files; safe to run again and again."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobilize.reference.services import ReferenceDataError, reference_load


class Command(BaseCommand):
    help = (
        "Load countries, duty stations, reporting groups, host entities, languages, SDGs, expertise areas "
        "and volunteer categories with their rules from src/mobilize/reference/data/. Rows are matched by "
        "natural key; a second run changes nothing. Values edited by headquarters since the last load are "
        "kept unless --overwrite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace values edited since the last load with the values in the files.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args: Any, overwrite: bool, dry_run: bool, **options: Any) -> None:
        started = time.monotonic()
        try:
            report = reference_load(overwrite=overwrite, dry_run=dry_run)
        except ReferenceDataError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        for counts in report.counts:
            line = (
                f"{counts.label:<28} created {counts.created:>4}  updated {counts.updated:>4}  "
                f"unchanged {counts.unchanged:>4}"
            )
            if counts.kept:
                line += f"  kept edits in {counts.kept}"
            self.stdout.write(line)
        verb = "checked (dry run: nothing written)" if dry_run else "loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data {verb} in {time.monotonic() - started:.1f} s: "
                f"{report.total('created')} created, {report.total('updated')} updated, "
                f"{report.total('unchanged')} unchanged."
            )
        )
        if report.total("kept"):
            self.stdout.write(
                self.style.WARNING(
                    f"{report.total('kept')} rows keep values edited since the last load; "
                    "--overwrite replaces them with the files' values."
                )
            )
