"""``mobilize statistics_refresh``: recompute the statistics fact rows (all, or some volunteers)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobilize.statistics.services import statistics_facts_rebuild, statistics_facts_refresh


class Command(BaseCommand):
    help = "Recompute the fact tables the yearly statistics count (every volunteer, or those named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--candidate",
            dest="candidate_ids",
            nargs="+",
            type=int,
            metavar="ID",
            help="Only these volunteers (candidate ids).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["candidate_ids"]:
            count = statistics_facts_refresh(candidate_ids=options["candidate_ids"])
            what = f"{count:,} volunteers"
        else:
            count = statistics_facts_rebuild(progress=self._progress if options["verbosity"] > 1 else None)
            what = f"{count:,} volunteer-years"
        if options["verbosity"]:
            self.stdout.write(f"Statistics facts of {what} written in {time.perf_counter() - started:.1f} s.")

    def _progress(self, year: int) -> None:
        self.stdout.write(f"  {year}")
