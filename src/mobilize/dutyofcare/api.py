"""Duty of care over JSON, under /api/v1/dutyofcare/: security levels, who is where, evacuations and
relocations, incidents and check-ins. Each read goes through the caller's scope, each write through
a service; the errors have the project's one shape.

(No ``from __future__ import annotations`` here: django-ninja reads the annotations of the
paginated views through its wrapper, whose module cannot resolve them as strings.)
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.assignments.models import Assignment
from mobilize.dutyofcare.models import (
    Answer,
    CheckIn,
    CheckInResponse,
    Evacuation,
    EvacuationPerson,
    Incident,
    PersonStatus,
    SecurityLevel,
    SecurityLevelChange,
)
from mobilize.dutyofcare.permissions import (
    can_count_incidents,
    can_list_checkins,
    can_list_incidents,
    can_report_incident,
    can_report_incident_for,
    can_view_security_levels,
    can_view_whereabouts,
    checkin_access,
    checkin_response_own,
    evacuation_access,
    evacuation_person_access,
    incident_access,
)
from mobilize.dutyofcare.selectors import (
    IncidentFilters,
    LevelOn,
    WhereaboutsFilters,
    checkin_list,
    checkin_mine,
    checkin_responses,
    evacuation_counts,
    evacuation_list,
    evacuation_people,
    incident_counts,
    incident_list,
    incident_read,
    incidents_shown,
    security_level_history,
    security_level_on,
    whereabouts_by_station,
    whereabouts_people,
)
from mobilize.dutyofcare.services import (
    checkin_answer,
    checkin_close,
    checkin_send,
    evacuation_close,
    evacuation_person_move,
    evacuation_start,
    incident_report,
    incident_update,
    security_level_record,
)
from mobilize.geo.models import Country, DutyStation, Region

router = Router(tags=["dutyofcare"])


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _country(pk: int | None, field: str, errors: dict[str, list[str]]) -> Country | None:
    if pk is None:
        return None
    found = Country.objects.filter(pk=pk).first()
    if found is None:
        errors[field] = [_("There is no country with this id.")]
    return found


def _station(pk: int | None, field: str, errors: dict[str, list[str]]) -> DutyStation | None:
    if pk is None:
        return None
    found = DutyStation.objects.filter(pk=pk).first()
    if found is None:
        errors[field] = [_("There is no duty station with this id.")]
    return found


# --- security levels --------------------------------------------------------------------------


class SecurityLevelOut(Schema):
    id: int
    country: int
    country_name: str
    duty_station: int | None
    duty_station_name: str | None
    level: SecurityLevel
    level_label: str
    effective_from: dt.date
    note: str
    recorded_by: str | None

    @staticmethod
    def resolve_country(obj: SecurityLevelChange) -> int:
        return obj.country_id

    @staticmethod
    def resolve_country_name(obj: SecurityLevelChange) -> str:
        return obj.country.name

    @staticmethod
    def resolve_duty_station(obj: SecurityLevelChange) -> int | None:
        return obj.duty_station_id

    @staticmethod
    def resolve_duty_station_name(obj: SecurityLevelChange) -> str | None:
        return obj.duty_station.name if obj.duty_station is not None else None

    @staticmethod
    def resolve_level_label(obj: SecurityLevelChange) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_recorded_by(obj: SecurityLevelChange) -> str | None:
        return obj.recorded_by.username if obj.recorded_by is not None else None


class SecurityLevelFilterIn(Schema):
    country: int | None = None
    duty_station: int | None = None


class SecurityLevelIn(Schema):
    country: int
    duty_station: int | None = None
    level: int = Field(..., ge=1, le=6)
    effective_from: dt.date
    note: str = ""


class LevelOnIn(Schema):
    country: int
    duty_station: int | None = None
    day: dt.date | None = None


class LevelOnOut(Schema):
    country: int
    duty_station: int | None
    day: dt.date
    level: int | None
    level_label: str | None
    effective_from: dt.date | None
    for_station: bool | None


@router.get("/security-levels", response={200: list[SecurityLevelOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def security_level_list_api(
    request: AuthedRequest, filters: Query[SecurityLevelFilterIn]
) -> QuerySet[SecurityLevelChange]:
    """Every recorded change (the history), latest first; any signed-in user."""
    _require(can_view_security_levels(request.user))
    return security_level_history(country_id=filters.country, duty_station_id=filters.duty_station)


@router.get("/security-levels/on", response={200: LevelOnOut, **ERROR_RESPONSES})
def security_level_on_api(request: AuthedRequest, query: Query[LevelOnIn]) -> dict[str, Any]:
    """The level in force on a day (today by default) for a country or one of its duty stations."""
    _require(can_view_security_levels(request.user))
    country = get_object_or_404(Country, pk=query.country)
    if query.duty_station is not None:
        get_object_or_404(DutyStation, pk=query.duty_station, country=country)
    day = query.day or timezone.localdate()
    level: LevelOn | None = security_level_on(
        day=day, country_id=country.pk, duty_station_id=query.duty_station
    )
    return {
        "country": country.pk,
        "duty_station": query.duty_station,
        "day": day,
        "level": level.level if level else None,
        "level_label": level.label if level else None,
        "effective_from": level.effective_from if level else None,
        "for_station": level.for_station if level else None,
    }


@router.post("/security-levels", response={201: SecurityLevelOut, **ERROR_RESPONSES})
def security_level_create_api(
    request: AuthedRequest, payload: SecurityLevelIn
) -> Status[SecurityLevelChange]:
    errors: dict[str, list[str]] = {}
    country = _country(payload.country, "country", errors)
    station = _station(payload.duty_station, "duty_station", errors)
    if errors:
        raise ValidationError(errors)
    assert country is not None
    change = security_level_record(
        country=country,
        duty_station=station,
        level=payload.level,
        effective_from=payload.effective_from,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, change)


# --- who is where -----------------------------------------------------------------------------


class WhereaboutsIn(Schema):
    day: dt.date | None = None
    country: int | None = None
    region: Region | None = None
    host_entity: int | None = None
    duty_station: int | None = None

    def filters(self) -> WhereaboutsFilters:
        return WhereaboutsFilters(
            day=self.day or timezone.localdate(),
            country_id=self.country,
            region=self.region,
            host_entity_id=self.host_entity,
            duty_station_id=self.duty_station,
        )


class StationPresenceOut(Schema):
    duty_station: int
    duty_station_name: str
    country: int
    country_name: str
    volunteers: int
    dependants: int
    security_level: int | None
    security_level_since: dt.date | None


class WhereaboutsOut(Schema):
    day: dt.date
    volunteers: int
    dependants: int
    stations: list[StationPresenceOut]


class PresentDependantOut(Schema):
    """An accompanying dependant on "who is where" (named apart from the entitlements API's
    DependantOut: one OpenAPI document holds both)."""

    id: int
    name: str
    relationship: str


class PresentPersonOut(Schema):
    assignment: int
    assignment_reference: str
    volunteer: int
    name: str
    nationality: str
    email: str
    duty_station: int
    duty_station_name: str
    country_name: str
    host_entity_acronym: str
    dependants: list[PresentDependantOut]

    @staticmethod
    def resolve_assignment(obj: Assignment) -> int:
        return obj.pk

    @staticmethod
    def resolve_assignment_reference(obj: Assignment) -> str:
        return obj.reference

    @staticmethod
    def resolve_volunteer(obj: Assignment) -> int:
        return obj.volunteer_id

    @staticmethod
    def resolve_name(obj: Assignment) -> str:
        return obj.volunteer.full_name

    @staticmethod
    def resolve_nationality(obj: Assignment) -> str:
        return obj.nationality.name

    @staticmethod
    def resolve_email(obj: Assignment) -> str:
        return obj.volunteer.email

    @staticmethod
    def resolve_duty_station(obj: Assignment) -> int:
        return obj.duty_station_id

    @staticmethod
    def resolve_duty_station_name(obj: Assignment) -> str:
        return obj.duty_station.name

    @staticmethod
    def resolve_country_name(obj: Assignment) -> str:
        return obj.duty_country.name

    @staticmethod
    def resolve_host_entity_acronym(obj: Assignment) -> str:
        return obj.host_entity.acronym

    @staticmethod
    def resolve_dependants(obj: Assignment) -> list[dict[str, Any]]:
        return [
            {"id": d.pk, "name": str(d), "relationship": d.relationship}
            for d in getattr(obj, "present_dependants", [])
        ]


@router.get("/whereabouts", response={200: WhereaboutsOut, **ERROR_RESPONSES})
def whereabouts_api(request: AuthedRequest, query: Query[WhereaboutsIn]) -> dict[str, Any]:
    """Volunteers and accompanying dependants by duty station on a day (today by default)."""
    _require(can_view_whereabouts(request.user))
    summary = whereabouts_by_station(viewer=request.user, filters=query.filters())
    return {
        "day": summary.day,
        "volunteers": summary.volunteers,
        "dependants": summary.dependants,
        "stations": [
            {
                "duty_station": row.duty_station.pk,
                "duty_station_name": row.duty_station.name,
                "country": row.duty_station.country_id,
                "country_name": row.duty_station.country.name,
                "volunteers": row.volunteers,
                "dependants": row.dependants,
                "security_level": row.level.level if row.level else None,
                "security_level_since": row.level.effective_from if row.level else None,
            }
            for row in summary.stations
        ],
    }


@router.get("/whereabouts/people", response={200: list[PresentPersonOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def whereabouts_people_api(request: AuthedRequest, query: Query[WhereaboutsIn]) -> QuerySet[Assignment]:
    """The volunteers present on the day, each with their accompanying dependants."""
    _require(can_view_whereabouts(request.user))
    return whereabouts_people(viewer=request.user, filters=query.filters())


# --- evacuations ------------------------------------------------------------------------------


class EvacuationOut(Schema):
    id: int
    title: str
    kind: Evacuation.Kind
    country: int
    country_name: str
    as_of: dt.date
    status: Evacuation.Status
    people_count: int
    unaccounted: int
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_country(obj: Evacuation) -> int:
        return obj.country_id

    @staticmethod
    def resolve_country_name(obj: Evacuation) -> str:
        return obj.country.name


class EvacuationCountsOut(Schema):
    to_move: int
    in_transit: int
    safe: int
    returned: int
    unaccounted: int
    total: int
    volunteers: int
    dependants: int


class EvacuationDetailOut(Schema):
    id: int
    title: str
    kind: Evacuation.Kind
    country: int
    country_name: str
    duty_stations: list[int]
    as_of: dt.date
    reason: str
    status: Evacuation.Status
    created_at: dt.datetime
    closed_at: dt.datetime | None
    close_reason: str
    counts: EvacuationCountsOut
    version: int


class EvacuationStartIn(Schema):
    country: int
    as_of: dt.date
    kind: Evacuation.Kind = Evacuation.Kind.EVACUATION
    title: str = ""
    reason: str = ""
    duty_stations: list[int] = []


class EvacuationPersonOut(Schema):
    id: int
    kind: EvacuationPerson.Kind
    name: str
    volunteer: int
    dependant: int | None
    assignment: int
    duty_station: int
    duty_station_name: str
    host_entity_acronym: str
    status: PersonStatus
    status_changed_at: dt.datetime | None
    location: str
    version: int

    @staticmethod
    def resolve_volunteer(obj: EvacuationPerson) -> int:
        return obj.volunteer_id

    @staticmethod
    def resolve_dependant(obj: EvacuationPerson) -> int | None:
        return obj.dependant_id

    @staticmethod
    def resolve_assignment(obj: EvacuationPerson) -> int:
        return obj.assignment_id

    @staticmethod
    def resolve_duty_station(obj: EvacuationPerson) -> int:
        return obj.duty_station_id

    @staticmethod
    def resolve_duty_station_name(obj: EvacuationPerson) -> str:
        return obj.duty_station.name

    @staticmethod
    def resolve_host_entity_acronym(obj: EvacuationPerson) -> str:
        return obj.host_entity.acronym


class EvacuationPeopleIn(Schema):
    status: list[PersonStatus] = Field(default_factory=list)


class EvacuationMoveIn(Schema):
    status: PersonStatus
    version: int
    location: str = ""


class EvacuationCloseIn(Schema):
    reason: str


class EvacuationFilterIn(Schema):
    status: Evacuation.Status | None = None
    country: int | None = None


def _evacuation_detail(user: Any, evacuation: Evacuation) -> dict[str, Any]:
    counts = evacuation_counts(viewer=user, evacuation=evacuation)
    return {
        "id": evacuation.pk,
        "title": evacuation.title,
        "kind": evacuation.kind,
        "country": evacuation.country_id,
        "country_name": evacuation.country.name,
        "duty_stations": sorted(evacuation.duty_stations.values_list("pk", flat=True)),
        "as_of": evacuation.as_of,
        "reason": evacuation.reason,
        "status": evacuation.status,
        "created_at": evacuation.created_at,
        "closed_at": evacuation.closed_at,
        "close_reason": evacuation.close_reason,
        "counts": {
            **counts.by_status,
            "unaccounted": counts.unaccounted,
            "total": counts.total,
            "volunteers": counts.volunteers,
            "dependants": counts.dependants,
        },
        "version": evacuation.version,
    }


@router.get("/evacuations", response={200: list[EvacuationOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def evacuation_list_api(request: AuthedRequest, filters: Query[EvacuationFilterIn]) -> QuerySet[Evacuation]:
    _require(can_view_whereabouts(request.user))
    return evacuation_list(viewer=request.user, status=filters.status, country_id=filters.country)


@router.post("/evacuations", response={201: EvacuationDetailOut, **ERROR_RESPONSES})
def evacuation_start_api(request: AuthedRequest, payload: EvacuationStartIn) -> Status[dict[str, Any]]:
    """Start an event: everyone there on ``as_of`` is listed, "to move"."""
    errors: dict[str, list[str]] = {}
    country = _country(payload.country, "country", errors)
    stations = list(DutyStation.objects.filter(pk__in=payload.duty_stations))
    if len(stations) != len(set(payload.duty_stations)):
        errors["duty_stations"] = [_("There is no duty station with one of these ids.")]
    if errors:
        raise ValidationError(errors)
    assert country is not None
    evacuation = evacuation_start(
        country=country,
        as_of=payload.as_of,
        kind=payload.kind,
        title=payload.title,
        reason=payload.reason,
        duty_stations=stations,
        actor=request.user,
    )
    current = evacuation_access(user=request.user, evacuation_id=evacuation.pk)
    return Status(201, _evacuation_detail(request.user, current))


@router.get("/evacuations/{evacuation_id}", response={200: EvacuationDetailOut, **ERROR_RESPONSES})
def evacuation_detail_api(request: AuthedRequest, evacuation_id: int) -> dict[str, Any]:
    """An event with its counts per status (of the people the caller may see)."""
    return _evacuation_detail(request.user, evacuation_access(user=request.user, evacuation_id=evacuation_id))


@router.get(
    "/evacuations/{evacuation_id}/people", response={200: list[EvacuationPersonOut], **ERROR_RESPONSES}
)
@paginate(LimitOffsetPagination)
def evacuation_people_api(
    request: AuthedRequest, evacuation_id: int, filters: Query[EvacuationPeopleIn]
) -> QuerySet[EvacuationPerson]:
    """The people of an event (``?status=to_move&status=in_transit``: those not yet accounted for)."""
    evacuation = evacuation_access(user=request.user, evacuation_id=evacuation_id)
    return evacuation_people(viewer=request.user, evacuation=evacuation, statuses=filters.status or None)


@router.patch(
    "/evacuations/{evacuation_id}/people/{person_id}",
    response={200: EvacuationPersonOut, **ERROR_RESPONSES},
)
def evacuation_person_move_api(
    request: AuthedRequest, evacuation_id: int, person_id: int, payload: EvacuationMoveIn
) -> EvacuationPerson:
    """Move one person; ``version`` is the one read (a stale one is 409)."""
    evacuation = evacuation_access(user=request.user, evacuation_id=evacuation_id)
    person = evacuation_person_access(user=request.user, evacuation=evacuation, person_id=person_id)
    evacuation_person_move(
        person=person,
        status=payload.status,
        expected_version=payload.version,
        location=payload.location,
        actor=request.user,
    )
    return evacuation_person_access(user=request.user, evacuation=evacuation, person_id=person_id)


@router.post("/evacuations/{evacuation_id}/close", response={200: EvacuationDetailOut, **ERROR_RESPONSES})
def evacuation_close_api(
    request: AuthedRequest, evacuation_id: int, payload: EvacuationCloseIn
) -> dict[str, Any]:
    """Close an open event by hand, with a reason (headquarters)."""
    evacuation = evacuation_access(user=request.user, evacuation_id=evacuation_id)
    evacuation_close(evacuation=evacuation, reason=payload.reason, actor=request.user)
    return _evacuation_detail(request.user, evacuation_access(user=request.user, evacuation_id=evacuation_id))


# --- incidents --------------------------------------------------------------------------------


class IncidentOut(Schema):
    id: int
    assignment: int
    volunteer: int
    volunteer_name: str
    country: int
    host_entity: int
    kind: Incident.Kind
    severity: Incident.Severity
    occurred_on: dt.date
    place: str
    description: str
    status: Incident.Status
    follow_up: str
    on_behalf: bool
    created_at: dt.datetime
    version: int

    @staticmethod
    def resolve_assignment(obj: Incident) -> int:
        return obj.assignment_id

    @staticmethod
    def resolve_volunteer(obj: Incident) -> int:
        return obj.volunteer_id

    @staticmethod
    def resolve_volunteer_name(obj: Incident) -> str:
        return obj.volunteer.full_name

    @staticmethod
    def resolve_country(obj: Incident) -> int:
        return obj.country_id

    @staticmethod
    def resolve_host_entity(obj: Incident) -> int:
        return obj.host_entity_id


class IncidentFilterIn(Schema):
    status: Incident.Status | None = None
    country: int | None = None
    kind: Incident.Kind | None = None
    severity: Incident.Severity | None = None


class IncidentIn(Schema):
    assignment: int
    kind: Incident.Kind
    severity: Incident.Severity
    occurred_on: dt.date
    place: str
    description: str


class IncidentUpdateIn(Schema):
    version: int
    status: Incident.Status | None = None
    follow_up: str | None = None


class IncidentSummaryOut(Schema):
    open: int
    followed_up: int
    closed: int


class IncidentPagination(LimitOffsetPagination):
    """Limit and offset; the page an auditor is sent is recorded (each incident in full)."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: Any, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = list(page[self.items_attribute])
        incidents_shown(viewer=request.user, incidents=page[self.items_attribute])
        return page


@router.get("/incidents", response={200: list[IncidentOut], **ERROR_RESPONSES})
@paginate(IncidentPagination)
def incident_list_api(request: AuthedRequest, filters: Query[IncidentFilterIn]) -> QuerySet[Incident]:
    """The incidents the caller may read (headquarters, auditors, the country's field unit, the
    volunteer)."""
    _require(can_list_incidents(request.user))
    return incident_list(
        viewer=request.user,
        filters=IncidentFilters(
            status=filters.status, country_id=filters.country, kind=filters.kind, severity=filters.severity
        ),
    )


@router.get("/incidents/summary", response={200: IncidentSummaryOut, **ERROR_RESPONSES})
def incident_summary_api(request: AuthedRequest) -> dict[str, int]:
    """How many incidents per status (a host focal point: its volunteers', counts only)."""
    _require(can_count_incidents(request.user))
    return incident_counts(viewer=request.user)


@router.post("/incidents", response={201: IncidentOut, **ERROR_RESPONSES})
def incident_report_api(request: AuthedRequest, payload: IncidentIn) -> Status[Incident]:
    _require(can_report_incident(request.user))
    assignment = (
        Assignment.objects.select_related("volunteer", "duty_country").filter(pk=payload.assignment).first()
    )
    if assignment is None or not can_report_incident_for(request.user, assignment):
        raise ValidationError({"assignment": [_("There is no assignment with this id that you may use.")]})
    data = payload.dict(exclude={"assignment"})
    incident = incident_report(assignment=assignment, data=data, actor=request.user)
    return Status(201, incident_access(user=request.user, incident_id=incident.pk))


@router.get("/incidents/{incident_id}", response={200: IncidentOut, **ERROR_RESPONSES})
def incident_detail_api(request: AuthedRequest, incident_id: int) -> Incident:
    return incident_read(viewer=request.user, incident_id=incident_id)


@router.patch("/incidents/{incident_id}", response={200: IncidentOut, **ERROR_RESPONSES})
def incident_update_api(request: AuthedRequest, incident_id: int, payload: IncidentUpdateIn) -> Incident:
    incident = incident_access(user=request.user, incident_id=incident_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    incident_update(incident=incident, data=data, expected_version=version, actor=request.user)
    return incident_access(user=request.user, incident_id=incident_id)


# --- check-ins --------------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    country: int
    duty_station: int | None
    evacuation: int | None
    as_of: dt.date
    message: str
    status: CheckIn.Status
    created_at: dt.datetime
    asked: int
    safe: int
    need_help: int
    pending: int

    @staticmethod
    def resolve_country(obj: CheckIn) -> int:
        return obj.country_id

    @staticmethod
    def resolve_duty_station(obj: CheckIn) -> int | None:
        return obj.duty_station_id

    @staticmethod
    def resolve_evacuation(obj: CheckIn) -> int | None:
        return obj.evacuation_id


class CheckInIn(Schema):
    message: str
    country: int | None = None
    duty_station: int | None = None
    evacuation: int | None = None
    as_of: dt.date | None = None


class CheckInResponseOut(Schema):
    id: int
    checkin: int
    volunteer: int
    volunteer_name: str
    duty_station_name: str
    answer: Answer
    note: str
    answered_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_checkin(obj: CheckInResponse) -> int:
        return obj.checkin_id

    @staticmethod
    def resolve_volunteer(obj: CheckInResponse) -> int:
        return obj.volunteer_id

    @staticmethod
    def resolve_volunteer_name(obj: CheckInResponse) -> str:
        return obj.volunteer.full_name

    @staticmethod
    def resolve_duty_station_name(obj: CheckInResponse) -> str:
        return obj.duty_station.name


class CheckInResponsesIn(Schema):
    answer: list[Answer] = Field(default_factory=list)


class CheckInAnswerIn(Schema):
    answer: Answer
    note: str = ""
    version: int | None = None


def _checkin_out(user: Any, checkin_id: int) -> CheckIn:
    found = checkin_list(viewer=user).filter(pk=checkin_id).first()
    if found is None:
        checkin_access(user=user, checkin_id=checkin_id)  # 404
    assert found is not None
    return found


@router.get("/checkins", response={200: list[CheckInOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def checkin_list_api(request: AuthedRequest) -> QuerySet[CheckIn]:
    _require(can_list_checkins(request.user))
    return checkin_list(viewer=request.user)


@router.get("/checkins/mine", response={200: list[CheckInResponseOut], **ERROR_RESPONSES})
def checkin_mine_api(request: AuthedRequest) -> QuerySet[CheckInResponse]:
    """A volunteer's own open check-ins, answered or not."""
    return checkin_mine(user=request.user).select_related("volunteer")


@router.post("/checkins", response={201: CheckInOut, **ERROR_RESPONSES})
def checkin_send_api(request: AuthedRequest, payload: CheckInIn) -> Status[CheckIn]:
    errors: dict[str, list[str]] = {}
    country = _country(payload.country, "country", errors)
    station = _station(payload.duty_station, "duty_station", errors)
    evacuation = None
    if payload.evacuation is not None:
        evacuation = Evacuation.objects.filter(pk=payload.evacuation).select_related("country").first()
        if evacuation is None:
            errors["evacuation"] = [_("There is no evacuation with this id.")]
    if errors:
        raise ValidationError(errors)
    checkin = checkin_send(
        message=payload.message,
        country=country,
        duty_station=station,
        evacuation=evacuation,
        as_of=payload.as_of,
        actor=request.user,
    )
    return Status(201, _checkin_out(request.user, checkin.pk))


@router.get("/checkins/{checkin_id}", response={200: CheckInOut, **ERROR_RESPONSES})
def checkin_detail_api(request: AuthedRequest, checkin_id: int) -> CheckIn:
    return _checkin_out(request.user, checkin_id)


@router.get("/checkins/{checkin_id}/responses", response={200: list[CheckInResponseOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def checkin_responses_api(
    request: AuthedRequest, checkin_id: int, filters: Query[CheckInResponsesIn]
) -> QuerySet[CheckInResponse]:
    """The answers (``?answer=pending``: who has not answered)."""
    checkin = checkin_access(user=request.user, checkin_id=checkin_id)
    return checkin_responses(viewer=request.user, checkin=checkin, answers=filters.answer or None)


@router.post("/checkins/{checkin_id}/close", response={200: CheckInOut, **ERROR_RESPONSES})
def checkin_close_api(request: AuthedRequest, checkin_id: int) -> CheckIn:
    checkin = checkin_access(user=request.user, checkin_id=checkin_id)
    checkin_close(checkin=checkin, actor=request.user)
    return _checkin_out(request.user, checkin_id)


@router.post("/checkins/{checkin_id}/answer", response={200: CheckInResponseOut, **ERROR_RESPONSES})
def checkin_answer_api(request: AuthedRequest, checkin_id: int, payload: CheckInAnswerIn) -> CheckInResponse:
    """A volunteer answers a check-in they were asked (404 for anyone else)."""
    response = checkin_response_own(user=request.user, checkin_id=checkin_id)
    checkin_answer(
        response=response,
        answer=payload.answer,
        note=payload.note,
        expected_version=payload.version,
        actor=request.user,
    )
    return checkin_response_own(user=request.user, checkin_id=checkin_id)
