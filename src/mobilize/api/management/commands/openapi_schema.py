"""``mobilize openapi_schema [--output FILE]``: the API's OpenAPI schema, as stable sorted JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mobilize.api.api import api


class Command(BaseCommand):
    help = "Write the OpenAPI schema of /api/v1/ (CI diffs it against docs/openapi.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="-")

    def handle(self, *args: Any, **options: Any) -> None:
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
