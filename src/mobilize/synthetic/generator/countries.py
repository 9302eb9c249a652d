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

from mobilize.synthetic.generator.dealing import (
    Part,
    Piece,
    bound_groups_fit,
    bound_place,
    homes_free,
    part_assign,
    part_untangle,
    pinned_holders,
)
from mobilize.synthetic.generator.flags import dense_split, flag_bounds
from mobilize.synthetic.generator.flow import apportion
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person
from mobilize.synthetic.generator.room import (
    bound_spread,
    closed_countries,
    dense_caps,
    host_demands,
    make_room,
)
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import REGIONS


@dataclass
class CountryPlan:
    countries: int
    new_nationalities: int
    """The nationalities the international volunteers bring beyond the national volunteers' (when
    the profile does not give the nationalities, the number preferred)."""
    weights: dict[int, float]
    hosts: dict[int | str, set[int]] = field(default_factory=dict)
    """The countries room was made in for each host with a number of countries (a group by its code,
    an entity by its id), besides those its missions and seated entities cover: ``hosts_assign``
    tries these first."""


def _bound_countries(targets: Targets, world: World, people: list[Person]) -> int:
    """The countries the missions and seated entities of the groups whose countries the profile
    gives serve in at the least: one per entity, at most the group's countries."""
    entities: dict[str, set[int]] = defaultdict(set)
    for person in people:
        if person.bound:
            entities[world.entities[person.entity].group].add(person.entity)
    return sum(min(c, len(entities[code])) for code, (_v, c) in targets.groups.items() if c is not None)


def _others_countries(targets: Targets, world: World, people: list[Person], others: int) -> int:
    """The most countries the ``others`` (the volunteers of the groups whose countries the profile
    does not give) can serve in: one each, but those of missions and seated entities only in their
    entities' countries."""
    counted = {code for code, (_v, c) in targets.groups.items() if c is not None}
    bound = [p for p in people if p.bound and world.entities[p.entity].group not in counted]
    where = {c for p in bound for c in world.bound_countries(p)}
    return min(others, max(0, others - len(bound)) + min(len(bound), len(where)))


def _counted_hosts(targets: Targets, world: World) -> list[tuple[int | None, int]]:
    """The volunteers and countries of the hosts that count countries served apart: the groups
    whose countries the profile gives, and the entities without a seat whose countries it gives in
    groups whose countries it does not."""
    return [(v, c) for v, c in targets.groups.values() if c is not None] + [
        (v, c)
        for a, (v, c) in sorted(targets.entities.items())
        if c is not None
        and a in world.by_acronym
        and world.by_acronym[a].countries is None
        and targets.groups.get(world.by_acronym[a].group, (None, None))[1] is None
    ]


def _hosts_most(
    targets: Targets, world: World, people: list[Person], counted: list[tuple[int | None, int]]
) -> int | None:
    """The most countries the volunteers can serve in by their hosts: each ``counted`` host's
    (``_counted_hosts``), none shared, and the others' (``_others_countries``); None when some
    counted host's volunteers are not given."""
    if not all(v is not None for v, _c in counted):
        return None
    others = targets.volunteers - sum(v or 0 for v, _c in counted)
    return sum(c for _v, c in counted) + _others_countries(targets, world, people, others)


def _pieces(world: World, people: list[Person]) -> dict[str, list[Piece]]:
    by_region: dict[str, list[Piece]] = defaultdict(list)
    for person in people:
        groups = [person.slots] if person.repeat else [[slot] for slot in person.slots]
        for slots in groups:
            slot = slots[0]
            candidates = None
            flag = slot.flag
            if person.bound:
                where = world.bound_countries(person)
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
    counted = _counted_hosts(targets, world)
    hosts_most = _hosts_most(targets, world, people, counted)
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
        # every country served is some group's: no more than the groups with countries have (and
        # the entities without a seat with countries, in groups without), and one per volunteer of
        # the others
        if hosts_most is not None:
            most = hosts_most
            others = targets.volunteers - sum(v or 0 for v, _c in counted)
            if not others and len(counted) > 1:
                # at most, no two groups share a country, and a country of a group's missions or
                # seated entities can then hold no more free volunteers than the group has: leave
                # the others room to serve in those countries too
                most = min(most, max(max(hosts), nations, most - _bound_countries(targets, world, people)))
            wanted = max(sum(lows), min(wanted, most))
    if not sum(lows) <= wanted <= sum(highs):
        notes.conflict(
            f"onsite.countries_served {n(wanted)}: the volunteers placed in the regions can serve in "
            f"{n(sum(lows))} to {n(sum(highs))} countries ("
            + ", ".join(f"{r} {lo}-{h}" for r, lo, h in zip(names, lows, highs, strict=True))
            + ")"
        )
        return None
    highs, dense = dense_caps(targets, world, people, names, by_region, lows, highs, wanted)
    weights = [
        float(min(h, len(world.servable[r].get(True, [])) + len(world.servable[r].get(False, []))))
        for r, h in zip(names, highs, strict=True)
    ]
    chosen_freely = targets.countries is None
    # the countries that only missions may serve in are known once the missions' volunteers are in
    # their countries; when the homes planned cannot hold without them, the regions' countries are
    # chosen again with those countries shut (a split with more homes elsewhere may hold), and
    # chosen again without them shut if that cannot hold either (the nationalities step then names
    # the figure)
    shut: set[int] = set()
    redone = False
    raised = 0
    while True:
        found = _parts_choose(
            targets, world, people, names, (lows, highs), weights, dense, wanted, rng, notes, shut
        )
        if found is None:
            return None
        parts, new, trial, used = found
        if new is None and shut:
            shut = set()
            continue
        if new is None:
            break
        country_weight = {
            c: (len(world.stations[c]) if c in world.stations else 0.1) * math.exp(rng.gauss(0, 0.5))
            for c in sorted(world.countries)
        }
        ordered = sorted(parts, key=lambda k: (REGIONS.index(k[0]), not k[1]))
        for key in ordered:
            bound_place(parts[key], country_weight, rng)
        bound_groups_fit(parts, targets, world)
        bound_spread(parts, targets, world)
        closed = closed_countries(parts, targets, world)
        starved = {
            names.index(part.region)
            for part in parts.values()
            if any(not p.candidates for p in part.pieces) and all(c in closed for c in part.countries)
        }
        starved = {i for i in starved if lows[i] < highs[i]}
        if starved and raised < len(names) and sum(lows) + len(starved) <= wanted:
            # a part whose countries only missions may serve in leaves its free volunteers none: its
            # region takes one more country, and the regions' countries are chosen again
            for i in starved:
                lows[i] += 1
            raised += 1
            continue
        if closed:
            # the homes again, without the closed countries that have no mission's national
            # volunteer
            replanned = _plan_homes(targets, world, parts, Notes(), closed)
            if replanned is not None:
                new = replanned
            elif not redone:
                redone, shut = True, closed
                continue
        elif any(len(_bound_homes(part)) > part.homes for part in parts.values()):
            # the missions' national volunteers serve in more of their countries than the homes
            # planned from the first of them (a part that pins more of its missions' countries):
            # the homes again, as they were placed
            replanned = _plan_homes(targets, world, parts, Notes(), placed=True)
            if replanned is not None:
                new = replanned
        break
    notes.choices.extend(trial.choices)
    notes.conflicts.extend(trial.conflicts)
    if new is None:
        return None
    if chosen_freely:
        notes.choose(f"onsite.countries_served {n(used)}")
    # when the countries served (given or chosen) are as many as the hosts can have, no two of them
    # share a country
    apart = hosts_most is not None and wanted >= hosts_most
    demand, chosen = make_room(parts, country_weight, targets, world, closed, apart=apart)
    # a country chosen for a host of one country holds no more free volunteers than the hosts there
    # need: when every free volunteer serves a host with countries, more there could serve no one
    demands, _covered = host_demands(parts, targets, world)
    limit = {
        c: math.ceil(demand[c] - 1e-9)
        for h in demands
        if h.countries == 1
        for c in chosen.get(h.key, set())
        if c in demand
    }
    for key in ordered:
        part_assign(
            parts[key],
            country_weight,
            demand,
            rng,
            closed,
            limit,
            loose_homes=targets.nationalities is None,
            apart=apart,
        )
        part_untangle(parts[key])
    homes_free(parts, world)
    if any(not p.repeat and len(p.countries) < len(p.slots) for p in people):
        notes.conflict(
            "onsite.countries_served: the countries used leave some volunteer with both assignments "
            "in one country"
        )
        return None
    return CountryPlan(wanted, new, country_weight, chosen)


def _parts_choose(
    targets: Targets,
    world: World,
    people: list[Person],
    names: list[str],
    limits: tuple[list[int], list[int]],
    weights: list[float],
    dense: dict[str, int],
    wanted: int,
    rng: random.Random,
    notes: Notes,
    shut: set[int],
) -> tuple[dict[tuple[str, bool], Part], int | None, Notes, int] | None:
    """The countries of each region and their split between Global South and other countries, and
    the homes (``_plan_homes``, with the countries ``shut`` to free volunteers): the parts, the
    nationalities the international volunteers must add (None: the homes cannot hold), the notes
    of the homes and the countries used (more than ``wanted`` when the profile leaves them open and
    the homes need more). None, with a conflict, when a region cannot use its countries."""
    lows, highs = limits
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
            parts: dict[tuple[str, bool], Part] = {}
            trial = Notes()
            for region, count in zip(names, per_region, strict=True):
                if not _split_region(
                    world, region, by_region[region], count, parts, rng, homes_first, dense.get(region, 0)
                ):
                    notes.conflict(
                        f"onsite.countries_served: {region} cannot use {n(count)} countries for its "
                        "volunteers"
                    )
                    return None
            new = _plan_homes(targets, world, parts, trial, shut or None, placed=False)
            if new is not None:
                break
        if new is not None or not chosen_freely or wanted >= sum(highs):
            return parts, new, trial, wanted
        wanted += 1


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
    # a volunteer with two assignments in the region (not one repeated) serves in two of its
    # countries, whatever their flags
    both = any(n > 1 for n in Counter(id(p.person) for p in pieces).values())
    return max(low, 2 if both else 1 if pieces else 0), min(high, len(pieces))


def _split_region(
    world: World,
    region: str,
    pieces: list[Piece],
    count: int,
    parts: dict[tuple[str, bool], Part],
    rng: random.Random,
    homes_first: bool = False,
    dense: int = 0,
) -> bool:
    """Split the region's ``count`` countries between Global South and other countries (in
    proportion to the countries of each flag there are, or ``homes_first``: so that as many as can
    be have national volunteers), decide the flag of the assignments that may go to either, and
    choose the countries. When the region was taken for a host of one country with ``dense``
    volunteers (``room.dense_caps``), the split is one where a part can hold them in one country."""
    loose = [p for p in pieces if p.flag is None]
    rng.shuffle(loose)
    # a loose piece whose person has another assignment here outside the Global South goes to the
    # Global South countries first (two assignments of a person need two countries)
    others = {id(p.person) for p in pieces if p.flag is False}
    loose.sort(key=lambda p: id(p.person) not in others)
    bounds = flag_bounds(world, region, pieces)
    ks = bounds.split(count, homes_first=homes_first)
    if ks is None:
        return False
    to_false = bounds.loose_false(ks)
    if ks[False] < 2:
        # with one country outside the Global South, a loose piece whose person serves there too
        # goes to the Global South, unless the other countries need it
        apart = sum(1 for p in loose if id(p.person) not in others)
        to_false = max(ks[False] - bounds.coverable[False], min(to_false, apart))
    if dense:
        ks, to_false = dense_split(bounds, pieces, loose, count, ks, dense)
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
        rest = [c for c in _order(world, region, flag, rng) if c not in pinned]
        # more countries than the free volunteers and the entities' first countries can serve: the
        # missions' and seated entities' volunteers serve in more of their countries, one each
        bound = [p for p in part.pieces if p.candidates]
        free = len(part.pieces) - len(bound)
        reach = {c for p in bound for c in p.candidates or ()}
        for c in [c for c in rest if c in reach]:
            if len(pinned) + free >= ks[flag]:
                break
            if pinned_holders(bound, [*pinned, c]) is not None:
                pinned.append(c)
        order = pinned + [c for c in rest if c not in pinned]
        part.countries = order[: ks[flag]]
        part.pinned = pinned
        parts[(region, flag)] = part
    return True


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
        bounds = flag_bounds(world, name, by_region[name])
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


def _bound_homes(part: Part) -> set[int]:
    """The countries of a part where its missions' and seated entities' national volunteers were
    placed."""
    return {p.slots[0].country for p in part.pieces if p.national and p.candidates}


def _country(piece: Piece, placed: bool) -> int:
    """A mission's or seated entity's piece's country: where it was placed, or the first of its
    candidates."""
    assert piece.candidates
    return piece.slots[0].country if placed else piece.candidates[0]


def _plan_homes(
    targets: Targets,
    world: World,
    parts: dict[tuple[str, bool], Part],
    notes: Notes,
    closed: set[int] | None = None,
    *,
    placed: bool = True,
) -> int | None:
    """How many countries of each part have national volunteers, so that the nationalities add up:
    returns the number of nationalities the international volunteers must bring in addition. A
    ``closed`` country (``room.closed_countries``) is a home only if a mission's national volunteer
    serves there (``placed``: the missions' volunteers are in their countries already; else in
    the first of theirs, and every pinned country has one of them)."""
    lows, highs, keys = [], [], []
    for key, part in parts.items():
        national = [p for p in part.pieces if p.national]
        bound_homes = {_country(p, placed) for p in national if p.candidates}
        loose_national = sum(1 for p in national if not p.candidates)
        covered = {_country(p, placed) for p in part.pieces if p.candidates}
        if not placed:
            # every pinned country will have one of them (``dealing.bound_place``)
            covered |= set(part.pinned)
        international = sum(1 for p in part.pieces if not p.national and not p.candidates)
        shut = len([c for c in part.countries if c in (closed or set()) and c not in bound_homes])
        high = min(len(part.countries) - shut, len(bound_homes) + loose_national)
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
