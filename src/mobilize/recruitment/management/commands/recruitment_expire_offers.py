"""Mark expired every open offer whose deadline to answer has passed (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mobilize.recruitment.services import offer_expire_overdue


class Command(BaseCommand):
    help = "Mark expired every open offer whose deadline to answer has passed, and tell those concerned."

    def handle(self, *args: Any, **options: Any) -> None:
        count = offer_expire_overdue()
        self.stdout.write(f"{count} offer(s) expired.")
