"""The duty-of-care part of the demo: the security levels of 2023 (``data/security_levels_2023.csv``;
every value INFER: the UN does not publish its security levels), an evacuation of Sudan as of
15 April 2023 (the day fighting broke out in Khartoum) with its people partly accounted for, a
well-being check-in to its volunteers and two incidents reported on their behalf.

Everything is made through the services, as headquarters, so every rule, the audit trail and the
notifications apply. Idempotent: a second run finds each piece made and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from mobilize.accounts.models import Role, User
from mobilize.dutyofcare.models import CheckIn, Evacuation, Incident, PersonStatus, SecurityLevelChange
from mobilize.dutyofcare.services import (
    checkin_send,
    evacuation_person_move,
    evacuation_start,
    incident_report,
    security_level_record,
)
from mobilize.geo.models import Country, DutyStation

LEVELS = Path(__file__).resolve().parent / "data" / "security_levels_2023.csv"
SUDAN = "SD"
SUDAN_AS_OF = dt.date(2023, 4, 15)
SUDAN_TITLE = "Sudan: evacuation, April 2023"
# Of every five people listed, three are safe, one is in transit and one still to move.
PATTERN = [
    PersonStatus.SAFE,
    PersonStatus.SAFE,
    PersonStatus.SAFE,
    PersonStatus.IN_TRANSIT,
    PersonStatus.TO_MOVE,
]
IN_TRANSIT_AT = "Port Sudan"
SAFE_AT = "Addis Ababa"


@dataclass(frozen=True)
class DutyOfCareSeed:
    levels: int
    evacuation: int | None
    people: int
    accounted: int
    checkins: int
    incidents: int


def _levels(actor: Any) -> int:
    made = 0
    with LEVELS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            country = Country.objects.filter(iso2=row["country"]).first()
            if country is None:
                continue
            station = None
            if row["duty_station"]:
                station = DutyStation.objects.filter(country=country, name=row["duty_station"]).first()
                if station is None:
                    continue
            day = dt.date.fromisoformat(row["effective_from"])
            if SecurityLevelChange.objects.filter(
                country=country, duty_station=station, effective_from=day
            ).exists():
                continue
            security_level_record(
                country=country,
                duty_station=station,
                level=int(row["level"]),
                effective_from=day,
                note=row["note"],
                actor=actor,
            )
            made += 1
    return made


def _sudan(actor: Any) -> Evacuation | None:
    country = Country.objects.filter(iso2=SUDAN).first()
    if country is None:
        return None
    existing = Evacuation.objects.filter(country=country, as_of=SUDAN_AS_OF, title=SUDAN_TITLE).first()
    if existing is not None:
        return existing
    if Evacuation.objects.filter(country=country, status=Evacuation.Status.OPEN).exists():
        return None
    evacuation = evacuation_start(
        country=country,
        as_of=SUDAN_AS_OF,
        kind=Evacuation.Kind.EVACUATION,
        title=SUDAN_TITLE,
        reason="Armed conflict in Khartoum from 15 April 2023; evacuation through Port Sudan (demo).",
        actor=actor,
    )
    for index, person in enumerate(evacuation.people.order_by("pk")):
        target = PATTERN[index % len(PATTERN)]
        if target == PersonStatus.TO_MOVE:
            continue
        person = evacuation_person_move(
            person=person,
            status=PersonStatus.IN_TRANSIT,
            expected_version=person.version,
            location=IN_TRANSIT_AT,
            actor=actor,
        )
        if target == PersonStatus.SAFE:
            evacuation_person_move(
                person=person,
                status=PersonStatus.SAFE,
                expected_version=person.version,
                location=SAFE_AT,
                actor=actor,
            )
    return evacuation


def _checkin(evacuation: Evacuation, actor: Any) -> int:
    if CheckIn.objects.filter(evacuation=evacuation).exists() or not evacuation.people.exists():
        return 0
    checkin_send(
        evacuation=evacuation, message="Are you safe? Tell us where you are and what you need.", actor=actor
    )
    return 1


def _incidents(evacuation: Evacuation, actor: Any) -> int:
    volunteers = list(
        evacuation.people.filter(kind="volunteer")
        .select_related("assignment__volunteer", "assignment__duty_country")
        .order_by("pk")[:2]
    )
    made = 0
    for person, (day, severity, text) in zip(
        volunteers,
        [
            (
                dt.date(2023, 4, 16),
                Incident.Severity.CRITICAL,
                "Shelling near the residence; sheltered in place for two days.",
            ),
            (
                dt.date(2023, 4, 20),
                Incident.Severity.HIGH,
                "Armed men searched the guest house and took phones and cash.",
            ),
        ],
        strict=False,
    ):
        if Incident.objects.filter(assignment=person.assignment, occurred_on=day).exists():
            continue
        incident_report(
            assignment=person.assignment,
            data={
                "kind": Incident.Kind.SECURITY,
                "severity": severity,
                "occurred_on": day,
                "place": person.duty_station.name,
                "description": text,
            },
            actor=actor,
        )
        made += 1
    return made


def dutyofcare_demo_seed(*, actor: Any = None, progress: Callable[[str], None] = print) -> DutyOfCareSeed:
    """Make the duty-of-care demo (as ``actor``, else the first headquarters user); run it after
    the 2023 programme and the demo users exist. Safe to run again."""
    actor = actor or User.objects.filter(role=Role.HQ, is_active=True).order_by("pk").first()
    if actor is None:
        progress("duty of care: no headquarters user, nothing made")
        return DutyOfCareSeed(levels=0, evacuation=None, people=0, accounted=0, checkins=0, incidents=0)
    with transaction.atomic():
        levels = _levels(actor)
        evacuation = _sudan(actor)
        checkins = incidents = 0
        if evacuation is not None:
            checkins = _checkin(evacuation, actor)
            incidents = _incidents(evacuation, actor)
    people = evacuation.people.count() if evacuation is not None else 0
    accounted = (
        evacuation.people.filter(status__in=[PersonStatus.SAFE, PersonStatus.RETURNED]).count()
        if evacuation
        else 0
    )
    progress(
        f"duty of care: {levels} security levels, Sudan evacuation with {people} people "
        f"({accounted} accounted for), {checkins} check-in, {incidents} incidents"
    )
    return DutyOfCareSeed(
        levels=levels,
        evacuation=evacuation.pk if evacuation else None,
        people=people,
        accounted=accounted,
        checkins=checkins,
        incidents=incidents,
    )
