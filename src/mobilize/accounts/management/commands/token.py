"""``mobilize token create USER``: print a new API token for a user."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mobilize.accounts.models import User
from mobilize.accounts.services import token_create


class Command(BaseCommand):
    help = "Manage API tokens: `token create USERNAME [--name NAME]` prints a new bearer token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}.") from None
        self.stdout.write(token_create(user=user, name=options["name"]))
