"""Which volunteer serves which host entity, once every volunteer has their duty countries: each
group and each entity gets exactly its volunteers, and covers exactly its number of countries.

Groups first choose their countries (those their missions and seated entities already cover, then
the ones with the most volunteers left over), then each entity chooses its countries inside its
group's (so that together they cover the group's), then one flow deals the volunteers to the
entities: at least one in each of an entity's countries, only from its countries, about in
proportion to where the volunteers are. A host whose countries the profile does not give serves in
about volunteers^0.6 countries; that choice is dropped if the other figures leave no room for it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from mobilize.synthetic.generator.flow import BoundedFlow
from mobilize.synthetic.generator.hosts import HostPlan
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person
from mobilize.synthetic.generator.world import World

Classes = dict[tuple[int, ...], list[Person]]
ATTEMPTS = 6


def natural_countries(volunteers: int) -> int:
    """How many countries a host with this many volunteers serves when the profile does not say."""
    return max(1, min(volunteers, round(volunteers**0.6)))


@dataclass
class Host:
    key: int | str
    volunteers: int
    countries: int | None
    soft: bool
    covered: set[int] = field(default_factory=set)
    support: set[int] | None = None
    forced: set[int] = field(default_factory=set)
    """Countries it must serve in although it has no countries of its own (to cover its group's)."""


@dataclass
class Group:
    host: Host
    entities: list[Host]


def hosts_assign(
    *, people: list[Person], plan: HostPlan, world: World, notes: Notes, rng: random.Random
) -> None:
    """Give every volunteer not bound to a mission or seated entity their host entity."""
    bound: dict[str, list[Person]] = {}
    for person in people:
        if person.bound:
            bound.setdefault(world.entities[person.entity].group, []).append(person)
    free = [p for p in people if not p.bound]
    classes: Classes = {}
    for person in free:
        classes.setdefault(person.countries, []).append(person)
    groups = []
    for code, volunteers in plan.group_volunteers.items():
        mine = bound.get(code, [])
        covered = {c for p in mine for c in p.countries}
        entities = []
        for eid in plan.entity_volunteers:
            if world.entities[eid].group == code and world.entities[eid].countries is None:
                wanted = plan.entity_countries.get(eid)
                count = plan.entity_volunteers[eid]
                entities.append(
                    Host(
                        eid, count, wanted if wanted is not None else natural_countries(count), wanted is None
                    )
                )
        wanted = plan.group_countries.get(code)
        size = volunteers - len(mine)
        if wanted is None and size > 0:
            inner = max((e.countries or 0 for e in entities), default=0)
            groups.append(
                Group(
                    Host(code, size, max(len(covered) + natural_countries(size), inner), True, covered),
                    entities,
                )
            )
        else:
            groups.append(Group(Host(code, size, wanted, False, covered), entities))
    capacity: dict[int, int] = {}
    for countries, members in classes.items():
        for country in countries:
            capacity[country] = capacity.get(country, 0) + len(members)
    for stage in range(3):
        if stage:
            for group in groups:
                for host in [group.host, *group.entities] if stage == 2 else group.entities:
                    if host.soft:
                        host.countries = None
        for attempt in range(ATTEMPTS):
            if not _supports(groups, capacity, rng, attempt):
                continue
            dealt = _deal(classes, groups, rng)
            if dealt is not None:
                for key, persons in dealt.items():
                    for person in persons:
                        person.entity = int(key)
                return
    detail = ", ".join(
        f"{g.host.key}: {n(g.host.volunteers)} volunteers in {n(g.host.countries)} countries"
        for g in groups
        if g.host.countries is not None and not g.host.soft
    )
    notes.conflict(
        f"onsite.by_host_group and onsite.by_host_entity: the volunteers placed cannot cover the countries "
        f"of each host ({detail or 'entities'})"
    )


def _pick(host: Host, pool: list[int], room: dict[int, float], rng: random.Random, attempt: int) -> bool:
    """Choose the host's countries: those it covers, then those with the most volunteers not yet
    spoken for (each country chosen is charged the host's volunteers per country)."""
    if host.countries is None:
        host.support = None
        return True
    need = host.countries - len(host.covered)
    if need < 0 or need > host.volunteers:
        return False
    options = [c for c in pool if c not in host.covered]
    if len(options) < need:
        return False
    noise = {c: rng.uniform(0, 2.0 * attempt) for c in options}
    options.sort(key=lambda c: (-(room.get(c, 0.0) + noise[c]), c))
    chosen = options[:need]
    charge = max(1.0, host.volunteers / max(1, need))
    for c in chosen:
        room[c] = room.get(c, 0.0) - charge
    host.support = set(host.covered) | set(chosen)
    return True


def _density(host: Host) -> float:
    return host.volunteers / max(1, (host.countries or 0) - len(host.covered)) if host.countries else 0.0


def _supports(groups: list[Group], capacity: dict[int, int], rng: random.Random, attempt: int) -> bool:
    room = {c: float(v) for c, v in capacity.items()}
    everywhere = sorted(capacity)

    def need(group: Group) -> float:
        return max([_density(group.host), *(_density(e) for e in group.entities)])

    for group in sorted(groups, key=lambda g: (-need(g), str(g.host.key))):
        if not _pick(group.host, everywhere, room, rng, attempt):
            return False
    # the entities choose inside their group's countries: those of a group with countries of its
    # own compete with their group's other entities there; then those of groups without, across
    # every country, where the other groups' and entities' choices are charged in ``room`` (an
    # entity needing many volunteers in a country keeps them from the entities of other groups)
    for group in sorted(groups, key=lambda g: g.host.support is None):
        if group.host.support is not None:
            inside = [c for c in sorted(group.host.support) if c in capacity]
            local = {c: float(capacity[c]) for c in inside}
        else:
            inside, local = everywhere, room
        for entity in sorted(group.entities, key=lambda e: (-_density(e), str(e.key))):
            if not _pick(entity, inside, local, rng, attempt):
                return False
            if local is not room and entity.support is not None and entity.countries:
                charge = max(1.0, entity.volunteers / max(1, entity.countries - len(entity.covered)))
                for c in entity.support - entity.covered:
                    room[c] = room.get(c, 0.0) - charge
    for group in groups:
        for entity in group.entities:
            entity.forced = set()
        if group.host.support is None:
            continue
        missing = (
            group.host.support
            - group.host.covered
            - {c for e in group.entities if e.support for c in e.support}
        )
        loose = [e for e in group.entities if e.support is None or e.soft]
        if missing and not loose:
            return False

        def spare(e: Host) -> int:
            return e.volunteers - len((e.support or set()) - e.covered) - len(e.forced)

        for country in sorted(missing):
            host = max(loose, key=lambda e: (spare(e), str(e.key)))
            if spare(host) <= 0:
                return False
            if host.support is not None:
                host.support.add(country)
            else:
                host.forced.add(country)
    return True


def _deal(classes: Classes, groups: list[Group], rng: random.Random) -> dict[int | str, list[Person]] | None:
    for factor in (1.5, 3.0, 10.0, None):
        dealt = _flow(classes, groups, rng, factor)
        if dealt is not None:
            return dealt
    return None


def _flow(
    classes: Classes, groups: list[Group], rng: random.Random, factor: float | None
) -> dict[int | str, list[Person]] | None:
    """Each entity takes its volunteers, at least one in each of its countries, only from classes
    (volunteers by duty countries) inside its and its group's countries, at most ``factor`` times
    its proportional share of each class."""
    flow = BoundedFlow()
    edges: list[tuple[int, int | str, tuple[int, ...]]] = []
    for group in groups:
        outer = group.host.support
        for entity in group.entities:
            support = entity.support if entity.support is not None else outer
            flow.edge("source", ("e", entity.key), entity.volunteers, entity.volunteers)
            allowed = [c for c in classes if support is None or set(c) <= support]
            eligible = sum(len(classes[c]) for c in allowed) or 1
            needed = (
                entity.support - entity.covered if entity.support is not None else set()
            ) | entity.forced
            for country in sorted(needed):
                flow.edge(("e", entity.key), ("ec", entity.key, country), 1, 10**9)
            for countries in allowed:
                share = entity.volunteers * len(classes[countries]) / eligible
                limit = 10**9 if factor is None else max(2, math.ceil(share * factor))
                for country in countries:
                    node = ("ec", entity.key, country)
                    if node not in flow.nodes:
                        flow.edge(("e", entity.key), node, 0, 10**9)
                    edges.append((flow.edge(node, ("c", countries), 0, limit), entity.key, countries))
    for countries, members in classes.items():
        flow.edge(("c", countries), "sink", len(members), len(members))
    solution = flow.solve()
    if solution is None:
        return None
    dealt: dict[int | str, list[Person]] = {}
    queues = {countries: list(members) for countries, members in classes.items()}
    for queue in queues.values():
        rng.shuffle(queue)
    for edge_id, key, countries in edges:
        for _ in range(solution[edge_id]):
            dealt.setdefault(key, []).append(queues[countries].pop())
    return dealt
