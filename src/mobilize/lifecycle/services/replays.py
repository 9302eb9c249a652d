"""The demo's replay of the 2023 closure of MINUSMA.

"When MINUSMA's mandate ended, 294 UNV assignments were ended and 50 of those volunteers were
redeployed, mostly to other peacekeeping and political missions" (seed/figures-2023.md). The
Security Council ended the mandate on 30 June 2023 and the withdrawal was completed on
31 December 2023, the closure date used here (so the replay moves no 2023 figure: an assignment
ending on 31 December was active in 2023 either way).

The replay records the consent of the first 50 serving volunteers (by reference), closes MINUSMA
through ``mission_close`` (no live invitations: the receiving posts of 2023 are not in the
platform), then records each of the 50 as redeployed to a peacekeeping or political mission, in
turn. It runs once: a second call finds the closure and returns it. The number of assignments it
ends is the number the generated year left open; the result says how far that is from 294.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mobilize.assignments.models import Assignment
from mobilize.lifecycle.models import MissionClosure
from mobilize.lifecycle.services.closures import mission_close, redeployment_consent_give, redeployment_record
from mobilize.partners.models import HostEntity

HOST = "MINUSMA"
CLOSURE_DATE = dt.date(2023, 12, 31)
REPORTED_ENDED = 294
REPORTED_REDEPLOYED = 50
RECEIVING = ("MINUSCA", "UNMISS", "MONUSCO", "UNAMA", "UNSOM", "UNVMC", "UNAMI", "UNSMIL")
"""Peacekeeping operations and political missions, taken in turn."""
NOTE = "Replay of the 2023 closure of MINUSMA (UNV annual report 2023)."


@dataclass(frozen=True)
class ClosureReplay:
    closure: MissionClosure
    created: bool
    ended: int
    redeployed: int

    @property
    def ended_difference(self) -> int:
        """Assignments ended less the 294 of the report (0 when the generated year matches)."""
        return self.ended - REPORTED_ENDED

    def summary(self) -> str:
        text = (
            f"{HOST} closed on {self.closure.closure_date}: {self.ended} assignments ended "
            f"(report: {REPORTED_ENDED}), {self.redeployed} volunteers redeployed "
            f"(report: {REPORTED_REDEPLOYED})"
        )
        if self.ended_difference:
            text += (
                f"; the generated year left {self.ended} open, {self.ended_difference:+d} against the report"
            )
        return text


def _result(closure: MissionClosure, *, created: bool) -> ClosureReplay:
    return ClosureReplay(
        closure=closure,
        created=created,
        ended=closure.ended_count,
        redeployed=closure.redeployments.count(),
    )


@transaction.atomic
def minusma_closure_replay(*, actor: Any) -> ClosureReplay | None:
    """Replay the 2023 closure of MINUSMA (idempotent); None when there is nothing to replay (no
    MINUSMA in the reference data, or none of its assignments open)."""
    host = HostEntity.objects.filter(acronym=HOST).first()
    if host is None:
        return None
    existing = MissionClosure.objects.filter(host_entity=host).first()
    if existing is not None:
        return _result(existing, created=False)
    open_assignments = Assignment.objects.filter(host_entity=host, status__in=Assignment.OPEN_STATUSES)
    serving = list(
        open_assignments.filter(status=Assignment.Status.ACTIVE, entry_on_duty__lte=CLOSURE_DATE)
        .select_related("volunteer")
        .order_by("reference")
    )
    if (
        not serving
        or open_assignments.filter(status=Assignment.Status.ACTIVE, entry_on_duty__gt=CLOSURE_DATE).exists()
    ):
        return None
    consenting = serving[:REPORTED_REDEPLOYED]
    for assignment in consenting:
        redeployment_consent_give(assignment=assignment, actor=actor, consents=True)
    closure = mission_close(
        host_entity=host, closure_date=CLOSURE_DATE, actor=actor, redeployments={}, note=NOTE
    )
    receiving = {h.acronym: h for h in HostEntity.objects.filter(acronym__in=RECEIVING)}
    order = [receiving[acronym] for acronym in RECEIVING if acronym in receiving] or [host]
    for index, assignment in enumerate(consenting):
        redeployment_record(
            closure=closure,
            assignment=assignment,
            host_entity=order[index % len(order)],
            actor=actor,
            note=NOTE,
        )
    closure.refresh_from_db()
    return _result(closure, created=True)
