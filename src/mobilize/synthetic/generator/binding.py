"""The volunteers of missions and seated entities, drawn from the kinds with one assignment before the
regions are placed, so that they are of the nationality and modality their countries need (a
national volunteer of UNMISS is South Sudanese). ``hosts.entities_choose`` calls ``bind``."""

from __future__ import annotations

import random

from mobilize.synthetic.generator.flow import apportion
from mobilize.synthetic.generator.missions import Reserve, mission_charge, mission_room, mission_rooms
from mobilize.synthetic.generator.notes import Notes
from mobilize.synthetic.generator.plan import HostPlan, Person
from mobilize.synthetic.generator.targets import MISSION_TYPES, Targets
from mobilize.synthetic.generator.world import EntityInfo, World


def bind(
    targets: Targets,
    world: World,
    people: list[Person],
    plan: HostPlan,
    reserve: Reserve,
    notes: Notes,
    rng: random.Random,
) -> bool:
    """Draw the volunteers of missions and seated entities from the single-assignment kinds."""
    pools: dict[str, list[Person]] = {k: [] for k in ("GN", "GI", "GX", "NN", "NI")}
    for person in people:
        if person.kind in pools:
            pools[person.kind].append(person)
    for pool in pools.values():
        rng.shuffle(pool)
    singles = sum(len(p) for p in pools.values())
    national_share = (len(pools["GN"]) + len(pools["NN"])) / singles if singles else 0.0
    load: dict[str, float] = {}
    for kind in MISSION_TYPES:
        entities = [world.entities[eid] for eid in plan.entity_volunteers if world.entities[eid].type == kind]
        if not entities:
            continue
        named = {a for a in targets.entities if a in world.by_acronym}
        totals = [plan.entity_volunteers[e.id] for e in entities]
        national = targets.types[kind][0] if kind in targets.types else round(sum(totals) * national_share)
        south = [any(world.countries[c].gs for c in e.countries or ()) for e in entities]
        room = {True: len(pools["GN"]), False: len(pools["NN"])}
        away = {True: len(pools["GI"]) + len(pools["NI"]), False: len(pools["GX"]) + len(pools["NI"])}
        fixed = [e.acronym in named for e in entities]
        floors = [t if f else 1 for t, f in zip(totals, fixed, strict=True)]
        try:
            # each mission within the room its regions have left after the missions placed before,
            # shared with the missions of its type there; failing that, within its regions' room
            for shared in (True, False):
                rooms = mission_rooms(world, targets, entities, load, reserve) if shared else {}
                caps = [
                    t
                    if f
                    else min(
                        rooms.get(e.id, mission_room(world, targets, e, reserve=reserve)),
                        10**9 if gs else room[False] + away[False],
                    )
                    for e, t, f, gs in zip(entities, totals, fixed, south, strict=True)
                ]
                try:
                    totals = apportion(sum(totals), [float(t) for t in totals], floors=floors, caps=caps)
                    break
                except ValueError:
                    if not shared:
                        raise
            nationals = apportion(
                national,
                [float(t) if gs else t * 1e-3 for t, gs in zip(totals, south, strict=True)],
                caps=[min(t, room[gs]) for t, gs in zip(totals, south, strict=True)],
            )
        except ValueError:
            notes.conflict(
                f"onsite.by_host_type.{kind}: not enough volunteers of the right nationality and modality "
                "to serve in the missions' countries"
            )
            return False
        for entity, total in zip(entities, totals, strict=True):
            plan.entity_volunteers[entity.id] = total
            mission_charge(world, entity, total, load)
        for entity, total, nat in zip(entities, totals, nationals, strict=True):
            if not _draw(entity, nat, total, world, pools, notes, rng):
                return False
    for eid, total in plan.entity_volunteers.items():
        entity = world.entities[eid]
        if entity.type in MISSION_TYPES or entity.countries is None:
            continue
        if not _draw(entity, None, total, world, pools, notes, rng):
            return False
    return True


def _draw(
    entity: EntityInfo,
    national: int | None,
    total: int,
    world: World,
    pools: dict[str, list[Person]],
    notes: Notes,
    rng: random.Random,
) -> bool:
    """Bind ``total`` volunteers to a seated entity, ``national`` of them national (None: any)."""
    assert entity.countries is not None
    flags = {world.countries[c].gs for c in entity.countries}
    home = [k for k, flag in (("GN", True), ("NN", False)) if flag in flags]
    away = [k for k, flag in (("GI", True), ("GX", False)) if flag in flags] + ["NI"]
    wants = [(home + away, total)] if national is None else [(home, national), (away, total - national)]
    for kinds, count in wants:
        for _ in range(count):
            sizes = [len(pools[k]) for k in kinds]
            if not any(sizes):
                where = ", ".join(world.countries[c].iso2 for c in entity.countries)
                notes.conflict(
                    f"{entity.acronym}: not enough volunteers of the right nationality and modality "
                    f"left to serve in its countries ({where})"
                )
                return False
            kind = rng.choices(kinds, weights=sizes)[0]
            person = pools[kind].pop()
            person.entity = entity.id
            person.bound = True
    return True
