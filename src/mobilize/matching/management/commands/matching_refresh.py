"""``mobilize matching_refresh``: recompute the matching feature rows (all, or some candidates)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobilize.matching.services import candidate_features_rebuild, candidate_features_refresh


class Command(BaseCommand):
    help = "Recompute the per-candidate features the pool ranking reads (all candidates, or those named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("candidate_ids", nargs="*", type=int, help="Only these candidates.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["candidate_ids"]:
            count = candidate_features_refresh(candidate_ids=options["candidate_ids"])
        else:
            count = candidate_features_rebuild(progress=self._progress if options["verbosity"] > 1 else None)
        if options["verbosity"]:
            self.stdout.write(
                f"Features of {count:,} candidates written in {time.perf_counter() - started:.1f} s."
            )

    def _progress(self, done: int) -> None:
        self.stdout.write(f"  {done:,} candidates")
