"""Who may see and change countries and duty stations.

Both are reference data: every signed-in user reads them. Headquarters edits countries; duty
stations are written by headquarters anywhere and by a field unit in its own countries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role, User
from mobilize.geo.models import Country, DutyStation


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def country_scope(user: User) -> Q:
    """Every signed-in user sees every country and territory."""
    return Q() if _signed_in(user) else Q(pk__in=[])


def country_access(*, user: User, country_id: int) -> Country:
    try:
        return Country.objects.filter(country_scope(user)).get(pk=country_id)
    except Country.DoesNotExist:
        raise Http404 from None


def can_edit_country(user: User, country: Country) -> bool:
    return user.has_role(Role.HQ)


def dutystation_scope(user: User) -> Q:
    """Every signed-in user sees every duty station."""
    return Q() if _signed_in(user) else Q(pk__in=[])


def dutystation_access(*, user: User, dutystation_id: int) -> DutyStation:
    try:
        return (
            DutyStation.objects.filter(dutystation_scope(user))
            .select_related("country")
            .get(pk=dutystation_id)
        )
    except DutyStation.DoesNotExist:
        raise Http404 from None


def dutystation_country_scope(user: User) -> Q:
    """The countries in which ``user`` may place a duty station (as a filter on Country)."""
    if user.has_role(Role.HQ):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(pk__in=user.country_ids())
    return Q(pk__in=[])


def can_create_dutystation(user: User) -> bool:
    """Whether ``user`` may add duty stations at all (a field unit only in its own countries)."""
    return user.has_role(Role.HQ, Role.FIELD_UNIT)


def can_place_dutystation_in(user: User, country_id: int | None) -> bool:
    if user.has_role(Role.HQ):
        return True
    return user.has_role(Role.FIELD_UNIT) and country_id in user.country_ids()


def can_edit_dutystation(user: User, station: DutyStation) -> bool:
    return can_place_dutystation_in(user, station.country_id)
