"""``mobilize stats --year Y --format json|table|csv``: the statistics of a programme year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobilize.statistics.formats import document_csv, document_json, document_table
from mobilize.statistics.selectors import statistics_for_year

WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "json": document_json,
    "table": document_table,
    "csv": document_csv,
}


class Command(BaseCommand):
    help = (
        "Print the statistics of a programme year (format mobilize-statistics/1; docs/statistics.md "
        "defines every figure): json (keys sorted, shares with 4 decimals, means with 2), csv (one row "
        "per figure path) or a table to read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The programme year, e.g. 2023.")
        parser.add_argument("--format", choices=sorted(WRITERS), default="json", help="Output format.")
        parser.add_argument(
            "--exact",
            action="store_true",
            help="Do not round shares and means (json and csv): to compare with a profile at any precision.",
        )

    def handle(self, *args: Any, year: int, format: str, exact: bool, **options: Any) -> None:
        try:
            document = statistics_for_year(year=year, exact=exact and format != "table")
        except (ValidationError, ImproperlyConfigured) as exc:
            raise CommandError(" ".join(_messages(exc))) from exc
        self.stdout.write(WRITERS[format](document), ending="")


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(message) for message in exc.messages]
    return [str(exc)]
