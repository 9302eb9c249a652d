"""``mobilize demo_users``: the demo logins as JSON (username, password, role, scope)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from mobilize.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from mobilize.accounts.models import User


class Command(BaseCommand):
    help = "Print the demo logins as JSON: one per role and scope the demo needs."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS]).prefetch_related(
                "host_entities", "countries"
            )
        }
        rows = []
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            if user is None:
                continue
            rows.append(
                {
                    "username": user.username,
                    "password": DEMO_PASSWORD,
                    "role": user.role,
                    "scope": {
                        "host_entities": sorted(e.acronym for e in user.host_entities.all()),
                        "countries": sorted(c.iso2 for c in user.countries.all()),
                    },
                }
            )
        self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
