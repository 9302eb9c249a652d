"""Countries and duty stations over JSON: read by every signed-in user, written through the services."""

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
from mobilize.geo.models import Country, DutyStation, Region, RegionalOffice
from mobilize.geo.permissions import country_access, dutystation_access
from mobilize.geo.selectors import country_list, dutystation_list
from mobilize.geo.services import country_update, dutystation_create, dutystation_update

router = Router(tags=["geo"])


class CountryOut(Schema):
    id: int
    iso2: str
    iso3: str
    m49: str
    name: str
    name_en: str
    name_fr: str
    name_es: str
    name_zh: str
    region: str
    regional_office: str
    is_global_south: bool
    is_territory: bool
    version: int


class CountryFilterIn(Schema):
    region: Region | None = None
    regional_office: RegionalOffice | None = None
    is_global_south: bool | None = None
    search: str | None = None


class CountryUpdateIn(Schema):
    version: int
    name_en: str | None = None
    name_fr: str | None = None
    name_es: str | None = None
    name_zh: str | None = None
    region: Region | None = None
    regional_office: RegionalOffice | None = None
    is_global_south: bool | None = None
    is_territory: bool | None = None


class DutyStationOut(Schema):
    id: int
    name: str
    country: int
    country_iso2: str
    country_name: str
    hardship_class: str
    is_family: bool
    is_capital: bool
    version: int

    @staticmethod
    def resolve_country(obj: DutyStation) -> int:
        return obj.country_id

    @staticmethod
    def resolve_country_iso2(obj: DutyStation) -> str:
        return obj.country.iso2

    @staticmethod
    def resolve_country_name(obj: DutyStation) -> str:
        return obj.country.name


class DutyStationFilterIn(Schema):
    country: int | None = None
    hardship: DutyStation.Hardship | None = None
    family: bool | None = None
    search: str | None = None


class DutyStationCreateIn(Schema):
    name: str
    country: int
    hardship_class: DutyStation.Hardship = DutyStation.Hardship.A
    is_family: bool = True
    is_capital: bool = False


class DutyStationUpdateIn(Schema):
    version: int
    name: str | None = None
    country: int | None = None
    hardship_class: DutyStation.Hardship | None = None
    is_family: bool | None = None
    is_capital: bool | None = None


def _country_field(*, user: User, country_id: int | None) -> Country | None:
    """The country a request body names, or a 422 naming ``country`` when there is none by that id."""
    if country_id is None:
        return None
    try:
        return country_access(user=user, country_id=country_id)
    except Http404:
        raise ValidationError({"country": [_("There is no country with this id.")]}) from None


@router.get("/countries", response={200: list[CountryOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def country_list_api(request: AuthedRequest, filters: Query[CountryFilterIn]) -> QuerySet[Country]:
    return country_list(viewer=request.user, **filters.dict())


@router.get("/countries/{country_id}", response={200: CountryOut, **ERROR_RESPONSES})
def country_detail_api(request: AuthedRequest, country_id: int) -> Country:
    return country_access(user=request.user, country_id=country_id)


@router.patch("/countries/{country_id}", response={200: CountryOut, **ERROR_RESPONSES})
def country_update_api(request: AuthedRequest, country_id: int, payload: CountryUpdateIn) -> Country:
    country = country_access(user=request.user, country_id=country_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return country_update(country=country, actor=request.user, data=data, expected_version=version)


@router.get("/duty-stations", response={200: list[DutyStationOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def dutystation_list_api(
    request: AuthedRequest, filters: Query[DutyStationFilterIn]
) -> QuerySet[DutyStation]:
    return dutystation_list(
        viewer=request.user,
        country_id=filters.country,
        hardship_class=filters.hardship,
        is_family=filters.family,
        search=filters.search,
    )


@router.get("/duty-stations/{dutystation_id}", response={200: DutyStationOut, **ERROR_RESPONSES})
def dutystation_detail_api(request: AuthedRequest, dutystation_id: int) -> DutyStation:
    return dutystation_access(user=request.user, dutystation_id=dutystation_id)


@router.post("/duty-stations", response={201: DutyStationOut, **ERROR_RESPONSES})
def dutystation_create_api(request: AuthedRequest, payload: DutyStationCreateIn) -> tuple[int, DutyStation]:
    data: dict[str, Any] = payload.dict()
    data["country"] = _country_field(user=request.user, country_id=payload.country)
    return 201, dutystation_create(actor=request.user, **data)


@router.patch("/duty-stations/{dutystation_id}", response={200: DutyStationOut, **ERROR_RESPONSES})
def dutystation_update_api(
    request: AuthedRequest, dutystation_id: int, payload: DutyStationUpdateIn
) -> DutyStation:
    station = dutystation_access(user=request.user, dutystation_id=dutystation_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "country" in data:
        data["country"] = _country_field(user=request.user, country_id=data["country"])
    return dutystation_update(station=station, actor=request.user, data=data, expected_version=version)
