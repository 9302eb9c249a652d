"""Who may see and change host entities and reporting groups.

Both are reference data: every signed-in user reads them. Headquarters adds and edits any host
entity. Recruiters and field units may add and edit organizations outside the UN system
(government, NGO, academic); a field unit only those based in its own countries. Host focal
points, volunteers, donors and auditors never write here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role, User
from mobilize.partners.models import HostEntity, ReportingGroup

NON_UN_TYPES = frozenset(HostEntity.Type) - HostEntity.UN_TYPES


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def hostentity_scope(user: User) -> Q:
    """Every signed-in user sees every host entity."""
    return Q() if _signed_in(user) else Q(pk__in=[])


def hostentity_access(*, user: User, hostentity_id: int) -> HostEntity:
    try:
        return (
            HostEntity.objects.filter(hostentity_scope(user))
            .select_related("reporting_group", "parent", "country")
            .get(pk=hostentity_id)
        )
    except HostEntity.DoesNotExist:
        raise Http404 from None


def reportinggroup_scope(user: User) -> Q:
    """Every signed-in user sees every reporting group."""
    return Q() if _signed_in(user) else Q(pk__in=[])


def reportinggroup_access(*, user: User, reportinggroup_id: int) -> ReportingGroup:
    try:
        return ReportingGroup.objects.filter(reportinggroup_scope(user)).get(pk=reportinggroup_id)
    except ReportingGroup.DoesNotExist:
        raise Http404 from None


def can_create_hostentity(user: User) -> bool:
    """Whether ``user`` may add host entities at all (which types and where is checked separately)."""
    return user.has_role(Role.HQ, Role.RECRUITER, Role.FIELD_UNIT)


def hostentity_types_for(user: User) -> frozenset[str]:
    """The entity types ``user`` may add, or give an entity they edit: UN types are headquarters' alone."""
    if user.has_role(Role.HQ):
        return frozenset(HostEntity.Type)
    if user.has_role(Role.RECRUITER, Role.FIELD_UNIT):
        return NON_UN_TYPES
    return frozenset()


def hostentity_country_scope(user: User) -> Q:
    """The countries (as a filter on Country) where ``user`` may place a host entity."""
    if user.has_role(Role.HQ, Role.RECRUITER):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(pk__in=user.country_ids())
    return Q(pk__in=[])


def can_place_hostentity_in(user: User, country_id: int | None) -> bool:
    """A field unit must name one of its countries; headquarters and recruiters may name any, or none."""
    if user.has_role(Role.HQ, Role.RECRUITER):
        return True
    return user.has_role(Role.FIELD_UNIT) and country_id is not None and country_id in user.country_ids()


def can_edit_hostentity(user: User, entity: HostEntity) -> bool:
    if user.has_role(Role.HQ):
        return True
    if entity.is_un:
        return False
    if user.has_role(Role.RECRUITER):
        return True
    return user.has_role(Role.FIELD_UNIT) and entity.country_id in user.country_ids()
