"""The end of assignment: started by the host or programme staff, it opens the checklist; the host
records the performance assessment; the field unit (or headquarters) grants the final clearance
once every item is done and the assessment recorded, which ends a still-serving assignment on its
last day (completed) and issues the service certificate."""

from __future__ import annotations

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
from mobilize.lifecycle.models import ChecklistItem, EndOfAssignment
from mobilize.lifecycle.permissions import (
    can_assess,
    can_clear,
    can_start_end_of_assignment,
    can_tick_checklist,
)
from mobilize.lifecycle.selectors.reminders import field_units, headquarters, host_focal_points
from mobilize.lifecycle.services.common import refuse, tell, text, volunteer_users

S = EndOfAssignment.Status
STARTABLE = (Assignment.Status.ACTIVE, Assignment.Status.COMPLETED, Assignment.Status.TERMINATED)


def _save(end: EndOfAssignment, *, before: dict[str, Any], actor: Any, verb: str) -> EndOfAssignment:
    end.full_clean(validate_constraints=False)
    end.version += 1
    end.save()
    audit_record(actor=actor, verb=verb, target=end, changes=diff(before, snapshot(end)))
    return end


def _require_open(end: EndOfAssignment) -> None:
    if end.status != S.OPEN:
        raise ApplicationError(_("This end of assignment is already cleared."), field="status")


@transaction.atomic
def end_of_assignment_start(*, assignment: Assignment, actor: Any) -> EndOfAssignment:
    """Open the end of assignment: its last day is the actual end of an assignment that already
    ended (resigned, terminated, closed), else the planned end; the checklist is created."""
    if not can_start_end_of_assignment(actor, assignment):
        raise refuse(_("You may not start the end of this assignment."))
    current = (
        Assignment.objects.select_related("volunteer").select_for_update(of=("self",)).get(pk=assignment.pk)
    )
    if current.status not in STARTABLE:
        raise ApplicationError(
            _("This assignment is %(status)s: it has no end of assignment.")
            % {"status": current.get_status_display()},
            field="assignment",
        )
    if EndOfAssignment.objects.filter(assignment=current).exists():
        raise ApplicationError(_("The end of this assignment is already started."), field="assignment")
    now = timezone.now()
    end = create_validated(
        instance=EndOfAssignment(
            assignment=current,
            last_day=current.actual_end or current.planned_end,
            started_by=actor,
            started_at=now,
        ),
        actor=actor,
        verb="end_of_assignment.started",
    )
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(end_of_assignment=end, kind=kind) for kind in ChecklistItem.Kind]
    )
    tell(
        recipients=[*volunteer_users(current), *host_focal_points(current)],
        verb="end_of_assignment.started",
        target=end,
        assignment=current,
        message=gettext_lazy(
            "%(reference)s (%(volunteer)s): the end of assignment has started; the last day is %(day)s. "
            "Complete the checklist and the performance assessment."
        ),
        actor=actor,
        day=end.last_day.isoformat(),
    )
    return end


@transaction.atomic
def checklist_item_tick(
    *, item: ChecklistItem, actor: Any, done: bool = True, note: str = ""
) -> ChecklistItem:
    """Mark an item of the checklist done (or not done after all), with who and when."""
    end = item.end_of_assignment
    if not can_tick_checklist(actor, end.assignment):
        raise refuse(_("You may not change this checklist."))
    _require_open(locked(end))
    current = locked(item)
    before = snapshot(current)
    current.done_at = timezone.now() if done else None
    current.done_by = actor if done else None
    current.note = text(note, field="note")[:300]
    current.full_clean(validate_constraints=False)
    current.version += 1
    current.save()
    verb = "checklist_item.done" if done else "checklist_item.undone"
    audit_record(actor=actor, verb=verb, target=current, changes=diff(before, snapshot(current)))
    return current


@transaction.atomic
def performance_assess(*, end: EndOfAssignment, actor: Any, rating: str, assessment: str) -> EndOfAssignment:
    """The host's performance assessment of the volunteer (a rating and its narrative)."""
    if not can_assess(actor, end.assignment):
        raise refuse(_("Only the host assesses the volunteer's performance."))
    current = locked(end)
    _require_open(current)
    if rating not in EndOfAssignment.Rating.values:
        raise ValidationError({"rating": [_("Choose one of the ratings offered.")]})
    before = snapshot(current)
    current.rating = rating
    current.assessment = text(assessment, field="assessment", required=True)
    current.assessed_by = actor
    current.assessed_at = timezone.now()
    return _save(current, before=before, actor=actor, verb="end_of_assignment.assessed")


@transaction.atomic
def final_clearance_grant(*, end: EndOfAssignment, actor: Any) -> EndOfAssignment:
    """Grant the final clearance: every checklist item done (422 on ``checklist`` naming those left)
    and the assessment recorded (422 on ``rating``). A still-serving assignment ends on the last
    day; the certificate is issued and the volunteer told."""
    assignment = end.assignment
    if not can_clear(actor, assignment):
        raise refuse(_("Only the field unit or headquarters grants the final clearance."))
    current = locked(end)
    _require_open(current)
    errors: dict[str, list[str]] = {}
    left = [
        str(item.get_kind_display()) for item in current.items.filter(done_at__isnull=True).order_by("pk")
    ]
    if left:
        errors["checklist"] = [_("Not done yet: %(items)s.") % {"items": "; ".join(left)}]
    if not current.rating:
        errors["rating"] = [_("The host has not recorded the performance assessment yet.")]
    if errors:
        raise ValidationError(errors)
    fresh = Assignment.objects.select_related("volunteer").get(pk=assignment.pk)
    if fresh.is_open:
        assignment_end_many(
            assignments=[fresh], day=current.last_day, actor=actor, verb="assignment.completed"
        )
    before = snapshot(current)
    current.status = S.CLEARED
    current.cleared_by = actor
    current.cleared_at = timezone.now()
    current.certificate_number = f"CERT-{current.last_day.year}-{current.pk:06d}"
    current = _save(current, before=before, actor=actor, verb="end_of_assignment.cleared")
    tell(
        recipients=[*volunteer_users(fresh), *field_units(fresh)] or headquarters(),
        verb="end_of_assignment.cleared",
        target=current,
        assignment=fresh,
        message=gettext_lazy(
            "%(reference)s: the final clearance is granted; the service certificate is ready."
        ),
        actor=actor,
    )
    return current
