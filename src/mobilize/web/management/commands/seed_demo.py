"""``mobilize seed_demo``: the demo's starter programme, made through the services."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobilize.web.demo_seed import demo_is_seeded, demo_seed


class Command(BaseCommand):
    help = "Create the demo users and a small starter programme (once; run load_reference first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--talent-pool", type=int, default=40)

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_is_seeded():
            self.stdout.write("The demo programme is already there; nothing to do.")
            return
        result = demo_seed(
            seed=options["seed"], talent_pool=options["talent_pool"], progress=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {result.users} users, {result.candidates} candidates, "
                f"{result.doas} requests, {result.assignments} assignments."
            )
        )
