"""Countries: how many countries each region uses (adding up to ``countries_served``), which ones,
and the duty country of every assignment, so that every country used has a volunteer, missions
serve in their countries, and national volunteers come from exactly as many countries as the
nationalities figure allows (a national volunteer's country is their nationality).
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from mobilize.synthetic.generator.flow import apportion
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import REGIONS


@dataclass
class Piece:
    """Assignments of one person that share one duty country (one slot, or a repeat's two)."""

    person: Person
    slots: list[Slot]
    national: bool
    flag: bool | None
    candidates: tuple[int, ...] | None = None
    """For a mission or seated entity: its countries here."""


@dataclass
class Part:
    """The assignments of one region with one Global South flag of the duty country."""

    region: str
    flag: bool
    pieces: list[Piece] = field(default_factory=list)
    countries: list[int] = field(default_factory=list)
    pinned: list[int] = field(default_factory=list)
    homes: int = 0
    """How many of its countries have national volunteers."""


@dataclass
class CountryPlan:
    countries: int
    new_nationalities: int
    """The nationalities the international volunteers bring beyond the national volunteers' (when
    the profile does not give the nationalities, the number preferred)."""
    weights: dict[int, float]


def _pieces(world: World, people: list[Person]) -> dict[str, list[Piece]]:
    by_region: dict[str, list[Piece]] = defaultdict(list)
    for person in people:
        groups = [person.slots] if person.repeat else [[slot] for slot in person.slots]
        for slots in groups:
            slot = slots[0]
            candidates = None
            flag = slot.flag
            if person.bound:
                where = world.entities[person.entity].countries or ()
                candidates = tuple(
                    c
                    for c in where
                    if world.region_of(c) == slot.region and (flag is None or world.countries[c].gs == flag)
                )
                flags = {world.countries[c].gs for c in candidates}
                flag = flags.pop() if len(flags) == 1 else True
                candidates = tuple(c for c in candidates if world.countries[c].gs == flag)
            by_region[slot.region].append(Piece(person, slots, slot.national, flag, candidates))
    return by_region


def _order(world: World, region: str, flag: bool, rng: random.Random) -> list[int]:
    """The countries of a region with a flag, those with a duty station first, each group shuffled."""
    countries = world.servable.get(region, {}).get(flag, [])
    stationed = [c for c in countries if c in world.stations]
    others = [c for c in countries if c not in world.stations]
    rng.shuffle(stationed)
    rng.shuffle(others)
    return stationed + others


def countries_plan(
    *, targets: Targets, world: World, people: list[Person], notes: Notes, rng: random.Random
) -> CountryPlan | None:
    """Give every assignment its duty country (``Slot.country``)."""
    by_region = _pieces(world, people)
    parts: dict[tuple[str, bool], Part] = {}
    bounds: dict[str, tuple[int, int]] = {}
    for region in REGIONS:
        pieces = by_region.get(region, [])
        if not pieces:
            continue
        low, high = _region_bounds(world, region, pieces)
        bounds[region] = (low, high)
    wanted = targets.countries
    names = list(bounds)
    lows, highs = [bounds[r][0] for r in names], [bounds[r][1] for r in names]
    if wanted is None:
        hosts = [
            c for _v, c in list(targets.groups.values()) + list(targets.entities.values()) if c is not None
        ]
        natural = sum(
            min(h, max(lo, math.ceil(len(by_region[r]) / 8)))
            for r, lo, h in zip(names, lows, highs, strict=True)
        )
        travellers = sum(1 for p in people if not any(slot.national for slot in p.slots))
        nations = (targets.nationalities or 0) - travellers
        wanted = min(sum(highs), max(natural, max(hosts, default=0) + 2 * len(hosts), nations))
    if not sum(lows) <= wanted <= sum(highs):
        notes.conflict(
            f"onsite.countries_served {n(wanted)}: the volunteers placed in the regions can serve in "
            f"{n(sum(lows))} to {n(sum(highs))} countries ("
            + ", ".join(f"{r} {lo}-{h}" for r, lo, h in zip(names, lows, highs, strict=True))
            + ")"
        )
        return None
    weights = [
        float(min(h, len(world.servable[r].get(True, [])) + len(world.servable[r].get(False, []))))
        for r, h in zip(names, highs, strict=True)
    ]
    chosen_freely = targets.countries is None
    while True:
        # first the Global South and other countries of each region in proportion to those there
        # are, then, if the nationalities cannot add up so, as many with national volunteers as can be
        for homes_first in (False, True):
            parts = {}
            trial = Notes()
            by_region = _pieces(world, people)
            per_region = apportion(wanted, weights, floors=lows, caps=highs)
            for region, count in zip(names, per_region, strict=True):
                if not _split_region(world, region, by_region[region], count, parts, rng, homes_first):
                    notes.conflict(
                        f"onsite.countries_served: {region} cannot use {n(count)} countries for its "
                        "volunteers"
                    )
                    return None
            new = _plan_homes(targets, world, parts, trial)
            if new is not None:
                break
        if new is not None or not chosen_freely or wanted >= sum(highs):
            break
        wanted += 1
    notes.choices.extend(trial.choices)
    notes.conflicts.extend(trial.conflicts)
    if new is None:
        return None
    if chosen_freely:
        notes.choose(f"onsite.countries_served {n(wanted)}")
    country_weight = {
        c: (len(world.stations[c]) if c in world.stations else 0.1) * math.exp(rng.gauss(0, 0.5))
        for c in sorted(world.countries)
    }
    demand = _make_room(parts, country_weight, targets)
    for key in sorted(parts, key=lambda k: (REGIONS.index(k[0]), not k[1])):
        _assign(parts[key], country_weight, demand, rng)
        _untangle(parts[key])
    _free_homes(parts, world)
    if any(not p.repeat and len(p.countries) < len(p.slots) for p in people):
        notes.conflict(
            "onsite.countries_served: the countries used leave some volunteer with both assignments "
            "in one country"
        )
        return None
    return CountryPlan(wanted, new, country_weight)


def _region_bounds(world: World, region: str, pieces: list[Piece]) -> tuple[int, int]:
    low = 0
    high = 0
    for flag in (True, False):
        available = len(world.servable.get(region, {}).get(flag, []))
        fixed = [p for p in pieces if p.flag is flag and p.candidates is None]
        bound = {p.candidates[0] for p in pieces if p.candidates and p.flag is flag}
        reach = {c for p in pieces if p.candidates and p.flag is flag for c in p.candidates}
        loose = [p for p in pieces if p.flag is None]
        twice = any(n > 1 for n in Counter(id(p.person) for p in pieces if p.flag is flag).values())
        if fixed or bound:
            low += max(len(bound), 1 if fixed else 0, 2 if twice else 0)
        high += min(available, len(fixed) + len(loose) + len(reach))
    return max(low, 1 if pieces else 0), min(high, len(pieces))


def _split_region(
    world: World,
    region: str,
    pieces: list[Piece],
    count: int,
    parts: dict[tuple[str, bool], Part],
    rng: random.Random,
    homes_first: bool = False,
) -> bool:
    """Split the region's ``count`` countries between Global South and other countries (in
    proportion to the countries of each flag there are, or ``homes_first``: so that as many as can
    be have national volunteers), decide the flag of the assignments that may go to either, and
    choose the countries."""
    avail = {f: len(world.servable.get(region, {}).get(f, [])) for f in (True, False)}
    loose = [p for p in pieces if p.flag is None]
    rng.shuffle(loose)
    # a loose piece whose person has another assignment here outside the Global South goes to the
    # Global South countries first (two assignments of a person need two countries)
    others = {id(p.person) for p in pieces if p.flag is False}
    loose.sort(key=lambda p: id(p.person) not in others)
    twice = {}
    for flag in (True, False):
        seen = Counter(id(p.person) for p in pieces if p.flag is flag)
        twice[flag] = any(times > 1 for times in seen.values())
    low, high = {}, {}
    coverable: dict[bool, int] = {}
    for flag in (True, False):
        fixed = [p for p in pieces if p.flag is flag]
        bound = {p.candidates[0] for p in fixed if p.candidates}
        reach = {c for p in fixed if p.candidates for c in p.candidates}
        coverable[flag] = sum(1 for p in fixed if not p.candidates) + len(reach)
        low[flag] = max(len(bound), 1 if fixed else 0, 2 if twice[flag] else 0)
        high[flag] = min(avail[flag], coverable[flag] + len(loose))
    total_avail = avail[True] + avail[False]
    k_false = min(
        max(round(count * avail[False] / total_avail) if total_avail else 0, low[False]), high[False]
    )
    k_true = count - k_false
    if k_true > high[True]:
        k_false += k_true - high[True]
        k_true = high[True]
    if k_true < low[True]:
        k_false -= low[True] - k_true
        k_true = low[True]
    ks = {True: k_true, False: k_false}

    def fits(ks: dict[bool, int]) -> bool:
        need = {f: max(0, ks[f] - coverable[f]) for f in ks}
        return all(low[f] <= ks[f] <= high[f] for f in ks) and need[True] + need[False] <= len(loose)

    if homes_first:
        nationals = {f: sum(1 for p in pieces if p.national and p.flag is f) for f in (True, False)}
        splits = [{True: count - k, False: k} for k in range(count + 1)]
        feasible = [ks for ks in splits if fits(ks)]
        if feasible:
            ks = max(
                feasible,
                key=lambda split: (
                    sum(min(split[f], nationals[f]) for f in split),
                    -abs(split[False] - k_false),
                ),
            )
    if not fits(ks):
        return False
    need = {f: max(0, ks[f] - coverable[f]) for f in ks}
    share = ks[False] / count if count else 0
    to_false = min(max(round(len(loose) * share), need[False]), len(loose) - need[True])
    for index, piece in enumerate(loose):
        piece.flag = index < len(loose) - to_false
    for flag in (True, False):
        if not ks[flag]:
            continue
        part = Part(region, flag, [p for p in pieces if p.flag is flag])
        pinned: list[int] = []
        for piece in part.pieces:
            if (
                piece.candidates
                and piece.candidates[0] not in pinned
                and not any(c in pinned for c in piece.candidates)
            ):
                pinned.append(piece.candidates[0])
        order = pinned + [c for c in _order(world, region, flag, rng) if c not in pinned]
        part.countries = order[: ks[flag]]
        part.pinned = pinned
        parts[(region, flag)] = part
    return True


def _make_room(
    parts: dict[tuple[str, bool], Part], weight: dict[int, float], targets: Targets
) -> dict[int, float]:
    """Weigh the countries so that the hosts with a number of countries find their volunteers in
    them: the densest hosts first take the countries expected to be largest, and each country
    chosen is expected to hold the host's volunteers per country in addition."""
    hosts = [
        (v, c)
        for v, c in list(targets.groups.values()) + list(targets.entities.values())
        if v is not None and c is not None and c > 0
    ]
    if not hosts:
        return {}
    expected: dict[int, float] = {}
    size: dict[int, int] = {}
    for part in parts.values():
        total = sum(weight[c] for c in part.countries) or 1.0
        for c in part.countries:
            expected[c] = len(part.pieces) * weight[c] / total
            size[c] = len(part.pieces)
    demand = dict.fromkeys(expected, 0.0)
    for volunteers, countries in sorted(hosts, key=lambda h: -h[0] / h[1]):
        ranked = sorted(expected, key=lambda c: (demand[c] - expected[c], c))
        for c in ranked[:countries]:
            demand[c] += volunteers / countries
    for part in parts.values():
        total = sum(weight[c] for c in part.countries) or 1.0
        pieces = max(1, len(part.pieces))
        extra = sum(min(demand[c], pieces) for c in part.countries)
        scale = total / pieces * (1 + extra / pieces)
        for c in part.countries:
            weight[c] += min(demand[c], pieces) * scale
    return demand


def _plan_homes(
    targets: Targets, world: World, parts: dict[tuple[str, bool], Part], notes: Notes
) -> int | None:
    """How many countries of each part have national volunteers, so that the nationalities add up:
    returns the number of nationalities the international volunteers must bring in addition."""
    lows, highs, keys = [], [], []
    for key, part in parts.items():
        national = [p for p in part.pieces if p.national]
        bound_homes = {p.candidates[0] for p in national if p.candidates}
        loose_national = sum(1 for p in national if not p.candidates)
        covered = {p.candidates[0] for p in part.pieces if p.candidates}
        international = sum(1 for p in part.pieces if not p.national and not p.candidates)
        high = min(len(part.countries), len(bound_homes) + loose_national)
        low = max(
            len(bound_homes),
            1 if national else 0,
            len(part.countries) - len(covered - bound_homes) - international,
        )
        if low > high:
            if notes is not None:
                notes.conflict(
                    f"onsite.countries_served: {part.region} cannot have a volunteer in each of its "
                    f"{n(len(part.countries))} countries"
                )
            return None
        lows.append(low)
        highs.append(high)
        keys.append(key)
    intl_only = {True: 0, False: 0}
    for person in {id(p.person): p.person for part in parts.values() for p in part.pieces}.values():
        if not any(s.national for s in person.slots):
            intl_only[person.gs] += 1
    has_home = {
        flag: any(h > 0 for (r, f), h in zip(keys, highs, strict=True) if f == flag) for flag in (True, False)
    }
    need_new = sum(1 for flag in (True, False) if intl_only[flag] and not has_home[flag])
    pool = {
        flag: sum(1 for c in world.countries.values() if c.gs == flag and not c.territory)
        for flag in (True, False)
    }
    max_new = sum(
        min(intl_only[f], max(0, pool[f] - sum(h for (r, g), h in zip(keys, highs, strict=True) if g == f)))
        for f in (True, False)
    )
    wanted = targets.nationalities
    high_total, low_total = sum(highs), sum(lows)
    if wanted is None:
        homes = high_total
        # a preference: the nationalities step takes the nearest number the duty countries allow
        new = need_new + min(max_new - need_new, round(sum(intl_only.values()) / 40))
    else:
        homes = min(high_total, wanted - need_new)
        if homes < max(low_total, wanted - max_new):
            notes.conflict(
                f"onsite.nationalities {n(wanted)}: the national volunteers come from {n(low_total)} to "
                f"{n(high_total)} countries and the international volunteers can add {n(need_new)} to "
                f"{n(max_new)} nationalities"
            )
            return None
        new = wanted - homes
    for key, count in zip(
        keys, apportion(homes, [float(h) for h in highs], floors=lows, caps=highs), strict=True
    ):
        parts[key].homes = count
    return new


def _assign(part: Part, weight: dict[int, float], demand: dict[int, float], rng: random.Random) -> None:
    """Give each piece of the part a country: missions in theirs, national volunteers in ``homes``
    countries (each at least one), every country at least one assignment."""
    countries = part.countries
    allowed = set(countries)
    bound = [p for p in part.pieces if p.candidates]
    national = [p for p in part.pieces if p.national and not p.candidates]
    international = [p for p in part.pieces if not p.national and not p.candidates]
    for piece in bound:
        options = [c for c in piece.candidates or () if c in allowed] or [countries[0]]
        first = next((c for c in options if c in part.pinned), options[0])
        _put(piece, first if rng.random() < 0.7 else rng.choices(options, [weight[c] for c in options])[0])
    for c in part.pinned:
        if not any(p.slots[0].country == c for p in bound):
            holder = next((p for p in bound if p.candidates and c in p.candidates), None)
            if holder is not None:
                _put(holder, c)
    used = {p.slots[0].country for p in bound}
    homes = [c for c in countries if any(p.national and p.slots[0].country == c for p in bound)]
    spare = [c for c in countries if c not in homes and c not in used] + [
        c for c in countries if c not in homes and c in used
    ]
    homes += spare[: max(0, part.homes - len(homes))]
    missing = [c for c in homes if c not in {p.slots[0].country for p in bound if p.national}]
    counts = (
        dict(
            zip(
                homes,
                apportion(
                    len(national),
                    [weight[c] for c in homes],
                    floors=[1 if c in missing else 0 for c in homes],
                ),
                strict=True,
            )
        )
        if homes
        else {}
    )
    _deal(national, counts, rng)
    used |= set(homes)
    uncovered = [c for c in countries if c not in used]
    floors = [1 if c in uncovered else 0 for c in countries]
    have = {c: counts.get(c, 0) for c in countries}
    wanted = [
        max(0, math.ceil(demand.get(c, 0.0)) - have[c] - f) for c, f in zip(countries, floors, strict=True)
    ]
    room = len(international) - sum(floors)
    if sum(wanted) > room > 0:
        wanted = apportion(room, [float(w) for w in wanted], caps=wanted)
    if room > 0:
        floors = [f + w for f, w in zip(floors, wanted, strict=True)]
    counts = dict(
        zip(
            countries,
            apportion(len(international), [weight[c] for c in countries], floors=floors),
            strict=True,
        )
    )
    _deal(international, counts, rng)


def _put(piece: Piece, country: int) -> None:
    for slot in piece.slots:
        slot.country = country


def _deal(pieces: list[Piece], counts: dict[int, int], rng: random.Random) -> None:
    """Hand out countries by count; a person's two assignments never share a country unless they are
    a repeat (then they are one piece): a clash is undone by swapping with a piece dealt before."""
    rng.shuffle(pieces)
    pieces.sort(key=lambda p: -len(p.person.slots))
    remaining = dict(counts)
    dealt: list[Piece] = []
    stuck: list[Piece] = []
    for piece in pieces:
        taken = _taken(piece)
        options = [c for c, left in remaining.items() if left > 0 and c not in taken]
        if not options:
            stuck.append(piece)
            continue
        choice = (
            max(options, key=lambda c: (remaining[c], -c))
            if len(piece.person.slots) > 1
            else (
                options[rng.randrange(len(options))]
                if len(options) < 4
                else _weighted(remaining, options, rng)
            )
        )
        remaining[choice] -= 1
        _put(piece, choice)
        dealt.append(piece)
    for piece in stuck:
        taken = _taken(piece)
        left = next(c for c, count in remaining.items() if count > 0)
        remaining[left] -= 1
        other = next((q for q in dealt if q.slots[0].country not in taken and left not in _taken(q)), None)
        if other is None:
            _put(piece, left)
        else:
            _put(piece, other.slots[0].country)
            _put(other, left)
        dealt.append(piece)


def _untangle(part: Part) -> None:
    """Swap countries so that no person has two assignments (other than a repeat) in one country;
    every country keeps its number of assignments, national and international alike."""
    for piece in part.pieces:
        country = piece.slots[0].country
        if piece.candidates or country not in _taken(piece):
            continue
        partner = next((q for q in part.pieces if q.person is piece.person and q is not piece), None)
        for mover in (piece, partner):
            if mover is None or mover.candidates:
                continue
            here = mover.slots[0].country
            swap = next(
                (
                    q
                    for q in part.pieces
                    if q.person is not mover.person
                    and not q.candidates
                    and q.national == mover.national
                    and q.slots[0].country != here
                    and q.slots[0].country not in _taken(mover)
                    and here not in _taken(q)
                ),
                None,
            )
            if swap is not None:
                there = swap.slots[0].country
                _put(swap, here)
                _put(mover, there)
                break


def _free_homes(parts: dict[tuple[str, bool], Part], world: World) -> None:
    """Leave every international-only volunteer a home of their flag to take as nationality (a
    country with national volunteers where they do not serve) where a swap of duty countries with
    another international assignment of the same region and flag allows it. Without a home such a
    volunteer needs a nationality no national volunteer has, which the nationalities figure may not
    allow (``nationalities.py``). Every country keeps its number of assignments."""
    homes: dict[bool, set[int]] = {True: set(), False: set()}
    for part in parts.values():
        for piece in part.pieces:
            if piece.national:
                homes[world.countries[piece.slots[0].country].gs].add(piece.slots[0].country)

    def stuck(person: Person, moved: Piece | None = None, to: int = 0) -> bool:
        """No home left to the person (``moved`` to ``to``)."""
        if person.national_slot is not None:
            return False
        slots = moved.slots if moved is not None else []
        duty = {to if any(slot is s for s in slots) else slot.country for slot in person.slots}
        return homes[person.gs] <= duty

    for part in parts.values():
        movable = [p for p in part.pieces if not p.national and not p.candidates]
        for piece in movable:
            person = piece.person
            here = piece.slots[0].country
            if here not in homes[person.gs] or not stuck(person):
                continue
            for other in movable:
                there = other.slots[0].country
                if (
                    other.person is person
                    or there == here
                    or there in _taken(piece)
                    or here in _taken(other)
                    or stuck(person, piece, there)
                    or stuck(other.person, other, here)
                ):
                    continue
                _put(piece, there)
                _put(other, here)
                break


def _taken(piece: Piece) -> set[int]:
    """The countries of the person's other assignments."""
    return {s.country for s in piece.person.slots if s.country and s not in piece.slots}


def _weighted(remaining: dict[int, int], options: list[int], rng: random.Random) -> int:
    return rng.choices(options, [remaining[c] for c in options])[0]
