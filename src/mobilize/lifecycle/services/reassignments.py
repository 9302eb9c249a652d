"""Reassignment: the same contract, category and host at another duty station of the same country,
for more than three months, once the volunteer consents (FOUND: explore.unv.org/reassignmentrequest).
Another country is refused on ``duty_station``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import assignment_move_station
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import create_validated, locked
from mobilize.geo.models import DutyStation
from mobilize.lifecycle.models import Reassignment
from mobilize.lifecycle.permissions import can_answer_reassignment, can_request_reassignment
from mobilize.lifecycle.selectors.rates import months_before
from mobilize.lifecycle.selectors.reminders import host_focal_points
from mobilize.lifecycle.services.common import refuse, tell, text, volunteer_users

S = Reassignment.Status
MIN_MONTHS = 3


def _errors(
    assignment: Assignment, duty_station: DutyStation, effective_date: dt.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if duty_station.pk == assignment.duty_station_id:
        errors["duty_station"] = [_("The volunteer already serves at this duty station.")]
    elif duty_station.country_id != assignment.duty_country_id:
        errors["duty_station"] = [
            _(
                "A reassignment stays in the country of the assignment (%(country)s); a move to another "
                "country is a new assignment."
            )
            % {"country": assignment.duty_country.name}
        ]
    if effective_date < assignment.entry_on_duty:
        errors["effective_date"] = [_("The move cannot take effect before the entry on duty.")]
    elif effective_date > months_before(assignment.planned_end, MIN_MONTHS):
        errors["effective_date"] = [
            _(
                "A reassignment is for more than three months: it must take effect by %(day)s (three "
                "months before the planned end)."
            )
            % {"day": months_before(assignment.planned_end, MIN_MONTHS).isoformat()}
        ]
    return errors


@transaction.atomic
def reassignment_request(
    *,
    assignment: Assignment,
    actor: Any,
    duty_station: DutyStation,
    effective_date: dt.date,
    reason: str = "",
) -> Reassignment:
    """Propose a move to ``duty_station`` from ``effective_date``; the volunteer is asked to consent."""
    if not can_request_reassignment(actor, assignment):
        raise refuse(_("You may not request a reassignment of this assignment."))
    current = (
        Assignment.objects.select_related("volunteer", "duty_country")
        .select_for_update(of=("self",))
        .get(pk=assignment.pk)
    )
    if current.status != Assignment.Status.ACTIVE:
        raise ApplicationError(_("Only a serving assignment is reassigned."), field="assignment")
    if Reassignment.objects.filter(assignment=current, status=S.AWAITING_CONSENT).exists():
        raise ApplicationError(
            _("This assignment already has a reassignment waiting for consent."), field="assignment"
        )
    errors = _errors(current, duty_station, effective_date)
    if errors:
        raise ValidationError(errors)
    reassignment = create_validated(
        instance=Reassignment(
            assignment=current,
            from_station_id=current.duty_station_id,
            to_station=duty_station,
            effective_date=effective_date,
            reason=text(reason, field="reason"),
            requested_by=actor,
            requested_at=timezone.now(),
        ),
        actor=actor,
        verb="reassignment.requested",
    )
    tell(
        recipients=volunteer_users(current),
        verb="reassignment.requested",
        target=reassignment,
        assignment=current,
        message=gettext_lazy(
            "%(reference)s: a move to %(station)s from %(day)s is proposed; give your consent or decline."
        ),
        actor=actor,
        station=duty_station.name,
        day=effective_date.isoformat(),
    )
    return reassignment


@transaction.atomic
def reassignment_answer(*, reassignment: Reassignment, actor: Any, consents: bool) -> Reassignment:
    """The volunteer's answer (or staff recording the answer the volunteer gave in writing): with
    consent the assignment moves to the new duty station; without it, nothing moves."""
    assignment = reassignment.assignment
    if not can_answer_reassignment(actor, assignment):
        raise refuse(_("Only the volunteer consents to a reassignment."))
    current = locked(reassignment)
    if current.status != S.AWAITING_CONSENT:
        raise ApplicationError(_("This reassignment is not waiting for consent."), field="status")
    before = snapshot(current)
    if consents:
        station = DutyStation.objects.get(pk=current.to_station_id)
        assignment_move_station(assignment=assignment, duty_station=station, actor=actor)
    current.status = S.DONE if consents else S.DECLINED
    current.consent_recorded_by = actor
    current.consent_at = timezone.now()
    current.full_clean(validate_constraints=False)
    current.version += 1
    current.save()
    verb = "reassignment.consented" if consents else "reassignment.declined"
    audit_record(actor=actor, verb=verb, target=current, changes=diff(before, snapshot(current)))
    people = [*host_focal_points(assignment)]
    if current.requested_by is not None:
        people.append(current.requested_by)
    tell(
        recipients=people,
        verb=verb,
        target=current,
        assignment=assignment,
        message=gettext_lazy("%(reference)s (%(volunteer)s) consented to the reassignment.")
        if consents
        else gettext_lazy("%(reference)s (%(volunteer)s) declined the reassignment."),
        actor=actor,
    )
    return current
