"""The mission closures of the profile's year (``onsite.mission_closures``): a host entity whose
mandate ended, the assignments its closure ended and how many of those volunteers were redeployed.

The generator makes the host's year lead up to its closure and then replays the closure through the
lifecycle services, so that the closure's records (the ended assignments, the consents, the
redeployments) are the platform's own and the statistics count them from those records:

1. ``closure_targets`` reads the closures of the profile. The closure date is the last day of the
   year (MINUSMA's withdrawal was completed on 31 December 2023; the report gives no date).
2. ``closure_sizes`` gives the host a number of volunteers if the profile leaves it open: the
   assignments the closure ends plus a quarter (those who left before the closure, as a drawdown
   does), and says so among the figures chosen.
3. ``closures_plan`` makes exactly the reported number of the host's assignments still serving on
   the closure date: it shortens the surplus (within the category's minimum duration) or extends
   assignments that would have ended in the year (within the category's maximum duration and, for
   youth, its age limit), each extension recorded as one approved before the old planned end.
4. ``closures_replay`` (after the year is written) records the consent of the volunteers to be
   redeployed, closes the host through ``mission_close`` and records each redeployment to a
   peacekeeping or political mission, in turn, through ``redeployment_record``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import Profile
from mobilize.talent.models import age_on

RECEIVING_TYPES = ("peacekeeping", "political_mission")
"""Where the redeployed volunteers of a closed mission go (the report: "mostly to other
peacekeeping and political missions")."""
NOTE = "Closure replayed by the generator from the profile's onsite.mission_closures."
ACTOR = "synthetic-generator"
"""The account (headquarters, no password: it cannot sign in) in whose name the generator records
the events it replays through the services."""


@dataclass
class ClosureTarget:
    acronym: str
    host: int
    closure_date: dt.date
    ended: int
    redeployed: int


@dataclass
class PlannedExtension:
    """An assignment the closure plan extended: its planned end before."""

    slot: Slot
    previous_planned_end: dt.date


@dataclass
class ClosurePlan:
    targets: list[ClosureTarget] = field(default_factory=list)
    extensions: list[PlannedExtension] = field(default_factory=list)


def closure_targets(profile: Profile, world: World, notes: Notes) -> list[ClosureTarget]:
    """The closures the profile gives, each checked against the reference data and its own figures."""
    closures = profile.get("onsite.mission_closures") or {}
    targets = []
    last_day = dt.date(profile.year, 12, 31)
    for acronym, figures in closures.items():
        path = f"onsite.mission_closures.{acronym}"
        entity = world.by_acronym.get(acronym)
        if entity is None:
            notes.conflict(f"{path}: no host entity {acronym} in the reference data")
            continue
        ended, redeployed = figures.get("assignments_ended"), figures.get("redeployed", 0)
        if ended is None:
            notes.conflict(f"{path}.assignments_ended: a closure needs the number of assignments it ended")
            continue
        if redeployed > ended:
            notes.conflict(
                f"{path}.redeployed {n(redeployed)} is more than {path}.assignments_ended {n(ended)} "
                f"by {n(redeployed - ended)}"
            )
            continue
        notes.choose(f"{path}: closed on {last_day.isoformat()} (the last day of the year)")
        targets.append(ClosureTarget(acronym, entity.id, last_day, ended, redeployed))
    return targets


def closure_sizes(profile: Profile, targets: list[ClosureTarget], notes: Notes) -> Profile:
    """The profile with each closed host's volunteers given where the profile leaves them open."""
    if not targets:
        return profile
    data = dict(profile.data)
    onsite = dict(data.get("onsite") or {})
    by_entity = {key: dict(value) for key, value in (onsite.get("by_host_entity") or {}).items()}
    for target in targets:
        entry = by_entity.setdefault(target.acronym, {})
        if "volunteers" in entry:
            continue
        entry["volunteers"] = math.ceil(target.ended * 4 / 3)
        notes.choose(
            f"onsite.by_host_entity.{target.acronym}.volunteers {n(entry['volunteers'])} (not given; "
            f"the {n(target.ended)} assignments its closure ended and a third more who left before)"
        )
    onsite["by_host_entity"] = by_entity
    data["onsite"] = onsite
    return Profile(data, source=profile.source)


def _serving(slot: Slot, day: dt.date) -> bool:
    return slot.entry_on_duty <= day < slot.planned_end


def closures_plan(
    *, people: list[Person], targets: list[ClosureTarget], world: World, notes: Notes, rng: random.Random
) -> ClosurePlan:
    """Make exactly ``ended`` of each closed host's assignments serving on the closure date (the
    others ended before it), keeping every category rule and every figure of the year (an assignment
    stays in the year; the age on the last day served in the year does not change)."""
    plan = ClosurePlan(targets=list(targets))
    year_first = dt.date(targets[0].closure_date.year, 1, 1) if targets else dt.date.min
    for target in targets:
        day = target.closure_date
        # Only a person's last assignment can run to the closure: an earlier one ends before the next.
        lasts = [(p, max(p.slots, key=lambda s: s.entry_on_duty)) for p in people if p.entity == target.host]
        serving = [(p, s) for p, s in lasts if _serving(s, day)]
        surplus = len(serving) - target.ended
        if surplus > 0:
            for person, slot in rng.sample(serving, len(serving)):
                rule = world.categories[slot.category].rule_on(slot.entry_on_duty)
                assert rule is not None
                low = max(slot.entry_on_duty + dt.timedelta(days=rule.min_days - 1), year_first)
                high = day - dt.timedelta(days=1)
                if low > high:
                    continue
                # the age is taken on the last day served in the year: it must not change
                age = age_on(person.birth, min(slot.planned_end, day))
                picks = (low + dt.timedelta(days=rng.randint(0, (high - low).days)), high)
                new_end = next((d for d in picks if age_on(person.birth, d) == age), None)
                if new_end is None:
                    continue
                slot.planned_end = slot.actual_end = new_end
                surplus -= 1
                if not surplus:
                    break
        elif surplus < 0:
            ended_before = [(p, s) for p, s in lasts if not _serving(s, day) and s.entry_on_duty <= day]
            for person, slot in rng.sample(ended_before, len(ended_before)):
                category = world.categories[slot.category]
                rule = category.rule_on(slot.entry_on_duty)
                assert rule is not None
                longest = slot.entry_on_duty + dt.timedelta(days=rule.max_days - 1)
                new_end = min(longest, slot.planned_end + dt.timedelta(days=rng.randint(180, 365)))
                if new_end <= day or age_on(person.birth, slot.planned_end) != age_on(person.birth, day):
                    continue  # too short to reach the closure, or the age in the year would change
                if (
                    rule.max_age is not None
                    and rule.through_end
                    and age_on(person.birth, new_end) > rule.max_age
                ):
                    continue
                plan.extensions.append(PlannedExtension(slot, slot.planned_end))
                slot.planned_end, slot.actual_end = new_end, None
                surplus += 1
                if not surplus:
                    break
        if surplus:
            serving_count = target.ended + surplus
            notes.conflict(
                f"onsite.mission_closures.{target.acronym}.assignments_ended {n(target.ended)}: "
                f"{n(serving_count)} of {target.acronym}'s assignments can be serving on {day.isoformat()}, "
                f"{n(abs(surplus))} {'more' if surplus > 0 else 'fewer'} (category durations and ages)"
            )
    return plan


def closures_replay(plan: ClosurePlan, *, progress: Any) -> list[Any]:
    """Close each host of the plan through the lifecycle services, in the name of the generator's
    account; returns the closures."""
    from django.contrib.auth import get_user_model

    from mobilize.accounts.models import Role
    from mobilize.assignments.models import Assignment
    from mobilize.lifecycle.services import closure_replay
    from mobilize.partners.models import HostEntity

    if not plan.targets:
        return []
    user_model = get_user_model()
    actor, created = user_model.objects.get_or_create(
        username=ACTOR, defaults={"role": Role.HQ, "first_name": "Synthetic", "last_name": "generator"}
    )
    if created:
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    closures = []
    for target in plan.targets:
        host = HostEntity.objects.get(pk=target.host)
        serving = Assignment.objects.filter(host_entity=host, status__in=Assignment.OPEN_STATUSES)
        progress(f"closing {target.acronym} on {target.closure_date}: {serving.count():,} assignments")
        closures.append(
            closure_replay(
                host_entity=host,
                closure_date=target.closure_date,
                redeployed=target.redeployed,
                receiving_types=RECEIVING_TYPES,
                actor=actor,
                note=NOTE,
            )
        )
    return closures
