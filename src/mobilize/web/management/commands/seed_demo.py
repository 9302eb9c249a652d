"""``mobilize seed_demo``: the 2023 programme generated from its profile, the demo users, and a
few live requests (run load_reference first)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobilize.web.demo_seed import demo_is_seeded, demo_seed


class Command(BaseCommand):
    help = "Generate the demo programme (the 2023 profile) with its users, once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--talent-pool", type=int, default=50_000)

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_is_seeded():
            self.stdout.write("The demo programme is already there; nothing to do.")
            return

        def progress(line: str) -> None:
            self.stdout.write(f"  {line}")
            self.stdout.flush()

        result = demo_seed(seed=options["seed"], talent_pool=options["talent_pool"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: the 2023 programme ({result.assignments:,} assignments), {result.users} users, "
                f"{result.live_requests} live requests."
            )
        )
