"""Reads on countries and duty stations: scoped by the viewer, with their joins, in a fixed order."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mobilize.accounts.models import User
from mobilize.geo.models import Country, DutyStation
from mobilize.geo.permissions import country_scope, dutystation_country_scope, dutystation_scope


def country_list(
    *,
    viewer: User,
    region: str | None = None,
    regional_office: str | None = None,
    is_global_south: bool | None = None,
    search: str | None = None,
) -> QuerySet[Country]:
    """Countries and territories by English name; ``search`` matches a name in any language or an ISO code."""
    qs = Country.objects.filter(country_scope(viewer))
    if region:
        qs = qs.filter(region=region)
    if regional_office:
        qs = qs.filter(regional_office=regional_office)
    if is_global_south is not None:
        qs = qs.filter(is_global_south=is_global_south)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(name_en__icontains=term)
            | Q(name_fr__icontains=term)
            | Q(name_es__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(iso2__iexact=term)
            | Q(iso3__iexact=term)
        )
    return qs.order_by("name_en", "pk")


def dutystation_list(
    *,
    viewer: User,
    country_id: int | None = None,
    hardship_class: str | None = None,
    is_family: bool | None = None,
    search: str | None = None,
) -> QuerySet[DutyStation]:
    """Duty stations by country then name, each with its country."""
    qs = DutyStation.objects.filter(dutystation_scope(viewer)).select_related("country")
    if country_id is not None:
        qs = qs.filter(country_id=country_id)
    if hardship_class:
        qs = qs.filter(hardship_class=hardship_class)
    if is_family is not None:
        qs = qs.filter(is_family=is_family)
    if search:
        qs = qs.filter(name__icontains=search.strip())
    return qs.order_by("country__name_en", "name", "pk")


def dutystation_placeable_countries(*, user: User) -> QuerySet[Country]:
    """The countries in which ``user`` may add or move a duty station."""
    return Country.objects.filter(dutystation_country_scope(user)).order_by("name_en", "pk")


def dutystation_name_taken(*, country: Country, name: str, exclude_id: int | None = None) -> bool:
    """Whether another duty station in ``country`` already has ``name`` (ignoring case)."""
    qs = DutyStation.objects.filter(country=country, name__iexact=name.strip())
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.exists()
