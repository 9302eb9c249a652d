"""The preview of a mission closure: what committing it would do, computed without writing.

For a host entity and a closure date it lists every open assignment of the host and what becomes
of it (a serving one ends on the closure date: completed if that is on or after its planned end,
ended early otherwise; a planned one is cancelled), the months of allowance no longer paid, the
volunteers who consented to redeployment and, for each, the open positions (of DoAs being
sourced, of other hosts) they are eligible for by ``matching.selectors.candidate_eligibility``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import ended_status
from mobilize.lifecycle.models import MissionClosure, RedeploymentConsent
from mobilize.lifecycle.permissions import can_close_mission
from mobilize.lifecycle.selectors.rates import CostImpact, closure_costs
from mobilize.matching.selectors import candidate_eligibility
from mobilize.partners.models import HostEntity
from mobilize.recruitment.models import Application
from mobilize.requests.models import Doa, Position

Status = Assignment.Status


@dataclass(frozen=True)
class ClosureLine:
    """One open assignment of the host and what the closure does to it."""

    assignment: Assignment
    new_status: str
    cost: CostImpact
    consents: bool | None
    """The volunteer's answer on redeployment; None when they gave none."""
    closure_date: dt.date

    @property
    def new_status_label(self) -> str:
        return str(Status(self.new_status).label)

    @property
    def starts_after_closure(self) -> bool:
        return self.new_status != Status.CANCELLED and self.assignment.entry_on_duty > self.closure_date


@dataclass(frozen=True)
class RedeploymentOption:
    """A consenting volunteer and the open positions they are eligible for, best first."""

    assignment: Assignment
    positions: tuple[Position, ...]

    @property
    def volunteer(self) -> Any:
        return self.assignment.volunteer


@dataclass(frozen=True)
class ClosurePreview:
    host_entity: HostEntity
    closure_date: dt.date
    lines: tuple[ClosureLine, ...]
    options: tuple[RedeploymentOption, ...]
    already_closed: MissionClosure | None

    @property
    def ended_count(self) -> int:
        return sum(1 for line in self.lines if line.new_status != Status.CANCELLED)

    @property
    def cancelled_count(self) -> int:
        return sum(1 for line in self.lines if line.new_status == Status.CANCELLED)

    @property
    def months_not_paid(self) -> Decimal:
        return sum((line.cost.months for line in self.lines), Decimal("0.00"))

    @property
    def amount_not_paid(self) -> Decimal | None:
        """The USD no longer paid, over the assignments whose rates are all known (None if none are)."""
        amounts = [line.cost.amount for line in self.lines if line.cost.amount is not None]
        return sum(amounts, Decimal("0.00")) if amounts else None

    @property
    def amount_unknown_count(self) -> int:
        """Assignments whose amount is not counted: a rate table has a gap over them."""
        return sum(1 for line in self.lines if line.cost.amount is None)

    @property
    def blocking(self) -> tuple[Assignment, ...]:
        """Serving assignments that start after the closure date: the closure cannot end them."""
        return tuple(line.assignment for line in self.lines if line.starts_after_closure)

    @property
    def consenting_count(self) -> int:
        return sum(1 for line in self.lines if line.consents)

    @property
    def redeployable_count(self) -> int:
        return sum(1 for option in self.options if option.positions)

    def default_choices(self) -> dict[int, int | None]:
        """A position for each consenting volunteer: the first eligible one nobody else got, else
        the first eligible one (an invitation does not fill a position), else none."""
        taken: set[int] = set()
        choices: dict[int, int | None] = {}
        for option in self.options:
            free = [p for p in option.positions if p.pk not in taken]
            chosen = free[0] if free else (option.positions[0] if option.positions else None)
            choices[option.assignment.pk] = chosen.pk if chosen is not None else None
            if chosen is not None:
                taken.add(chosen.pk)
        return choices


def redeployment_positions(*, exclude_host_id: int) -> list[Position]:
    """Open positions of DoAs being sourced, other than the closing host's, earliest start first."""
    return list(
        Position.objects.filter(
            status=Position.Status.OPEN, doa__status=Doa.Status.SOURCING, doa__is_template=False
        )
        .exclude(doa__host_entity_id=exclude_host_id)
        .select_related("doa__category", "doa__country", "doa__host_entity", "duty_station")
        .order_by("doa__start_date", "doa__reference", "pk")
    )


def _options(lines: list[ClosureLine], host_id: int) -> list[RedeploymentOption]:
    consenting = [line.assignment for line in lines if line.consents]
    if not consenting:
        return []
    positions = redeployment_positions(exclude_host_id=host_id)
    by_doa: dict[int, list[Position]] = defaultdict(list)
    doas: dict[int, Doa] = {}
    for position in positions:
        by_doa[position.doa_id].append(position)
        doas[position.doa_id] = position.doa
    applied = set(
        Application.objects.filter(
            candidate_id__in=[a.volunteer_id for a in consenting], doa_id__in=list(doas)
        ).values_list("candidate_id", "doa_id")
    )
    options = []
    for assignment in consenting:
        eligible: list[Position] = []
        for doa_id, doa in doas.items():
            if (assignment.volunteer_id, doa_id) in applied:
                continue
            # The rules in force on the DoA's start, as the invitation will check them.
            if candidate_eligibility(candidate=assignment.volunteer, doa=doa).eligible:
                eligible.extend(by_doa[doa_id])
        options.append(RedeploymentOption(assignment=assignment, positions=tuple(eligible)))
    return options


def closure_lines(*, host_entity: HostEntity, closure_date: dt.date) -> list[ClosureLine]:
    """Every open assignment of ``host_entity`` and what a closure on ``closure_date`` does to it
    (unscoped: the caller checked who asks)."""
    assignments = list(
        Assignment.objects.filter(host_entity=host_entity, status__in=Assignment.OPEN_STATUSES)
        .select_related(
            "volunteer__nationality", "volunteer__residence", "duty_station", "duty_country", "category"
        )
        .order_by("reference", "pk")
    )
    answers = dict(
        RedeploymentConsent.objects.filter(assignment__in=[a.pk for a in assignments]).values_list(
            "assignment_id", "consents"
        )
    )
    costs = closure_costs(assignments=assignments, closure_date=closure_date)
    lines = []
    for assignment in assignments:
        if assignment.status == Status.PLANNED:
            new_status = str(Status.CANCELLED)
        else:
            new_status = ended_status(planned_end=assignment.planned_end, actual_end=closure_date)
        cost = costs[assignment.pk]
        lines.append(
            ClosureLine(
                assignment=assignment,
                new_status=new_status,
                cost=cost,
                consents=answers.get(assignment.pk),
                closure_date=closure_date,
            )
        )
    return lines


def mission_closure_preview(*, viewer: Any, host_entity: HostEntity, closure_date: dt.date) -> ClosurePreview:
    """What closing ``host_entity`` on ``closure_date`` would do; writes nothing. Headquarters only."""
    if not can_close_mission(viewer):
        raise PermissionDenied
    lines = closure_lines(host_entity=host_entity, closure_date=closure_date)
    return ClosurePreview(
        host_entity=host_entity,
        closure_date=closure_date,
        lines=tuple(lines),
        options=tuple(_options(lines, host_entity.pk)),
        already_closed=MissionClosure.objects.filter(host_entity=host_entity).first(),
    )
