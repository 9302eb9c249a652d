"""Where missions fit: how many volunteers the regions of a mission's countries can take (``mission_room``),
what the missions already chosen put there (``mission_charge``, a ``load`` by region), the missions of a
type that can hold its volunteers (``missions_covering``) and the order the generator prefers them in
(``mission_order``). ``hosts.entities_choose`` decides with these which missions serve.
"""

from __future__ import annotations

from collections import Counter

from mobilize.synthetic.generator.plan import KIND_SLOTS
from mobilize.synthetic.generator.room import one_country_entities
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import EntityInfo, World

MISSION_SHARES = (0.8, 1.0)
"""The share of a region's volunteers its missions may take: the first, unless host_entities_served
then leaves too few entities for the missions the volunteers need."""


FREE = "*"
"""The regions the profile does not give, taken as one area: together they hold the volunteers the
regions given leave, however those are spread among them (``regions._free_sizes`` decides)."""


def _area(targets: Targets, region: str) -> str:
    """The area whose room a mission in ``region`` takes: the region when the profile gives it (or
    gives no region at all), else ``FREE``."""
    return region if region in targets.regions or not targets.regions else FREE


def _capacity(targets: Targets, area: str) -> int | None:
    """The volunteers of an area (None: not bounded by any figure). The regions not given hold at
    least the volunteers the regions given leave; more only with volunteers serving in two regions,
    which are few, so that is their room."""
    if area != FREE:
        return targets.regions.get(area)
    return max(0, targets.volunteers - sum(targets.regions.values()))


def _areas(world: World, targets: Targets, entity: EntityInfo) -> list[str]:
    return sorted({_area(targets, world.region_of(c)) for c in entity.countries or ()})


def _area_load(targets: Targets, area: str, load: dict[str, float]) -> float:
    return sum(volunteers for region, volunteers in load.items() if _area(targets, region) == area)


Reserve = dict[tuple[str, bool | None], int]
"""For an area and a Global South flag, how many of the area's volunteers must serve there in
countries of that flag (``flag_reserve``): no mission without such a country there can take them.
With the flag None, how many no mission there can take (``dense_reserve``)."""


def flag_reserve(world: World, targets: Targets, kinds: Counter[str]) -> Reserve:
    """What each area must keep for the volunteers whose assignments need a country of one flag:
    those the other areas with such countries cannot hold, by the regions' figures. A Global
    South national serving abroad outside the Global South, say, can only serve where there are
    countries outside it; when only Europe and CIS has them among the regions given, all such
    volunteers are among Europe and CIS's, and a mission in Turkmenistan cannot take their part of
    the region."""
    reserve: Reserve = {}
    for flag in (True, False):
        wanted = sum(c for kind, c in kinds.items() if any(f is flag for _national, f in KIND_SLOTS[kind]))
        areas = sorted({_area(targets, r) for r in world.servable if world.servable[r].get(flag)})
        for area in areas:
            others = [_capacity(targets, a) for a in areas if a != area]
            if wanted <= 0 or any(c is None for c in others):
                continue
            elsewhere = sum(c for c in others if c is not None)
            if wanted > elsewhere:
                reserve[(area, flag)] = wanted - elsewhere
    return reserve


def dense_reserve(world: World, targets: Targets, load: dict[str, float]) -> Reserve:
    """What an area keeps for a host of one country whose volunteers are all free (an entity
    without a seat, or a group none of whose entities has one) when it is the only area given
    with room for them beside the named missions' ``load``: they serve there alone, in one country,
    so no mission there can take them (WFP's 15 in one country, with africa's 18 beside MONUSCO's
    12 named, keep arab_states's 18 from taking UNAMI's and UNITAMS's 4). The most first."""
    if not targets.regions:
        return {}
    hosts = [v for _entity, v in one_country_entities(targets, world)] + [
        v
        for code, (v, c) in targets.groups.items()
        if c == 1 and v and not any(world.entities[e].countries for e in world.groups.get(code, []))
    ]
    areas = sorted({_area(targets, r) for r in world.servable})
    held: dict[str, int] = {}
    for volunteers in sorted(hosts, reverse=True):
        room = {
            a: (_capacity(targets, a) or 0) - _area_load(targets, a, load) - held.get(a, 0) for a in areas
        }
        fits = [a for a in areas if room[a] >= volunteers]
        if len(fits) == 1:
            held[fits[0]] = held.get(fits[0], 0) + volunteers
    return {(area, None): volunteers for area, volunteers in held.items()}


def _held(world: World, targets: Targets, entity: EntityInfo, area: str, reserve: Reserve | None) -> int:
    """The part of ``area``'s volunteers that ``entity`` cannot take: those reserved for a flag
    none of its countries there has, and those reserved for a host of one country."""
    if not reserve:
        return 0
    flags = {
        world.countries[c].gs for c in entity.countries or () if _area(targets, world.region_of(c)) == area
    }
    return reserve.get((area, None), 0) + sum(
        reserve.get((area, flag), 0) for flag in (True, False) if flag not in flags
    )


def _area_room(
    world: World,
    targets: Targets,
    entity: EntityInfo,
    area: str,
    load: dict[str, float],
    share: float,
    reserve: Reserve | None,
) -> float:
    """What ``area`` has left for ``entity``: a ``share`` of its volunteers and never what it keeps
    in its ``reserve`` for volunteers the entity cannot take, less the ``load`` there."""
    capacity = _capacity(targets, area)
    if capacity is None:
        return 10.0**9
    held = _held(world, targets, entity, area, reserve)
    return min(capacity * share, capacity - held) - _area_load(targets, area, load)


def mission_tiers(
    world: World,
    targets: Targets,
    missions: list[EntityInfo],
    given_regions: set[str],
    reserve: Reserve | None = None,
) -> tuple[list[EntityInfo], list[EntityInfo], list[EntityInfo]]:
    """Missions in the generator's order of preference, in three tiers: weighted ones in the
    regions given with Global South countries (whose nationals most volunteers are), by the room
    their regions have; the others there, by room; then the rest, by weight."""

    def seat_in_given(e: EntityInfo) -> bool:
        return any(world.region_of(c) in given_regions for c in e.countries or ())

    def rank(e: EntityInfo) -> tuple[float, str]:
        return -min(float(e.weight), mission_room(world, targets, e, reserve=reserve) / 10), e.acronym

    def major(e: EntityInfo) -> bool:
        return e.weight > 1 and seat_in_given(e) and any(world.countries[c].gs for c in e.countries or ())

    return (
        sorted((e for e in missions if major(e)), key=rank),
        sorted((e for e in missions if not major(e) and seat_in_given(e)), key=rank),
        sorted((e for e in missions if not seat_in_given(e)), key=lambda e: (-e.weight, e.acronym)),
    )


def mission_order(
    world: World,
    targets: Targets,
    missions: list[EntityInfo],
    given_regions: set[str],
    reserve: Reserve | None = None,
) -> list[EntityInfo]:
    """The missions' tiers (``mission_tiers``) one after the other."""
    major, given, rest = mission_tiers(world, targets, missions, given_regions, reserve)
    return major + given + rest


def missions_covering(
    world: World,
    targets: Targets,
    missions: list[EntityInfo],
    units: int,
    load: dict[str, float] | None = None,
    kinds: Counter[str] | None = None,
    share: float = MISSION_SHARES[0],
    reserve: Reserve | None = None,
    nationals: int = 0,
) -> list[EntityInfo]:
    """The fewest missions (of one type, in their order of preference) whose regions can take
    ``units`` volunteers besides the ``load`` other missions put there (charged with these units):
    the first that can take what is left, or else the roomiest, until they can. With the volunteers'
    ``kinds``, a mission only outside the Global South takes no more than the volunteers who may
    serve there (nationals of its country, international volunteers of any kind but those of the
    Global South serving in it), and while the type's ``nationals`` (those the named missions do
    not take) are more than the national volunteers from outside the Global South, only missions
    in the Global South are chosen (a national volunteer serves in their own country). Each region
    keeps its ``reserve``."""
    load = load if load is not None else {}
    outside = kinds["NN"] + kinds["GX"] + kinds["NI"] if kinds is not None else 10**9
    south_nationals = max(0, nationals - kinds["NN"]) if kinds is not None else 0
    chosen: list[EntityInfo] = []
    left = units

    def north(e: EntityInfo) -> bool:
        return not any(world.countries[c].gs for c in e.countries or ())

    while left > 0 and len(chosen) < min(units, len(missions)):
        rest = [e for e in missions if e not in chosen]
        if south_nationals > 0 and any(not north(e) for e in rest):
            rest = [e for e in rest if not north(e)]
        space = {
            e.id: min(mission_room(world, targets, e, load, share, reserve), outside)
            if north(e)
            else mission_room(world, targets, e, load, share, reserve)
            for e in rest
        }
        entity = next((e for e in rest if space[e.id] >= left), None) or max(rest, key=lambda e: space[e.id])
        chosen.append(entity)
        taken = min(left, max(1, space[entity.id]))
        mission_charge(world, entity, taken, load)
        if north(entity):
            outside -= taken
        else:
            south_nationals -= taken
        left -= taken
    return chosen


def mission_rooms(
    world: World,
    targets: Targets,
    entities: list[EntityInfo],
    load: dict[str, float],
    reserve: Reserve | None = None,
) -> dict[int, int]:
    """The room of each mission: what its areas have left after ``load`` and their ``reserve``
    (of ``MISSION_SHARES[0]`` of their volunteers), shared evenly with the other missions of
    ``entities`` there."""
    areas = {e.id: _areas(world, targets, e) for e in entities}
    sharing = Counter(a for e in entities for a in areas[e.id])
    return {
        e.id: sum(
            max(0, int(_area_room(world, targets, e, a, load, MISSION_SHARES[0], reserve) / sharing[a]))
            for a in areas[e.id]
        )
        for e in entities
    }


def mission_charge(world: World, entity: EntityInfo, volunteers: float, load: dict[str, float]) -> None:
    """Count a mission's volunteers in its regions (shared evenly)."""
    regions = sorted({world.region_of(c) for c in entity.countries or ()})
    for region in regions:
        load[region] = load.get(region, 0.0) + volunteers / len(regions)


def mission_room(
    world: World,
    targets: Targets,
    entity: EntityInfo,
    load: dict[str, float] | None = None,
    share: float = MISSION_SHARES[0],
    reserve: Reserve | None = None,
) -> int:
    """How many volunteers the areas of a seated entity's countries can take (a ``share`` of an
    area's volunteers may serve a mission there: most, not all, and never what the area keeps in
    its ``reserve`` for volunteers the entity cannot take), less the ``load`` of other missions
    there."""
    load = load or {}
    return sum(
        min(10**9, max(0, int(_area_room(world, targets, entity, a, load, share, reserve))))
        for a in _areas(world, targets, entity)
    )
