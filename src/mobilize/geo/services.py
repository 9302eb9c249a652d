"""Writes on countries and duty stations: permission, validation, version check and audit in one
transaction each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobilize.accounts.models import User
from mobilize.core.writes import check_version, create_validated, locked, update_validated
from mobilize.geo.models import Country, DutyStation
from mobilize.geo.permissions import (
    can_create_dutystation,
    can_edit_country,
    can_edit_dutystation,
    can_place_dutystation_in,
)
from mobilize.geo.selectors import dutystation_name_taken

COUNTRY_EDITABLE_FIELDS = frozenset(
    {
        "name_en",
        "name_fr",
        "name_es",
        "name_zh",
        "region",
        "regional_office",
        "is_global_south",
        "is_territory",
    }
)
DUTYSTATION_EDITABLE_FIELDS = frozenset({"name", "country", "is_family", "hardship_class", "is_capital"})


def _refuse_unknown_fields(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})


@transaction.atomic
def country_update(
    *, country: Country, actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> Country:
    """Change a country's names and programme attributes (headquarters only); ISO and M49 codes
    are fixed by the reference-data loader."""
    if not can_edit_country(actor, country):
        raise PermissionDenied(_("Only headquarters may change countries."))
    _refuse_unknown_fields(data, COUNTRY_EDITABLE_FIELDS)
    return update_validated(
        instance=country, data=data, actor=actor, verb="country.updated", expected_version=expected_version
    )


def _check_placement(*, actor: User, country: Country | None) -> None:
    if country is None or not can_place_dutystation_in(actor, country.pk):
        raise ValidationError({"country": [_("You may only place duty stations in your own countries.")]})


def _check_name_free(*, country: Country, name: str, exclude_id: int | None = None) -> None:
    if dutystation_name_taken(country=country, name=name, exclude_id=exclude_id):
        raise ValidationError({"name": [_("This country already has a duty station with this name.")]})


@transaction.atomic
def dutystation_create(
    *,
    actor: User,
    country: Country,
    name: str,
    hardship_class: str = DutyStation.Hardship.A,
    is_family: bool = True,
    is_capital: bool = False,
) -> DutyStation:
    """Add a duty station: headquarters anywhere, a field unit in its own countries."""
    if not can_create_dutystation(actor):
        raise PermissionDenied(_("You may not add duty stations."))
    _check_placement(actor=actor, country=country)
    name = name.strip()
    _check_name_free(country=country, name=name)
    station = DutyStation(
        country=country, name=name, hardship_class=hardship_class, is_family=is_family, is_capital=is_capital
    )
    return create_validated(instance=station, actor=actor, verb="dutystation.created")


@transaction.atomic
def dutystation_update(
    *, station: DutyStation, actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> DutyStation:
    """Change a duty station; a field unit may change (and move) only those in its own countries."""
    current = locked(station)
    check_version(current, expected_version)
    if not can_edit_dutystation(actor, current):
        raise PermissionDenied(_("You may only change duty stations in your own countries."))
    _refuse_unknown_fields(data, DUTYSTATION_EDITABLE_FIELDS)
    changes = dict(data)
    if "name" in changes and isinstance(changes["name"], str):
        changes["name"] = changes["name"].strip()
    country = changes.get("country", current.country)
    if country != current.country:
        _check_placement(actor=actor, country=country)
    name = changes.get("name", current.name)
    if country is not None and isinstance(name, str):
        _check_name_free(country=country, name=name, exclude_id=current.pk)
    return update_validated(
        instance=current,
        data=changes,
        actor=actor,
        verb="dutystation.updated",
        expected_version=expected_version,
    )
