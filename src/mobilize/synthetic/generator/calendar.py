"""Dates: entry on duty, planned and actual end, the category whose rule (in force on the entry on
duty) the age and the duration satisfy, the date of birth that gives each volunteer their age on the
day the statistics take it, and the DoA approvals whose lead times have the profile's means.

The generated world's "today" is 1 January of the year after the profile year: an assignment whose
planned end is before it is completed (actual end = planned end), any other is serving.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import CategoryInfo, Rule, World
from mobilize.talent.models import years_before

DAY = dt.timedelta(days=1)
TYPICAL_DAYS = (183, 274, 365, 365, 365, 548, 731)
LEAD_RANGE = {"national": (5, 90), "international": (15, 240)}
LEAD_CENTRE = {"national": 24, "international": 70}


@dataclass(frozen=True)
class Year:
    first: dt.date
    last: dt.date

    @property
    def today(self) -> dt.date:
        """The generated world's today: the day after the year closes."""
        return self.last + DAY

    @property
    def before(self) -> tuple[dt.date, dt.date]:
        return dt.date(self.first.year - 1, 1, 1), self.first - DAY


class Categories:
    """The categories by purpose, for each modality."""

    def __init__(self, world: World) -> None:
        self.by_code = world.categories
        self.options: dict[tuple[str, str], list[CategoryInfo]] = {}
        for category in world.categories.values():
            purpose = (
                "youth"
                if category.youth
                else "university"
                if category.university
                else "community"
                if category.community
                else "refugee"
                if category.refugee
                else "regular"
            )
            self.options.setdefault((category.modality, purpose), []).append(category)
        for key in self.options:
            self.options[key].sort(key=lambda c: (c.rules[-1].min_age if c.rules else 0, c.code))

    def pick(self, *, national: bool, purpose: str, senior: bool = False) -> CategoryInfo:
        modality = "national" if national else "international"
        options = self.options.get((modality, purpose)) or self.options[(modality, "regular")]
        return options[-1] if senior and len(options) > 1 else options[0]


def _purpose(person: Person, slot: Slot, rng: random.Random) -> tuple[str, bool]:
    """Which kind of category suits the person's age (on the statistics day; up to two years more
    than at entry on duty): (purpose, senior)."""
    age = person.age
    if person.youth:
        return "youth", False
    if slot.national and person.refugee:
        return "refugee", False
    if slot.national:
        return ("community", False) if age < 27 else ("regular", age >= 37 and rng.random() < 0.15)
    return ("university", False) if age < 29 else ("regular", age >= 37 and rng.random() < 0.15)


def _window(rule: Rule, pattern: str, year: Year) -> tuple[dt.date, dt.date] | None:
    """Entries on duty from which an assignment of the rule's durations can follow ``pattern``:
    B = begun before the year, W = begun within it; the second letter E = ended in the year,
    S = still serving at its end."""
    begins = year.before if pattern[0] == "B" else (year.first, year.last)
    low, high = begins
    if pattern[1] == "E":
        low = max(low, year.first - (rule.max_days - 1) * DAY)
        high = min(high, year.last - (rule.min_days - 1) * DAY)
    else:
        low = max(low, year.today - (rule.max_days - 1) * DAY)
    return (low, high) if low <= high else None


def _dates(rule: Rule, pattern: str, entry: dt.date, year: Year, rng: random.Random) -> dt.date:
    """A planned end for an entry on duty, within the rule's durations and the pattern."""
    low, high = entry + (rule.min_days - 1) * DAY, entry + (rule.max_days - 1) * DAY
    if pattern[1] == "E":
        low, high = max(low, year.first), min(high, year.last)
    else:
        low = max(low, year.today)
        high = min(high, year.today + 730 * DAY)
    wanted = entry + (rng.choice(TYPICAL_DAYS) - 1) * DAY
    if low <= wanted <= high:
        return wanted
    return low + rng.randrange((high - low).days + 1) * DAY if high >= low else low


def _random_day(low: dt.date, high: dt.date, rng: random.Random) -> dt.date:
    return low + rng.randrange((high - low).days + 1) * DAY


def _birth_window(person: Person, year: Year, categories: Categories) -> tuple[dt.date, dt.date]:
    """The dates of birth that give the person their age on the statistics day and satisfy every
    assignment's age rule: at least the minimum on entry on duty, at most the maximum through the
    planned end where the rule says so."""
    last = max(slot.actual_end or slot.planned_end for slot in person.slots)
    day = min(last, year.last)
    low = years_before(day, person.age + 1) + DAY
    high = years_before(day, person.age)
    for slot in person.slots:
        rule = categories.by_code[slot.category].rule_on(slot.entry_on_duty)
        assert rule is not None
        high = min(high, years_before(slot.entry_on_duty, rule.min_age))
        if rule.max_age is not None:
            until = slot.planned_end if rule.through_end else slot.entry_on_duty
            low = max(low, years_before(until, rule.max_age + 1) + DAY)
    return low, high


def _schedule(
    person: Person, starts_in_year: list[bool], year: Year, categories: Categories, rng: random.Random
) -> bool:
    """Dates and categories of a person's assignments; False if no date of birth fits."""
    for slot in person.slots:
        purpose, senior = _purpose(person, slot, rng)
        slot.category = categories.pick(national=slot.national, purpose=purpose, senior=senior).code
    if len(person.slots) == 1:
        slot = person.slots[0]
        rule = categories.by_code[slot.category].rule_on(year.first)
        assert rule is not None
        ends = ["E", "S"] if rng.random() < 0.5 else ["S", "E"]
        for end in ends:
            pattern = ("W" if starts_in_year[0] else "B") + end
            window = _window(rule, pattern, year)
            if window is None:
                continue
            slot.entry_on_duty = _random_day(*window, rng)
            slot.planned_end = _dates(rule, pattern, slot.entry_on_duty, year, rng)
            break
        else:
            return False
    else:
        first, second = person.slots
        rule1 = categories.by_code[first.category].rule_on(year.first)
        rule2 = categories.by_code[second.category].rule_on(year.first)
        assert rule1 is not None and rule2 is not None
        pattern = ("W" if starts_in_year[0] else "B") + "E"
        window = _window(rule1, pattern, year)
        if window is None:
            return False
        latest_end = year.last - (rule2.min_days // 3 + 30) * DAY
        low, high = window
        high = min(high, latest_end - (rule1.min_days - 1) * DAY)
        if low > high:
            return False
        first.entry_on_duty = _random_day(low, high, rng)
        end_low = max(first.entry_on_duty + (rule1.min_days - 1) * DAY, year.first)
        end_high = min(first.entry_on_duty + (rule1.max_days - 1) * DAY, latest_end)
        if end_low > end_high:
            return False
        first.planned_end = _random_day(end_low, end_high, rng)
        second.entry_on_duty = min(first.planned_end + rng.randint(1, 45) * DAY, year.last)
        tail = (
            "E"
            if second.entry_on_duty + (rule2.min_days - 1) * DAY <= year.last and rng.random() < 0.3
            else "S"
        )
        second.planned_end = _dates(rule2, "W" + tail, second.entry_on_duty, year, rng)
    for slot in person.slots:
        slot.actual_end = slot.planned_end if slot.planned_end < year.today else None
        rule = categories.by_code[slot.category].rule_on(slot.entry_on_duty)
        days = (slot.planned_end - slot.entry_on_duty).days + 1
        if rule is None or not rule.min_days <= days <= rule.max_days:
            return False
    low, high = _birth_window(person, year, categories)
    if low > high:
        return False
    person.birth = _random_day(low, high, rng)
    return True


def calendar_plan(
    *, people: list[Person], targets: Targets, world: World, notes: Notes, rng: random.Random
) -> None:
    """Dates, categories, dates of birth and lead times of every assignment."""
    year = Year(dt.date(targets.year, 1, 1), dt.date(targets.year, 12, 31))
    categories = Categories(world)
    starts = _starts_in_year(people, targets, notes, rng)
    if starts is None:
        return
    for person in people:
        wanted = starts[person.index]
        for _attempt in range(24):
            if _schedule(person, [wanted], year, categories, rng):
                break
        else:
            notes.conflict(
                f"a volunteer aged {person.age} cannot serve in {targets.year} under the category rules"
            )
            return
    _lead_times(people, targets, year, notes, rng)


def _starts_in_year(
    people: list[Person], targets: Targets, notes: Notes, rng: random.Random
) -> dict[int, bool] | None:
    """Whether each volunteer's (first) assignment began in the year: the second assignment of a
    volunteer with two always does; the rest so that the lead time figures' assignments add up."""
    starts: dict[int, bool] = {}
    for modality, national in (("national", True), ("international", False)):
        seconds = sum(1 for p in people if len(p.slots) == 2 and p.slots[1].national == national)
        firsts = [p for p in people if p.slots[0].national == national]
        singles = [p for p in firsts if len(p.slots) == 1]
        doubles = [p for p in firsts if len(p.slots) == 2]
        mean, wanted = targets.lead.get(modality, (None, None))
        if wanted is None:
            preferred = seconds + round(len(singles) * 0.55)
            options = sorted(range(seconds, seconds + len(firsts) + 1), key=lambda k: abs(k - preferred))
            wanted = next(
                (
                    k
                    for k in options
                    if mean is None or (k and math.ceil(mean[0] * k) <= math.ceil(mean[1] * k) - 1)
                ),
                preferred,
            )
            notes.choose(f"onsite.lead_time_days.{modality}.assignments {n(wanted)}")
        begin = wanted - seconds
        if not 0 <= begin <= len(firsts):
            notes.conflict(
                f"onsite.lead_time_days.{modality}.assignments {n(wanted)}: between {n(seconds)} and "
                f"{n(seconds + len(firsts))} {modality} assignments can begin in {targets.year}"
            )
            return None
        ordered = singles + doubles
        rng.shuffle(ordered)
        ordered.sort(key=lambda p: (p.age > 19, len(p.slots)))
        chosen = ordered[:begin]
        for person in firsts:
            starts[person.index] = False
        for person in chosen:
            starts[person.index] = True
    return starts


def _lead_times(people: list[Person], targets: Targets, year: Year, notes: Notes, rng: random.Random) -> None:
    for modality, national in (("national", True), ("international", False)):
        slots = [s for p in people for s in p.slots if s.national == national]
        counted = [s for s in slots if year.first <= s.entry_on_duty <= year.last]
        low, high = LEAD_RANGE[modality]
        for slot in slots:
            slot.lead_days = max(
                low, min(high, round(rng.gauss(LEAD_CENTRE[modality], LEAD_CENTRE[modality] / 3)))
            )
        mean = targets.lead.get(modality, (None, None))[0]
        if mean is None or not counted:
            continue
        target = (mean[0] + mean[1]) / 2
        sum_low, sum_high = math.ceil(mean[0] * len(counted)), math.ceil(mean[1] * len(counted)) - 1
        if sum_low > sum_high:
            notes.conflict(
                f"onsite.lead_time_days.{modality}.mean: no whole numbers of days over {n(len(counted))} "
                "assignments have that mean"
            )
            return
        goal = min(max(round(target * len(counted)), sum_low), sum_high)
        floor, ceiling = 1, 730
        if not floor * len(counted) <= goal <= ceiling * len(counted):
            notes.conflict(
                f"onsite.lead_time_days.{modality}.mean: days from approval to entry on duty are 1 to "
                f"{ceiling}"
            )
            return
        diff = goal - sum(s.lead_days for s in counted)
        while diff:
            step = 1 if diff > 0 else -1
            quantum = max(1, abs(diff) // len(counted))
            moved = False
            for slot in rng.sample(counted, len(counted)):
                room = ceiling - slot.lead_days if step > 0 else slot.lead_days - floor
                change = min(room, quantum, abs(diff))
                if change <= 0:
                    continue
                slot.lead_days += change * step
                diff -= change * step
                moved = True
                if not diff:
                    break
            if not moved:
                break
