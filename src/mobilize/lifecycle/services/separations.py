"""Resignation and early termination.

A volunteer resigns with their last day and the leave they have taken; the leave days owing are
worked out from entitlements' leave accrual rate (``selectors.rates``; left out when none is in
force). The host accepts the resignation (the assignment then ends on the last day) or returns it.
Headquarters or a recruiter terminates an assignment early with the reason; it ends at once on the
last day given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import assignment_end_many
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import create_validated, locked
from mobilize.lifecycle.models import Separation
from mobilize.lifecycle.permissions import can_decide_resignation, can_resign, can_terminate
from mobilize.lifecycle.selectors.rates import leave_owing
from mobilize.lifecycle.selectors.reminders import field_units, host_focal_points
from mobilize.lifecycle.services.common import refuse, tell, text, volunteer_users

S = Separation.Status


def _lock_serving(assignment: Assignment) -> Assignment:
    current = (
        Assignment.objects.select_related("volunteer").select_for_update(of=("self",)).get(pk=assignment.pk)
    )
    if current.status != Assignment.Status.ACTIVE:
        raise ApplicationError(
            _("This assignment is %(status)s: only a serving assignment ends early.")
            % {"status": current.get_status_display()},
            field="assignment",
        )
    if Separation.objects.filter(assignment=current, status=S.SUBMITTED).exists():
        raise ApplicationError(
            _("This assignment already has a resignation waiting for the host."), field="assignment"
        )
    return current


def _check_last_day(assignment: Assignment, last_day: dt.date | None, taken: Decimal) -> None:
    errors: dict[str, list[str]] = {}
    if last_day is None:
        errors["last_day"] = [_("Give the last day.")]
    elif last_day < assignment.entry_on_duty:
        errors["last_day"] = [_("The last day cannot be before the entry on duty.")]
    elif last_day > assignment.planned_end:
        errors["last_day"] = [
            _("The last day cannot be after the planned end, %(end)s.")
            % {"end": assignment.planned_end.isoformat()}
        ]
    if taken < 0:
        errors["leave_taken_days"] = [_("Leave taken cannot be negative.")]
    if errors:
        raise ValidationError(errors)


def _separation(
    *,
    assignment: Assignment,
    kind: str,
    last_day: dt.date,
    reason: str,
    taken: Decimal,
    actor: Any,
    **extra: Any,
) -> Separation:
    leave = leave_owing(assignment=assignment, last_day=last_day, taken=taken)
    return Separation(
        assignment=assignment,
        kind=kind,
        last_day=last_day,
        reason=reason,
        leave_rate=leave.rate,
        leave_accrued_days=leave.accrued,
        leave_taken_days=leave.taken,
        leave_owing_days=leave.owing,
        submitted_by=actor,
        submitted_at=timezone.now(),
        **extra,
    )


@transaction.atomic
def resignation_submit(
    *,
    assignment: Assignment,
    actor: Any,
    last_day: dt.date,
    reason: str = "",
    leave_taken_days: Decimal = Decimal("0"),
) -> Separation:
    """The volunteer resigns: their last day (from the entry on duty to the planned end) and the
    leave they took; the leave days owing are worked out and the host is asked to accept."""
    if not can_resign(actor, assignment):
        raise refuse(_("Only the volunteer resigns from their assignment."))
    current = _lock_serving(assignment)
    _check_last_day(current, last_day, leave_taken_days)
    separation = create_validated(
        instance=_separation(
            assignment=current,
            kind=Separation.Kind.RESIGNATION,
            last_day=last_day,
            reason=text(reason, field="reason"),
            taken=leave_taken_days,
            actor=actor,
        ),
        actor=actor,
        verb="resignation.submitted",
    )
    tell(
        recipients=host_focal_points(current),
        verb="resignation.submitted",
        target=separation,
        assignment=current,
        message=gettext_lazy(
            "%(reference)s (%(volunteer)s) resigns with %(day)s as the last day; accept or return it."
        ),
        actor=actor,
        day=last_day.isoformat(),
    )
    return separation


def _decide(separation: Separation, *, actor: Any, status: str, note: str, verb: str) -> Separation:
    before = snapshot(separation)
    separation.status = status
    separation.decided_by = actor
    separation.decided_at = timezone.now()
    separation.decision_note = note
    separation.full_clean(validate_constraints=False)
    separation.version += 1
    separation.save()
    audit_record(actor=actor, verb=verb, target=separation, changes=diff(before, snapshot(separation)))
    return separation


@transaction.atomic
def resignation_accept(*, separation: Separation, actor: Any, note: str = "") -> Separation:
    """The host accepts a resignation: the assignment ends on the last day (ended early, or
    completed when that is its planned end)."""
    assignment = separation.assignment
    if not can_decide_resignation(actor, assignment):
        raise refuse(_("Only the host accepts a resignation."))
    current = locked(separation)
    if current.kind != Separation.Kind.RESIGNATION or current.status != S.SUBMITTED:
        raise ApplicationError(_("This resignation is not waiting for a decision."), field="status")
    assignment_end_many(
        assignments=[assignment], day=current.last_day, actor=actor, verb="assignment.resigned"
    )
    current = _decide(
        current, actor=actor, status=S.ACCEPTED, note=text(note, field="note"), verb="resignation.accepted"
    )
    tell(
        recipients=volunteer_users(assignment),
        verb="resignation.accepted",
        target=current,
        assignment=assignment,
        message=gettext_lazy("%(reference)s: your resignation is accepted; your last day is %(day)s."),
        actor=actor,
        day=current.last_day.isoformat(),
    )
    return current


@transaction.atomic
def resignation_return(*, separation: Separation, actor: Any, note: str) -> Separation:
    """The host returns a resignation to the volunteer, with the reason; the assignment goes on."""
    assignment = separation.assignment
    if not can_decide_resignation(actor, assignment):
        raise refuse(_("Only the host returns a resignation."))
    current = locked(separation)
    if current.kind != Separation.Kind.RESIGNATION or current.status != S.SUBMITTED:
        raise ApplicationError(_("This resignation is not waiting for a decision."), field="status")
    current = _decide(
        current,
        actor=actor,
        status=S.RETURNED,
        note=text(note, field="note", required=True),
        verb="resignation.returned",
    )
    tell(
        recipients=volunteer_users(assignment),
        verb="resignation.returned",
        target=current,
        assignment=assignment,
        message=gettext_lazy("%(reference)s: your resignation was returned to you."),
        actor=actor,
    )
    return current


@transaction.atomic
def termination_record(
    *,
    assignment: Assignment,
    actor: Any,
    last_day: dt.date,
    reason: str,
    leave_taken_days: Decimal = Decimal("0"),
) -> Separation:
    """Headquarters or a recruiter ends an assignment early, with the reason; it ends on
    ``last_day`` at once, and the volunteer and the host are told."""
    if not can_terminate(actor, assignment):
        raise refuse(_("Only headquarters or a recruiter terminates an assignment."))
    current = _lock_serving(assignment)
    cleaned = text(reason, field="reason", required=True)
    _check_last_day(current, last_day, leave_taken_days)
    now = timezone.now()
    separation = create_validated(
        instance=_separation(
            assignment=current,
            kind=Separation.Kind.TERMINATION,
            last_day=last_day,
            reason=cleaned,
            taken=leave_taken_days,
            actor=actor,
            status=S.ACCEPTED,
            decided_by=actor,
            decided_at=now,
        ),
        actor=actor,
        verb="termination.recorded",
    )
    assignment_end_many(assignments=[current], day=last_day, actor=actor, verb="assignment.terminated")
    tell(
        recipients=[*volunteer_users(current), *host_focal_points(current), *field_units(current)],
        verb="termination.recorded",
        target=separation,
        assignment=current,
        message=gettext_lazy("%(reference)s (%(volunteer)s) is terminated early; the last day is %(day)s."),
        actor=actor,
        day=last_day.isoformat(),
    )
    return separation
