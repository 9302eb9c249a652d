"""The regions flow: every assignment's region, by a flow that respects each region's volunteers,
where each kind of volunteer may serve (a national assignment needs the volunteer's own country,
so a region with Global South countries for Global South nationals), where each mission or seated
entity is, the volunteers serving in two regions, and the national volunteers the nationalities
may need (``HOMES_REGIONS``, ``HOMES_FLAGS``). ``regions.regions_plan`` decides what it is asked
for and in which order.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace

from mobilize.synthetic.generator.flow import INFINITE, BoundedFlow
from mobilize.synthetic.generator.plan import Person
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import REGIONS


def slot_flags(world: World, region: str, person: Person, slot_flag: bool | None) -> list[bool]:
    """The Global South flags of the countries where a slot of ``person`` may serve in ``region``."""
    if person.bound:
        countries = world.bound_countries(person)
        options = sorted({world.countries[c].gs for c in countries if world.region_of(c) == region})
    else:
        options = [flag for flag in (True, False) if world.servable.get(region, {}).get(flag)]
    return [f for f in options if slot_flag is None or f == slot_flag]


def fits_region(world: World, region: str, person: Person) -> bool:
    """Whether all of ``person``'s assignments can be in ``region`` (two assignments of different
    modalities need two countries there)."""
    if not all(slot_flags(world, region, person, s.flag) for s in person.slots):
        return False
    if len(person.slots) == 1 or person.repeat:
        return True
    countries = world.servable.get(region, {})
    first, second = person.slots[0].flag, person.slots[1].flag
    if first is not None and first == second:
        return len(countries.get(first, [])) >= 2
    return len(countries.get(True, [])) + len(countries.get(False, [])) >= 2


HOMES_NONE, HOMES_REGIONS, HOMES_FLAGS, HOMES_PARTS = 0, 1, 2, 3
"""How many national volunteers ``regions_plan`` places for the nationalities figure (``homes``):
none asked for; one in every region where one may serve; one of each Global South flag in every
region where one of that flag may serve (a part of a region's countries with no national volunteer
of its flag has no home, and an international volunteer who must serve in a country of that flag
there then leaves a country that is nobody's home); or, when a flag has fewer national volunteers
than regions where they may serve, the international volunteers who must serve in a country of
that flag only in regions that get one of them (``_parts_options``: every part of a region's
countries then has a home, which a nationalities figure as high as the countries allow needs)."""

SPREAD = 0.5
"""Each class of volunteers (those who may serve in the same regions) first gets at least this part
of its proportional share of each of its regions, so that, as in a real programme, every region has
volunteers of every kind that may serve there (national volunteers spread over the regions can come
from as many countries as the nationalities figure needs); without it the flow may fill one region
with one kind."""


@dataclass(frozen=True)
class Keep:
    """A region kept for a host of one country (``regions._dense_keep``): the part of its countries
    (Global South or not, ``flag``) that must hold the host's volunteers, and the most volunteers
    the region may have besides that part's free volunteers with one country (``room``: those
    serving in two regions, the missions' and seated entities', those with two countries and
    those who need the other part)."""

    flag: bool
    room: int


def place(
    bounds: dict[str, tuple[int, int]],
    people: list[Person],
    world: World,
    rng: random.Random,
    crossing: set[str] | None = None,
    homes: int = 0,
    caps: dict[str, int] | None = None,
    pair_caps: dict[frozenset[str], int] | None = None,
    keep: dict[str, Keep] | None = None,
) -> dict[str, int] | None:
    """Give every assignment a region; the volunteers of each region (each counted once) within
    its bounds, those who serve in two regions in two of ``crossing`` (None: any), the national
    volunteers ``homes`` asks for (``HOMES_REGIONS``, ``HOMES_FLAGS``), no more of those
    serving in two regions in a region than its ``caps``, nor in two regions than their
    ``pair_caps``, and room in each region ``keep`` names for its host of one country. Returns the
    volunteers by region, or None if impossible."""
    # the homes matter more than the spread: a region without national volunteers has no country
    # that can be a home, which the nationalities figure may need, while the spread is a preference.
    # When the homes of a level cannot all be had, as many as can (``_homes_grow``) come before
    # the level below.
    setting = _Setting(
        bounds, people, world, rng, crossing, dict(caps or {}), dict(pair_caps or {}), dict(keep or {})
    )
    tried: list[tuple[float, frozenset[Home], bool]] = []
    if homes >= HOMES_PARTS:
        placed = _place_parts(setting)
        if placed is not None:
            return placed
        homes = HOMES_FLAGS
    for level in range(homes, HOMES_NONE - 1, -1):
        by_flag = level >= HOMES_FLAGS
        keys = _home_keys(bounds, people, world, level)
        if level > HOMES_NONE and not keys:
            continue

        def holds(asked: frozenset[Home], spread: float, by_flag: bool = by_flag) -> bool:
            return _place_flow(setting, spread, asked, by_flag, setting.caps, {}, dry=True) is not None

        grown = keys if level == HOMES_NONE or holds(keys, 0.0) else _homes_grow(keys, holds)
        for asked, spread in ((keys, SPREAD), (keys, 0.0), (grown, SPREAD), (grown, 0.0)):
            if (spread, asked, by_flag) in tried or (level > HOMES_NONE and not asked):
                continue
            tried.append((spread, asked, by_flag))
            placed = _place_tier(setting, spread, asked, by_flag)
            if placed is not None:
                return placed
    return None


Home = tuple[str, bool | None]
"""A home ``regions_plan`` may ask for: a national volunteer in the region (flag None), or one of
that Global South flag in the region."""


def _home_keys(
    bounds: dict[str, tuple[int, int]], people: list[Person], world: World, level: int
) -> frozenset[Home]:
    """The homes a level asks for, where some national volunteer serving in one region may serve:
    the regions, and at ``HOMES_FLAGS`` the regions with each flag too."""
    if level == HOMES_NONE:
        return frozenset()
    keys: set[Home] = set()
    for person in people:
        slot = person.national_slot
        if person.crossing or slot is None:
            continue
        for region, (low, high) in bounds.items():
            if low > 0 and high > 0 and fits_region(world, region, person):
                keys.add((region, None))
                if level >= HOMES_FLAGS:
                    keys.add((region, slot.flag))
    return frozenset(keys)


def _homes_grow(keys: frozenset[Home], holds: Callable[[frozenset[Home], float], bool]) -> frozenset[Home]:
    """As many of the homes ``keys`` as the flow allows, taken one by one (the regions first, then
    the regions with a flag, in the regions' order), each kept if the flow still holds with it."""
    order = sorted(keys, key=lambda k: (k[1] is not None, REGIONS.index(k[0]), k[1] is False))
    asked: frozenset[Home] = frozenset()
    for key in order:
        if holds(asked | {key}, 0.0):
            asked = asked | {key}
    return asked


def _place_parts(setting: _Setting) -> dict[str, int] | None:
    """``HOMES_PARTS``: the regions of each flag's national volunteers chosen (``_parts_options``),
    the international volunteers who must serve in a country of that flag only there, and a national
    volunteer of the flag asked for in each."""
    base = _home_keys(setting.bounds, setting.people, setting.world, HOMES_FLAGS)
    for only in _parts_options(setting, base):
        narrowed = replace(setting, only=only)
        asked = frozenset(k for k in base if k[1] is None or k[1] not in only or k[0] in only[k[1]])
        if _place_flow(narrowed, 0.0, asked, True, narrowed.caps, {}, dry=True) is None:
            continue
        for spread in (SPREAD, 0.0):
            placed = _place_tier(narrowed, spread, asked, True)
            if placed is not None:
                return placed
    return None


PARTS_OPTIONS = 64
"""The most choices of regions for the national volunteers ``_place_parts`` tries."""


def _parts_options(setting: _Setting, keys: frozenset[Home]) -> list[dict[bool, frozenset[str]]]:
    """For each flag with fewer national volunteers (serving in one region) than regions where they
    may serve, the sets of those regions they can cover (the largest first, in the regions' order);
    every combination across the flags, at most ``PARTS_OPTIONS``."""
    per_flag: dict[bool, list[frozenset[str]]] = {}
    for flag in (True, False):
        regions = [r for r in REGIONS if (r, flag) in keys]
        count = sum(
            1
            for p in setting.people
            if not p.crossing and p.national_slot is not None and p.national_slot.flag is flag
        )
        if 0 < count < len(regions):
            per_flag[flag] = [
                frozenset(c) for size in range(count, 0, -1) for c in itertools.combinations(regions, size)
            ]
    if not per_flag:
        return []
    flags = sorted(per_flag)
    return [
        dict(zip(flags, combo, strict=True))
        for combo in itertools.islice(itertools.product(*(per_flag[f] for f in flags)), PARTS_OPTIONS)
    ]


def _within(setting: _Setting, region: str, person: Person, slot_flag: bool | None, national: bool) -> bool:
    """Whether an assignment may be in ``region`` under ``_Setting.only``: an international one that
    must serve in a country of a flag listed there only in the regions given for it."""
    if national or person.bound or slot_flag is None or slot_flag not in setting.only:
        return True
    return region in setting.only[slot_flag]


@dataclass(frozen=True)
class _Setting:
    """What every solve of one ``place`` shares: the arguments it was given."""

    bounds: dict[str, tuple[int, int]]
    people: list[Person]
    world: World
    rng: random.Random
    crossing: set[str] | None
    caps: dict[str, int]
    pair_caps: dict[frozenset[str], int]
    keep: dict[str, Keep]
    only: dict[bool, frozenset[str]] = field(default_factory=dict)
    """``HOMES_PARTS``: the regions where the international assignments of each flag may be."""


def _place_tier(
    setting: _Setting, spread: float, homes: frozenset[Home], by_flag: bool
) -> dict[str, int] | None:
    """One tier of ``place``: the flow solved again, with fewer volunteers serving in two regions
    in a region where they could not be paired within ``pair_caps`` (each solve places every
    assignment)."""
    local = dict(setting.caps)
    for _retry in range(PAIR_RETRIES):
        placed = _place_flow(setting, spread, homes, by_flag, local, dict(setting.pair_caps))
        if not isinstance(placed, tuple):
            return placed
        region, there = placed
        local[region] = min(local.get(region, INFINITE), there - 1)
        if local[region] < 0:
            return None
    return None


PAIR_RETRIES = 8
"""Solves of the regions flow with lowered caps before the placement is given up."""


def _place_flow(
    setting: _Setting,
    spread: float,
    homes: frozenset[Home],
    by_flag: bool,
    caps: dict[str, int],
    pair_room: dict[frozenset[str], int],
    dry: bool = False,
) -> dict[str, int] | tuple[str, int] | None:
    """The regions flow: ``homes`` the national volunteers it must place (``Home``), reached through
    a node of each region and flag when ``by_flag``, within ``caps`` and ``pair_room`` (lowered by
    ``_place_tier``); ``dry``: only whether it holds (an empty dict), leaving the assignments and
    the ``rng`` untouched."""
    bounds, people, world, rng, crossing = (
        setting.bounds,
        setting.people,
        setting.world,
        setting.rng,
        setting.crossing,
    )
    flow = BoundedFlow()
    names = [r for r in REGIONS if r in bounds]
    sinks = {region: flow.edge(("r", region), "sink", *bounds[region]) for region in names}
    # volunteers by the regions they may serve in, the flag of their national assignment's country
    # (None: international only) and, when a region is kept for a host of one country, what part of
    # a region they may serve in alone (``_alone``)
    classes: dict[tuple[tuple[str, ...], bool | None, str], list[Person]] = {}
    halves: dict[str, list[Person]] = {}
    for person in people:
        if person.crossing:
            halves.setdefault(person.kind, []).append(person)
        else:
            where = tuple(
                r
                for r in names
                if bounds[r][1] > 0
                and fits_region(world, r, person)
                and all(_within(setting, r, person, s.flag, s.national) for s in person.slots)
            )
            slot = person.national_slot
            alone = _alone(person) if setting.keep else ""
            classes.setdefault((where, None if slot is None else slot.flag, alone), []).append(person)

    # the homes asked for: a national volunteer in the region, or one of the flag there (its
    # countries can then be some national volunteer's home, which the nationalities may need)
    via: dict[Home, Hashable] = {}
    for region in names:
        if by_flag:
            flags = [
                f for f in (True, False) if any(f == flag and region in fits for fits, flag, _a in classes)
            ]
            if flags:
                flow.edge(("n", (region, None)), ("r", region), int((region, None) in homes), INFINITE)
            for gs in flags:
                via[(region, gs)] = ("n", (region, gs))
                flow.edge(via[(region, gs)], ("n", (region, None)), int((region, gs) in homes), INFINITE)
        elif (region, None) in homes:
            via[(region, True)] = via[(region, False)] = ("n", (region, None))
            flow.edge(("n", (region, None)), ("r", region), 1, INFINITE)
    # a region kept for a host of one country takes its other volunteers through one node, within
    # its room (they then count for no home: the homes are a preference, the host a figure)
    for region, kept in setting.keep.items():
        if region in names:
            flow.edge(("d", region), ("r", region), 0, kept.room)
    edges: list[tuple[int, tuple[tuple[str, ...], bool | None, str], str]] = []
    for key, members in classes.items():
        flow.edge("source", ("class", key), len(members), len(members))
        fits, flag, alone = key
        room = sum(bounds[r][0] for r in fits)
        for region in fits:
            low = math.floor(spread * len(members) * bounds[region][0] / room) if room else 0
            target = via.get((region, flag), ("r", region)) if flag is not None else ("r", region)
            part = setting.keep.get(region)
            if part is not None and alone not in ("*", "T" if part.flag else "F"):
                target = ("d", region)
            edges.append((flow.edge(("class", key), target, low, INFINITE), key, region))
    half_edges: list[tuple[int, str, int, str]] = []
    for kind, members in halves.items():
        sample = members[0]
        for side in (0, 1):
            flow.edge("source", ("half", kind, side), len(members), len(members))
            for region in names:
                if (
                    bounds[region][1] > 0
                    and (crossing is None or region in crossing)
                    and slot_flags(world, region, sample, sample.slots[side].flag)
                    and _within(setting, region, sample, sample.slots[side].flag, sample.slots[side].national)
                ):
                    half_edges.append(
                        (
                            flow.edge(("half", kind, side), ("kr", kind, region), 0, len(members)),
                            kind,
                            side,
                            region,
                        )
                    )
        for region in names:
            if ("kr", kind, region) in flow.nodes:
                flow.edge(("kr", kind, region), ("x", region), 0, len(members))
    for region in names:
        if ("x", region) in flow.nodes:
            through = ("d", region) if region in setting.keep else ("r", region)
            flow.edge(("x", region), through, 0, caps.get(region, INFINITE))
    solution = flow.solve()
    if solution is None:
        return None
    if dry:
        return {}
    for members in classes.values():
        rng.shuffle(members)
    queues = {key: list(members) for key, members in classes.items()}
    for edge_id, key, region in edges:
        for _ in range(solution[edge_id]):
            for slot in queues[key].pop().slots:
                slot.region = region
    for kind, members in halves.items():
        sides: list[list[str]] = [[], []]
        for edge_id, k, side, region in half_edges:
            if k == kind:
                sides[side].extend([region] * solution[edge_id])
        pairs = _pair_distinct(sides[0], sides[1], rng, pair_room)
        if isinstance(pairs, tuple):
            return pairs
        rng.shuffle(members)
        for person, (first, second) in zip(members, pairs, strict=True):
            person.slots[0].region, person.slots[1].region = first, second
    return {region: solution[edge] for region, edge in sinks.items()}


def _alone(person: Person) -> str:
    """Where a volunteer may serve alone in one country, for a host of one country: "T" in the
    Global South, "F" outside it, "*" either; "-" not at all (a mission's or seated entity's
    volunteer, or one with assignments in two countries)."""
    if person.bound or not person.one_country:
        return "-"
    flag = person.slots[0].flag
    return "*" if flag is None else "T" if flag else "F"


def _pair_distinct(
    first: list[str], second: list[str], rng: random.Random, room: dict[frozenset[str], int] | None = None
) -> list[tuple[str, str]] | tuple[str, int]:
    """Pair two equally long lists of regions so that no pair has the same region twice (possible
    when no region holds more than half of the two lists together) and no two regions have more
    pairs than their ``room`` (``_pair_caps``, lowered as pairs are made). When it cannot, returns
    the region left unpaired and how many of the two lists are in it."""
    left, right = Counter(first), Counter(second)
    room = {} if room is None else room
    pairs = []
    while left:
        region = max(left, key=lambda r: (left[r] + right[r], r))
        options = [
            r
            for r in right
            if right[r] > 0 and r != region and room.get(frozenset((region, r)), INFINITE) > 0
        ]
        if not options:
            return region, first.count(region) + second.count(region)
        choice = max(options, key=lambda r: (left[r] + right[r], r))
        pairs.append((region, choice))
        if frozenset((region, choice)) in room:
            room[frozenset((region, choice))] -= 1
        for counter, key in ((left, region), (right, choice)):
            counter[key] -= 1
            if not counter[key]:
                del counter[key]
    rng.shuffle(pairs)
    return pairs
