"""The demo's starter programme: a few host requests, candidates and serving volunteers in the
demo users' scopes, all made through the services (so every rule and the audit trail apply).

Deterministic for a seed. The generated programme year of the statistics issue replaces it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from mobilize.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from mobilize.accounts.models import Role, User
from mobilize.accounts.services import user_create
from mobilize.assignments.models import Assignment
from mobilize.assignments.services import assignment_create
from mobilize.geo.models import Country, DutyStation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import ExpertiseArea, FundingType, Language, VolunteerCategory
from mobilize.requests.models import Doa
from mobilize.requests.services import LanguageRow as DoaLanguageRow
from mobilize.requests.services import doa_create
from mobilize.talent.models import Candidate, EducationLevel, Gender, LanguageLevel
from mobilize.talent.services import LanguageRow, candidate_consent_give, candidate_create

GIVEN = {
    "female": [
        "Amina",
        "Wanjiru",
        "Lucía",
        "Maria",
        "Aisha",
        "Grace",
        "Fatima",
        "Nadia",
        "Rosa",
        "Mei",
        "Olena",
        "Chioma",
        "Ana",
        "Leila",
        "Priya",
        "Sofía",
        "Nasrin",
        "Esther",
    ],
    "male": [
        "Kamau",
        "Juan",
        "Ibrahima",
        "Omar",
        "David",
        "Carlos",
        "Ahmed",
        "Joseph",
        "Andrés",
        "Rahim",
        "Mykola",
        "Emmanuel",
        "Luis",
        "Samuel",
        "Tariq",
        "Paulo",
    ],
}
FAMILY = [
    "Otieno",
    "Diallo",
    "Rojas",
    "Mendes",
    "Haddad",
    "Okafor",
    "Rahman",
    "Mwangi",
    "Gómez",
    "Ndiaye",
    "Santos",
    "Kovalenko",
    "Hassan",
    "Banda",
    "Reyes",
    "Khan",
    "Mutua",
    "Torres",
    "Sow",
    "Nguyen",
]

# (host acronym, country, category code, title, stations, languages, month of start)
REQUESTS = [
    (
        "UNDP",
        "KE",
        "national-specialist",
        "Climate finance associate",
        ["Nairobi", "Kisumu"],
        ["en", "sw"],
        1,
    ),
    ("UNDP", "KE", "international-specialist", "Programme specialist, governance", ["Nairobi"], ["en"], 2),
    (
        "UNICEF",
        "CO",
        "national-specialist",
        "Child protection officer",
        ["Bogotá", "Cúcuta", "Quibdó"],
        ["es"],
        3,
    ),
    ("UNICEF", "KE", "national-youth", "Youth engagement assistant", ["Kakuma"], ["en"], 4),
    ("UNHCR", "UG", "national-specialist", "Protection associate", ["Kampala"], ["en"], 2),
    ("WHO", "PH", "international-specialist", "Epidemiologist", ["Manila"], ["en"], 5),
    ("UNFPA", "BD", "national-specialist", "Gender-based violence officer", ["Cox's Bazar"], ["bn", "en"], 3),
    ("OHCHR", "CO", "national-expert", "Human rights officer", ["Medellín"], ["es"], 6),
    ("MONUSCO", "CD", "international-specialist", "Electoral officer", ["Goma", "Bunia"], ["fr"], 1),
]

# Assignments: (request index, position index, nationality or None for the request's country, months)
SERVING = [
    (0, 0, None, 12),
    (0, 1, None, 12),
    (1, 0, "SN", 12),
    (2, 0, None, 12),
    (2, 1, None, 10),
    (3, 0, None, 12),
    (4, 0, None, 12),
    (5, 0, "UG", 12),
    (6, 0, None, 9),
    (8, 0, "SN", 12),
    (8, 1, "CM", 12),
]


@dataclass(frozen=True)
class SeedResult:
    users: int
    candidates: int
    doas: int
    assignments: int


def _users() -> dict[str, User]:
    users = {}
    for spec in DEMO_USERS:
        users[spec.username] = user_create(
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
    return users


def _candidate(rng: random.Random, *, actor: User, nationality: Country, year: int = 2024) -> Candidate:
    gender = rng.choice([Gender.FEMALE, Gender.MALE])
    languages = list(Language.objects.filter(code__in=["en", "fr", "es"]).order_by("code"))
    areas = list(ExpertiseArea.objects.order_by("code").values_list("pk", flat=True))
    return candidate_create(
        actor=actor,
        data={
            "given_name": rng.choice(GIVEN[gender]),
            "family_name": rng.choice(FAMILY),
            "email": "",
            "nationality": nationality,
            "residence": nationality,
            "date_of_birth": dt.date(year - rng.randint(28, 55), rng.randint(1, 12), rng.randint(1, 28)),
            "gender": gender,
            "education": rng.choice([EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.MASTER]),
            "experience_months": rng.randint(60, 240),
            "interest": Candidate.Interest.BOTH,
            "has_driving_licence": rng.random() < 0.6,
        },
        expertise=rng.sample(areas, 2),
        languages=[LanguageRow(language=rng.choice(languages), level=LanguageLevel.FLUENT)],
    )


@transaction.atomic
def demo_seed(
    *, seed: int = 2023, talent_pool: int = 40, progress: Callable[[str], None] = print
) -> SeedResult:
    """Create the demo users, requests, candidates and assignments. Refuses to run twice."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    users = _users()
    hq = users["hq"]
    progress(f"{len(users)} demo users")

    categories = {c.code: c for c in VolunteerCategory.objects.all()}
    doas: list[Doa] = []
    for host, iso2, category, title, stations, langs, month in REQUESTS:
        country = Country.objects.get(iso2=iso2)
        station_ids = [DutyStation.objects.get(country=country, name=name).pk for name in stations]
        doas.append(
            doa_create(
                actor=hq,
                data={
                    "title": title,
                    "host_entity": HostEntity.objects.get(acronym=host),
                    "country": country,
                    "category": categories[category],
                    "description": f"{title} with {host} in {country.name_en}.",
                    "start_date": dt.date(2024, month, 1),
                    "end_date": dt.date(2024 + 1, month, 1) - dt.timedelta(days=1),
                    "funding_type": FundingType.HOST,
                    "min_experience_months": 24,
                },
                languages=[
                    DoaLanguageRow(language_id=pk)
                    for pk in Language.objects.filter(code__in=langs).values_list("pk", flat=True)
                ],
                duty_station_ids=station_ids,
            )
        )
    progress(f"{len(doas)} requests (DoA) with their positions")

    volunteer_user = users["volunteer"]
    assignments: list[Assignment] = []
    for index, (doa_index, position_index, nationality_iso, months) in enumerate(SERVING):
        doa = doas[doa_index]
        position = list(doa.positions.order_by("pk"))[position_index]
        nationality = Country.objects.get(iso2=nationality_iso) if nationality_iso else doa.country
        is_demo_volunteer = nationality_iso == "SN" and doa_index == 1
        actor = volunteer_user if is_demo_volunteer else hq
        candidate = _candidate(rng, actor=actor, nationality=nationality)
        if is_demo_volunteer:
            candidate_consent_give(actor=volunteer_user, candidate=candidate)
        entry = doa.start_date + dt.timedelta(days=rng.randint(0, 20) + index)
        assignments.append(
            assignment_create(
                volunteer=candidate,
                category=doa.category,
                host_entity=doa.host_entity,
                duty_station=position.duty_station,
                funding_type=doa.funding_type,
                entry_on_duty=entry,
                planned_end=entry + dt.timedelta(days=months * 30),
                position=position,
                actor=hq,
            )
        )
    progress(f"{len(assignments)} serving volunteers")

    pool_countries = list(Country.objects.filter(iso2__in=["KE", "CO", "UG", "PH", "BD", "SN", "JO", "CD"]))
    for _ in range(talent_pool):
        _candidate(rng, actor=users["recruiter"], nationality=rng.choice(pool_countries))
    progress(f"{talent_pool} more candidates in the talent pool")
    return SeedResult(
        users=len(users), candidates=Candidate.objects.count(), doas=len(doas), assignments=len(assignments)
    )


def demo_is_seeded() -> bool:
    return User.objects.filter(username=DEMO_USERS[0].username, role=Role.HQ).exists()
