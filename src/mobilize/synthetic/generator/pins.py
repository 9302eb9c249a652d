"""Where the volunteers of a mission of two regions serve when their host group's countries are
given. UNISFA serves in Sudan (Arab States) and South Sudan (Africa); left to itself, the regions
step spreads its volunteers over both regions or gathers them into one as its flow finds, and the
countries step can only move volunteers within a region. A group of few countries then gets one
country too many (UNISFA in both, beside two other missions, for a group of three countries), or
one too few (UNISFA in one, when the group's other volunteers serve one entity in one country).

So, before the regions are planned, each such mission is given the regions its volunteers may
serve in (``Person.within``), chosen among those with which the group's countries can hold, and
one volunteer is pinned to each of them when there are several. When every choice can hold, the
volunteers are left free.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass

from mobilize.synthetic.generator.flow import one_each
from mobilize.synthetic.generator.plan import Person
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World

Unit = tuple[tuple[int, ...], int]
"""Countries a set of a group's bound volunteers may serve in, and how many they are."""

_PRODUCT_LIMIT = 50_000


def group_band(targets: Targets, world: World, code: str, bound: int) -> tuple[int, int]:
    """How many countries the ``bound`` volunteers of group ``code`` (its missions' and seated
    entities') must cover, at least and at most, for the group's countries to hold: the group's
    other volunteers add one country each at most, or their entity's countries where the profile
    gives them (its volunteers serve in exactly that many), and may all serve where the bound ones
    do. ``(0, 0)`` when the profile does not give the group's countries."""
    wanted = targets.groups.get(code, (None, None))[1]
    if wanted is None:
        return 0, 0
    return max(1, group_short(targets, world, code, bound)), wanted


def group_short(targets: Targets, world: World, code: str, bound: int) -> int:
    """The countries of group ``code`` that its other volunteers cannot reach beside the ``bound``
    ones (``group_band``; 0 or less: none), 0 when the profile does not give them."""
    volunteers, wanted = targets.groups.get(code, (None, None))
    if volunteers is None or wanted is None:
        return 0
    left = volunteers - bound
    reach = 0
    for eid in world.groups.get(code, []):
        entity = world.entities[eid]
        count, countries = targets.entities.get(entity.acronym, (None, None))
        if countries is None or entity.countries is not None:
            continue
        reach += countries
        left -= count if count is not None else countries
    return wanted - reach - max(0, left)


def one_region_load(world: World, people: list[Person]) -> dict[str, int]:
    """The bound volunteers whose entity serves in one region, by region."""
    load: dict[str, int] = defaultdict(int)
    for person in people:
        if person.bound:
            where = {world.region_of(c) for c in world.bound_countries(person)}
            if len(where) == 1:
                load[where.pop()] += 1
    return load


@dataclass
class _Choices:
    """A group's missions of several regions (``multi``), their volunteers and regions, the
    combinations of regions they may serve in and those with which the group's countries and the
    regions' volunteers can hold (``good``)."""

    multi: list[int]
    by_entity: dict[int, list[Person]]
    regions: dict[int, dict[str, tuple[int, ...]]]
    combos: list[tuple[tuple[str, ...], ...]]
    good: list[tuple[tuple[str, ...], ...]]


def _choices(
    targets: Targets, world: World, people: list[Person], code: str, load: dict[str, int]
) -> _Choices | None:
    """None when the profile does not give the group's countries or it has no mission of several
    regions."""
    members = [p for p in people if p.bound and world.entities[p.entity].group == code]
    least, most = group_band(targets, world, code, len(members))
    if not members or not most:
        return None
    by_entity: dict[int, list[Person]] = defaultdict(list)
    for person in members:
        by_entity[person.entity].append(person)
    regions = {eid: _by_region(world, eid) for eid in by_entity}
    multi = sorted(eid for eid, parts in regions.items() if len(parts) > 1)
    if not multi:
        return None
    fixed: list[Unit] = [
        (world.entities[eid].countries or (), len(persons))
        for eid, persons in sorted(by_entity.items())
        if eid not in multi
    ]
    options = [_options(world, regions[eid], by_entity[eid]) for eid in multi]
    combos = list(itertools.product(*options))
    good = [
        c
        for c in combos
        if _holds(fixed, multi, c, regions, by_entity, least, most)
        and _room(targets, load, multi, c, by_entity)
    ]
    return _Choices(multi, by_entity, regions, combos, good)


def pins_blocked(*, targets: Targets, world: World, people: list[Person]) -> set[int]:
    """The missions of several regions of the groups whose countries the profile gives for which
    no choice of regions can hold (the group's countries, or the regions' volunteers): with the
    missions as bound, the plan cannot hold, and another choice of missions may."""
    load = one_region_load(world, people)
    blocked: set[int] = set()
    for code in sorted(targets.groups):
        found = _choices(targets, world, people, code, load)
        if found is not None and not found.good:
            blocked.update(found.multi)
    return blocked


def bound_pins(*, targets: Targets, world: World, people: list[Person], rng: random.Random) -> None:
    """Narrow the volunteers of the missions of several regions of each group whose countries the
    profile gives to the regions with which the group's countries can hold (``Person.within``),
    and whose volunteers the regions can hold."""
    load = one_region_load(world, people)
    for code in sorted(targets.groups):
        found = _choices(targets, world, people, code, load)
        if found is None or not found.good or len(found.good) == len(found.combos):
            continue
        combo = rng.choice(found.good)
        for eid, chosen in zip(found.multi, combo, strict=True):
            _pin(world, found.by_entity[eid], {r: found.regions[eid][r] for r in chosen}, rng)
            for region, count in _least_load(chosen, len(found.by_entity[eid])).items():
                load[region] += count


def _least_load(chosen: tuple[str, ...], persons: int) -> dict[str, int]:
    """The volunteers an entity's ``persons`` surely put in each of its ``chosen`` regions: all of
    them in its one region, one in each of several."""
    return {chosen[0]: persons} if len(chosen) == 1 else dict.fromkeys(chosen, 1)


def _room(
    targets: Targets,
    load: dict[str, int],
    multi: list[int],
    combo: tuple[tuple[str, ...], ...],
    by_entity: dict[int, list[Person]],
) -> bool:
    """Whether the regions the profile gives can hold the volunteers the choice puts there, beside
    those of the missions and seated entities of one region."""
    total = dict(load)
    for eid, chosen in zip(multi, combo, strict=True):
        for region, count in _least_load(chosen, len(by_entity[eid])).items():
            total[region] = total.get(region, 0) + count
    return all(count <= targets.regions.get(region, count) for region, count in total.items())


def _by_region(world: World, eid: int) -> dict[str, tuple[int, ...]]:
    parts: dict[str, list[int]] = defaultdict(list)
    for country in world.entities[eid].countries or ():
        parts[world.region_of(country)].append(country)
    return {region: tuple(countries) for region, countries in sorted(parts.items())}


def _can_serve(world: World, person: Person, countries: tuple[int, ...]) -> bool:
    return all(
        any(slot.flag is None or world.countries[c].gs == slot.flag for c in countries)
        for slot in person.slots
    )


def _options(world: World, parts: dict[str, tuple[int, ...]], persons: list[Person]) -> list[tuple[str, ...]]:
    """The sets of regions the entity's volunteers can serve in: each region with one of them who
    can serve there, every one of them somewhere, no more regions than volunteers."""
    found = []
    names = sorted(parts)
    for size in range(1, min(len(names), len(persons)) + 1):
        for chosen in itertools.combinations(names, size):
            allowed = tuple(c for r in chosen for c in parts[r])
            if not all(_can_serve(world, p, allowed) for p in persons):
                continue
            if _assign_one_each(world, persons, {r: parts[r] for r in chosen}) is not None:
                found.append(chosen)
    return found


def _holds(
    fixed: list[Unit],
    multi: list[int],
    combo: tuple[tuple[str, ...], ...],
    regions: dict[int, dict[str, tuple[int, ...]]],
    by_entity: dict[int, list[Person]],
    least: int,
    most: int,
) -> bool:
    """Whether the group's bound volunteers, with the multi-region entities in the regions of
    ``combo``, can cover between ``least`` and ``most`` countries: the fewest is one country for
    each entity and each of its regions, the most every country they may serve in, one per volunteer."""
    singles: list[tuple[int, ...]] = [countries for countries, _count in fixed]
    spans: list[Unit] = list(fixed)
    for eid, chosen in zip(multi, combo, strict=True):
        singles += [regions[eid][r] for r in chosen]
        spans.append((tuple(c for r in chosen for c in regions[eid][r]), len(by_entity[eid])))
    everywhere = {c for countries, _count in spans for c in countries}
    highest = min(len(everywhere), sum(min(count, len(countries)) for countries, count in spans))
    return _fewest(singles) <= most and highest >= least


def _fewest(units: list[tuple[int, ...]]) -> int:
    """The fewest distinct countries that give each unit one of its own (exact for the handful of
    missions a group has; greedy past ``_PRODUCT_LIMIT`` choices)."""
    size = 1
    for countries in units:
        size *= max(1, len(countries))
    if size <= _PRODUCT_LIMIT:
        return min((len(set(pick)) for pick in itertools.product(*units)), default=0)
    chosen: set[int] = set()
    for countries in sorted(units, key=len):
        if not chosen.intersection(countries):
            chosen.add(max(countries, key=lambda c: sum(c in u for u in units)))
    return len(chosen)


def _assign_one_each(
    world: World, persons: list[Person], parts: dict[str, tuple[int, ...]]
) -> dict[str, Person] | None:
    """A different volunteer for each region of ``parts``, able to serve there, or None."""
    return one_each(list(parts), persons, lambda region, person: _can_serve(world, person, parts[region]))


def _pin(world: World, persons: list[Person], parts: dict[str, tuple[int, ...]], rng: random.Random) -> None:
    shuffled = list(persons)
    rng.shuffle(shuffled)
    allowed = tuple(c for countries in parts.values() for c in countries)
    for person in shuffled:
        person.within = allowed
    if len(parts) > 1:
        chosen = _assign_one_each(world, shuffled, parts)
        assert chosen is not None  # an option only when such volunteers exist
        for region, person in chosen.items():
            person.within = parts[region]
