"""Who sees which assignment, and who may create or change one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.assignments.models import Assignment

NOTHING = Q(pk__in=[])


def assignment_scope(user: Any) -> Q:
    """The assignments ``user`` may read.

    HQ, recruiters and auditors: all. A host focal point: those its entities host. A field unit:
    those in its countries. A candidate: their own. A donor: none (funding is a later capability).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return Q()
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(host_entity__in=user.host_entity_ids())
    if user.has_role(Role.FIELD_UNIT):
        return Q(duty_country__in=user.country_ids())
    if user.has_role(Role.CANDIDATE):
        return Q(volunteer__user=user)
    return NOTHING


def assignment_access(*, user: Any, assignment_id: int) -> Assignment:
    """The assignment if ``user`` may see it; 404 if it is missing or hidden alike."""
    try:
        return (
            Assignment.objects.filter(assignment_scope(user))
            .select_related("volunteer", "category", "host_entity", "duty_station", "duty_country")
            .get(pk=assignment_id)
        )
    except Assignment.DoesNotExist:
        raise Http404 from None


def can_create_assignment(user: Any) -> bool:
    """HQ and recruiters anywhere; a field unit in its own countries (the service checks where)."""
    return bool(user is not None and user.is_authenticated) and user.has_role(
        Role.HQ, Role.RECRUITER, Role.FIELD_UNIT
    )


def can_create_assignment_in(user: Any, country_id: int) -> bool:
    """Whether ``user`` may create an assignment whose duty station is in ``country_id``."""
    if not can_create_assignment(user):
        return False
    return not user.has_role(Role.FIELD_UNIT) or country_id in user.country_ids()


def can_update_assignment(user: Any, assignment: Assignment) -> bool:
    """HQ and recruiters for any assignment; a field unit for those in its countries."""
    return can_create_assignment_in(user, assignment.duty_country_id)
