"""Assignments over JSON: each read scoped to the caller, each write through the services.

(No ``from __future__ import annotations`` here: django-ninja reads the annotations of the
paginated view through its wrapper, whose module cannot resolve them as strings.)

A volunteer asking for ``GET /assignments`` gets their own assignments: the scope does it.
"""

import datetime as dt
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.assignments.models import Assignment
from mobilize.assignments.permissions import assignment_access, can_create_assignment
from mobilize.assignments.selectors import (
    AssignmentFilters,
    assignment_eligible_volunteers,
    assignment_get,
    assignment_list,
)
from mobilize.assignments.services import assignment_create, assignment_update
from mobilize.geo.models import DutyStation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import FundingType, Modality, VolunteerCategory
from mobilize.requests.models import Position

router = Router(tags=["assignments"])
M = TypeVar("M", bound=Model)


class AssignmentOut(Schema):
    id: int
    reference: str
    status: Assignment.Status
    volunteer: int
    volunteer_name: str
    position: int | None
    category: int
    category_code: str
    modality: Modality
    host_entity: int
    host_entity_acronym: str
    duty_station: int
    duty_station_name: str
    duty_country: int
    duty_country_name: str
    nationality: int
    home_country: int
    funding_type: FundingType
    entry_on_duty: dt.date
    planned_end: dt.date
    actual_end: dt.date | None
    version: int

    @staticmethod
    def resolve_volunteer(obj: Assignment) -> int:
        return obj.volunteer_id

    @staticmethod
    def resolve_volunteer_name(obj: Assignment) -> str:
        return obj.volunteer.full_name

    @staticmethod
    def resolve_position(obj: Assignment) -> int | None:
        return obj.position_id

    @staticmethod
    def resolve_category(obj: Assignment) -> int:
        return obj.category_id

    @staticmethod
    def resolve_category_code(obj: Assignment) -> str:
        return obj.category.code

    @staticmethod
    def resolve_host_entity(obj: Assignment) -> int:
        return obj.host_entity_id

    @staticmethod
    def resolve_host_entity_acronym(obj: Assignment) -> str:
        return obj.host_entity.acronym

    @staticmethod
    def resolve_duty_station(obj: Assignment) -> int:
        return obj.duty_station_id

    @staticmethod
    def resolve_duty_station_name(obj: Assignment) -> str:
        return obj.duty_station.name

    @staticmethod
    def resolve_duty_country(obj: Assignment) -> int:
        return obj.duty_country_id

    @staticmethod
    def resolve_duty_country_name(obj: Assignment) -> str:
        return obj.duty_country.name

    @staticmethod
    def resolve_nationality(obj: Assignment) -> int:
        return obj.nationality_id

    @staticmethod
    def resolve_home_country(obj: Assignment) -> int:
        return obj.home_country_id


class AssignmentFilterIn(Schema):
    status: Assignment.Status | None = None
    host_entity: int | None = None
    duty_country: int | None = None
    category: int | None = None
    modality: Modality | None = None
    funding_type: FundingType | None = None
    active_in_year: int | None = Field(None, ge=1950, le=2100)
    search: str | None = None


class AssignmentCreateIn(Schema):
    volunteer: int
    category: int
    host_entity: int
    duty_station: int
    position: int | None = None
    funding_type: FundingType = FundingType.HOST
    entry_on_duty: dt.date
    planned_end: dt.date


class AssignmentUpdateIn(Schema):
    version: int
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    funding_type: FundingType | None = None
    status: Assignment.Status | None = None


def _resolve(queryset: QuerySet[M], pk: int | None, field: str, errors: dict[str, list[str]]) -> M | None:
    """The record a request body names by id; a missing (or hidden) one is an error on ``field``."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        errors[field] = [_("There is no record with this id that you may use.")]
    return found


@router.get("/assignments", response={200: list[AssignmentOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def assignment_list_api(request: AuthedRequest, filters: Query[AssignmentFilterIn]) -> QuerySet[Assignment]:
    return assignment_list(
        viewer=request.user,
        filters=AssignmentFilters(
            status=filters.status,
            host_entity_id=filters.host_entity,
            duty_country_id=filters.duty_country,
            category_id=filters.category,
            modality=filters.modality,
            funding_type=filters.funding_type,
            active_in_year=filters.active_in_year,
            search=filters.search,
        ),
    )


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **ERROR_RESPONSES})
def assignment_detail_api(request: AuthedRequest, assignment_id: int) -> Assignment:
    return assignment_get(viewer=request.user, assignment_id=assignment_id)


@router.post("/assignments", response={201: AssignmentOut, **ERROR_RESPONSES})
def assignment_create_api(request: AuthedRequest, payload: AssignmentCreateIn) -> tuple[int, Assignment]:
    user = request.user
    if not can_create_assignment(user):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    volunteer = _resolve(assignment_eligible_volunteers(user=user), payload.volunteer, "volunteer", errors)
    category = _resolve(VolunteerCategory.objects.all(), payload.category, "category", errors)
    host_entity = _resolve(HostEntity.objects.all(), payload.host_entity, "host_entity", errors)
    duty_station = _resolve(DutyStation.objects.all(), payload.duty_station, "duty_station", errors)
    position = _resolve(Position.objects.all(), payload.position, "position", errors)
    if errors:
        raise ValidationError(errors)
    assert volunteer and category and host_entity and duty_station  # each resolved, or named above
    assignment = assignment_create(
        volunteer=volunteer,
        category=category,
        host_entity=host_entity,
        duty_station=duty_station,
        position=position,
        funding_type=payload.funding_type,
        entry_on_duty=payload.entry_on_duty,
        planned_end=payload.planned_end,
        actor=user,
    )
    return 201, assignment


@router.patch("/assignments/{assignment_id}", response={200: AssignmentOut, **ERROR_RESPONSES})
def assignment_update_api(
    request: AuthedRequest, assignment_id: int, payload: AssignmentUpdateIn
) -> Assignment:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    assignment_update(assignment=assignment, data=data, expected_version=version, actor=request.user)
    return assignment_get(viewer=request.user, assignment_id=assignment_id)
