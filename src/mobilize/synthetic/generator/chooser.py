"""Which entities serve, within the units of each bucket (a mission type's volunteers, or a host
group's entities), and the missions a host group whose countries are given needs to reach them.
``hosts.entities_choose`` uses them."""

from __future__ import annotations

from collections.abc import Callable

from mobilize.synthetic.generator.pins import group_short
from mobilize.synthetic.generator.targets import MISSION_TYPES, Targets
from mobilize.synthetic.generator.world import EntityInfo, World


class Chooser:
    """Chooses the entities that serve, within the units each bucket (mission type or group) has."""

    def __init__(self, units: dict[str, int]) -> None:
        self.units = units
        self.chosen: dict[str, list[EntityInfo]] = {bucket: [] for bucket in units}

    def count(self) -> int:
        return sum(len(v) for v in self.chosen.values())

    def add(self, bucket: str, entity: EntityInfo) -> bool:
        if len(self.chosen[bucket]) >= self.units[bucket] or entity in self.chosen[bucket]:
            return False
        self.chosen[bucket].append(entity)
        return True


def bucket_of(entity: EntityInfo) -> str:
    return f"type:{entity.type}" if entity.type in MISSION_TYPES else f"group:{entity.group}"


def least_countries(entities: list[EntityInfo], start: set[int] | None = None) -> dict[str, set[int]]:
    """For each group, countries that its missions and seated entities among ``entities`` serve in
    at the least: one for each, one already counted where it can."""
    least: dict[str, set[int]] = {}
    for entity in entities:
        if entity.countries:
            here = least.setdefault(entity.group, set(start or ()))
            if not here & set(entity.countries):
                here.add(entity.countries[0])
    return least


def reach_group_countries(
    *,
    targets: Targets,
    world: World,
    named: dict[int, int],
    chooser: Chooser,
    priority: list[EntityInfo],
    room: Callable[[EntityInfo], int],
    extra: int | None,
    charge: Callable[[EntityInfo], None],
) -> None:
    """Add missions to a host group whose countries the profile gives when its missions and seated
    entities cannot reach enough of them: its other volunteers add one country each at most, so the
    missions must cover the rest (a group of missions only, of three countries, needs missions in
    three countries; an entity whose countries the profile gives adds exactly those,
    ``pins.group_short``), counted by the countries their volunteers can cover (``group_reach``: a mission of
    two countries with one volunteer covers one). Missions with room in their regions come first; at
    most ``extra`` are added (the entities host_entities_served leaves)."""
    for code, (volunteers, countries) in sorted(targets.groups.items()):
        if volunteers is None or countries is None:
            continue
        bucket_kinds = {f"type:{e.type}" for e in world.entities.values() if e.group == code} & {
            f"type:{k}" for k in MISSION_TYPES
        }
        seated = [
            world.entities[eid]
            for eid, vol in named.items()
            if vol > 0 and world.entities[eid].group == code and world.entities[eid].countries is not None
        ]
        missions = [e for b in sorted(bucket_kinds) for e in chooser.chosen.get(b, [])]
        bound = (
            sum(named.get(e.id, 0) for e in seated if e.type not in MISSION_TYPES)
            + sum(chooser.units.get(b, 0) for b in bucket_kinds)
            + sum(vol for eid, vol in named.items() if f"type:{world.entities[eid].type}" in bucket_kinds)
        )
        need = group_short(targets, world, code, bound)

        reach, count = group_reach(seated, named, chooser.units, bucket_kinds, missions)
        options = [e for e in priority if bucket_of(e) in bucket_kinds]
        options.sort(key=lambda e: room(e) < 1)
        for entity in options:
            if count >= need or (extra is not None and extra <= 0):
                break
            if set(entity.countries or ()) <= reach:
                continue
            bucket = bucket_of(entity)
            if group_reach(seated, named, chooser.units, bucket_kinds, [*missions, entity])[1] <= count:
                continue
            if chooser.add(bucket, entity):
                missions.append(entity)
                reach, count = group_reach(seated, named, chooser.units, bucket_kinds, missions)
                charge(entity)
                if extra is not None:
                    extra -= 1
        # no entity left to add: swap a mission for one of more countries
        for entity in options:
            if count >= need:
                break
            bucket = bucket_of(entity)
            if entity in chooser.chosen[bucket]:
                continue
            for old in list(chooser.chosen[bucket]):
                trial = [entity if e is old else e for e in missions]
                if group_reach(seated, named, chooser.units, bucket_kinds, trial)[1] > count:
                    chooser.chosen[bucket][chooser.chosen[bucket].index(old)] = entity
                    missions[missions.index(old)] = entity
                    reach, count = group_reach(seated, named, chooser.units, bucket_kinds, missions)
                    charge(entity)
                    break


def group_reach(
    seated: list[EntityInfo],
    named: dict[int, int],
    units: dict[str, int],
    buckets: set[str],
    missions: list[EntityInfo],
) -> tuple[set[int], int]:
    """The countries a group's ``seated`` entities (named, with their volunteers) and ``missions``
    (of the ``buckets`` of its mission types, with their ``units``) serve in, and how many of them
    their volunteers can cover: an entity one per volunteer at most, the missions of a type no more
    than the type's volunteers."""
    countries = {c for e in [*seated, *missions] for c in e.countries or ()}
    most = sum(min(named[e.id], len(e.countries or ())) for e in seated)
    for bucket in sorted(buckets):
        mine = {c for e in missions if bucket_of(e) == bucket for c in e.countries or ()}
        most += min(units.get(bucket, 0), len(mine))
    return countries, min(len(countries), most)


def within_full_group(
    targets: Targets, world: World, named: list[EntityInfo], members: list[EntityInfo]
) -> list[EntityInfo]:
    """The missions of a type that may serve: when the named missions and seated entities of their
    group already take all of the group's countries the profile gives, only those that serve in
    one of these (UNISFA, in South Sudan, beside UNMISS named for a group of one country, not
    MINUSCA); all of them when none does."""
    if not members:
        return members
    code = members[0].group
    countries = targets.groups.get(code, (None, None))[1]
    mine = [e for e in named if e.group == code and e.countries]
    least = least_countries(mine).get(code, set())
    if countries is None or not least or len(least) < countries:
        return members
    where = {c for e in mine for c in e.countries or ()}
    return [e for e in members if where & set(e.countries or ())] or members
