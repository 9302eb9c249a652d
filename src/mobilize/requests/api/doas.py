"""DoAs in the API: list, create, read and edit DoAs, their language requirements and their
positions."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES, DoaLanguageOut
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.permissions import can_list_doas, doa_access
from mobilize.requests.selectors import DoaFilters, doa_actions, doa_get, doa_list, position_get
from mobilize.requests.services import (
    LanguageRow,
    doa_create,
    doa_languages_set,
    doa_update,
    position_add,
    position_remove,
)

router = Router()


class DoaLanguageIn(Schema):
    language: int
    level: str = "fluent"
    required: bool = True


class PositionOut(Schema):
    id: int
    doa: int
    duty_station: int
    duty_station_name: str
    status: str
    created_at: dt.datetime

    @staticmethod
    def resolve_doa(obj: Position) -> int:
        return obj.doa_id

    @staticmethod
    def resolve_duty_station(obj: Position) -> int:
        return obj.duty_station_id

    @staticmethod
    def resolve_duty_station_name(obj: Position) -> str:
        return obj.duty_station.name


class DoaFieldsIn(Schema):
    """The fields an author writes (ids for host entity, country, category, SDG and expertise)."""

    title: str
    host_entity: int
    country: int
    category: int
    start_date: dt.date
    end_date: dt.date
    description: str = ""
    expected_results: str = ""
    extension_possible: bool = True
    funding_type: str = "host"
    sdg: int | None = None
    expertise: list[int] = []
    education: str = ""
    min_experience_months: int = 0
    driving_licence_required: bool = False
    reserved_for_pwd: bool = False
    reasonable_accommodation: bool = False
    reference_checks_required: bool = False
    clearances_required: str = ""


class DoaCreateIn(DoaFieldsIn):
    languages: list[DoaLanguageIn] = []
    positions: list[int] = []


class DoaUpdateIn(Schema):
    """Only the fields sent change; ``version`` is the one the edit was based on."""

    version: int
    title: str | None = None
    host_entity: int | None = None
    country: int | None = None
    category: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    description: str | None = None
    expected_results: str | None = None
    extension_possible: bool | None = None
    funding_type: str | None = None
    sdg: int | None = None
    expertise: list[int] | None = None
    education: str | None = None
    min_experience_months: int | None = None
    driving_licence_required: bool | None = None
    reserved_for_pwd: bool | None = None
    reasonable_accommodation: bool | None = None
    reference_checks_required: bool | None = None
    clearances_required: str | None = None


class DoaLanguagesIn(Schema):
    version: int | None = None
    languages: list[DoaLanguageIn]


class PositionAddIn(Schema):
    duty_station: int
    count: int = 1


class DoaFilterIn(Schema):
    status: str | None = None
    host_entity: int | None = None
    country: int | None = None
    category: int | None = None
    funding_type: str | None = None
    search: str = ""
    start_from: dt.date | None = None
    start_to: dt.date | None = None


class DoaSummaryOut(Schema):
    id: int
    reference: str
    title: str
    status: str
    host_entity: int
    host_entity_acronym: str
    country: int
    country_name: str
    category: int
    start_date: dt.date
    end_date: dt.date
    funding_type: str
    position_count: int
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_host_entity(obj: Doa) -> int:
        return obj.host_entity_id

    @staticmethod
    def resolve_host_entity_acronym(obj: Doa) -> str:
        return obj.host_entity.acronym

    @staticmethod
    def resolve_country(obj: Doa) -> int:
        return obj.country_id

    @staticmethod
    def resolve_country_name(obj: Doa) -> str:
        return obj.country.name_en

    @staticmethod
    def resolve_category(obj: Doa) -> int:
        return obj.category_id

    @staticmethod
    def resolve_position_count(obj: Doa) -> int:
        return getattr(obj, "position_count", None) or len(obj.positions.all())


class DoaOut(DoaSummaryOut):
    description: str
    expected_results: str
    duration_days: int
    extension_possible: bool
    sdg: int | None
    expertise: list[int]
    education: str
    min_experience_months: int
    driving_licence_required: bool
    reserved_for_pwd: bool
    reasonable_accommodation: bool
    reference_checks_required: bool
    clearances_required: str
    updated_at: dt.datetime
    is_template: bool
    copied_from: int | None
    submitted_at: dt.datetime | None
    edits_requested_at: dt.datetime | None
    resubmitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    sourcing_started_at: dt.datetime | None
    recruited_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    languages: list[DoaLanguageOut]
    positions: list[PositionOut]
    actions: list[str]

    @staticmethod
    def resolve_sdg(obj: Doa) -> int | None:
        return obj.sdg_id

    @staticmethod
    def resolve_copied_from(obj: Doa) -> int | None:
        return obj.copied_from_id

    @staticmethod
    def resolve_expertise(obj: Doa) -> list[int]:
        return [area.pk for area in obj.expertise.all()]

    @staticmethod
    def resolve_languages(obj: Doa) -> list[DoaLanguage]:
        return list(obj.languages.all())

    @staticmethod
    def resolve_positions(obj: Doa) -> list[Position]:
        return list(obj.positions.all())

    @staticmethod
    def resolve_actions(obj: Doa, context: Any) -> list[str]:
        """What the caller may do to this DoA now (see ``doa_actions``)."""
        user = getattr((context or {}).get("request"), "user", None)
        return doa_actions(user=user, doa=obj) if user is not None else []


_FOREIGN_KEYS = ("host_entity", "country", "category", "sdg")


def _service_data(fields: dict[str, Any]) -> dict[str, Any]:
    """Payload fields as the services take them: foreign keys by ``<name>_id``."""
    return {f"{k}_id" if k in _FOREIGN_KEYS else k: v for k, v in fields.items()}


def _rows(languages: list[DoaLanguageIn]) -> list[LanguageRow]:
    return [LanguageRow(language_id=r.language, level=r.level, required=r.required) for r in languages]


@router.get("/doas", response={200: list[DoaSummaryOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def doa_list_api(request: AuthedRequest, filters: Query[DoaFilterIn]) -> Any:
    """The DoAs you may see, newest first; candidates and donors have none (403)."""
    if not can_list_doas(request.user):
        raise PermissionDenied
    return doa_list(
        viewer=request.user,
        filters=DoaFilters(
            status=filters.status,
            host_entity_id=filters.host_entity,
            country_id=filters.country,
            category_id=filters.category,
            funding_type=filters.funding_type,
            search=filters.search,
            start_from=filters.start_from,
            start_to=filters.start_to,
        ),
    )


@router.post("/doas", response={201: DoaOut, **ERROR_RESPONSES})
def doa_create_api(request: AuthedRequest, payload: DoaCreateIn) -> Status[Doa]:
    """Create a draft DoA, with its language requirements and positions (duty station ids; repeat
    one for several volunteers there), all or nothing."""
    fields = payload.dict(exclude={"expertise", "languages", "positions"})
    doa = doa_create(
        actor=request.user,
        data=_service_data(fields),
        expertise_ids=payload.expertise,
        languages=_rows(payload.languages),
        duty_station_ids=payload.positions,
    )
    return Status(201, doa_get(viewer=request.user, doa_id=doa.pk))


@router.get("/doas/{doa_id}", response={200: DoaOut, **ERROR_RESPONSES})
def doa_get_api(request: AuthedRequest, doa_id: int) -> Doa:
    return doa_get(viewer=request.user, doa_id=doa_id)


@router.patch("/doas/{doa_id}", response={200: DoaOut, **ERROR_RESPONSES})
def doa_update_api(request: AuthedRequest, doa_id: int, payload: DoaUpdateIn) -> Doa:
    """Change a draft DoA or one returned for edits (409 otherwise, or when ``version`` is stale)."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    fields = payload.dict(exclude_unset=True, exclude={"version", "expertise"})
    doa_update(
        doa=doa,
        actor=request.user,
        data=_service_data(fields),
        expected_version=payload.version,
        expertise_ids=payload.expertise,
    )
    return doa_get(viewer=request.user, doa_id=doa_id)


@router.put("/doas/{doa_id}/languages", response={200: DoaOut, **ERROR_RESPONSES})
def doa_languages_set_api(request: AuthedRequest, doa_id: int, payload: DoaLanguagesIn) -> Doa:
    """Replace the language requirements; a language may be listed once."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    doa_languages_set(
        doa=doa, actor=request.user, rows=_rows(payload.languages), expected_version=payload.version
    )
    return doa_get(viewer=request.user, doa_id=doa_id)


@router.post("/doas/{doa_id}/positions", response={201: list[PositionOut], **ERROR_RESPONSES})
def position_add_api(request: AuthedRequest, doa_id: int, payload: PositionAddIn) -> Status[list[Position]]:
    """Add ``count`` positions (one per volunteer) at a duty station in the DoA's country."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    positions = position_add(
        doa=doa, actor=request.user, duty_station_id=payload.duty_station, count=payload.count
    )
    return Status(201, positions)


@router.delete("/doas/{doa_id}/positions/{position_id}", response={204: None, **ERROR_RESPONSES})
def position_remove_api(request: AuthedRequest, doa_id: int, position_id: int) -> Status[None]:
    """Remove a position nobody is assigned to, while the DoA can be edited."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    position_remove(position=position_get(doa=doa, position_id=position_id), actor=request.user)
    return Status(204, None)
