"""Which reminders of a planned end are due on a day, and who gets them.

* Three months and two months before the planned end the host (its focal points) and the field
  unit of the country are reminded to extend or end the assignment. When both are due and neither
  was sent (an extension left less than three months), only the two-month one is sent.
* Fifteen days before the planned end (or later, while the assignment is still serving), if
  nobody acted (no extension in progress, no resignation or termination, no end of assignment
  started), the field unit of the country and headquarters are told: the escalation.

Each is sent once per planned end: a new planned end gets its own reminders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mobilize.accounts.models import Role, User
from mobilize.assignments.models import Assignment
from mobilize.lifecycle.models import EndOfAssignment, Extension, Reminder, Separation
from mobilize.lifecycle.selectors.rates import months_before

Kind = Reminder.Kind
ESCALATION_DAYS = 15
LOOKAHEAD_DAYS = 93
"""Three months ahead is at most 92 days; assignments ending later have nothing due."""


def reminder_due_on(*, kind: str, planned_end: dt.date) -> dt.date:
    if kind == Kind.THREE_MONTHS:
        return months_before(planned_end, 3)
    if kind == Kind.TWO_MONTHS:
        return months_before(planned_end, 2)
    return planned_end - dt.timedelta(days=ESCALATION_DAYS)


@dataclass(frozen=True)
class DueReminder:
    assignment: Assignment
    kind: str
    planned_end: dt.date
    due_on: dt.date


def _acted(ids: list[int]) -> set[int]:
    """Of ``ids``, the assignments somebody acted on: an extension in progress, a resignation or
    termination submitted or accepted, an end of assignment started."""
    acted: set[int] = set()
    acted.update(
        Extension.objects.filter(assignment_id__in=ids, status__in=Extension.OPEN_STATUSES).values_list(
            "assignment_id", flat=True
        )
    )
    acted.update(
        Separation.objects.filter(assignment_id__in=ids)
        .exclude(status=Separation.Status.RETURNED)
        .values_list("assignment_id", flat=True)
    )
    acted.update(
        EndOfAssignment.objects.filter(assignment_id__in=ids).values_list("assignment_id", flat=True)
    )
    return acted


def reminders_due(*, today: dt.date) -> list[DueReminder]:
    """The reminders due on ``today`` and not yet sent, for serving assignments, by assignment."""
    assignments = list(
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE, planned_end__lte=today + dt.timedelta(days=LOOKAHEAD_DAYS)
        )
        .select_related("host_entity", "duty_country", "volunteer")
        .order_by("planned_end", "pk")
    )
    ids = [a.pk for a in assignments]
    sent = set(
        Reminder.objects.filter(assignment_id__in=ids).values_list("assignment_id", "kind", "planned_end")
    )
    acted = _acted(ids)
    due: list[DueReminder] = []
    for assignment in assignments:
        end = assignment.planned_end
        if today <= end:
            ready = [
                k
                for k in (Kind.THREE_MONTHS, Kind.TWO_MONTHS)
                if reminder_due_on(kind=k, planned_end=end) <= today
            ]
            if ready and (assignment.pk, ready[-1], end) not in sent:
                kind = ready[-1]
                due.append(DueReminder(assignment, kind, end, reminder_due_on(kind=kind, planned_end=end)))
        escalation_on = reminder_due_on(kind=Kind.ESCALATION, planned_end=end)
        if (
            escalation_on <= today
            and assignment.pk not in acted
            and (assignment.pk, Kind.ESCALATION, end) not in sent
        ):
            due.append(DueReminder(assignment, Kind.ESCALATION, end, escalation_on))
    return due


def host_focal_points(assignment: Assignment) -> list[Any]:
    return list(
        User.objects.filter(
            role=Role.HOST_FOCAL_POINT, is_active=True, host_entities=assignment.host_entity_id
        )
        .distinct()
        .order_by("pk")
    )


def field_units(assignment: Assignment) -> list[Any]:
    return list(
        User.objects.filter(role=Role.FIELD_UNIT, is_active=True, countries=assignment.duty_country_id)
        .distinct()
        .order_by("pk")
    )


def headquarters() -> list[Any]:
    return list(User.objects.filter(role=Role.HQ, is_active=True).order_by("pk"))


def reminder_recipients(reminder: DueReminder) -> list[Any]:
    """The host's focal points and the field unit for a reminder; the field unit and headquarters
    for an escalation."""
    if reminder.kind == Kind.ESCALATION:
        return _unique([*field_units(reminder.assignment), *headquarters()])
    return _unique([*host_focal_points(reminder.assignment), *field_units(reminder.assignment)])


def _unique(users: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in users:
        seen.setdefault(user.pk, user)
    return list(seen.values())
