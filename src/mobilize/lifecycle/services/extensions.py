"""Extensions: requested by the host, the field unit, a recruiter or headquarters with the new
planned end; the host confirms the funding; programme staff approve, and the assignment's planned
end moves (``assignments.services.assignment_extend``). The category rules are checked when it is
requested and again when it is approved: a rule broken refuses it with the rule named, on
``planned_end``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import assignment_extend
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import create_validated, locked
from mobilize.lifecycle.models import Extension
from mobilize.lifecycle.permissions import can_confirm_funding, can_decide_extension, can_request_extension
from mobilize.lifecycle.selectors.reminders import field_units, headquarters, host_focal_points
from mobilize.lifecycle.selectors.rules import extension_errors
from mobilize.lifecycle.services.common import refuse, tell, text, volunteer_users

S = Extension.Status


def _save(extension: Extension, *, before: dict[str, Any], actor: Any, verb: str) -> Extension:
    extension.full_clean(validate_constraints=False)
    extension.version += 1
    extension.save()
    audit_record(actor=actor, verb=verb, target=extension, changes=diff(before, snapshot(extension)))
    return extension


def _require(extension: Extension, *statuses: str) -> None:
    if extension.status not in statuses:
        raise ApplicationError(
            _("This extension is %(status)s.") % {"status": extension.get_status_display()}, field="status"
        )


def _check_rules(assignment: Assignment, new_planned_end: dt.date) -> None:
    errors = extension_errors(assignment=assignment, new_planned_end=new_planned_end)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def extension_request(
    *, assignment: Assignment, new_planned_end: dt.date, actor: Any, reason: str = ""
) -> Extension:
    """Ask to move the planned end of a serving assignment to ``new_planned_end``; the host is
    asked to confirm the funding."""
    if not can_request_extension(actor, assignment):
        raise refuse(_("You may not request an extension of this assignment."))
    current = (
        Assignment.objects.select_related("volunteer", "category")
        .select_for_update(of=("self",))
        .get(pk=assignment.pk)
    )
    if current.status != Assignment.Status.ACTIVE:
        raise ApplicationError(_("Only a serving assignment is extended."), field="assignment")
    if Extension.objects.filter(assignment=current, status__in=Extension.OPEN_STATUSES).exists():
        raise ApplicationError(_("This assignment already has an extension in progress."), field="assignment")
    _check_rules(current, new_planned_end)
    extension = create_validated(
        instance=Extension(
            assignment=current,
            previous_planned_end=current.planned_end,
            new_planned_end=new_planned_end,
            reason=text(reason, field="reason"),
            requested_by=actor,
            requested_at=timezone.now(),
        ),
        actor=actor,
        verb="extension.requested",
    )
    tell(
        recipients=host_focal_points(current),
        verb="extension.requested",
        target=extension,
        assignment=current,
        message=gettext_lazy(
            "%(reference)s (%(volunteer)s): an extension to %(end)s is requested; confirm the funding."
        ),
        actor=actor,
        end=new_planned_end.isoformat(),
    )
    return extension


@transaction.atomic
def extension_confirm_funding(*, extension: Extension, actor: Any, note: str = "") -> Extension:
    """The host confirms that the extension is funded; programme staff are asked to approve it."""
    if not can_confirm_funding(actor, extension.assignment):
        raise refuse(_("Only the host confirms the funding of an extension."))
    current = locked(extension)
    _require(current, S.REQUESTED)
    before = snapshot(current)
    current.status = S.FUNDING_CONFIRMED
    current.funding_confirmed_by = actor
    current.funding_confirmed_at = timezone.now()
    current.funding_note = text(note, field="note")
    current = _save(current, before=before, actor=actor, verb="extension.funding_confirmed")
    assignment = extension.assignment
    tell(
        recipients=field_units(assignment) or headquarters(),
        verb="extension.funding_confirmed",
        target=current,
        assignment=assignment,
        message=gettext_lazy(
            "%(reference)s (%(volunteer)s): the extension to %(end)s is funded; approve it."
        ),
        actor=actor,
        end=current.new_planned_end.isoformat(),
    )
    return current


@transaction.atomic
def extension_approve(*, extension: Extension, actor: Any, note: str = "") -> Extension:
    """Approve a funded extension: the rules are checked again on the assignment as it is now, and
    its planned end moves."""
    assignment = extension.assignment
    if not can_decide_extension(actor, assignment):
        raise refuse(_("You may not approve extensions of this assignment."))
    current = locked(extension)
    if current.status == S.REQUESTED:
        raise ApplicationError(_("The host has not confirmed the funding yet."), field="status")
    _require(current, S.FUNDING_CONFIRMED)
    fresh = Assignment.objects.select_related("volunteer", "category").get(pk=assignment.pk)
    _check_rules(fresh, current.new_planned_end)
    assignment_extend(assignment=fresh, planned_end=current.new_planned_end, actor=actor)
    before = snapshot(current)
    current.status = S.APPROVED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.decision_note = text(note, field="note")
    current = _save(current, before=before, actor=actor, verb="extension.approved")
    tell(
        recipients=[*volunteer_users(fresh), *host_focal_points(fresh)],
        verb="extension.approved",
        target=current,
        assignment=fresh,
        message=gettext_lazy("%(reference)s (%(volunteer)s) is extended to %(end)s."),
        actor=actor,
        end=current.new_planned_end.isoformat(),
    )
    return current


@transaction.atomic
def extension_refuse(*, extension: Extension, actor: Any, note: str) -> Extension:
    """Refuse an extension in progress, with the reason: programme staff at any step, the host
    while the funding is still to confirm (no funding)."""
    assignment = extension.assignment
    current = locked(extension)
    host_declines = current.status == S.REQUESTED and can_confirm_funding(actor, assignment)
    if not (can_decide_extension(actor, assignment) or host_declines):
        raise refuse(_("You may not refuse extensions of this assignment."))
    _require(current, *Extension.OPEN_STATUSES)
    before = snapshot(current)
    current.status = S.REFUSED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.decision_note = text(note, field="note", required=True)
    current = _save(current, before=before, actor=actor, verb="extension.refused")
    tell(
        recipients=[*host_focal_points(assignment), *field_units(assignment)],
        verb="extension.refused",
        target=current,
        assignment=assignment,
        message=gettext_lazy("%(reference)s (%(volunteer)s): the extension to %(end)s is refused."),
        actor=actor,
        end=current.new_planned_end.isoformat(),
    )
    return current
