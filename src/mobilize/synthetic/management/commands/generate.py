"""``mobilize generate --profile FILE``: make a programme year whose statistics reproduce a profile."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobilize.synthetic.generator import GenerationError, ProfileConflictError, generate
from mobilize.synthetic.profiles import ProfileError, profile_load


class Command(BaseCommand):
    help = (
        "Generate the volunteers, requests and assignments of a programme year whose statistics reproduce "
        "every figure of a profile (profiles/unv-2023.yaml): counts exactly, shares and means to the places "
        "written. Says which figures do not add up and how they can all hold; refuses, writing nothing, "
        "when they cannot."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profile", required=True, help="The profile file (YAML).")
        parser.add_argument("--scale", type=int, default=1, help="Multiply every count by this (default 1).")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same rows (default 0).")
        parser.add_argument(
            "--talent-pool", type=int, default=0, help="Candidates who never served, in addition (default 0)."
        )

    def handle(
        self, *args: Any, profile: str, scale: int, seed: int, talent_pool: int, **options: Any
    ) -> None:
        started = time.monotonic()
        if scale < 1 or talent_pool < 0:
            raise CommandError("--scale must be 1 or more and --talent-pool 0 or more.")
        try:
            loaded = profile_load(profile)
        except ProfileError as exc:
            raise CommandError("The profile cannot be read:\n  " + "\n  ".join(exc.messages)) from exc

        def progress(line: str) -> None:
            self.stdout.write(f"  {line}")
            self.stdout.flush()

        try:
            report = generate(
                profile=loaded, scale=scale, seed=seed, talent_pool=talent_pool, progress=progress
            )
        except ProfileConflictError as exc:
            raise CommandError(
                "Nothing was written: these figures of the profile cannot all hold:\n  - "
                + "\n  - ".join(exc.conflicts)
            ) from exc
        except GenerationError as exc:
            raise CommandError(f"Nothing was written: {exc}") from exc
        notes = report.notes
        if notes.explanations:
            self.stdout.write("Figures that do not add up, and how they all hold:")
            for line in notes.explanations:
                self.stdout.write(f"  - {line}")
        if notes.choices:
            self.stdout.write("Figures the profile leaves open, as generated:")
            for line in notes.choices:
                self.stdout.write(f"  - {line}")
        counts = ", ".join(f"{name} {count:,}" for name, count in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {loaded.year} at scale {scale} (seed {seed}) in "
                f"{time.monotonic() - started:.1f} s: {counts}. The statistics reproduce all "
                f"{report.verified} figures of the profile."
            )
        )
