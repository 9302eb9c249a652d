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
        # every country served is some group's: no more than the groups with countries have, and
        # one per volunteer of the others
        counted = [(v, c) for v, c in targets.groups.values() if c is not None]
        if all(v is not None for v, _c in counted):
            others = targets.volunteers - sum(v or 0 for v, _c in counted)
            wanted = max(sum(lows), min(wanted, sum(c for _v, c in counted) + others))
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
        # are, then, if the nationalities cannot add up so, as many with national volunteers as can
        # be in each region, then the regions' countries too chosen for the most homes
        for homes_first, homes_regions in ((False, False), (True, False), (True, True)):
            by_region = _pieces(world, people)
            per_region = apportion(wanted, weights, floors=lows, caps=highs)
            if homes_regions:
                split = _homes_split(world, names, by_region, wanted, lows, highs, per_region)
                if split is None or split == per_region:
                    continue
                per_region = split
            parts = {}
            trial = Notes()
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
    ordered = sorted(parts, key=lambda k: (REGIONS.index(k[0]), not k[1]))
    for key in ordered:
        _place_bound(parts[key], country_weight, rng)
    _fit_bound_groups(parts, targets, world)
    demand = _make_room(parts, country_weight, targets, world)
    for key in ordered:
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
    loose = [p for p in pieces if p.flag is None]
    rng.shuffle(loose)
    # a loose piece whose person has another assignment here outside the Global South goes to the
    # Global South countries first (two assignments of a person need two countries)
    others = {id(p.person) for p in pieces if p.flag is False}
    loose.sort(key=lambda p: id(p.person) not in others)
    bounds = _flag_bounds(world, region, pieces)
    ks = bounds.split(count, homes_first=homes_first)
    if ks is None:
        return False
    coverable = bounds.coverable
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


@dataclass
class FlagBounds:
    """How a region's countries may split between Global South and other countries: each flag's
    least and most countries, the countries its fixed assignments can cover, the assignments that
    may go to either, the countries there are and the national assignments of each flag."""

    low: dict[bool, int]
    high: dict[bool, int]
    coverable: dict[bool, int]
    loose: int
    avail: dict[bool, int]
    nationals: dict[bool, int]

    def fits(self, ks: dict[bool, int]) -> bool:
        need = {f: max(0, ks[f] - self.coverable[f]) for f in ks}
        return all(self.low[f] <= ks[f] <= self.high[f] for f in ks) and sum(need.values()) <= self.loose

    def proportional(self, count: int) -> dict[bool, int]:
        """The split in proportion to the countries of each flag there are, within the bounds."""
        total_avail = self.avail[True] + self.avail[False]
        k_false = min(
            max(round(count * self.avail[False] / total_avail) if total_avail else 0, self.low[False]),
            self.high[False],
        )
        k_true = count - k_false
        if k_true > self.high[True]:
            k_false += k_true - self.high[True]
            k_true = self.high[True]
        if k_true < self.low[True]:
            k_false -= self.low[True] - k_true
            k_true = self.low[True]
        return {True: k_true, False: k_false}

    def homes(self, ks: dict[bool, int]) -> int:
        """The most of these countries that can have national volunteers."""
        return sum(min(ks[f], self.nationals[f]) for f in ks)

    def split(self, count: int, *, homes_first: bool = False) -> dict[bool, int] | None:
        """The split of ``count`` countries: proportional, or (``homes_first``) the feasible one with
        the most possible homes, nearest to proportional; None when none fits."""
        ks = self.proportional(count)
        if homes_first:
            feasible = [
                split for split in ({True: count - k, False: k} for k in range(count + 1)) if self.fits(split)
            ]
            if feasible:
                ks = max(feasible, key=lambda split: (self.homes(split), -abs(split[False] - ks[False])))
        return ks if self.fits(ks) else None


def _flag_bounds(world: World, region: str, pieces: list[Piece]) -> FlagBounds:
    avail = {f: len(world.servable.get(region, {}).get(f, [])) for f in (True, False)}
    loose = sum(1 for p in pieces if p.flag is None)
    low, high, coverable, nationals = {}, {}, {}, {}
    for flag in (True, False):
        fixed = [p for p in pieces if p.flag is flag]
        twice = any(times > 1 for times in Counter(id(p.person) for p in fixed).values())
        bound = {p.candidates[0] for p in fixed if p.candidates}
        reach = {c for p in fixed if p.candidates for c in p.candidates}
        coverable[flag] = sum(1 for p in fixed if not p.candidates) + len(reach)
        low[flag] = max(len(bound), 1 if fixed else 0, 2 if twice else 0)
        high[flag] = min(avail[flag], coverable[flag] + loose)
        nationals[flag] = sum(1 for p in fixed if p.national)
    return FlagBounds(low, high, coverable, loose, avail, nationals)


def _homes_split(
    world: World,
    names: list[str],
    by_region: dict[str, list[Piece]],
    wanted: int,
    lows: list[int],
    highs: list[int],
    proportional: list[int],
) -> list[int] | None:
    """The countries of each region (adding up to ``wanted``) under which the most countries can
    have national volunteers, nearest to the ``proportional`` split among those. Each region's homes
    grow with its countries as far as its national volunteers go (a concave gain), but a region's
    possible splits between Global South and other countries make it not quite separable, so this is
    an exact dynamic programme over the regions rather than a greedy allocation."""
    values: list[dict[int, int]] = []
    for name, low, high in zip(names, lows, highs, strict=True):
        bounds = _flag_bounds(world, name, by_region[name])
        options: dict[int, int] = {}
        for count in range(low, high + 1):
            ks = bounds.split(count, homes_first=True)
            if ks is not None:
                options[count] = bounds.homes(ks)
        values.append(options)
    # best[i][t]: (homes, -distance) of the first i regions using t countries, and the counts
    best: list[dict[int, tuple[tuple[int, int], list[int]]]] = [{0: ((0, 0), [])}]
    for options, target in zip(values, proportional, strict=True):
        layer: dict[int, tuple[tuple[int, int], list[int]]] = {}
        for used, (score, counts) in best[-1].items():
            for count, homes in options.items():
                total = used + count
                if total > wanted:
                    continue
                candidate = ((score[0] + homes, score[1] - abs(count - target)), [*counts, count])
                if total not in layer or candidate[0] > layer[total][0]:
                    layer[total] = candidate
        best.append(layer)
    found = best[-1].get(wanted)
    return found[1] if found is not None else None


def _host_demands(
    parts: dict[tuple[str, bool], Part], targets: Targets, world: World
) -> list[tuple[float, int]]:
    """(volunteers, countries) that the hosts with a number of countries still need from the free
    volunteers: an entity's own; a group's less its missions' and seated entities' volunteers and
    countries (already placed) and less its entities with countries of their own."""
    bound: dict[str, set[int]] = defaultdict(set)
    covered: dict[str, set[int]] = defaultdict(set)
    for part in parts.values():
        for piece in part.pieces:
            if piece.candidates:
                code = world.entities[piece.person.entity].group
                bound[code].add(id(piece.person))
                covered[code].add(piece.slots[0].country)
    demands: list[tuple[float, int]] = []
    inner: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for acronym, (volunteers, countries) in targets.entities.items():
        entity = world.by_acronym.get(acronym)
        if entity is None or entity.countries is not None or volunteers is None or not countries:
            continue
        demands.append((float(volunteers), countries))
        v, c = inner[entity.group]
        inner[entity.group] = (v + volunteers, c + countries)
    for code, (volunteers, countries) in targets.groups.items():
        if volunteers is None or not countries:
            continue
        v = volunteers - len(bound[code]) - inner[code][0]
        c = countries - len(covered[code]) - inner[code][1]
        if v > 0 and c > 0:
            demands.append((float(v), c))
    return demands


def _make_room(
    parts: dict[tuple[str, bool], Part], weight: dict[int, float], targets: Targets, world: World
) -> dict[int, float]:
    """Weigh the countries so that the hosts with a number of countries find their volunteers in
    them: the densest hosts first take, one country at a time, a country whose part (region and
    flag) still has the volunteers to spare for it, the one expected to be largest among those, and
    each country chosen is to hold the host's volunteers per country in addition (its *demand*,
    which ``_assign`` then gives it). Only the volunteers free to serve any host count: those of
    missions and seated entities serve theirs."""
    hosts = _host_demands(parts, targets, world)
    if not hosts:
        return {}
    expected: dict[int, float] = {}
    part_of: dict[int, tuple[str, bool]] = {}
    budget: dict[tuple[str, bool], float] = {}
    for key, part in parts.items():
        free = sum(1 for p in part.pieces if not p.candidates)
        # every country needs one assignment: what the part has beyond that
        budget[key] = float(free - len(part.countries))
        total = sum(weight[c] for c in part.countries) or 1.0
        for c in part.countries:
            expected[c] = free * weight[c] / total
            part_of[c] = key
    demand = dict.fromkeys(expected, 0.0)

    def cost(c: int, per: float) -> float:
        """The volunteers beyond its one that the country needs in addition for ``per`` more."""
        return max(0.0, demand[c] + per - 1) - max(0.0, demand[c] - 1)

    for volunteers, countries in sorted(hosts, key=lambda h: -h[0] / h[1]):
        per = volunteers / countries
        chosen: set[int] = set()
        for _ in range(min(countries, len(expected))):
            c = max(
                (c for c in expected if c not in chosen),
                key=lambda c: (budget[part_of[c]] >= cost(c, per), expected[c] - demand[c], -c),
            )
            budget[part_of[c]] -= cost(c, per)
            demand[c] += per
            chosen.add(c)
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


def _bound_options(part: Part, piece: Piece) -> list[int]:
    """The countries of the part where a mission's or seated entity's volunteer may serve."""
    allowed = set(part.countries)
    return [c for c in piece.candidates or () if c in allowed] or [part.countries[0]]


def _place_bound(part: Part, weight: dict[int, float], rng: random.Random) -> None:
    """The volunteers of missions and seated entities in their countries: most in the first one the
    part chose for the entity (``pinned``), the others spread by the countries' weights, and every
    pinned country with one."""
    bound = [p for p in part.pieces if p.candidates]
    for piece in bound:
        options = _bound_options(part, piece)
        first = next((c for c in options if c in part.pinned), options[0])
        _put(piece, first if rng.random() < 0.7 else rng.choices(options, [weight[c] for c in options])[0])
    for c in part.pinned:
        if not any(p.slots[0].country == c for p in bound):
            holder = next((p for p in bound if p.candidates and c in p.candidates), None)
            if holder is not None:
                _put(holder, c)


def _fit_bound_groups(parts: dict[tuple[str, bool], Part], targets: Targets, world: World) -> None:
    """For a host group whose countries the profile gives, move its missions' and seated entities'
    volunteers between their countries so that they cover at least as many of the group's countries
    as its other volunteers cannot (one new country each at most) and no more than the group's:
    the rest of the group then fits. Each pinned country keeps a volunteer (it must be served)."""
    pieces_of: dict[str, list[tuple[Part, Piece]]] = defaultdict(list)
    for part in parts.values():
        for piece in part.pieces:
            if piece.candidates:
                pieces_of[world.entities[piece.person.entity].group].append((part, piece))
    pinned = {c for part in parts.values() for c in part.pinned}
    for code, members in sorted(pieces_of.items()):
        volunteers, wanted = targets.groups.get(code, (None, None))
        if wanted is not None and volunteers is not None:
            persons = len({id(piece.person) for _part, piece in members})
            _fit_bound_group(members, wanted, max(1, wanted - (volunteers - persons)), pinned)


def _fit_bound_group(members: list[tuple[Part, Piece]], most: int, least: int, pinned: set[int]) -> None:
    """Move the group's bound volunteers (``members``) so that they cover between ``least`` and
    ``most`` countries where their entities' countries allow; pinned countries keep theirs."""

    def covered() -> set[int]:
        return {piece.slots[0].country for _part, piece in members}

    def holders(c: int) -> list[tuple[Part, Piece]]:
        return [(part, piece) for part, piece in members if piece.slots[0].country == c]

    # too many countries: gather the volunteers of a country that need not be served by them (not
    # pinned) into the group's other countries
    for here in sorted(covered(), key=lambda c: (len(holders(c)), c)):
        if len(covered()) <= most:
            break
        if here in pinned:
            continue
        moves = [
            (piece, next((c for c in _bound_options(part, piece) if c != here and c in covered()), 0))
            for part, piece in holders(here)
        ]
        if all(to for _piece, to in moves):
            for piece, to in moves:
                _put(piece, to)
    # too few: spread volunteers of countries with several to the entity's other countries
    for part, piece in members:
        if len(covered()) >= least:
            break
        if len(holders(piece.slots[0].country)) < 2:
            continue
        fresh = [c for c in _bound_options(part, piece) if c not in covered()]
        if fresh:
            _put(piece, fresh[0])


def _assign(part: Part, weight: dict[int, float], demand: dict[int, float], rng: random.Random) -> None:
    """Give each piece of the part a country: missions in theirs, national volunteers in ``homes``
    countries (each at least one), every country at least one assignment."""
    countries = part.countries
    bound = [p for p in part.pieces if p.candidates]
    national = [p for p in part.pieces if p.national and not p.candidates]
    international = [p for p in part.pieces if not p.national and not p.candidates]
    used = {p.slots[0].country for p in bound}
    homes = [c for c in countries if any(p.national and p.slots[0].country == c for p in bound)]
    spare = [c for c in countries if c not in homes and c not in used] + [
        c for c in countries if c not in homes and c in used
    ]
    # the countries that must hold many volunteers (``demand``) are homes first: national
    # volunteers can then fill them
    spare.sort(key=lambda c: -math.ceil(demand.get(c, 0.0)))
    homes += spare[: max(0, part.homes - len(homes))]
    missing = [c for c in homes if c not in {p.slots[0].country for p in bound if p.national}]
    national_floors = [1 if c in missing else 0 for c in homes]
    wanted_here = [
        max(0, math.ceil(demand.get(c, 0.0)) - f) for c, f in zip(homes, national_floors, strict=True)
    ]
    # (only the part the international volunteers cannot give: they are dealt by demand below)
    spare_nationals = min(len(national) - sum(national_floors), sum(wanted_here) - len(international))
    if spare_nationals > 0:
        wanted_here = apportion(spare_nationals, [float(w) for w in wanted_here], caps=wanted_here)
        national_floors = [f + w for f, w in zip(national_floors, wanted_here, strict=True)]
    counts = (
        dict(
            zip(
                homes,
                apportion(len(national), [weight[c] for c in homes], floors=national_floors),
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
