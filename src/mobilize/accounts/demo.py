"""The demo's cast of users: one per role and scope the demo needs.

The demo password comes from ``MOBILIZE_DEMO_PASSWORD`` (default below); it is for the local demo
only, never for a deployment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from mobilize.accounts.models import Role

DEMO_PASSWORD = os.environ.get("MOBILIZE_DEMO_PASSWORD", "mobilize-demo-2023")


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    host_entities: tuple[str, ...] = ()  # acronyms
    countries: tuple[str, ...] = ()  # ISO 3166 alpha-2


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("hq", Role.HQ, "Hana", "Quartier"),
    DemoUser("recruiter", Role.RECRUITER, "Rita", "Cruz"),
    DemoUser("auditor", Role.AUDITOR, "Aude", "Itor"),
    DemoUser("undp.kenya", Role.HOST_FOCAL_POINT, "Kamau", "Otieno", host_entities=("UNDP",)),
    DemoUser("unicef.focal", Role.HOST_FOCAL_POINT, "Lucia", "Mendes", host_entities=("UNICEF",)),
    DemoUser("field.kenya", Role.FIELD_UNIT, "Wanjiru", "Njoroge", countries=("KE",)),
    DemoUser("field.colombia", Role.FIELD_UNIT, "Camilo", "Rojas", countries=("CO",)),
    DemoUser("volunteer", Role.CANDIDATE, "Amina", "Diallo"),
    DemoUser("donor.sweden", Role.DONOR, "Sven", "Lind"),
)
