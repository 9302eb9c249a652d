"""The assignments that end early in the profile's year (``onsite.separations``): resignations the
host accepted and early terminations.

The report gives no figure for them; when the profile leaves them out the generator chooses
``RESIGNATION_SHARE`` and ``TERMINATION_SHARE`` of the year's assignments (INFER: UNV publishes no
rate) and says so among its choices, and the chosen figures are checked against the statistics
of the written year like every other.

``separations_plan`` picks the assignments and their last days so that no other figure moves: the
last day falls in the year (so the assignment still counts in it), at least ``MIN_SERVED_DAYS``
after the entry on duty and before the planned end (which stays as it was, so the category's
duration and age rules still hold), and the volunteer's age on the last day they served in the year
does not change. Hosts closed in the year are left alone (their closure counts the assignments
serving on its date). A volunteer ends at most one assignment early.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.profiles import Profile
from mobilize.talent.models import age_on

RESIGNATION_SHARE = 0.03
"""Resignations chosen when the profile gives none: 3 % of the year's assignments (INFER)."""
TERMINATION_SHARE = 0.005
"""Early terminations chosen when the profile gives none: 0.5 % of the year's assignments (INFER)."""
MIN_SERVED_DAYS = 30
"""An assignment ends early no sooner than this many days after the entry on duty."""
RESIGNATION_REASONS = (
    "Accepted a post with another organization.",
    "Family reasons: returning home.",
    "Admitted to a course of further studies.",
    "Health reasons.",
    "Personal reasons.",
)
TERMINATION_REASONS = (
    "Medical unfitness for service certified by the medical director.",
    "The host's funding for the post ended early.",
    "Misconduct established by an investigation.",
    "The duty station was closed for security reasons; no other post was found.",
)
KINDS = ("resignations", "terminations")


@dataclass(frozen=True)
class SeparationTargets:
    resignations: int
    terminations: int
    given: frozenset[str] = frozenset(KINDS)
    """The figures the profile gives (the others were chosen)."""

    @property
    def total(self) -> int:
        return self.resignations + self.terminations


@dataclass
class PlannedSeparation:
    slot: Slot
    kind: str
    """"resignation" or "termination" (``lifecycle.Separation.Kind``)."""
    last_day: dt.date
    reason: str
    leave_taken_days: int
    notice_days: int
    """Days between the submission and the last day."""


def separation_targets(profile: Profile, assignments: int) -> SeparationTargets:
    """The profile's separations, each figure it leaves out chosen from the year's ``assignments``."""
    given = profile.get("onsite.separations") or {}
    counts = {
        kind: given[kind] if given.get(kind) is not None else math.floor(assignments * share + 0.5)
        for kind, share in zip(KINDS, (RESIGNATION_SHARE, TERMINATION_SHARE), strict=True)
    }
    return SeparationTargets(
        counts["resignations"],
        counts["terminations"],
        frozenset(kind for kind in KINDS if given.get(kind) is not None),
    )


def with_separations(profile: Profile, targets: SeparationTargets) -> Profile:
    """``profile`` with its separations given (the chosen ones filled in), to check the year against."""
    data = dict(profile.data)
    onsite = dict(data.get("onsite") or {})
    onsite["separations"] = {"resignations": targets.resignations, "terminations": targets.terminations}
    data["onsite"] = onsite
    return Profile(data, source=profile.source)


def _last_served(
    person: Person, year_last: dt.date, changed: Slot | None = None, end: dt.date | None = None
) -> dt.date:
    """The last day ``person`` served in the year (the day the statistics take the age on)."""
    ends = [
        end if slot is changed and end is not None else slot.actual_end or slot.planned_end
        for slot in person.slots
    ]
    return min(max(ends), year_last)


def _last_day(person: Person, slot: Slot, year: int, rng: random.Random) -> dt.date | None:
    """A last day for ``slot`` that keeps every figure of the year, or None if there is none."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    low = max(slot.entry_on_duty + dt.timedelta(days=MIN_SERVED_DAYS), first)
    high = min(slot.planned_end - dt.timedelta(days=1), last)
    if low > high:
        return None
    age = age_on(person.birth, _last_served(person, last))
    span = (high - low).days
    for day in (*(low + dt.timedelta(days=rng.randint(0, span)) for _ in range(3)), high, low):
        if age_on(person.birth, _last_served(person, last, slot, day)) == age:
            return day
    return None


def separations_plan(
    *,
    people: list[Person],
    targets: SeparationTargets,
    closed_hosts: set[int],
    year: int,
    notes: Notes,
    rng: random.Random,
) -> tuple[list[PlannedSeparation], SeparationTargets]:
    """Pick ``targets.total`` assignments to end early in ``year`` (terminations first), each with a
    last day that changes no other figure. Returns them with the targets as planned: a chosen figure
    is lowered to what can be placed (and the choice says so); a given one that cannot be placed is
    a conflict that names it."""
    order = rng.sample(people, len(people))
    planned: list[PlannedSeparation] = []
    wanted = ["termination"] * targets.terminations + ["resignation"] * targets.resignations
    for person in order:
        if len(planned) == len(wanted):
            break
        if person.entity in closed_hosts:
            continue
        for slot in rng.sample(person.slots, len(person.slots)):
            day = _last_day(person, slot, year, rng)
            if day is None:
                continue
            kind = wanted[len(planned)]
            reasons = TERMINATION_REASONS if kind == "termination" else RESIGNATION_REASONS
            months = (day - slot.entry_on_duty).days / 30
            planned.append(
                PlannedSeparation(
                    slot=slot,
                    kind=kind,
                    last_day=day,
                    reason=rng.choice(reasons),
                    leave_taken_days=int(months * rng.uniform(0.5, 2.0)),
                    notice_days=rng.randint(21, 42),
                )
            )
            break
    short = len(wanted) - len(planned)
    made = {
        "resignations": sum(1 for s in planned if s.kind == "resignation"),
        "terminations": sum(1 for s in planned if s.kind == "termination"),
    }
    wanted_counts = {"resignations": targets.resignations, "terminations": targets.terminations}
    if any(made[kind] < wanted_counts[kind] for kind in targets.given):
        notes.conflict(
            f"onsite.separations.resignations {n(targets.resignations)} + onsite.separations.terminations "
            f"{n(targets.terminations)} = {n(targets.total)}: only {n(len(planned))} assignments can end "
            f"early in {year} without moving another figure, {n(short)} too few"
        )
        return [], targets
    assignments = sum(len(p.slots) for p in people)
    for kind, share in zip(KINDS, (RESIGNATION_SHARE, TERMINATION_SHARE), strict=True):
        if kind not in targets.given:
            fewer = f"; only {n(made[kind])} could end early without moving another figure" if short else ""
            notes.choose(
                f"onsite.separations.{kind} {n(made[kind])} (not given; {share:.1%} of the year's "
                f"{n(assignments)} assignments{fewer})"
            )
    for separation in planned:
        separation.slot.actual_end = separation.last_day
    return planned, SeparationTargets(made["resignations"], made["terminations"], targets.given)
