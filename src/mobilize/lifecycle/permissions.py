"""Who sees the lifecycle records of an assignment, and who may act on them.

A lifecycle record is visible to whoever may see its assignment (``assignment_scope``): HQ,
recruiters and auditors everything, a host focal point its entities' volunteers, a field unit its
countries, a volunteer their own. Acting is narrower, per step (see each ``can_*``). A record
hidden from the user is a 404; a visible one the user may not act on is a 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.assignments.models import Assignment
from mobilize.assignments.permissions import assignment_scope
from mobilize.lifecycle.models import (
    EndOfAssignment,
    Extension,
    MissionClosure,
    Reassignment,
    Redeployment,
    Separation,
)

NOTHING = Q(pk__in=[])
M = TypeVar("M", bound=Model)


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _role(user: Any, *roles: str) -> bool:
    return _signed_in(user) and user.has_role(*roles)


def is_hq(user: Any) -> bool:
    return _role(user, Role.HQ)


def hosts(user: Any, assignment: Assignment) -> bool:
    """A host focal point of the assignment's host entity."""
    return _role(user, Role.HOST_FOCAL_POINT) and assignment.host_entity_id in user.host_entity_ids()


def field_for(user: Any, assignment: Assignment) -> bool:
    """A field unit of the assignment's duty country."""
    return _role(user, Role.FIELD_UNIT) and assignment.duty_country_id in user.country_ids()


def serves(user: Any, assignment: Assignment) -> bool:
    """The volunteer of the assignment themself."""
    return _role(user, Role.CANDIDATE) and assignment.volunteer.user_id == user.pk


def programme_staff_for(user: Any, assignment: Assignment) -> bool:
    """Headquarters, a recruiter, or the field unit of the assignment's country."""
    return _role(user, Role.HQ, Role.RECRUITER) or field_for(user, assignment)


def lifecycle_scope(user: Any, prefix: str = "assignment") -> Q:
    """The lifecycle records ``user`` may read: those of the assignments they may see."""
    if not _signed_in(user):
        return NOTHING
    scope = assignment_scope(user)
    if scope == Q():
        return Q()
    return Q(**{f"{prefix}__in": Assignment.objects.filter(scope).values("pk")})


def closure_scope(user: Any) -> Q:
    """Closures: HQ, recruiters and auditors all; a host focal point those of its entities."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return Q()
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(host_entity__in=user.host_entity_ids())
    return NOTHING


def _get(model: type[M], scope: Q, pk: int, related: tuple[str, ...]) -> M:
    """The record if ``scope`` shows it; 404 if it is missing or hidden alike."""
    try:
        return model._default_manager.filter(scope).select_related(*related).get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


ASSIGNMENT_RELATED = (
    "assignment__volunteer",
    "assignment__host_entity",
    "assignment__duty_station",
    "assignment__duty_country",
    "assignment__category",
)


def extension_access(*, user: Any, extension_id: int) -> Extension:
    return _get(Extension, lifecycle_scope(user), extension_id, ASSIGNMENT_RELATED)


def separation_access(*, user: Any, separation_id: int) -> Separation:
    return _get(Separation, lifecycle_scope(user), separation_id, ASSIGNMENT_RELATED)


def reassignment_access(*, user: Any, reassignment_id: int) -> Reassignment:
    related = (*ASSIGNMENT_RELATED, "from_station", "to_station")
    return _get(Reassignment, lifecycle_scope(user), reassignment_id, related)


def end_of_assignment_access(*, user: Any, end_id: int) -> EndOfAssignment:
    return _get(EndOfAssignment, lifecycle_scope(user), end_id, ASSIGNMENT_RELATED)


def closure_access(*, user: Any, closure_id: int) -> MissionClosure:
    return _get(MissionClosure, closure_scope(user), closure_id, ("host_entity",))


def redeployment_scope(user: Any) -> Q:
    """Redeployments: those of the closures ``user`` sees, and a volunteer their own."""
    if _role(user, Role.CANDIDATE):
        return Q(volunteer__user=user)
    scope = closure_scope(user)
    if scope == NOTHING:
        return NOTHING
    return Q(closure__in=MissionClosure.objects.filter(scope).values("pk")) if scope != Q() else Q()


def redeployment_access(*, user: Any, redeployment_id: int) -> Redeployment:
    related = ("closure", "assignment", "volunteer")
    return _get(Redeployment, redeployment_scope(user), redeployment_id, related)


# --- acting ----------------------------------------------------------------------------------


def can_request_extension(user: Any, assignment: Assignment) -> bool:
    """The host, the field unit, a recruiter or headquarters asks for an extension."""
    return programme_staff_for(user, assignment) or hosts(user, assignment)


def can_confirm_funding(user: Any, assignment: Assignment) -> bool:
    """The host confirms that the extension is funded (headquarters may record it for them)."""
    return hosts(user, assignment) or is_hq(user)


def can_decide_extension(user: Any, assignment: Assignment) -> bool:
    """Programme staff approve or refuse an extension."""
    return programme_staff_for(user, assignment)


def can_resign(user: Any, assignment: Assignment) -> bool:
    """The volunteer resigns (headquarters may record a resignation received in writing)."""
    return serves(user, assignment) or is_hq(user)


def can_decide_resignation(user: Any, assignment: Assignment) -> bool:
    """The host accepts or returns a resignation; the field unit and headquarters may too."""
    return hosts(user, assignment) or field_for(user, assignment) or is_hq(user)


def can_terminate(user: Any, assignment: Assignment) -> bool:
    """Headquarters or a recruiter ends an assignment early."""
    return _role(user, Role.HQ, Role.RECRUITER)


def can_request_reassignment(user: Any, assignment: Assignment) -> bool:
    return programme_staff_for(user, assignment) or hosts(user, assignment)


def can_answer_reassignment(user: Any, assignment: Assignment) -> bool:
    """The volunteer consents or declines; the field unit or headquarters may record the answer
    the volunteer gave in writing."""
    return serves(user, assignment) or field_for(user, assignment) or is_hq(user)


def can_start_end_of_assignment(user: Any, assignment: Assignment) -> bool:
    return programme_staff_for(user, assignment) or hosts(user, assignment)


def can_tick_checklist(user: Any, assignment: Assignment) -> bool:
    return serves(user, assignment) or hosts(user, assignment) or programme_staff_for(user, assignment)


def can_assess(user: Any, assignment: Assignment) -> bool:
    """The host's performance assessment (headquarters may record it for them)."""
    return hosts(user, assignment) or is_hq(user)


def can_clear(user: Any, assignment: Assignment) -> bool:
    """Final clearance: the field unit of the country or headquarters."""
    return field_for(user, assignment) or is_hq(user)


def can_answer_redeployment(user: Any, assignment: Assignment) -> bool:
    """Consent to redeployment: the volunteer, or the field unit or headquarters recording it."""
    return serves(user, assignment) or field_for(user, assignment) or is_hq(user)


def can_close_mission(user: Any) -> bool:
    """Only headquarters previews and commits a mission closure."""
    return is_hq(user)
