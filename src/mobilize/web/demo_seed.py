"""The demo programme: the 2023 year generated from profiles/unv-2023.yaml (whose statistics are the
report's), the demo cast of users scoped to it, and a few live requests walked through the DoA
workflow so that every role finds something to act on.

Everything after the generator is made through the services, so every rule and the audit trail
apply. Deterministic for a seed; refuses to run twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from mobilize.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from mobilize.accounts.models import Role, User
from mobilize.accounts.services import user_create
from mobilize.assignments.models import Assignment
from mobilize.dutyofcare.demo import dutyofcare_demo_seed
from mobilize.entitlements.services import entitlements_load_defaults
from mobilize.geo.models import Country, DutyStation
from mobilize.matching.services import candidate_features_rebuild
from mobilize.partners.models import HostEntity
from mobilize.reference.models import FundingType, Language, VolunteerCategory
from mobilize.requests.models import Doa
from mobilize.requests.services import LanguageRow, doa_approve, doa_create, doa_start_sourcing, doa_submit
from mobilize.synthetic.generator import generate
from mobilize.synthetic.profiles import profile_load
from mobilize.talent.services import candidate_link_user

PROFILE = Path(__file__).resolve().parents[3] / "profiles" / "unv-2023.yaml"

# Live requests: (host, country, category, title, stations, languages, how far through the workflow)
REQUESTS = [
    (
        "UNDP",
        "KE",
        "national-specialist",
        "Climate finance associate",
        ["Nairobi", "Kisumu"],
        ["en", "sw"],
        "draft",
    ),
    ("UNDP", "KE", "international-specialist", "Governance specialist", ["Nairobi"], ["en"], "submitted"),
    (
        "UNICEF",
        "CO",
        "national-specialist",
        "Child protection officer",
        ["Bogotá", "Cúcuta"],
        ["es"],
        "approved",
    ),
    ("UNICEF", "KE", "national-youth", "Youth engagement assistant", ["Kakuma"], ["en"], "sourcing"),
    ("UNHCR", "CO", "national-specialist", "Protection associate", ["Cúcuta"], ["es"], "submitted"),
]
STEPS = ["draft", "submitted", "approved", "sourcing"]


@dataclass(frozen=True)
class SeedResult:
    users: int
    assignments: int
    live_requests: int


def _users() -> dict[str, User]:
    return {
        spec.username: user_create(
            username=spec.username,
            password=DEMO_PASSWORD,
            role=spec.role,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@demo.mobilize.invalid",
            host_entity_ids=HostEntity.objects.filter(acronym__in=spec.host_entities).values_list(
                "pk", flat=True
            ),
            country_ids=Country.objects.filter(iso2__in=spec.countries).values_list("pk", flat=True),
        )
        for spec in DEMO_USERS
    }


def _link_volunteer(users: dict[str, User]) -> None:
    """The demo volunteer signs in as a generated volunteer serving UNDP in Kenya (any, if none)."""
    serving = Assignment.objects.select_related("volunteer").order_by("reference")
    assignment = (
        serving.filter(
            host_entity__acronym="UNDP", duty_country__iso2="KE", volunteer__user__isnull=True
        ).first()
        or serving.filter(volunteer__user__isnull=True).first()
    )
    if assignment is not None:
        candidate_link_user(actor=users["hq"], candidate=assignment.volunteer, user=users["volunteer"])


def _live_requests(users: dict[str, User]) -> int:
    start = timezone.localdate() + dt.timedelta(days=75)
    categories = {c.code: c for c in VolunteerCategory.objects.all()}
    focal_for = {"UNDP": users["undp.kenya"], "UNICEF": users["unicef.focal"]}
    for host, iso2, category, title, stations, languages, reach in REQUESTS:
        country = Country.objects.get(iso2=iso2)
        author = focal_for.get(host, users["hq"])
        doa = doa_create(
            actor=author,
            data={
                "title": title,
                "host_entity": HostEntity.objects.get(acronym=host),
                "country": country,
                "category": categories[category],
                "description": f"{title} with {host} in {country.name_en}.",
                "start_date": start,
                "end_date": start + dt.timedelta(days=364),
                "funding_type": FundingType.HOST,
                "min_experience_months": 24,
            },
            languages=[
                LanguageRow(language_id=pk)
                for pk in Language.objects.filter(code__in=languages).values_list("pk", flat=True)
            ],
            duty_station_ids=[DutyStation.objects.get(country=country, name=name).pk for name in stations],
        )
        if STEPS.index(reach) >= 1:
            doa = doa_submit(doa=doa, actor=author)
        if STEPS.index(reach) >= 2:
            doa = doa_approve(doa=doa, actor=users["hq"])
        if STEPS.index(reach) >= 3:
            doa_start_sourcing(doa=doa, actor=users["recruiter"])
    return len(REQUESTS)


def demo_seed(
    *, seed: int = 2023, talent_pool: int = 50_000, progress: Callable[[str], None] = print
) -> SeedResult:
    """Generate the 2023 programme, then the demo users and the live requests."""
    entitlements_load_defaults()  # the rates the allowances and costs are worked out from (idempotent)
    generate(profile=profile_load(PROFILE), seed=seed, talent_pool=talent_pool, progress=progress)
    with transaction.atomic():
        users = _users()
        _link_volunteer(users)
        live = _live_requests(users)
    progress(f"{len(users)} demo users and {live} live requests")
    dutyofcare_demo_seed(actor=users["hq"], progress=progress)
    progress("matching features for the talent pool")
    candidate_features_rebuild()
    return SeedResult(users=len(users), assignments=Assignment.objects.count(), live_requests=live)


def demo_is_seeded() -> bool:
    return User.objects.filter(username=DEMO_USERS[0].username, role=Role.HQ).exists() or Doa.objects.exists()
