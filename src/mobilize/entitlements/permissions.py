"""Who reads and edits the rate tables, who sees whose allowances and costs, and who sees and
changes an assignment's dependants.

- Rate tables: headquarters edits them; recruiters, field units and auditors read them; hosts,
  volunteers and donors do not (403).
- Statements (allowances): whoever sees the assignment (``assignment_scope``): headquarters,
  recruiters and auditors all; a host focal point its entities' volunteers; a field unit its
  countries'; a volunteer their own. Donors none.
- Costs (management fee, cost over the life): the same but not the volunteer (403 on their own).
- A DoA's pro-forma cost: headquarters, recruiters and auditors any DoA; a host focal point its
  entities' DoAs; a field unit its countries'. Another entity's template is not shown (404).
- Dependants: read by headquarters, recruiters, auditors, the field unit of the duty country and
  the volunteer themselves; changed by headquarters, recruiters and that field unit
  (``can_update_assignment``). A host focal point sees its volunteer's assignment, not the family
  (403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.assignments.models import Assignment, Dependant
from mobilize.assignments.permissions import assignment_scope, can_update_assignment
from mobilize.requests.models import Doa

NOTHING = Q(pk__in=[])
RATE_READERS = (Role.HQ, Role.RECRUITER, Role.FIELD_UNIT, Role.AUDITOR)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_rates(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*RATE_READERS)


def can_edit_rates(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.HQ)


def statement_scope(user: Any) -> Q:
    """The assignments whose allowances ``user`` may read: those they may see."""
    return assignment_scope(user) if _signed_in(user) else NOTHING


def statement_access(*, user: Any, assignment_id: int) -> Assignment:
    """The assignment, for its statements; 404 if missing or hidden."""
    try:
        return (
            Assignment.objects.filter(statement_scope(user))
            .select_related("volunteer", "category", "host_entity", "duty_station", "duty_country")
            .get(pk=assignment_id)
        )
    except Assignment.DoesNotExist:
        raise Http404 from None


def can_view_cost(user: Any) -> bool:
    """Costs are the business of the programme and the host, not of the volunteer."""
    return _signed_in(user) and user.has_role(
        Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT
    )


def doa_cost_scope(user: Any) -> Q:
    """The DoAs whose pro-forma cost ``user`` may see (templates only to those who see every DoA)."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return Q()
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(host_entity__in=user.host_entity_ids())
    if user.has_role(Role.FIELD_UNIT):
        return Q(country__in=user.country_ids())
    return NOTHING


def doa_cost_access(*, user: Any, doa_id: int) -> Doa:
    try:
        return (
            Doa.objects.filter(doa_cost_scope(user))
            .select_related("host_entity", "country", "category")
            .get(pk=doa_id)
        )
    except Doa.DoesNotExist:
        raise Http404 from None


def can_read_dependants(user: Any, assignment: Assignment) -> bool:
    """Given an assignment ``user`` sees: not a host focal point."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return True
    if user.has_role(Role.FIELD_UNIT):
        return assignment.duty_country_id in user.country_ids()
    if user.has_role(Role.CANDIDATE):
        return assignment.volunteer.user_id == user.pk
    return False


def can_edit_dependants(user: Any, assignment: Assignment) -> bool:
    return _signed_in(user) and can_update_assignment(user, assignment)


def dependant_access(*, user: Any, assignment: Assignment, dependant_id: int) -> Dependant:
    """A dependant of ``assignment`` (which ``user`` sees); 404 if it is not one of its dependants."""
    try:
        return assignment.dependants.select_related("assignment").get(pk=dependant_id)
    except Dependant.DoesNotExist:
        raise Http404 from None
