"""Who may see and change Descriptions of Assignment (DoA).

Reading: headquarters, recruiters and auditors see every DoA; a host focal point sees its own
entities' DoAs; a field unit sees the DoAs in its countries; candidates and donors see none.

Writing: headquarters anywhere, a host focal point for its own entities (in any country), a field
unit in its own countries (for any host). Recruiters, auditors and everybody else write nothing.
Whether the DoA's status still allows an edit is the services' business (409), not a permission.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role, User
from mobilize.requests.models import Doa

READER_ROLES = frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.HOST_FOCAL_POINT, Role.FIELD_UNIT})
WRITER_ROLES = frozenset({Role.HQ, Role.HOST_FOCAL_POINT, Role.FIELD_UNIT})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def doa_scope(user: User) -> Q:
    """The DoAs ``user`` may see, as a filter on Doa."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return Q()
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(host_entity__in=user.host_entity_ids())
    if user.has_role(Role.FIELD_UNIT):
        return Q(country__in=user.country_ids())
    return Q(pk__in=[])


def doa_access(*, user: User, doa_id: int) -> Doa:
    """The DoA ``doa_id`` if ``user`` may see it; ``Http404`` if it is missing or hidden."""
    try:
        return Doa.objects.filter(doa_scope(user)).select_related("host_entity", "country").get(pk=doa_id)
    except Doa.DoesNotExist:
        raise Http404 from None


def can_list_doas(user: User) -> bool:
    """Whether DoAs are part of ``user``'s work at all (candidates and donors: not yet)."""
    return _signed_in(user) and user.has_role(*READER_ROLES)


def can_create_doa(user: User) -> bool:
    """Whether ``user`` may create DoAs at all; where, ``doa_placement_errors`` says."""
    return _signed_in(user) and user.has_role(*WRITER_ROLES)


def can_place_doa(user: User, *, host_entity_id: int | None, country_id: int | None) -> bool:
    """Whether ``user`` may hold a DoA for this host entity in this country."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ):
        return True
    if user.has_role(Role.HOST_FOCAL_POINT):
        return host_entity_id in user.host_entity_ids()
    if user.has_role(Role.FIELD_UNIT):
        return country_id in user.country_ids()
    return False


def can_edit_doa(user: User, doa: Doa) -> bool:
    """Whether ``user`` may change ``doa`` (its fields, languages and positions) in principle."""
    return can_create_doa(user) and can_place_doa(
        user, host_entity_id=doa.host_entity_id, country_id=doa.country_id
    )
