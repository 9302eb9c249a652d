"""Reads on duty of care: always through the viewer's scope, aggregated in the database where they
count, joins declared, deterministic order.

Who is where on a day: an assignment serving that day (``assignments.selectors.serving_on_q``: entry
on duty on or before the day, the end, actual else planned, on or after it, not cancelled); with it, its
dependants who accompany the volunteer and are recognized on that day (``accompanying_on_q``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import Role, User
from mobilize.assignments.models import Assignment, Dependant
from mobilize.assignments.selectors import dependant_recognized_on_q, serving_on_q
from mobilize.core.audit import audit_personal_read
from mobilize.dutyofcare.models import (
    ACCOUNTED,
    UNACCOUNTED,
    Answer,
    CheckIn,
    CheckInResponse,
    Evacuation,
    EvacuationMove,
    EvacuationPerson,
    Incident,
    PersonStatus,
    SecurityLevel,
    SecurityLevelChange,
)
from mobilize.dutyofcare.permissions import (
    checkin_response_scope,
    checkin_scope,
    evacuation_person_scope,
    evacuation_scope,
    incident_access,
    incident_count_scope,
    incident_scope,
    is_audited_incident_read,
    whereabouts_scope,
)
from mobilize.geo.models import Country, DutyStation
from mobilize.notifications.selectors import TaskGroup, TaskItem, task_group

# --- presence on a day ------------------------------------------------------------------------


def accompanying_on_q(day: dt.date, prefix: str = "") -> Q:
    """Dependants at the duty station on ``day``: accompanying, and recognized on that day."""
    return Q(**{f"{prefix}accompanying": True}) & dependant_recognized_on_q(day, prefix)


def assignments_present(
    *, day: dt.date, country_id: int, duty_station_ids: Iterable[int] = ()
) -> QuerySet[Assignment]:
    """Every assignment present in a country (or some of its duty stations) on ``day``, unscoped
    (for services), latest entry on duty first so that a volunteer with two is taken once by the
    latest."""
    qs = Assignment.objects.filter(serving_on_q(day), duty_country_id=country_id)
    stations = list(duty_station_ids)
    if stations:
        qs = qs.filter(duty_station_id__in=stations)
    return qs.select_related("volunteer", "duty_station", "host_entity").order_by(
        "volunteer_id", "-entry_on_duty", "-pk"
    )


def dependants_present(*, day: dt.date, assignment_ids: Iterable[int]) -> QuerySet[Dependant]:
    """The accompanying dependants recognized on ``day`` of the given assignments (unscoped)."""
    return Dependant.objects.filter(accompanying_on_q(day), assignment_id__in=list(assignment_ids)).order_by(
        "assignment_id", "family_name", "given_name", "pk"
    )


# --- security levels --------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelOn:
    """A level in force: the level, since when, and whether it was set for the duty station itself
    or for its whole country."""

    level: int
    effective_from: dt.date
    for_station: bool

    @property
    def label(self) -> str:
        return str(SecurityLevel(self.level).label)


def _latest(rows: Iterable[SecurityLevelChange], key: Any) -> dict[Any, SecurityLevelChange]:
    latest: dict[Any, SecurityLevelChange] = {}
    for row in rows:  # ordered by effective_from, so the last one in force wins
        latest[key(row)] = row
    return latest


def _pick(country_row: SecurityLevelChange | None, station_row: SecurityLevelChange | None) -> LevelOn | None:
    """The latest decision wins; on the same day the duty station's own."""
    if station_row is not None and (
        country_row is None or station_row.effective_from >= country_row.effective_from
    ):
        return LevelOn(level=station_row.level, effective_from=station_row.effective_from, for_station=True)
    if country_row is not None:
        return LevelOn(level=country_row.level, effective_from=country_row.effective_from, for_station=False)
    return None


@dataclass(frozen=True)
class LevelMap:
    """The levels in force on a day for some countries and their duty stations (one query)."""

    countries: dict[int, SecurityLevelChange]
    stations: dict[int, SecurityLevelChange]

    def for_country(self, country_id: int) -> LevelOn | None:
        return _pick(self.countries.get(country_id), None)

    def for_station(self, *, country_id: int, duty_station_id: int) -> LevelOn | None:
        return _pick(self.countries.get(country_id), self.stations.get(duty_station_id))


def security_levels_on(*, day: dt.date, country_ids: Iterable[int] | None = None) -> LevelMap:
    """The levels in force on ``day`` (in ``country_ids``, or everywhere): one query."""
    qs = SecurityLevelChange.objects.filter(effective_from__lte=day)
    if country_ids is not None:
        qs = qs.filter(country_id__in=list(country_ids))
    rows = list(
        qs.order_by("effective_from", "pk").only("country_id", "duty_station_id", "level", "effective_from")
    )
    return LevelMap(
        countries=_latest((r for r in rows if r.duty_station_id is None), lambda r: r.country_id),
        stations=_latest((r for r in rows if r.duty_station_id is not None), lambda r: r.duty_station_id),
    )


def security_level_on(*, day: dt.date, country_id: int, duty_station_id: int | None = None) -> LevelOn | None:
    """The level in force on ``day`` for a country, or for one of its duty stations."""
    levels = security_levels_on(day=day, country_ids=[country_id])
    if duty_station_id is None:
        return levels.for_country(country_id)
    return levels.for_station(country_id=country_id, duty_station_id=duty_station_id)


def security_level_history(
    *, country_id: int | None = None, duty_station_id: int | None = None
) -> QuerySet[SecurityLevelChange]:
    """Every recorded change (a country's, with those of its duty stations), latest first."""
    qs = SecurityLevelChange.objects.select_related("country", "duty_station", "recorded_by")
    if country_id is not None:
        qs = qs.filter(country_id=country_id)
    if duty_station_id is not None:
        qs = qs.filter(duty_station_id=duty_station_id)
    return qs.order_by("-effective_from", "duty_station__name", "-pk")


@dataclass(frozen=True)
class CountryLevels:
    """A country's level on a day and the duty stations whose own level differs from it."""

    country: Any
    level: LevelOn | None
    stations: tuple[tuple[Any, LevelOn], ...]


def security_level_overview(*, day: dt.date, country_id: int | None = None) -> list[CountryLevels]:
    """Every country with a level recorded on or before ``day``, its level then and its duty
    stations with a level of their own in force (three queries), by country name."""
    levels = security_levels_on(day=day, country_ids=None if country_id is None else [country_id])
    country_ids = set(levels.countries) | {r.country_id for r in levels.stations.values()}
    countries = Country.objects.in_bulk(country_ids)
    stations = DutyStation.objects.in_bulk(list(levels.stations))
    out = []
    for country in sorted(countries.values(), key=lambda c: c.name_en):
        own = []
        for station_id, row in levels.stations.items():
            if row.country_id != country.pk:
                continue
            level = levels.for_station(country_id=country.pk, duty_station_id=station_id)
            if level is not None and level.for_station:
                own.append((stations[station_id], level))
        own.sort(key=lambda pair: pair[0].name)
        out.append(CountryLevels(country=country, level=levels.for_country(country.pk), stations=tuple(own)))
    return out


# --- who is where -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WhereaboutsFilters:
    """Who is where on ``day``, narrowed by country, region, host entity or duty station."""

    day: dt.date
    country_id: int | None = None
    region: str | None = None
    host_entity_id: int | None = None
    duty_station_id: int | None = None


def whereabouts_assignments(*, viewer: Any, filters: WhereaboutsFilters) -> QuerySet[Assignment]:
    """The assignments present on the day that ``viewer`` may see, narrowed by ``filters``."""
    f = filters
    qs = Assignment.objects.filter(whereabouts_scope(viewer)).filter(serving_on_q(f.day))
    if f.country_id is not None:
        qs = qs.filter(duty_country_id=f.country_id)
    if f.region:
        qs = qs.filter(duty_country__region=f.region)
    if f.host_entity_id is not None:
        qs = qs.filter(host_entity_id=f.host_entity_id)
    if f.duty_station_id is not None:
        qs = qs.filter(duty_station_id=f.duty_station_id)
    return qs


@dataclass(frozen=True)
class StationPresence:
    """How many volunteers and accompanying dependants are at one duty station on a day."""

    duty_station: Any
    volunteers: int
    dependants: int
    level: LevelOn | None

    @property
    def people(self) -> int:
        return self.volunteers + self.dependants


@dataclass(frozen=True)
class Whereabouts:
    """Who is where: one row per duty station, by country and name, and the totals (a volunteer at
    two stations on the day counts at each, and once in the total)."""

    day: dt.date
    stations: tuple[StationPresence, ...]
    volunteers: int
    dependants: int
    by_country: tuple[tuple[Any, int, int], ...] = field(default=())

    @property
    def people(self) -> int:
        return self.volunteers + self.dependants


def _dependant_count(day: dt.date) -> Count:
    return Count("dependants", filter=accompanying_on_q(day, "dependants__"), distinct=True)


def whereabouts_by_station(*, viewer: Any, filters: WhereaboutsFilters) -> Whereabouts:
    """Volunteers and accompanying dependants by duty station on the day, counted in the database,
    with each station's security level then (four queries whatever the size)."""
    qs = whereabouts_assignments(viewer=viewer, filters=filters)
    rows = list(
        qs.values("duty_station")
        .annotate(
            volunteer_count=Count("volunteer", distinct=True), dependant_count=_dependant_count(filters.day)
        )
        .order_by("duty_station")
    )
    totals = qs.aggregate(
        volunteers=Count("volunteer", distinct=True), dependants=_dependant_count(filters.day)
    )
    stations = DutyStation.objects.select_related("country").in_bulk([r["duty_station"] for r in rows])
    levels = security_levels_on(day=filters.day, country_ids={s.country_id for s in stations.values()})
    presence = [
        StationPresence(
            duty_station=stations[r["duty_station"]],
            volunteers=r["volunteer_count"],
            dependants=r["dependant_count"],
            level=levels.for_station(
                country_id=stations[r["duty_station"]].country_id, duty_station_id=r["duty_station"]
            ),
        )
        for r in rows
    ]
    presence.sort(key=lambda p: (p.duty_station.country.name_en, p.duty_station.name, p.duty_station.pk))
    by_country: dict[int, list[Any]] = {}
    for p in presence:
        entry = by_country.setdefault(p.duty_station.country_id, [p.duty_station.country, 0, 0])
        entry[1] += p.volunteers
        entry[2] += p.dependants
    return Whereabouts(
        day=filters.day,
        stations=tuple(presence),
        volunteers=totals["volunteers"] or 0,
        dependants=totals["dependants"] or 0,
        by_country=tuple((c, v, d) for c, v, d in by_country.values()),
    )


def whereabouts_people(*, viewer: Any, filters: WhereaboutsFilters) -> QuerySet[Assignment]:
    """The volunteers present (their assignments), each with ``present_dependants``, by country,
    duty station and name: what a field unit needs to reach everyone (name, nationality, duty
    station, email from the candidate record)."""
    dependants = Dependant.objects.filter(accompanying_on_q(filters.day)).order_by(
        "family_name", "given_name", "pk"
    )
    return (
        whereabouts_assignments(viewer=viewer, filters=filters)
        .select_related("volunteer", "nationality", "duty_station", "duty_country", "host_entity")
        .prefetch_related(Prefetch("dependants", queryset=dependants, to_attr="present_dependants"))
        .order_by(
            "duty_country__name_en",
            "duty_station__name",
            "volunteer__family_name",
            "volunteer__given_name",
            "pk",
        )
    )


# --- evacuations ------------------------------------------------------------------------------


def evacuation_list(
    *, viewer: Any, status: str | None = None, country_id: int | None = None
) -> QuerySet[Evacuation]:
    """The events ``viewer`` may see, latest first, with how many of their people (those ``viewer``
    may see) are not yet accounted for (``unaccounted``) and in all (``people_count``)."""
    visible = evacuation_person_scope(viewer, prefix="people__")
    qs = (
        Evacuation.objects.filter(evacuation_scope(viewer))
        .select_related("country")
        .annotate(
            people_count=Count("people", filter=visible or None, distinct=True),
            unaccounted=Count("people", filter=visible & Q(people__status__in=UNACCOUNTED), distinct=True),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if country_id is not None:
        qs = qs.filter(country_id=country_id)
    return qs.order_by("-as_of", "-pk")


@dataclass(frozen=True)
class EvacuationCounts:
    """How many people of an event stand at each status (of those the viewer may see)."""

    by_status: dict[str, int]
    volunteers: int
    dependants: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def unaccounted(self) -> int:
        return sum(self.by_status[s] for s in UNACCOUNTED)

    @property
    def accounted(self) -> int:
        return sum(self.by_status[s] for s in ACCOUNTED)

    def rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.by_status[s]) for s in PersonStatus]


def evacuation_counts(*, viewer: Any, evacuation: Evacuation) -> EvacuationCounts:
    """Counts per status and per kind, in the database (one query)."""
    rows = (
        EvacuationPerson.objects.filter(evacuation_person_scope(viewer), evacuation=evacuation)
        .values("status", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status = {s.value: 0 for s in PersonStatus}
    kinds = {k.value: 0 for k in EvacuationPerson.Kind}
    for row in rows:
        by_status[row["status"]] += row["n"]
        kinds[row["kind"]] += row["n"]
    return EvacuationCounts(
        by_status=by_status,
        volunteers=kinds[EvacuationPerson.Kind.VOLUNTEER],
        dependants=kinds[EvacuationPerson.Kind.DEPENDANT],
    )


def evacuation_people(
    *, viewer: Any, evacuation: Evacuation, statuses: Iterable[str] | None = None
) -> QuerySet[EvacuationPerson]:
    """The people of an event ``viewer`` may see (in ``statuses``), by duty station and name, each
    volunteer before their dependants."""
    qs = EvacuationPerson.objects.filter(
        evacuation_person_scope(viewer), evacuation=evacuation
    ).select_related("duty_station", "host_entity", "volunteer__nationality", "status_changed_by")
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    return qs.order_by("duty_station__name", "volunteer__family_name", "volunteer_id", "-kind", "name", "pk")


def evacuation_moves(*, person: EvacuationPerson) -> QuerySet[EvacuationMove]:
    return EvacuationMove.objects.filter(person=person).select_related("by").order_by("at", "pk")


def evacuation_mine(*, user: Any) -> QuerySet[EvacuationPerson]:
    """A volunteer's own rows (and their dependants') on open events, for their page."""
    if not user.has_role(Role.CANDIDATE):
        return EvacuationPerson.objects.none()
    return (
        EvacuationPerson.objects.filter(volunteer__user=user, evacuation__status=Evacuation.Status.OPEN)
        .select_related("evacuation", "duty_station")
        .order_by("evacuation_id", "-kind", "name", "pk")
    )


def _active_users(role: str) -> QuerySet[User]:
    return User.objects.filter(role=role, is_active=True).order_by("pk")


def duty_of_care_contacts(*, country_id: int) -> list[User]:
    """Who is told when an event starts or a volunteer asks for help: the field unit of the country
    and headquarters."""
    return [*_active_users(Role.FIELD_UNIT).filter(countries=country_id), *_active_users(Role.HQ)]


# --- incidents --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentFilters:
    status: str | None = None
    country_id: int | None = None
    kind: str | None = None
    severity: str | None = None


def incident_list(*, viewer: Any, filters: IncidentFilters | None = None) -> QuerySet[Incident]:
    """The incidents ``viewer`` may read, narrowed by ``filters``, latest first."""
    f = filters or IncidentFilters()
    qs = Incident.objects.filter(incident_scope(viewer)).select_related("volunteer", "country", "host_entity")
    exact = {"status": f.status, "country_id": f.country_id, "kind": f.kind, "severity": f.severity}
    qs = qs.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    return qs.order_by("-occurred_on", "-pk")


def incident_read(*, viewer: Any, incident_id: int) -> Incident:
    """An incident ``viewer`` may read, to show it (404 otherwise); an auditor's read is recorded."""
    incident = incident_access(user=viewer, incident_id=incident_id)
    incidents_shown(viewer=viewer, incidents=[incident])
    return incident


def incidents_shown(*, viewer: Any, incidents: Iterable[Incident]) -> None:
    """Record that an auditor was shown these incidents in full (a personal-data read each)."""
    if is_audited_incident_read(viewer):
        for incident in incidents:
            audit_personal_read(actor=viewer, subject=incident, what="incident")


def incident_counts(*, viewer: Any) -> dict[str, int]:
    """How many incidents ``viewer`` may count, per status (a host focal point: its volunteers'),
    in one query."""
    counts = {s.value: 0 for s in Incident.Status}
    rows = (
        Incident.objects.filter(incident_count_scope(viewer))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def incident_assignments_for(*, user: Any) -> QuerySet[Assignment]:
    """A volunteer's own assignments an incident may be reported for (not cancelled)."""
    return (
        Assignment.objects.filter(volunteer__user=user)
        .exclude(status=Assignment.Status.CANCELLED)
        .select_related("duty_station", "duty_country", "volunteer")
        .order_by("-entry_on_duty", "-pk")
    )


def incident_assignment_by_reference(*, user: Any, reference: str) -> Assignment | None:
    """The assignment of that reference that ``user`` may report for (headquarters: any; a field
    unit: in its countries; a volunteer: their own), or ``None``."""
    qs = Assignment.objects.select_related("volunteer", "duty_country").exclude(
        status=Assignment.Status.CANCELLED
    )
    if user.has_role(Role.FIELD_UNIT):
        qs = qs.filter(duty_country__in=user.country_ids())
    elif user.has_role(Role.CANDIDATE):
        qs = qs.filter(volunteer__user=user)
    elif not user.has_role(Role.HQ):
        return None
    return qs.filter(reference=reference.strip()).first()


# --- check-ins --------------------------------------------------------------------------------


def checkin_list(*, viewer: Any, status: str | None = None) -> QuerySet[CheckIn]:
    """The check-ins ``viewer`` may read, newest first, with how many were asked
    (``asked``), answered safe, need help and have not answered (``pending``)."""
    qs = (
        CheckIn.objects.filter(checkin_scope(viewer))
        .select_related("country", "duty_station", "evacuation", "sent_by")
        .annotate(
            asked=Count("responses"),
            safe=Count("responses", filter=Q(responses__answer=Answer.SAFE)),
            need_help=Count("responses", filter=Q(responses__answer=Answer.NEED_HELP)),
            pending=Count("responses", filter=Q(responses__answer=Answer.PENDING)),
        )
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def checkin_counts(*, checkin: CheckIn) -> dict[str, int]:
    """Answers per kind (pending, safe, need help), in one query."""
    counts = {a.value: 0 for a in Answer}
    for row in checkin.responses.values("answer").annotate(n=Count("pk")).order_by():
        counts[row["answer"]] = row["n"]
    return counts


def checkin_responses(
    *, viewer: Any, checkin: CheckIn, answers: Iterable[str] | None = None
) -> QuerySet[CheckInResponse]:
    qs = CheckInResponse.objects.filter(checkin_response_scope(viewer), checkin=checkin).select_related(
        "volunteer", "duty_station"
    )
    if answers is not None:
        qs = qs.filter(answer__in=list(answers))
    return qs.order_by("duty_station__name", "volunteer__family_name", "volunteer__given_name", "pk")


def checkin_mine(*, user: Any, pending_only: bool = False) -> QuerySet[CheckInResponse]:
    """A volunteer's own check-ins (open ones), newest first."""
    if not user.has_role(Role.CANDIDATE):
        return CheckInResponse.objects.none()
    qs = CheckInResponse.objects.filter(
        volunteer__user=user, checkin__status=CheckIn.Status.OPEN
    ).select_related("checkin", "duty_station")
    if pending_only:
        qs = qs.filter(answer=Answer.PENDING)
    return qs.order_by("-checkin__created_at", "-pk")


def _checkin_task_item(response: CheckInResponse) -> TaskItem:
    return TaskItem(
        title=str(_("Well-being check-in: %(message)s") % {"message": response.checkin.message}),
        url=reverse("dutyofcare:my_duty_of_care") + f"#checkin-{response.checkin_id}",
        detail=response.duty_station.name,
        since=response.checkin.created_at,
    )


def checkin_tasks_for(user: User) -> list[TaskGroup]:
    """A "my tasks" provider: the open check-ins a volunteer has not answered, oldest first."""
    if not user.has_role(Role.CANDIDATE):
        return []
    waiting = (
        CheckInResponse.objects.filter(
            volunteer__user=user, answer=Answer.PENDING, checkin__status=CheckIn.Status.OPEN
        )
        .select_related("checkin", "duty_station")
        .order_by("checkin__created_at", "pk")
    )
    return task_group(
        key="dutyofcare.checkins",
        label=str(_("Check-ins waiting for your answer")),
        queryset=waiting,
        item=_checkin_task_item,
        more_url=reverse("dutyofcare:my_duty_of_care"),
    )


# --- the volunteer's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class MyStation:
    assignment: Assignment
    level: LevelOn | None


def my_stations(*, user: Any, day: dt.date) -> list[MyStation]:
    """Where a volunteer serves on ``day`` and the security level there."""
    if not user.has_role(Role.CANDIDATE):
        return []
    assignments = list(
        Assignment.objects.filter(serving_on_q(day), volunteer__user=user)
        .select_related("duty_station", "duty_country", "host_entity")
        .order_by("-entry_on_duty", "-pk")
    )
    levels = security_levels_on(day=day, country_ids={a.duty_country_id for a in assignments})
    return [
        MyStation(
            assignment=a,
            level=levels.for_station(country_id=a.duty_country_id, duty_station_id=a.duty_station_id),
        )
        for a in assignments
    ]
