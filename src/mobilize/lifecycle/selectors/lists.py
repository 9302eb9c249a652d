"""The lifecycle records a person may read: scoped by ``permissions``, joins declared, ordered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from mobilize.assignments.models import Assignment
from mobilize.assignments.permissions import assignment_scope
from mobilize.assignments.selectors import assignment_get
from mobilize.lifecycle.models import (
    ChecklistItem,
    EndOfAssignment,
    Extension,
    MissionClosure,
    Reassignment,
    Redeployment,
    RedeploymentConsent,
    Reminder,
    Separation,
)
from mobilize.lifecycle.permissions import closure_scope, lifecycle_scope, redeployment_scope

ASSIGNMENT_RELATED = ("assignment__volunteer", "assignment__host_entity", "assignment__duty_country")


def extension_list(*, viewer: Any, status: str | None = None) -> QuerySet[Extension]:
    qs = Extension.objects.filter(lifecycle_scope(viewer)).select_related(*ASSIGNMENT_RELATED, "requested_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-requested_at", "-pk")


def separation_list(
    *, viewer: Any, status: str | None = None, kind: str | None = None
) -> QuerySet[Separation]:
    qs = Separation.objects.filter(lifecycle_scope(viewer)).select_related(*ASSIGNMENT_RELATED)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-submitted_at", "-pk")


def reassignment_list(*, viewer: Any, status: str | None = None) -> QuerySet[Reassignment]:
    qs = Reassignment.objects.filter(lifecycle_scope(viewer)).select_related(
        *ASSIGNMENT_RELATED, "from_station", "to_station"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-requested_at", "-pk")


def end_of_assignment_list(*, viewer: Any, status: str | None = None) -> QuerySet[EndOfAssignment]:
    qs = EndOfAssignment.objects.filter(lifecycle_scope(viewer)).select_related(*ASSIGNMENT_RELATED)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-started_at", "-pk")


def closure_list(*, viewer: Any) -> QuerySet[MissionClosure]:
    return (
        MissionClosure.objects.filter(closure_scope(viewer))
        .select_related("host_entity")
        .order_by("-closure_date", "-pk")
    )


def closure_lines_ended(*, closure: MissionClosure) -> QuerySet[Any]:
    return closure.closed.select_related("assignment__volunteer", "assignment__duty_station").order_by(
        "assignment__reference"
    )


def redeployment_list(*, viewer: Any, closure: MissionClosure | None = None) -> QuerySet[Redeployment]:
    qs = Redeployment.objects.filter(redeployment_scope(viewer)).select_related(
        "closure__host_entity", "assignment", "volunteer", "position__doa", "host_entity", "application"
    )
    if closure is not None:
        qs = qs.filter(closure=closure)
    return qs.order_by("closure", "assignment__reference", "pk")


def assignments_ending(*, viewer: Any, today: dt.date, within_days: int = 92) -> QuerySet[Assignment]:
    """Serving assignments ``viewer`` sees that end within ``within_days`` (or are past their
    planned end and still serving), soonest first, each with what was done about it."""
    return (
        Assignment.objects.filter(
            assignment_scope(viewer),
            status=Assignment.Status.ACTIVE,
            planned_end__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("volunteer", "host_entity", "duty_station", "duty_country")
        .annotate(
            extension_open=Exists(
                Extension.objects.filter(assignment=OuterRef("pk"), status__in=Extension.OPEN_STATUSES)
            ),
            end_started=Exists(EndOfAssignment.objects.filter(assignment=OuterRef("pk"))),
            separation_open=Exists(
                Separation.objects.filter(assignment=OuterRef("pk")).exclude(
                    status=Separation.Status.RETURNED
                )
            ),
        )
        .order_by("planned_end", "pk")
    )


@dataclass(frozen=True)
class AssignmentLifecycle:
    """Everything the lifecycle knows of one assignment."""

    assignment: Assignment
    extensions: list[Extension]
    separations: list[Separation]
    reassignments: list[Reassignment]
    end: EndOfAssignment | None
    items: list[ChecklistItem]
    consent: RedeploymentConsent | None
    reminders: list[Reminder]
    redeployment: Redeployment | None


def assignment_lifecycle(*, viewer: Any, assignment_id: int) -> AssignmentLifecycle:
    """The lifecycle of one assignment ``viewer`` may see (404 otherwise)."""
    assignment = assignment_get(viewer=viewer, assignment_id=assignment_id)
    end = EndOfAssignment.objects.filter(assignment=assignment).first()
    return AssignmentLifecycle(
        assignment=assignment,
        extensions=list(Extension.objects.filter(assignment=assignment).order_by("-requested_at", "-pk")),
        separations=list(Separation.objects.filter(assignment=assignment).order_by("-submitted_at", "-pk")),
        reassignments=list(
            Reassignment.objects.filter(assignment=assignment)
            .select_related("from_station", "to_station")
            .order_by("-requested_at", "-pk")
        ),
        end=end,
        items=list(end.items.order_by("pk")) if end is not None else [],
        consent=RedeploymentConsent.objects.filter(assignment=assignment).first(),
        reminders=list(Reminder.objects.filter(assignment=assignment).order_by("-sent_at", "-pk")),
        redeployment=Redeployment.objects.filter(assignment=assignment)
        .select_related("position__doa", "host_entity", "application")
        .first(),
    )


def my_assignments(*, viewer: Any) -> QuerySet[Assignment]:
    """The volunteer's own assignments, latest first, with their end-of-assignment record."""
    return (
        Assignment.objects.filter(assignment_scope(viewer), volunteer__user=viewer)
        .select_related(
            "host_entity", "duty_station", "duty_country", "end_of_assignment", "redeployment_consent"
        )
        .order_by("-entry_on_duty", "-pk")
    )
