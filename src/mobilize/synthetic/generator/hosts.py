"""Host entities: which entities serve, how many volunteers each hosts, and (after the volunteers are
placed) which volunteer serves which entity, so that every host group's and entity's volunteers and
countries hold.

Missions and entities with a seat (``data.LOCATIONS``) are chosen first, with their volunteers, so
that those volunteers are placed in the mission's or seat's countries; every other entity may serve
anywhere and gets its volunteers after they are placed (``hosts_assign``).
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from functools import partial

from mobilize.synthetic.generator.binding import bind
from mobilize.synthetic.generator.chooser import (
    Chooser,
    bucket_of,
    least_countries,
    reach_group_countries,
    within_full_group,
)
from mobilize.synthetic.generator.flow import apportion
from mobilize.synthetic.generator.missions import (
    MISSION_SHARES,
    Reserve,
    dense_reserve,
    flag_reserve,
    mission_charge,
    mission_order,
    mission_room,
    mission_tiers,
    missions_covering,
)
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.pins import pins_blocked
from mobilize.synthetic.generator.plan import HostPlan, Person
from mobilize.synthetic.generator.targets import MISSION_TYPES, Targets
from mobilize.synthetic.generator.world import EntityInfo, World

AVOID_ROUNDS = 3
"""How many times the missions are chosen again without those that cannot hold their group's
countries (``pins.pins_blocked``)."""


def planned_targets(targets: Targets, plan: HostPlan, world: World) -> Targets:
    """The targets with the volunteers the plan gives each group and entity whose countries the
    profile gives but not its volunteers, so that the steps after the choice of entities make room
    for them as for those whose volunteers the profile gives."""
    groups = {
        code: (plan.group_volunteers.get(code, 0) if v is None and c is not None else v, c)
        for code, (v, c) in targets.groups.items()
    }
    entities = {}
    for acronym, (v, c) in targets.entities.items():
        entity = world.by_acronym.get(acronym)
        if v is None and c is not None and entity is not None:
            v = plan.entity_volunteers.get(entity.id, 0)
        entities[acronym] = (v, c)
    return dataclasses.replace(targets, groups=groups, entities=entities)


def entities_choose(
    *,
    targets: Targets,
    world: World,
    people: list[Person],
    allowed_regions: set[str],
    given_regions: set[str],
    notes: Notes,
    rng: random.Random,
) -> HostPlan | None:
    """Decide the host entities and their volunteers, and bind volunteers to missions and seated
    entities (``Person.entity``, ``Person.bound``)."""
    year, v = targets.year, targets.volunteers

    def placeable(entity: EntityInfo) -> bool:
        return entity.countries is None or any(
            world.region_of(c) in allowed_regions for c in entity.countries
        )

    available = [e for e in world.entities_in_year(year) if placeable(e)]
    for code in targets.groups:
        if code not in world.groups:
            notes.conflict(f"onsite.by_host_group.{code}: no reporting group has this code")
    named: dict[int, int] = {}
    for acronym, (volunteers, _countries) in targets.entities.items():
        entity = world.by_acronym.get(acronym)
        if entity is None:
            notes.conflict(f"onsite.by_host_entity.{acronym}: no host entity has this acronym")
        elif entity not in available:
            notes.conflict(
                f"onsite.by_host_entity.{acronym}: it did not serve in {year} or in the regions given"
            )
        elif volunteers is not None:
            named[entity.id] = volunteers
    mission_units = {
        t: sum(targets.types[t])
        if t in targets.types
        else sum(vol for eid, vol in named.items() if world.entities[eid].type == t)
        for t in MISSION_TYPES
    }
    if notes.conflicts:
        return None
    # --- volunteers by group ----------------------------------------------------------------------
    floors: dict[str, int] = dict.fromkeys(world.groups, 0)
    for entity_id, volunteers in named.items():
        entity = world.entities[entity_id]
        if entity.type not in MISSION_TYPES:
            floors[entity.group] += volunteers
    for kind, units in mission_units.items():
        members = [e for e in available if e.type == kind]
        if units and not members:
            notes.conflict(
                f"onsite.by_host_type.{kind}: no {kind} entity served in {year} in the regions given"
            )
            continue
        named_units = sum(named.get(e.id, 0) for e in members)
        if named_units > units:
            notes.conflict(
                f"onsite.by_host_entity: the {kind} entities named have {n(named_units)} volunteers, "
                f"more than onsite.by_host_type.{kind} {n(units)}"
            )
        if members:
            floors[members[0].group] += units
    plan = HostPlan()
    given = {code: vol for code, (vol, _c) in targets.groups.items() if vol is not None}
    for code, volunteers in given.items():
        if volunteers < floors[code]:
            notes.conflict(
                f"onsite.by_host_group.{code}.volunteers {n(volunteers)} is {n(floors[code] - volunteers)} "
                f"fewer than its entities and missions named in the profile ({n(floors[code])})"
            )
    remainder = v - sum(given.values())
    free = [code for code in world.groups if code not in given and any(e.group == code for e in available)]
    if remainder < 0:
        notes.conflict(
            f"onsite.by_host_group adds up to {n(sum(given.values()))}, {n(-remainder)} more than "
            f"onsite.volunteers {n(v)} (the generator keeps each volunteer with one host entity)"
        )
    elif remainder < sum(floors[c] for c in free) or (remainder and not free):
        notes.conflict(
            f"onsite.by_host_group adds up to {n(sum(given.values()))}: the other {n(remainder)} "
            "volunteers cannot all serve the host groups not given"
        )
    if notes.conflicts:
        return None
    unnamed = [e for e in available if e.id not in named]
    weights = [sum(1 for e in unnamed if e.group == c and e.countries is None) for c in free]
    if remainder > sum(floors[c] for c in free) and not any(weights):
        weights = [sum(1 for e in unnamed if e.group == c) for c in free]
    open_groups = [
        c
        for c, w in sorted(zip(free, weights, strict=True), key=lambda cw: (-cw[1], cw[0]))
        if any(e.group == c for e in unnamed)
    ]
    # what each region keeps for volunteers of one flag, which missions without it cannot take,
    # and for a host of one country that only it can hold
    kind_counts = Counter(p.kind for p in people)
    reserve = flag_reserve(world, targets, kind_counts)
    named_load = _named_load(world, named)
    reserve.update(dense_reserve(world, targets, named_load))
    if targets.host_entities is not None:
        load = dict(named_load)
        covering = {
            k: len(
                missions_covering(
                    world,
                    targets,
                    mission_order(
                        world,
                        targets,
                        [e for e in available if e.type == k and e.id not in named],
                        given_regions,
                        reserve,
                    ),
                    mission_units[k]
                    - sum(vol for eid, vol in named.items() if world.entities[eid].type == k),
                    load,
                    kind_counts,
                    reserve=reserve,
                    nationals=type_nationals(targets, world, named, k),
                )
            )
            for k in MISSION_TYPES
        }
        taken = (
            sum(1 for vol in named.values() if vol > 0)
            + sum(covering.values())
            + sum(1 for code, vol in given.items() if vol > floors[code])
            + _missions_for_countries(targets, world, named, mission_units, covering)
        )
        open_groups = open_groups[: max(1, targets.host_entities - taken)]
    caps = [10**9 if c in open_groups else floors[c] for c in free]
    if free and not sum(floors[c] for c in free) <= remainder <= sum(caps):
        notes.conflict(
            f"onsite.by_host_group adds up to {n(sum(given.values()))}: the other {n(remainder)} "
            "volunteers cannot all serve the host groups not given and their entities named"
        )
        return None
    split = apportion(remainder, weights, floors=[floors[c] for c in free], caps=caps) if free else []
    plan.group_volunteers = {**given, **dict(zip(free, split, strict=True))}
    if free and remainder:
        parts = ", ".join(f"{c} {n(k)}" for c, k in zip(free, split, strict=True) if k)
        notes.explain(
            f"onsite.by_host_group adds up to {n(sum(given.values()))}, {n(remainder)} fewer than "
            f"onsite.volunteers {n(v)}: the other volunteers served the groups not given ({parts})"
        )
    plan.group_countries = {c: targets.groups.get(c, (None, None))[1] for c in world.groups}
    for code, countries in plan.group_countries.items():
        volunteers = plan.group_volunteers.get(code, 0)
        if countries is not None and countries > volunteers:
            notes.conflict(
                f"onsite.by_host_group.{code}: {n(countries)} countries but only {n(volunteers)} "
                f"volunteers, {n(countries - volunteers)} short of one per country"
            )
        if countries is not None and targets.countries is not None and countries > targets.countries:
            notes.conflict(
                f"onsite.by_host_group.{code}.countries {n(countries)} is {n(countries - targets.countries)} "
                f"more than onsite.countries_served {n(targets.countries)}"
            )
    for acronym, (volunteers, countries) in targets.entities.items():
        if countries is not None and volunteers is not None and countries > volunteers:
            notes.conflict(
                f"onsite.by_host_entity.{acronym}: {n(countries)} countries but only {n(volunteers)} "
                f"volunteers, {n(countries - volunteers)} short of one per country"
            )
        entity = world.by_acronym.get(acronym)
        if entity is not None and entity.countries is not None and countries is not None:
            if countries > len(entity.countries):
                notes.conflict(
                    f"onsite.by_host_entity.{acronym}.countries {n(countries)}: it serves only in "
                    + ", ".join(world.countries[c].iso2 for c in entity.countries)
                )
            elif len(entity.countries) > 1:
                notes.conflict(
                    f"onsite.by_host_entity.{acronym}.countries: the generator places a mission's "
                    "volunteers by region, not by a number of its countries; leave it out"
                )
        group_countries = plan.group_countries.get(entity.group) if entity is not None else None
        if (
            entity is not None
            and countries is not None
            and group_countries is not None
            and countries > group_countries
        ):
            notes.conflict(
                f"onsite.by_host_entity.{acronym}.countries {n(countries)} is more than its group's "
                f"onsite.by_host_group.{entity.group}.countries {n(group_countries)}"
            )
    if notes.conflicts:
        return None
    chosen = _choose_and_bind(
        targets, world, people, available, named, mission_units, plan, given_regions, reserve, notes, rng
    )
    if chosen is None:
        return None
    # a mission of several regions that its group's countries and the regions' volunteers leave no
    # region for (UNISFA, say, with more volunteers than Africa or the Arab States have, in a group
    # of too few countries for both): choose again without it (and without the next such mission,
    # a few times), and keep the first choice, whose conflict the steps after name, if none holds
    first = [(p.entity, p.bound) for p in people]
    avoid: set[int] = set()
    again: HostPlan | None = chosen
    trial = notes
    for _ in range(AVOID_ROUNDS + 1):
        assert again is not None
        blocked = pins_blocked(targets=planned_targets(targets, again, world), world=world, people=people)
        blocked -= set(named)
        if not blocked:
            notes.explanations, notes.choices = trial.explanations, trial.choices
            return again
        avoid |= blocked
        for person in people:
            person.entity, person.bound = 0, False
        trial = Notes(list(notes.explanations), list(notes.choices))
        again = _choose_and_bind(
            targets,
            world,
            people,
            available,
            named,
            mission_units,
            HostPlan(dict(plan.group_volunteers), dict(plan.group_countries)),
            given_regions,
            reserve,
            trial,
            rng,
            avoid=avoid,
        )
        if again is None:
            break
    for person, (eid, was_bound) in zip(people, first, strict=True):
        person.entity, person.bound = eid, was_bound
    return chosen


def type_nationals(targets: Targets, world: World, named: dict[int, int], kind: str) -> int:
    """The national volunteers of a mission type (when the profile gives them) that its named
    missions in the Global South cannot take: the other missions must."""
    if kind not in targets.types:
        return 0
    south = sum(
        vol
        for eid, vol in named.items()
        if world.entities[eid].type == kind
        and any(world.countries[c].gs for c in world.entities[eid].countries or ())
    )
    return max(0, targets.types[kind][0] - south)


def _missions_for_countries(
    targets: Targets,
    world: World,
    named: dict[int, int],
    mission_units: dict[str, int],
    covering: dict[str, int],
) -> int:
    """The missions beyond the fewest that hold their volunteers which a host group whose countries
    the profile gives needs: its volunteers outside missions and seated entities add one country
    each at most, the rest of its countries must be missions' (one country each, counting those
    of its named missions and seated entities). Keeps room for them among host_entities_served."""
    extra = 0
    for code, (volunteers, countries) in sorted(targets.groups.items()):
        if volunteers is None or countries is None:
            continue
        members = [e for e in world.entities.values() if e.group == code]
        kinds = [k for k in MISSION_TYPES if any(e.type == k for e in members)]
        seated = [
            world.entities[eid]
            for eid, vol in named.items()
            if vol > 0 and world.entities[eid].group == code and world.entities[eid].countries is not None
        ]
        bound = sum(mission_units[k] for k in kinds) + sum(
            named[e.id] for e in seated if e.type not in MISSION_TYPES
        )
        own = len({c for e in seated for c in e.countries or ()})
        need = countries - (volunteers - bound) - own
        extra += max(0, need - sum(covering[k] for k in kinds))
    return extra


def _named_load(world: World, named: dict[int, int]) -> dict[str, float]:
    """What the named missions and seated entities put in their regions (``mission_charge``)."""
    load: dict[str, float] = {}
    for eid, volunteers in named.items():
        if world.entities[eid].countries is not None:
            mission_charge(world, world.entities[eid], volunteers, load)
    return load


def _choose_and_bind(
    targets: Targets,
    world: World,
    people: list[Person],
    available: list[EntityInfo],
    named: dict[int, int],
    mission_units: dict[str, int],
    plan: HostPlan,
    given_regions: set[str],
    reserve: Reserve,
    notes: Notes,
    rng: random.Random,
    avoid: set[int] | None = None,
) -> HostPlan | None:
    """Choose the missions and entities that serve (none of ``avoid``) and bind their volunteers."""
    units: dict[str, int] = {}
    for kind in MISSION_TYPES:
        units[f"type:{kind}"] = mission_units[kind] - sum(
            vol for eid, vol in named.items() if world.entities[eid].type == kind
        )
    for code, volunteers in plan.group_volunteers.items():
        mission = sum(
            mission_units[k] for k in MISSION_TYPES if any(e.type == k and e.group == code for e in available)
        )
        named_here = sum(
            vol
            for eid, vol in named.items()
            if world.entities[eid].group == code and world.entities[eid].type not in MISSION_TYPES
        )
        units[f"group:{code}"] = volunteers - mission - named_here
    named_entities = [world.entities[eid] for eid, vol in named.items() if vol > 0]
    excluded = {
        world.by_acronym[a].id
        for a, (vol, _c) in targets.entities.items()
        if vol == 0 and a in world.by_acronym
    } | (avoid or set())

    def seat_in_given(e: EntityInfo) -> bool:
        return e.countries is None or any(world.region_of(c) in given_regions for c in e.countries)

    kind_counts = Counter(p.kind for p in people)
    kinds = set(kind_counts)

    def servable(e: EntityInfo) -> bool:
        """A seated entity needs volunteers who can serve in its countries."""
        if e.countries is None:
            return True
        flags = {world.countries[c].gs for c in e.countries}
        return bool(
            kinds & ({"GN", "GI", "NI"} if True in flags else set())
            | kinds & ({"NN", "GX", "NI"} if False in flags else set())
        )

    candidates = [e for e in available if e.id not in named and e.id not in excluded and servable(e)]
    missions = [e for e in candidates if e.type in MISSION_TYPES]
    seated = [e for e in candidates if e.type not in MISSION_TYPES and e.countries is not None]

    major, others_given, others = mission_tiers(world, targets, missions, given_regions, reserve)
    priority = (
        major
        + sorted((e for e in candidates if e.countries is None), key=lambda e: (-e.weight, e.acronym))
        + others_given
        + sorted((e for e in seated if seat_in_given(e)), key=lambda e: e.acronym)
        + others
        + sorted((e for e in seated if not seat_in_given(e)), key=lambda e: e.acronym)
    )
    wanted = targets.host_entities
    # a mission takes most of its regions' volunteers, not all, so that they keep some for the
    # others; all when host_entities_served leaves no more missions than that
    for share in MISSION_SHARES:
        chooser = Chooser(units)
        load = _named_load(world, named)
        for bucket, count in units.items():
            if count > 0:
                members = [e for e in priority if bucket_of(e) == bucket]
                if not members:
                    notes.conflict(
                        f"{bucket.split(':')[1]}: {n(count)} volunteers but no entity left to host them"
                    )
                elif bucket.startswith("type:"):
                    for entity in missions_covering(
                        world,
                        targets,
                        within_full_group(targets, world, named_entities, members),
                        count,
                        load,
                        kind_counts,
                        share,
                        reserve,
                        type_nationals(targets, world, named, bucket.split(":")[1]),
                    ):
                        chooser.add(bucket, entity)
                else:
                    chooser.add(bucket, members[0])
        if notes.conflicts:
            return None
        reach_group_countries(
            targets=targets,
            world=world,
            named=named,
            chooser=chooser,
            priority=priority,
            room=partial(mission_room, world, targets, load=load, share=share, reserve=reserve),
            extra=None if wanted is None else wanted - len(named_entities) - chooser.count(),
            charge=partial(mission_charge, world, volunteers=1, load=load),
        )
        base = len(named_entities) + chooser.count()
        if wanted is None or wanted >= base:
            break
    if wanted is not None and wanted < base:
        notes.conflict(
            f"onsite.host_entities_served {n(wanted)} is {n(base - wanted)} fewer than the {n(base)} "
            "entities the named entities, missions and host groups need"
        )
        return None
    # more entities, up to host_entities_served: first only missions whose regions have room left
    # for a volunteer besides the missions already there (a mission in a region the named missions
    # fill would push its volunteers over the region's figure), then any
    # (and no mission that would give a group whose countries are given more than those)
    least = least_countries([*named_entities, *(e for es in chooser.chosen.values() for e in es)])
    for roomy_only in (True, False):
        for entity in priority:
            if wanted is not None and len(named_entities) + chooser.count() >= wanted:
                break
            bucket = bucket_of(entity)
            if wanted is None and (
                entity.weight <= 1 or (chooser.units[bucket] // 30) <= len(chooser.chosen[bucket])
            ):
                continue
            if (
                roomy_only
                and entity.type in MISSION_TYPES
                and mission_room(world, targets, entity, load, share, reserve) < 1
            ):
                continue
            countries = targets.groups.get(entity.group, (None, None))[1]
            here = least.setdefault(entity.group, set())
            if (
                entity.countries is not None
                and countries is not None
                and not here & set(entity.countries)
                and len(here) >= countries
            ):
                continue
            if chooser.add(bucket, entity) and entity.countries is not None:
                here |= least_countries([entity], here)[entity.group]
                if entity.type in MISSION_TYPES:
                    mission_charge(world, entity, 1, load)
        if wanted is None:
            break
    total = len(named_entities) + chooser.count()
    if wanted is not None and total < wanted:
        notes.conflict(
            f"onsite.host_entities_served {n(wanted)}: at most {n(total)} entities can serve "
            f"{n(targets.volunteers)} volunteers in the regions given, {n(wanted - total)} short"
        )
        return None
    if wanted is None:
        notes.choose(f"onsite.host_entities_served {n(total)}")
    for entity in named_entities:
        plan.entity_volunteers[entity.id] = named[entity.id]
        plan.entity_countries[entity.id] = targets.entities[entity.acronym][1]
    for bucket, entities in chooser.chosen.items():
        if not entities:
            continue
        split = apportion(units[bucket], [e.weight for e in entities], floors=[1] * len(entities))
        for entity, volunteers in zip(entities, split, strict=True):
            plan.entity_volunteers[entity.id] = volunteers
            plan.entity_countries[entity.id] = None
    if not bind(targets, world, people, plan, reserve, notes, rng):
        return None
    return plan
