"""Host entities and reporting groups over JSON: read by every signed-in user, written through services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.accounts.models import User
from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.geo.permissions import country_access
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.partners.permissions import hostentity_access, reportinggroup_access
from mobilize.partners.selectors import hostentity_list, reportinggroup_list
from mobilize.partners.services import hostentity_create, hostentity_update

router = Router(tags=["partners"])


class ReportingGroupOut(Schema):
    id: int
    code: str
    name_en: str
    name_zh: str
    sort_order: int


class HostEntityOut(Schema):
    id: int
    acronym: str
    name: str
    name_en: str
    name_fr: str
    name_es: str
    name_zh: str
    type: str
    is_un: bool
    parent: int | None
    parent_acronym: str | None
    reporting_group: int
    reporting_group_code: str
    country: int | None
    country_iso2: str | None
    is_active: bool
    version: int

    @staticmethod
    def resolve_parent(obj: HostEntity) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_parent_acronym(obj: HostEntity) -> str | None:
        return obj.parent.acronym if obj.parent is not None else None

    @staticmethod
    def resolve_reporting_group(obj: HostEntity) -> int:
        return obj.reporting_group_id

    @staticmethod
    def resolve_reporting_group_code(obj: HostEntity) -> str:
        return obj.reporting_group.code

    @staticmethod
    def resolve_country(obj: HostEntity) -> int | None:
        return obj.country_id

    @staticmethod
    def resolve_country_iso2(obj: HostEntity) -> str | None:
        return obj.country.iso2 if obj.country is not None else None


class HostEntityFilterIn(Schema):
    type: HostEntity.Type | None = None
    reporting_group: int | None = None
    is_un: bool | None = None
    active: bool | None = None
    search: str | None = None


class HostEntityCreateIn(Schema):
    acronym: str
    name_en: str
    name_fr: str = ""
    name_es: str = ""
    name_zh: str = ""
    type: HostEntity.Type
    reporting_group: int
    parent: int | None = None
    country: int | None = None
    is_active: bool = True


class HostEntityUpdateIn(Schema):
    version: int
    acronym: str | None = None
    name_en: str | None = None
    name_fr: str | None = None
    name_es: str | None = None
    name_zh: str | None = None
    type: HostEntity.Type | None = None
    reporting_group: int | None = None
    parent: int | None = None
    country: int | None = None
    is_active: bool | None = None


def _resolve_references(*, user: User, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids a request body names by the records; a missing one is a 422 naming its field."""
    fetchers = {
        "reporting_group": lambda pk: reportinggroup_access(user=user, reportinggroup_id=pk),
        "parent": lambda pk: hostentity_access(user=user, hostentity_id=pk),
        "country": lambda pk: country_access(user=user, country_id=pk),
    }
    resolved = dict(data)
    for name, fetch in fetchers.items():
        if resolved.get(name) is None:
            continue
        try:
            resolved[name] = fetch(resolved[name])
        except Http404:
            raise ValidationError({name: [_("There is no record with this id.")]}) from None
    return resolved


@router.get("/host-entities", response={200: list[HostEntityOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def hostentity_list_api(request: AuthedRequest, filters: Query[HostEntityFilterIn]) -> QuerySet[HostEntity]:
    return hostentity_list(
        viewer=request.user,
        entity_type=filters.type,
        reporting_group_id=filters.reporting_group,
        is_un=filters.is_un,
        is_active=filters.active,
        search=filters.search,
    )


@router.get("/host-entities/{hostentity_id}", response={200: HostEntityOut, **ERROR_RESPONSES})
def hostentity_detail_api(request: AuthedRequest, hostentity_id: int) -> HostEntity:
    return hostentity_access(user=request.user, hostentity_id=hostentity_id)


@router.post("/host-entities", response={201: HostEntityOut, **ERROR_RESPONSES})
def hostentity_create_api(request: AuthedRequest, payload: HostEntityCreateIn) -> tuple[int, HostEntity]:
    data = _resolve_references(user=request.user, data=payload.dict())
    return 201, hostentity_create(actor=request.user, **data)


@router.patch("/host-entities/{hostentity_id}", response={200: HostEntityOut, **ERROR_RESPONSES})
def hostentity_update_api(
    request: AuthedRequest, hostentity_id: int, payload: HostEntityUpdateIn
) -> HostEntity:
    entity = hostentity_access(user=request.user, hostentity_id=hostentity_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    data = _resolve_references(user=request.user, data=data)
    return hostentity_update(entity=entity, actor=request.user, data=data, expected_version=version)


@router.get("/reporting-groups", response={200: list[ReportingGroupOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def reportinggroup_list_api(request: AuthedRequest) -> QuerySet[ReportingGroup]:
    return reportinggroup_list(viewer=request.user)
