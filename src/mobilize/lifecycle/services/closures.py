"""Redeployment consent, mission closure and redeployment.

``mission_close`` commits what ``selectors.mission_closure_preview`` showed, in one transaction:
every open assignment of the host ends (or is cancelled), the closure and each assignment it ended
are recorded, and each consenting volunteer with an eligible open position is invited to it
through recruitment's direct invitation (``recruitment.services.application_invite``), which
starts the path to an offer (``offer_make`` needs the receiving host's choice of the candidate
first, so the closure cannot make the offer itself). Anything refused along the way leaves
nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
from mobilize.core.writes import create_validated
from mobilize.lifecycle.models import ClosedAssignment, MissionClosure, Redeployment, RedeploymentConsent
from mobilize.lifecycle.permissions import can_answer_redeployment, can_close_mission
from mobilize.lifecycle.selectors.closures import ClosurePreview, mission_closure_preview
from mobilize.lifecycle.selectors.links import page
from mobilize.lifecycle.selectors.reminders import host_focal_points
from mobilize.lifecycle.services.common import refuse, text, volunteer_users
from mobilize.notifications.services import notify
from mobilize.partners.models import HostEntity
from mobilize.recruitment.services import application_invite
from mobilize.requests.models import Position


@transaction.atomic
def redeployment_consent_give(
    *, assignment: Assignment, actor: Any, consents: bool, preferences: str = ""
) -> RedeploymentConsent:
    """The volunteer's answer on redeployment should a mission closure end their assignment (the
    latest answer counts); staff may record an answer given in writing."""
    if not can_answer_redeployment(actor, assignment):
        raise refuse(_("Only the volunteer answers on their redeployment."))
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not current.is_open:
        raise ApplicationError(_("This assignment has ended."), field="assignment")
    cleaned = text(preferences, field="preferences")
    existing = RedeploymentConsent.objects.select_for_update().filter(assignment=current).first()
    now = timezone.now()
    if existing is None:
        return create_validated(
            instance=RedeploymentConsent(
                assignment=current, consents=consents, preferences=cleaned, answered_at=now, recorded_by=actor
            ),
            actor=actor,
            verb="redeployment_consent.given",
        )
    before = snapshot(existing)
    existing.consents, existing.preferences, existing.answered_at, existing.recorded_by = (
        consents,
        cleaned,
        now,
        actor,
    )
    existing.full_clean()
    existing.version += 1
    existing.save()
    audit_record(
        actor=actor,
        verb="redeployment_consent.changed",
        target=existing,
        changes=diff(before, snapshot(existing)),
    )
    return existing


def _choices(preview: ClosurePreview, choices: Mapping[int, int | None] | None) -> dict[int, int]:
    """The position chosen for each consenting volunteer (assignment id -> position id); ``None``
    takes the preview's defaults. A choice that is not one of the volunteer's eligible positions is
    refused on ``redeployments``."""
    if choices is None:
        return {a: p for a, p in preview.default_choices().items() if p is not None}
    options = {option.assignment.pk: {p.pk for p in option.positions} for option in preview.options}
    errors = []
    chosen: dict[int, int] = {}
    for assignment_id, position_id in choices.items():
        if position_id is None:
            continue
        if assignment_id not in options:
            errors.append(
                _("Assignment %(id)s is not one of a consenting volunteer of this closure.")
                % {"id": assignment_id}
            )
        elif position_id not in options[assignment_id]:
            errors.append(
                _("Position %(position)s is not open to the volunteer of assignment %(id)s.")
                % {"position": position_id, "id": assignment_id}
            )
        else:
            chosen[assignment_id] = position_id
    if errors:
        raise ValidationError({"redeployments": errors})
    return chosen


@transaction.atomic
def mission_close(
    *,
    host_entity: HostEntity,
    closure_date: dt.date,
    actor: Any,
    redeployments: Mapping[int, int | None] | None = None,
    note: str = "",
) -> MissionClosure:
    """Close ``host_entity`` on ``closure_date``: end every open assignment there, record the
    closure, and invite each consenting volunteer to the position chosen for them (``redeployments``:
    assignment id -> position id, or None for none; omitted: the preview's defaults). All or nothing."""
    if not can_close_mission(actor):
        raise refuse(_("Only headquarters closes a mission."))
    host = HostEntity.objects.select_for_update().get(pk=host_entity.pk)
    if MissionClosure.objects.filter(host_entity=host).exists():
        raise ApplicationError(_("This host entity was already closed."), field="host_entity")
    preview = mission_closure_preview(viewer=actor, host_entity=host, closure_date=closure_date)
    if not preview.lines:
        raise ValidationError({"host_entity": [_("This host entity has no open assignment to end.")]})
    if preview.blocking:
        references = ", ".join(a.reference for a in preview.blocking)
        raise ValidationError(
            {
                "closure_date": [
                    _("These serving assignments start after the closure date: %(references)s.")
                    % {"references": references}
                ]
            }
        )
    chosen = _choices(preview, redeployments)
    closure = create_validated(
        instance=MissionClosure(
            host_entity=host,
            closure_date=closure_date,
            note=text(note, field="note"),
            committed_by=actor,
            committed_at=timezone.now(),
            ended_count=preview.ended_count,
            cancelled_count=preview.cancelled_count,
            months_not_paid=preview.months_not_paid,
            amount_not_paid=preview.amount_not_paid,
        ),
        actor=actor,
        verb="mission.closed",
    )
    assignment_end_many(
        assignments=[line.assignment for line in preview.lines],
        day=closure_date,
        actor=actor,
        verb="assignment.closed_with_mission",
    )
    ClosedAssignment.objects.bulk_create(
        [
            ClosedAssignment(
                closure=closure,
                assignment=line.assignment,
                previous_status=line.assignment.status,
                previous_planned_end=line.assignment.planned_end,
                new_status=line.new_status,
                months_not_paid=line.cost.months,
                amount_not_paid=line.cost.amount,
            )
            for line in preview.lines
        ],
        batch_size=500,
    )
    positions = Position.objects.select_related("doa__host_entity").in_bulk(list(chosen.values()))
    for option in preview.options:
        position_id = chosen.get(option.assignment.pk)
        if position_id is None:
            continue
        position = positions[position_id]
        application = application_invite(
            doa=position.doa,
            candidate=option.assignment.volunteer,
            actor=actor,
            note=_("Redeployment after the closure of %(host)s.") % {"host": host.acronym},
        )
        create_validated(
            instance=Redeployment(
                closure=closure,
                assignment=option.assignment,
                volunteer=option.assignment.volunteer,
                position=position,
                host_entity=position.doa.host_entity,
                application=application,
            ),
            actor=actor,
            verb="redeployment.invited",
        )
    closure.redeployment_count = len(chosen)
    closure.save(update_fields=["redeployment_count"])
    url = page("lifecycle:closure_detail", closure_id=closure.pk)
    notify(
        recipients=host_focal_points(preview.lines[0].assignment),
        verb="mission.closed",
        target=closure,
        message=gettext_lazy("%(host)s is closed on %(day)s: %(count)s assignments end."),
        url=url,
        params={"host": host.acronym, "day": closure_date.isoformat(), "count": preview.ended_count},
        actor=actor,
    )
    notify(
        recipients=volunteer_users(*(line.assignment for line in preview.lines)),
        verb="mission.closed",
        target=closure,
        message=gettext_lazy("%(host)s closes: your assignment ends on %(day)s."),
        url=page("lifecycle:my_lifecycle"),
        params={"host": host.acronym, "day": closure_date.isoformat()},
        actor=actor,
    )
    return closure


@transaction.atomic
def redeployment_record(
    *, closure: MissionClosure, assignment: Assignment, host_entity: HostEntity, actor: Any, note: str = ""
) -> Redeployment:
    """Record a redeployment that happened outside the platform (a closure replayed from the
    records): the volunteer, who consented, went to ``host_entity``. Headquarters only."""
    if not can_close_mission(actor):
        raise refuse(_("Only headquarters records a redeployment."))
    if not ClosedAssignment.objects.filter(closure=closure, assignment=assignment).exists():
        raise ValidationError({"assignment": [_("This assignment was not ended by this closure.")]})
    consent = RedeploymentConsent.objects.filter(assignment=assignment, consents=True).exists()
    if not consent:
        raise ValidationError({"assignment": [_("The volunteer did not consent to redeployment.")]})
    redeployment = create_validated(
        instance=Redeployment(
            closure=closure,
            assignment=assignment,
            volunteer_id=assignment.volunteer_id,
            host_entity=host_entity,
            status=Redeployment.Status.REDEPLOYED,
            note=text(note, field="note"),
        ),
        actor=actor,
        verb="redeployment.recorded",
    )
    MissionClosure.objects.filter(pk=closure.pk).update(redeployment_count=closure.redeployments.count())
    return redeployment


@transaction.atomic
def redeployment_conclude(
    *, redeployment: Redeployment, actor: Any, outcome: str, new_assignment: Assignment | None = None
) -> Redeployment:
    """Close an invited redeployment: redeployed (to ``new_assignment``, the volunteer's) or lapsed."""
    if not can_close_mission(actor):
        raise refuse(_("Only headquarters concludes a redeployment."))
    current = Redeployment.objects.select_for_update().get(pk=redeployment.pk)
    if current.status != Redeployment.Status.INVITED:
        raise ApplicationError(_("This redeployment is already concluded."), field="status")
    if outcome not in (Redeployment.Status.REDEPLOYED, Redeployment.Status.LAPSED):
        raise ValidationError({"outcome": [_("Choose redeployed or lapsed.")]})
    redeployed = outcome == Redeployment.Status.REDEPLOYED
    if redeployed and (new_assignment is None or new_assignment.volunteer_id != current.volunteer_id):
        raise ValidationError({"new_assignment": [_("Choose the volunteer's new assignment.")]})
    before = snapshot(current)
    current.status = outcome
    current.new_assignment = new_assignment if outcome == Redeployment.Status.REDEPLOYED else None
    current.full_clean()
    current.version += 1
    current.save()
    audit_record(
        actor=actor, verb=f"redeployment.{outcome}", target=current, changes=diff(before, snapshot(current))
    )
    return current
