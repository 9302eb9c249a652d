"""Which volunteer serves which host entity, once every volunteer has their duty countries: each
group and each entity gets exactly its volunteers, and covers exactly its number of countries.

Groups, and the entities of groups without countries, first choose their countries, the densest
first: those their missions and seated entities already cover, those no host has yet that the hosts
after them cannot all take, the ones the countries step made room in for them
(``countries.CountryPlan.hosts``, tried first), then the ones with the most volunteers left over.
Then each entity of a group with countries chooses its countries inside its group's (so that
together they cover the group's), then one flow deals the volunteers to the entities: at least one
in each of an entity's countries, only from its countries, about in proportion to where the
volunteers are. A host whose countries the profile does not give serves in about volunteers^0.6
countries; that choice is dropped if the other figures leave no room for it. When no greedy choice
fits, a local search swaps one host's country at a time (``_search``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from mobilize.synthetic.generator.flow import BoundedFlow
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import HostPlan, Person
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
    *,
    people: list[Person],
    plan: HostPlan,
    world: World,
    notes: Notes,
    rng: random.Random,
    chosen: dict[int | str, set[int]] | None = None,
) -> None:
    """Give every volunteer not bound to a mission or seated entity their host entity. The hosts
    with a number of countries first try the countries ``chosen`` for them when the volunteers were
    placed (``countries.CountryPlan.hosts``), then choose by the volunteers placed."""
    hints = chosen or {}
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
        for step, given in _attempts(hints):
            if not (
                _pick_across(groups, capacity, rng, step, given)
                and _pick_inside(groups, capacity, rng, step, given)
            ):
                continue
            dealt = _deal(classes, groups, rng)
            if dealt is not None:
                for key, persons in dealt.items():
                    for person in persons:
                        person.entity = int(key)
                return
    dealt = _search(classes, groups, capacity, rng, hints)
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


def _attempts(hints: dict[int | str, set[int]]) -> list[tuple[int, dict[int | str, set[int]]]]:
    """The greedy attempts' noise step and hints: first the countries step's hints (when there are
    any), then ``ATTEMPTS`` without them, each with more noise."""
    first = [(0, hints)] if hints else []
    return first + [(step, {}) for step in range(ATTEMPTS)]


def _pick(
    host: Host,
    pool: list[int],
    room: dict[int, float],
    rng: random.Random,
    attempt: int,
    hint: set[int] | None = None,
    must: set[int] | None = None,
) -> bool:
    """Choose the host's countries: those it covers, then those it ``must`` take, those of its
    ``hint``, then those with the most volunteers not yet spoken for (each country chosen is charged
    the host's volunteers per country)."""
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
    preferred, first = hint or set(), must or set()
    options.sort(key=lambda c: (c not in first, c not in preferred, -(room.get(c, 0.0) + noise[c]), c))
    chosen = options[:need]
    charge = max(1.0, host.volunteers / max(1, need))
    for c in chosen:
        room[c] = room.get(c, 0.0) - charge
    host.support = set(host.covered) | set(chosen)
    return True


def _density(host: Host) -> float:
    return host.volunteers / max(1, (host.countries or 0) - len(host.covered)) if host.countries else 0.0


def _pick_across(
    groups: list[Group],
    capacity: dict[int, int],
    rng: random.Random,
    attempt: int,
    hints: dict[int | str, set[int]],
) -> bool:
    room = {c: float(v) for c, v in capacity.items()}
    everywhere = sorted(capacity)

    def need(group: Group) -> float:
        return max([_density(group.host), *(_density(e) for e in group.entities)])

    # the groups, and the entities of groups without countries, choose across every country, the
    # densest first (a group as dense as its densest entity); then the entities of groups with
    # countries inside their group's (competing with the group's other entities there). The choices
    # are charged in ``room`` (an entity needing many volunteers in a country keeps them from the
    # others). Without an entity that may serve anywhere, every country with volunteers must be
    # some host's: each host choosing across every country takes the countries no host has yet
    # that the hosts after it cannot all take.
    roaming = [e for g in groups if g.host.countries is None for e in g.entities]
    pickers = sorted(
        [(need(g), g.host, g) for g in groups] + [(_density(e), e, None) for e in roaming],
        key=lambda p: (-p[0], str(p[1].key)),
    )
    anywhere = any(e.countries is None and e.volunteers > 0 for e in roaming)
    have = {c for g in groups for c in g.host.covered}
    later = sum(max(0, (h.countries or 0) - len(h.covered)) for _d, h, _g in pickers)
    for _, host, group in pickers:
        later -= max(0, (host.countries or 0) - len(host.covered))
        must: set[int] = set()
        if not anywhere:
            orphans = sorted((c for c in everywhere if c not in have), key=lambda c: (-room.get(c, 0.0), c))
            must = set(orphans[: max(0, len(orphans) - later)])
        members = [host, *group.entities] if group is not None else [host]
        hint = {c for e in members for c in hints.get(e.key, ())}
        if not _pick(host, everywhere, room, rng, attempt, hint, must):
            return False
        have |= host.support or set()
    return True


def _pick_inside(
    groups: list[Group],
    capacity: dict[int, int],
    rng: random.Random,
    attempt: int,
    hints: dict[int | str, set[int]],
) -> bool:
    for group in groups:
        if group.host.support is None:
            continue
        inside = [c for c in sorted(group.host.support) if c in capacity]
        local = {c: float(capacity[c]) for c in inside}
        for entity in sorted(group.entities, key=lambda e: (-_density(e), str(e.key))):
            if not _pick(entity, inside, local, rng, attempt, hints.get(entity.key)):
                return False
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


SEARCH_EVALUATIONS = 3000
"""Choices of countries ``_search`` weighs before it gives up."""
TABU = 4
"""Swaps that ``_search`` does not undo for this many steps."""


def _search(
    classes: Classes,
    groups: list[Group],
    capacity: dict[int, int],
    rng: random.Random,
    hints: dict[int | str, set[int]],
) -> dict[int | str, list[Person]] | None:
    """When no greedy choice of countries fits: start from the first and swap one country of one
    host choosing across every country (a group with countries, an entity of a group without) at a
    time for the swap that leaves the fewest volunteers who cannot be dealt (``_shortfall``), even
    when none lowers it (a swap undone in the last steps is not taken again), until none are left
    or the evaluations run out; then the entities choose inside their group's countries and the
    volunteers are dealt as usual."""
    if not _pick_across(groups, capacity, rng, 0, hints):
        return None
    movable = [
        h
        for g in groups
        for h in ([g.host] if g.host.countries is not None else g.entities)
        if h.support is not None and h.countries is not None
    ]
    everywhere = sorted(capacity)
    best = _shortfall(classes, groups)
    kept = {id(h): set(h.support or ()) for h in movable}
    current = best
    tabu: list[tuple[int, int]] = []
    budget = SEARCH_EVALUATIONS
    while best and budget > 0:
        moves: list[tuple[int, float, Host, int, int]] = []
        for host in movable:
            assert host.support is not None
            for out in sorted(host.support - host.covered):
                for into in everywhere:
                    if into in host.support or (id(host), into) in tabu or budget <= 0:
                        continue
                    budget -= 1
                    host.support.discard(out)
                    host.support.add(into)
                    moves.append((_shortfall(classes, groups), rng.random(), host, out, into))
                    host.support.discard(into)
                    host.support.add(out)
        if not moves:
            break
        current, _tie, host, out, into = min(moves, key=lambda m: (m[0], m[1]))
        assert host.support is not None
        host.support.discard(out)
        host.support.add(into)
        tabu = [*tabu, (id(host), out)][-TABU:]
        if current < best:
            best = current
            kept = {id(h): set(h.support or ()) for h in movable}
    for host in movable:
        host.support = kept[id(host)]
    if best:
        return None
    # the groups' countries hold: their entities choose inside them as the greedy attempts do
    for step, given in _attempts(hints):
        if _pick_inside(groups, capacity, rng, step, given):
            dealt = _deal(classes, groups, rng)
            if dealt is not None:
                return dealt
    return None


def _shortfall(classes: Classes, groups: list[Group]) -> int:
    """How far the volunteers are from being dealt to the hosts choosing across every country (a
    group with countries, each entity of a group without) and the rest of the groups without
    countries (who may serve anywhere): each host takes its volunteers, one in each of its countries
    not covered already, only from its countries; every volunteer is taken. The volunteers (and the
    hosts' countries) left without one, as the unmet lower bounds of that flow: 0 when it holds."""
    hosts: list[tuple[int | str, int, set[int] | None, set[int]]] = []
    for group in groups:
        if group.host.countries is not None:
            support = group.host.support
            hosts.append(
                (group.host.key, group.host.volunteers, support, (support or set()) - group.host.covered)
            )
            continue
        rest = group.host.volunteers
        for entity in group.entities:
            if entity.support is not None:
                hosts.append((entity.key, entity.volunteers, entity.support, entity.support - entity.covered))
                rest -= entity.volunteers
        if rest > 0:
            hosts.append((group.host.key, rest, None, set()))
    flow = BoundedFlow()
    for key, volunteers, support, needed in hosts:
        flow.edge("source", ("h", key), volunteers, volunteers)
        for country in sorted(needed):
            flow.edge(("h", key), ("hc", key, country), 1, 10**9)
        for countries in classes:
            if support is None or not set(countries) <= support:
                if support is None:
                    flow.edge(("h", key), ("c", countries), 0, 10**9)
                continue
            for country in countries:
                node = ("hc", key, country) if country in needed else ("h", key)
                flow.edge(node, ("c", countries), 0, 10**9)
    for countries, members in classes.items():
        flow.edge(("c", countries), "sink", len(members), len(members))
    return flow.shortfall()


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
