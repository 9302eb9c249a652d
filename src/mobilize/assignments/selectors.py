"""Reads on assignments: always through the viewer's scope, joins declared, deterministic order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.assignments.models import Assignment
from mobilize.assignments.permissions import assignment_scope, can_create_assignment
from mobilize.geo.models import DutyStation
from mobilize.requests.models import Position
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import candidate_scope

LIST_RELATED = ("volunteer", "category", "host_entity", "duty_station", "duty_country")


@dataclass(frozen=True)
class AssignmentFilters:
    """What a list of assignments may be narrowed by (each ``None`` means "any")."""

    status: str | None = None
    host_entity_id: int | None = None
    duty_country_id: int | None = None
    category_id: int | None = None
    modality: str | None = None
    funding_type: str | None = None
    active_in_year: int | None = None
    search: str | None = None


def serving_between_q(first: dt.date, last: dt.date, prefix: str = "") -> Q:
    """Assignments serving on some day from ``first`` to ``last``: entry on duty on or before
    ``last``, the end (actual, else planned) on or after ``first``, and not cancelled (an assignment
    cancelled before entry on duty never served). ``prefix`` reaches the assignment through a
    relation (``"assignment__"``)."""
    p = prefix
    ends = Q(**{f"{p}actual_end__gte": first}) | Q(
        **{f"{p}actual_end__isnull": True, f"{p}planned_end__gte": first}
    )
    return Q(**{f"{p}entry_on_duty__lte": last}) & ends & ~Q(**{f"{p}status": Assignment.Status.CANCELLED})


def serving_on_q(day: dt.date, prefix: str = "") -> Q:
    """Assignments whose volunteer is serving on ``day`` (see ``serving_between_q``)."""
    return serving_between_q(day, day, prefix)


def active_in_year_q(year: int) -> Q:
    """Active in ``year``: serving on some day from 1 January to 31 December."""
    return serving_between_q(dt.date(year, 1, 1), dt.date(year, 12, 31))


def dependant_recognized_on_q(day: dt.date, prefix: str = "") -> Q:
    """Dependants recognized on ``day`` (the query form of ``Dependant.recognized_on``)."""
    p = prefix
    until = Q(**{f"{p}recognized_until__isnull": True}) | Q(**{f"{p}recognized_until__gte": day})
    return Q(**{f"{p}recognized_from__lte": day}) & until


def _search_q(search: str) -> Q:
    """Every word must match the reference or the volunteer's given or family name."""
    q = Q()
    for word in search.split():
        q &= (
            Q(reference__icontains=word)
            | Q(volunteer__given_name__icontains=word)
            | Q(volunteer__family_name__icontains=word)
        )
    return q


def assignment_list(*, viewer: Any, filters: AssignmentFilters | None = None) -> QuerySet[Assignment]:
    """The assignments ``viewer`` may see, narrowed by ``filters``, latest entry on duty first."""
    f = filters or AssignmentFilters()
    qs = Assignment.objects.filter(assignment_scope(viewer)).select_related(*LIST_RELATED)
    exact: dict[str, Any] = {
        "status": f.status,
        "host_entity_id": f.host_entity_id,
        "duty_country_id": f.duty_country_id,
        "category_id": f.category_id,
        "modality": f.modality,
        "funding_type": f.funding_type,
    }
    qs = qs.filter(**{name: value for name, value in exact.items() if value not in (None, "")})
    if f.active_in_year is not None:
        qs = qs.filter(active_in_year_q(f.active_in_year))
    if f.search and f.search.strip():
        qs = qs.filter(_search_q(f.search))
    return qs.order_by("-entry_on_duty", "-pk")


def assignment_get(*, viewer: Any, assignment_id: int) -> Assignment:
    """One assignment with everything its page shows; 404 if missing or hidden from ``viewer``."""
    try:
        return (
            Assignment.objects.filter(assignment_scope(viewer))
            .select_related(
                *LIST_RELATED,
                "nationality",
                "home_country",
                "position__doa",
                "position__duty_station__country",
            )
            .get(pk=assignment_id)
        )
    except Assignment.DoesNotExist:
        raise Http404 from None


def assignment_open_for_position(*, position_id: int) -> Assignment | None:
    """The planned or serving assignment of a position, if any (unscoped: for services)."""
    return Assignment.objects.filter(position_id=position_id, status__in=Assignment.OPEN_STATUSES).first()


def assignment_placeable_stations(*, user: Any) -> QuerySet[DutyStation]:
    """The duty stations where ``user`` may create an assignment (a field unit: its countries)."""
    qs = DutyStation.objects.select_related("country").order_by("country__name_en", "name")
    if user.has_role(Role.FIELD_UNIT):
        return qs.filter(country__in=user.country_ids())
    return qs if can_create_assignment(user) else qs.none()


def assignment_fillable_positions(*, user: Any) -> QuerySet[Position]:
    """The open positions ``user`` may fill with an assignment (a field unit: in its countries)."""
    qs = Position.objects.filter(status=Position.Status.OPEN).select_related("doa", "duty_station")
    qs = qs.filter(duty_station__in=assignment_placeable_stations(user=user))
    return qs.order_by("doa__reference", "pk")


def assignment_eligible_volunteers(*, user: Any) -> QuerySet[Candidate]:
    """The candidates ``user`` may make an assignment for: those whose profile they may see."""
    return Candidate.objects.filter(candidate_scope(user)).order_by("family_name", "given_name", "pk")
