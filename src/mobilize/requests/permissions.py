"""Who may see and change Descriptions of Assignment (DoA).

Reading: headquarters, recruiters and auditors see every DoA; a host focal point sees its own
entities' DoAs; a field unit sees the DoAs in its countries; candidates and donors see none.

Templates (``is_template``) are offered to everyone who reads DoAs, whatever their entity or
country, and only headquarters changes them.

Writing: headquarters anywhere, a host focal point for its own entities (in any country), a field
unit in its own countries (for any host). Recruiters, auditors and everybody else write nothing.
Whether the DoA's status still allows an edit is the services' business (409), not a permission.

The workflow: the DoA's authors (the host's focal point, the country's field unit, headquarters)
submit and resubmit; headquarters and the country's field unit review (request edits, approve);
recruiters and headquarters start sourcing; recruiters, headquarters and the country's field unit
mark it recruited (the recruitment app does, when every position is filled) and may cancel it at
any time, the host's focal point only until it is approved. The same people comment.
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
        return Q(host_entity__in=user.host_entity_ids()) | Q(is_template=True)
    if user.has_role(Role.FIELD_UNIT):
        return Q(country__in=user.country_ids()) | Q(is_template=True)
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
    """Whether ``user`` may change ``doa`` (its fields, languages and positions) in principle;
    a template only headquarters."""
    if doa.is_template:
        return _signed_in(user) and user.has_role(Role.HQ)
    return can_create_doa(user) and can_place_doa(
        user, host_entity_id=doa.host_entity_id, country_id=doa.country_id
    )


def _field_unit_of(user: User, doa: Doa) -> bool:
    return user.has_role(Role.FIELD_UNIT) and doa.country_id in user.country_ids()


def _focal_point_of(user: User, doa: Doa) -> bool:
    return user.has_role(Role.HOST_FOCAL_POINT) and doa.host_entity_id in user.host_entity_ids()


def can_submit_doa(user: User, doa: Doa) -> bool:
    """Submit (or resubmit after edits): the DoA's authors, i.e. whoever may edit it."""
    return not doa.is_template and can_edit_doa(user, doa)


def can_review_doa(user: User, doa: Doa) -> bool:
    """Request edits or approve: headquarters, and the field unit of the DoA's country."""
    return _signed_in(user) and (user.has_role(Role.HQ) or _field_unit_of(user, doa))


def can_source_doa(user: User, doa: Doa) -> bool:
    """Start sourcing an approved DoA: recruiters and headquarters."""
    return _signed_in(user) and user.has_role(Role.HQ, Role.RECRUITER)


def can_mark_recruited_doa(user: User | None, doa: Doa) -> bool:
    """Close a DoA as recruited: the platform itself (``None``, when the last position is filled),
    recruiters, headquarters and the country's field unit."""
    if user is None:
        return True
    return _signed_in(user) and (user.has_role(Role.HQ, Role.RECRUITER) or _field_unit_of(user, doa))


def can_cancel_doa(user: User, doa: Doa) -> bool:
    """Cancel: recruiters, headquarters and the country's field unit at any time; the host's focal
    point until UNV approves it."""
    if not _signed_in(user) or doa.is_template:
        return False
    if user.has_role(Role.HQ, Role.RECRUITER) or _field_unit_of(user, doa):
        return True
    return _focal_point_of(user, doa) and doa.approved_at is None


def can_comment_doa(user: User, doa: Doa) -> bool:
    """Write in the DoA's conversation: the host's focal point, the country's field unit,
    recruiters and headquarters."""
    if not _signed_in(user) or doa.is_template:
        return False
    return user.has_role(Role.HQ, Role.RECRUITER) or _field_unit_of(user, doa) or _focal_point_of(user, doa)


def can_copy_doa(user: User, doa: Doa) -> bool:
    """Start a new draft from ``doa`` (a template, or a DoA to duplicate): whoever may create DoAs
    and sees it; where the copy may be placed is ``can_place_doa``'s."""
    return can_create_doa(user)


def can_make_doa_template(user: User) -> bool:
    """Turn a copy of a DoA into a template: headquarters."""
    return _signed_in(user) and user.has_role(Role.HQ)
