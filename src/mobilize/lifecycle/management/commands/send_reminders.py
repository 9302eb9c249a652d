"""Send the reminders of planned ends due today (run daily; safe to run twice or at the same time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobilize.lifecycle.services import reminders_send


class Command(BaseCommand):
    help = (
        "Remind hosts and field units three and two months before an assignment's planned end, and "
        "escalate fifteen days before it when nobody acted. Each reminder is sent once per planned end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The day to send for (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: {exc}") from exc
        run = reminders_send(today=today)
        self.stdout.write(f"{run.sent} reminder(s) sent, {run.skipped} already sent.")
