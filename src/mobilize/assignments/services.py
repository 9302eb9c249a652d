"""Writes on assignments: create one with its derived snapshots, and edit its dates, funding and
status. Each runs in one transaction: lock, check, write, audit; a refused write leaves nothing."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mobilize.assignments.models import Assignment, Dependant
from mobilize.assignments.permissions import (
    can_create_assignment,
    can_create_assignment_in,
    can_update_assignment,
)
from mobilize.assignments.selectors import assignment_open_for_position
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import check_version, create_validated, locked, update_validated
from mobilize.geo.models import DutyStation
from mobilize.matching.services import candidate_features_refresh
from mobilize.partners.models import HostEntity
from mobilize.reference.models import Modality, VolunteerCategory
from mobilize.requests.models import Position
from mobilize.statistics.services import statistics_facts_refresh
from mobilize.talent.models import Candidate

Status = Assignment.Status

# The only moves between statuses; the closed ones (completed, ended early, cancelled) are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.ACTIVE, Status.CANCELLED}),
    Status.ACTIVE: frozenset({Status.COMPLETED, Status.TERMINATED}),
    Status.COMPLETED: frozenset(),
    Status.TERMINATED: frozenset(),
    Status.CANCELLED: frozenset(),
}
ENDED_STATUSES = frozenset({Status.COMPLETED, Status.TERMINATED})
EDITABLE_FIELDS = frozenset({"planned_end", "actual_end", "funding_type", "status"})
REQUIRED_FIELDS = frozenset({"planned_end", "funding_type", "status"})


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        errors.setdefault(name, []).extend(messages)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_duration(assignment: Assignment, errors: dict[str, list[str]]) -> None:
    """The category's rule in force on the entry on duty bounds the planned duration (in days,
    both ends counted)."""
    rule = assignment.category.rule_on(assignment.entry_on_duty)
    if rule is None:
        errors.setdefault("category", []).append(
            _("The category %(category)s has no eligibility rule in force on %(day)s.")
            % {"category": assignment.category, "day": assignment.entry_on_duty.isoformat()}
        )
        return
    days = (assignment.planned_end - assignment.entry_on_duty).days + 1
    if not rule.min_duration_days <= days <= rule.max_duration_days:
        errors.setdefault("planned_end", []).append(
            _(
                "The assignment would last %(days)d days; the category %(category)s allows "
                "%(min)d to %(max)d days."
            )
            % {
                "days": days,
                "category": assignment.category,
                "min": rule.min_duration_days,
                "max": rule.max_duration_days,
            }
        )


def _check_dates(assignment: Assignment, errors: dict[str, list[str]], *, duration: bool) -> None:
    """Ends not before the entry on duty (named by field), then, if asked, the duration bounds."""
    try:
        assignment.clean()
    except ValidationError as exc:
        _merge(errors, exc)
        return
    if duration:
        _check_duration(assignment, errors)


def _check_position(
    *, position: Position, category: VolunteerCategory, host_entity: HostEntity, duty_station: DutyStation
) -> None:
    """A position is filled once: it must be open, and the assignment must match its DoA."""
    if position.status != Position.Status.OPEN or assignment_open_for_position(position_id=position.pk):
        raise ApplicationError(
            _("This position is not open: it is already filled or cancelled."), field="position"
        )
    errors: dict[str, list[str]] = {}
    if position.doa.host_entity_id != host_entity.pk:
        errors["host_entity"] = [
            _("The position belongs to a request of %(host)s.") % {"host": position.doa.host_entity}
        ]
    if position.doa.category_id != category.pk:
        errors["category"] = [
            _("The position's request is for the category %(category)s.")
            % {"category": position.doa.category}
        ]
    if position.duty_station_id != duty_station.pk:
        errors["duty_station"] = [
            _("The position is at %(station)s.") % {"station": position.duty_station.name}
        ]
    _raise_if(errors)


def _modality_error(*, category: VolunteerCategory, modality: str) -> str:
    if category.modality == Modality.NATIONAL:
        return _(
            "%(category)s is a national category, but the volunteer would not serve in their own "
            "country (their nationality, or their country of residence for a refugee or stateless "
            "person). Choose an international category."
        ) % {"category": category}
    return _(
        "%(category)s is an international category, but the volunteer would serve in their own "
        "country. Choose a national category."
    ) % {"category": category}


@transaction.atomic
def assignment_create(
    *,
    volunteer: Candidate,
    category: VolunteerCategory,
    host_entity: HostEntity,
    duty_station: DutyStation,
    funding_type: str,
    entry_on_duty: dt.date,
    planned_end: dt.date,
    position: Position | None = None,
    actor: Any,
) -> Assignment:
    """Make the contract of one volunteer, copying the duty country and the volunteer's nationality,
    home country and displacement onto it, and fill the position if one is given.

    The modality follows from where the volunteer serves: national in their home country,
    international elsewhere; the category must be of that modality. The status is planned when
    the entry on duty is still ahead, serving otherwise.
    """
    if not can_create_assignment(actor):
        raise PermissionDenied
    if not can_create_assignment_in(actor, duty_station.country_id):
        raise ValidationError(
            {"duty_station": [_("You may only create assignments at duty stations in your countries.")]}
        )
    if position is not None:
        position = Position.objects.select_for_update(of=("self",)).select_related("doa").get(pk=position.pk)
        _check_position(
            position=position, category=category, host_entity=host_entity, duty_station=duty_station
        )
    home_country_id = volunteer.home_country_id
    modality = Modality.NATIONAL if duty_station.country_id == home_country_id else Modality.INTERNATIONAL
    assignment = Assignment(
        reference=f"ASG-NEW-{uuid.uuid4().hex[:20]}",
        volunteer=volunteer,
        position=position,
        category=category,
        modality=modality,
        host_entity=host_entity,
        duty_station=duty_station,
        duty_country_id=duty_station.country_id,
        nationality_id=volunteer.nationality_id,
        home_country_id=home_country_id,
        displacement=volunteer.displacement,
        funding_type=funding_type,
        entry_on_duty=entry_on_duty,
        planned_end=planned_end,
        status=Status.PLANNED if entry_on_duty > timezone.localdate() else Status.ACTIVE,
    )
    errors: dict[str, list[str]] = {}
    if category.modality != modality:
        errors["category"] = [_modality_error(category=category, modality=modality)]
    _check_dates(assignment, errors, duration=True)
    _raise_if(errors)
    assignment.full_clean()
    assignment.save()
    assignment.reference = f"ASG-{entry_on_duty.year}-{assignment.pk:06d}"
    assignment.save(update_fields=["reference"])
    audit_record(
        actor=actor, verb="assignment.created", target=assignment, changes=diff({}, snapshot(assignment))
    )
    if position is not None:
        update_validated(
            instance=position, data={"status": Position.Status.FILLED}, actor=actor, verb="position.filled"
        )
    candidate_features_refresh(candidate_ids=[assignment.volunteer_id])
    statistics_facts_refresh(candidate_ids=[assignment.volunteer_id])
    return assignment


def _check_status_move(current: str, new: str) -> None:
    if new not in Status.values:
        raise ValidationError({"status": [_("Choose one of the statuses offered.")]})
    if new != current and new not in TRANSITIONS[current]:
        raise ApplicationError(
            _("An assignment cannot go from %(current)s to %(new)s.")
            % {"current": Status(current).label, "new": Status(new).label},
            field="status",
        )


def _check_actual_end(assignment: Assignment, errors: dict[str, list[str]]) -> None:
    if assignment.status in ENDED_STATUSES and assignment.actual_end is None:
        errors["actual_end"] = [_("Give the actual end when the assignment is completed or ended early.")]
    elif assignment.status not in ENDED_STATUSES and assignment.actual_end is not None:
        errors["actual_end"] = [
            _("An actual end is recorded only when the assignment is completed or ended early.")
        ]


def assignment_check_update(*, assignment: Assignment, changes: Mapping[str, Any]) -> None:
    """Refuse ``changes`` to ``assignment`` that the rules forbid, writing nothing: a closed
    assignment (409), a status move not allowed (409), an actual end missing or out of place, an
    end before the entry on duty, a planned duration outside the category's bounds (422)."""
    if not assignment.is_open:
        raise ApplicationError(
            _("This assignment is %(status)s and can no longer be edited.")
            % {"status": assignment.get_status_display()},
            field="status",
        )
    _check_status_move(assignment.status, changes.get("status", assignment.status))
    changed = copy.copy(assignment)
    for name, value in changes.items():
        setattr(changed, name, value)
    errors: dict[str, list[str]] = {}
    _check_actual_end(changed, errors)
    _check_dates(changed, errors, duration="planned_end" in changes)
    _raise_if(errors)


@transaction.atomic
def assignment_update(
    *, assignment: Assignment, data: Mapping[str, Any], expected_version: int | None, actor: Any
) -> Assignment:
    """Change the planned end, actual end, funding type or status of an open assignment.

    ``expected_version`` is the one the editor read; a record changed since is refused (409). Statuses move
    planned -> serving or cancelled, serving -> completed or ended early (with the actual end);
    a closed assignment is not edited (409). Cancelling a planned assignment reopens its position.
    """
    if not can_update_assignment(actor, assignment):
        raise PermissionDenied
    unknown = sorted(set(data) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    empty = sorted(name for name in REQUIRED_FIELDS if name in data and data[name] in (None, ""))
    if empty:
        raise ValidationError({name: [_("This field cannot be empty.")] for name in empty})
    current = locked(assignment)
    check_version(current, expected_version)
    changes = {name: value for name, value in data.items() if getattr(current, name) != value}
    assignment_check_update(assignment=current, changes=changes)
    if not changes:
        return current
    updated = update_validated(
        instance=current,
        data=changes,
        actor=actor,
        verb="assignment.updated",
        expected_version=expected_version,
    )
    if updated.status == Status.CANCELLED and updated.position_id is not None:
        position = locked(Position(pk=updated.position_id))
        if position.status == Position.Status.FILLED:
            update_validated(
                instance=position,
                data={"status": Position.Status.OPEN},
                actor=actor,
                verb="position.reopened",
            )
    # The volunteer's programme record (days served, completed assignments) feeds matching; the
    # assignment's dates and status, the statistics.
    candidate_features_refresh(candidate_ids=[updated.volunteer_id])
    statistics_facts_refresh(candidate_ids=[updated.volunteer_id])
    return updated


DEPENDANT_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "relationship",
        "date_of_birth",
        "accompanying",
        "recognized_from",
        "recognized_until",
    }
)


def _dependant_data(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - DEPENDANT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
    return dict(data)


@transaction.atomic
def dependant_add(*, assignment: Assignment, data: Mapping[str, Any], actor: Any) -> Dependant:
    """Recognize a dependant for an open assignment (family allowance, and "who is where" when
    accompanying). Recognition starts no earlier than the entry on duty (``Dependant.clean``)."""
    if not can_update_assignment(actor, assignment):
        raise PermissionDenied
    current = locked(assignment)
    if not current.is_open:
        raise ApplicationError(_("A closed assignment's dependants cannot change."), field="assignment")
    dependant = Dependant(assignment=current, **_dependant_data(data))
    return create_validated(instance=dependant, actor=actor, verb="dependant.added")


@transaction.atomic
def dependant_update(
    *, dependant: Dependant, data: Mapping[str, Any], expected_version: int | None, actor: Any
) -> Dependant:
    """Change a dependant (e.g. end the recognition, or record that they left the duty station);
    a stale edit is refused (409)."""
    if not can_update_assignment(actor, dependant.assignment):
        raise PermissionDenied
    return update_validated(
        instance=dependant,
        data=_dependant_data(data),
        actor=actor,
        verb="dependant.updated",
        expected_version=expected_version,
    )


# --- Lifecycle writes ------------------------------------------------------------------------
# The lifecycle app (extensions, resignations, reassignments, end of assignment, mission closure)
# decides who may act (a host accepting a resignation, a field unit granting final clearance) and
# calls these; each keeps the assignment's own rules, locks, audits and refreshes matching.


@transaction.atomic
def assignment_extend(*, assignment: Assignment, planned_end: dt.date, actor: Any) -> Assignment:
    """Move the planned end of an open assignment later (an approved extension); the category's
    duration bounds still hold (422 on ``planned_end``)."""
    current = locked(assignment)
    if planned_end <= current.planned_end:
        raise ValidationError({"planned_end": [_("An extension moves the planned end later.")]})
    assignment_check_update(assignment=current, changes={"planned_end": planned_end})
    updated = update_validated(
        instance=current, data={"planned_end": planned_end}, actor=actor, verb="assignment.extended"
    )
    candidate_features_refresh(candidate_ids=[updated.volunteer_id])
    statistics_facts_refresh(candidate_ids=[updated.volunteer_id])
    return updated


@transaction.atomic
def assignment_move_station(*, assignment: Assignment, duty_station: DutyStation, actor: Any) -> Assignment:
    """Move an open assignment to another duty station of the same country (a reassignment: same
    contract, category and host); another country is refused on ``duty_station``."""
    current = locked(assignment)
    if not current.is_open:
        raise ApplicationError(_("A closed assignment cannot move."), field="duty_station")
    if duty_station.country_id != current.duty_country_id:
        raise ValidationError(
            {"duty_station": [_("A reassignment stays in the same country; choose a duty station there.")]}
        )
    return update_validated(
        instance=current, data={"duty_station": duty_station}, actor=actor, verb="assignment.reassigned"
    )


def ended_status(*, planned_end: dt.date, actual_end: dt.date) -> str:
    """Completed when it ends on or after its planned end, ended early otherwise."""
    return Status.COMPLETED if actual_end >= planned_end else Status.TERMINATED


@transaction.atomic
def assignment_end_many(
    *, assignments: list[Assignment], day: dt.date, actor: Any, verb: str = "assignment.ended"
) -> list[Assignment]:
    """End open assignments on ``day`` at once (a resignation, a termination, a final clearance, a
    mission closure): a serving one gets ``actual_end = day`` and is completed (``day`` on or after
    its planned end) or ended early; a planned one, never entered on duty, is cancelled. All are
    locked first and checked before any is written (409 if one is closed, 422 on ``actual_end`` if
    one starts after ``day``); each change is audited."""
    rows = list(
        Assignment.objects.select_for_update().filter(pk__in=[a.pk for a in assignments]).order_by("pk")
    )
    closed = [row.reference for row in rows if not row.is_open]
    if closed:
        raise ApplicationError(
            _("These assignments are already closed: %(references)s.") % {"references": ", ".join(closed)},
            field="status",
        )
    late = [row.reference for row in rows if row.status == Status.ACTIVE and row.entry_on_duty > day]
    if late:
        raise ValidationError(
            {
                "actual_end": [
                    _("These assignments start after %(day)s: %(references)s.")
                    % {"day": day.isoformat(), "references": ", ".join(late)}
                ]
            }
        )
    now = timezone.now()
    for row in rows:
        before = snapshot(row, ["status", "actual_end"])
        if row.status == Status.PLANNED:
            row.status = Status.CANCELLED
        else:
            row.actual_end = day
            row.status = ended_status(planned_end=row.planned_end, actual_end=day)
        row.version += 1
        row.updated_at = now
        row.clean()
        audit_record(actor=actor, verb=verb, target=row, changes=diff(before, snapshot(row, before)))
    Assignment.objects.bulk_update(rows, ["status", "actual_end", "version", "updated_at"], batch_size=500)
    candidate_features_refresh(candidate_ids=[row.volunteer_id for row in rows])
    statistics_facts_refresh(candidate_ids=[row.volunteer_id for row in rows])
    return rows
