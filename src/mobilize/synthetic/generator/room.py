"""Room for the hosts with a number of countries: the regions kept small enough for a host of one
country (``dense_caps``), the countries only missions' and seated entities' volunteers may serve in
(``closed_countries``), and the countries each host is to find its volunteers in, with what each
such country must hold (``make_room``). ``countries.py`` calls them while it places the volunteers;
``assign.hosts_assign`` then tries the countries chosen here first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from mobilize.synthetic.generator.dealing import Part, Piece
from mobilize.synthetic.generator.plan import Person
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import EntityInfo, World


@dataclass(frozen=True)
class HostDemand:
    """What a host with a number of countries needs from the free volunteers."""

    key: int | str
    volunteers: float
    countries: int
    family: str
    """Its group's code (the group's own for a group)."""


class DenseHost(NamedTuple):
    """A host of one country whose volunteers are all free (``dense_hosts``)."""

    volunteers: int
    inside: frozenset[int] | None = None
    """The countries its one country must be among (None: any): those of its group's missions and
    seated entities, when they are already as many as the group's countries."""


def one_country_entities(targets: Targets, world: World) -> list[tuple[EntityInfo, int]]:
    """The entities without a seat that the profile gives volunteers and one country, with their
    volunteers, but those in a group of one country (the group is the host there)."""
    found = []
    for acronym, (volunteers, countries) in targets.entities.items():
        entity = world.by_acronym.get(acronym)
        if countries != 1 or not volunteers or entity is None or entity.countries is not None:
            continue
        if targets.groups.get(entity.group, (None, None))[1] != 1:
            found.append((entity, volunteers))
    return found


def dense_hosts(targets: Targets, world: World, people: list[Person]) -> list[DenseHost]:
    """The hosts of one country whose volunteers are all free (an entity without a seat, or a group
    without missions or seated entities), the most volunteers first; an entity in a group of one
    country is in the group's. An entity whose group's missions and seated entities already serve
    in as many countries as the group is given must serve in one of those."""
    grouped = {world.entities[p.entity].group for p in people if p.bound}
    fixed: dict[str, set[int]] = defaultdict(set)
    for person in people:
        where = world.bound_countries(person) if person.bound else ()
        if len(where) == 1:
            fixed[world.entities[person.entity].group].add(where[0])
    found = []
    for entity, volunteers in one_country_entities(targets, world):
        group_countries = targets.groups.get(entity.group, (None, None))[1]
        full = group_countries is not None and len(fixed[entity.group]) >= group_countries
        found.append(DenseHost(volunteers, frozenset(fixed[entity.group]) if full else None))
    found += [DenseHost(v) for code, (v, c) in targets.groups.items() if c == 1 and v and code not in grouped]
    return sorted(found, key=lambda h: -h.volunteers)


def dense_caps(
    targets: Targets,
    world: World,
    people: list[Person],
    names: list[str],
    by_region: dict[str, list[Piece]],
    lows: list[int],
    highs: list[int],
    wanted: int,
) -> tuple[list[int], dict[str, int]]:
    """The regions' most countries, lowered so that each host of one country (an entity without a
    seat, or a group without missions or seated entities) finds a region with its volunteers free
    in one country: beside that country, a region can use one country per free volunteer left and
    the countries its missions and seated entities cover. The densest host first takes the region
    with the most free volunteers that still has them; a region is lowered only while the countries
    served still fit; a region is taken only when one part of it (Global South or not) has enough
    volunteers there alone who may serve in that part. Also returns the volunteers of the host each
    region was taken for, which ``countries._split_region`` then keeps in one part (region and
    flag)."""
    dense = dense_hosts(targets, world, people)
    caps = list(highs)
    taken: set[int] = set()
    hosts: dict[str, int] = {}
    for volunteers, inside in dense:
        options = []
        for index, region in enumerate(names):
            pieces = [p for p in by_region[region] if not p.candidates]
            # the host serves in one part (Global South or not): its volunteers are those there
            # alone who may serve in a country of that part (of the countries it must be among)
            singles = max(
                (
                    sum(1 for p in pieces if p.person.one_country and p.flag in (flag, None))
                    for flag, countries in world.servable.get(region, {}).items()
                    if countries and (inside is None or inside & set(countries))
                ),
                default=0,
            )
            if index in taken or singles < volunteers:
                continue
            bound = len({p.candidates[0] for p in by_region[region] if p.candidates})
            # (its country is one of the missions' when it must be among theirs)
            cap = min(caps[index], (inside is None) + len(pieces) - volunteers + bound)
            if cap >= lows[index] and sum(caps) - caps[index] + cap >= wanted:
                options.append((len(pieces) - volunteers, -index, cap))
        if options:
            _spare, negative, cap = max(options)
            taken.add(-negative)
            caps[-negative] = cap
            hosts[names[-negative]] = volunteers
    return caps, hosts


def host_demands(
    parts: dict[tuple[str, bool], Part], targets: Targets, world: World
) -> tuple[list[HostDemand], dict[str, set[int]]]:
    """What the hosts with a number of countries still need from the free volunteers: an entity's
    own; a group's less its missions' and seated entities' volunteers and countries (already placed,
    returned for each group) and less its entities with countries of their own."""
    bound: dict[str, set[int]] = defaultdict(set)
    covered: dict[str, set[int]] = defaultdict(set)
    for part in parts.values():
        for piece in part.pieces:
            if piece.candidates:
                code = world.entities[piece.person.entity].group
                bound[code].add(id(piece.person))
                covered[code].add(piece.slots[0].country)
    entities: list[HostDemand] = []
    inner: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for acronym, (volunteers, countries) in sorted(targets.entities.items()):
        entity = world.by_acronym.get(acronym)
        if entity is None or entity.countries is not None or volunteers is None or not countries:
            continue
        entities.append(HostDemand(entity.id, float(volunteers), countries, entity.group))
        v, c = inner[entity.group]
        inner[entity.group] = (v + volunteers, c + countries)
    groups: list[HostDemand] = []
    for code, (volunteers, countries) in sorted(targets.groups.items()):
        if volunteers is None or not countries:
            continue
        v = volunteers - len(bound[code]) - inner[code][0]
        c = countries - len(covered[code]) - inner[code][1]
        if v > 0 and c > 0:
            groups.append(HostDemand(code, float(v), c, code))
        elif v > 0 and c == 0 and covered[code]:
            # its other volunteers serve in the countries its missions and seated entities cover
            groups.append(HostDemand(code, float(v), 0, code))
        elif v > 0 and inner[code][0]:
            # its entities with countries have all of its countries left: its other volunteers
            # serve in theirs, in proportion to their volunteers
            grow = 1 + v / inner[code][0]
            entities = [
                HostDemand(e.key, e.volunteers * grow, e.countries, e.family) if e.family == code else e
                for e in entities
            ]
    return entities + groups, covered


def bound_spread(parts: dict[tuple[str, bool], Part], targets: Targets, world: World) -> None:
    """Before ``closed_countries``: when every free volunteer serves a host whose countries the
    profile gives, the countries beyond those hosts' are served by missions' and seated entities'
    volunteers alone, so these must serve in at least as many. When they serve in fewer, a
    volunteer of a mission with another volunteer in their country (international ones first: a
    national one makes another home) moves to another of its countries, one of the part's that no
    such volunteer serves or, in its place, one the part does not have (the part keeps as many
    countries). Volunteers of groups whose countries the profile gives stay (``bound_groups_fit``
    placed them)."""
    hosts, covered = host_demands(parts, targets, world)
    if not hosts:
        return
    bound = [(part, p) for part in parts.values() for p in part.pieces if p.candidates]
    free = {id(p.person) for part in parts.values() for p in part.pieces if not p.candidates}
    if sum(h.volunteers for h in hosts) < len(free):
        return
    inside = {c for h in hosts if isinstance(h.key, str) for c in covered.get(h.key, set())}
    outside = {c for part in parts.values() for c in part.countries if c not in inside}
    served = {p.slots[0].country for _part, p in bound}
    need = len(outside) - sum(h.countries for h in hosts) - len(outside & served)
    if need <= 0:
        return
    fixed = {code for code, (_v, c) in targets.groups.items() if c is not None}
    holders = Counter(p.slots[0].country for _part, p in bound)
    used = {c for part in parts.values() for c in part.countries}
    for part, piece in sorted(bound, key=lambda item: item[1].national):
        here = piece.slots[0].country
        if world.entities[piece.person.entity].group in fixed or holders[here] < 2:
            continue
        mine = {s.country for s in piece.person.slots}
        unserved = [c for c in part.countries if c not in served and c not in inside and c not in part.pinned]
        options = [c for c in piece.candidates or () if c not in mine and c not in inside and c not in served]
        target = next((c for c in options if c in part.countries), None)
        if target is None and unserved:
            target = next((c for c in options if c not in used), None)
            if target is not None:
                # a country is in one part only (its region and flag)
                part.countries[part.countries.index(unserved[-1])] = target
                used.discard(unserved[-1])
                used.add(target)
        if target is None:
            continue
        for slot in piece.slots:
            slot.country = target
        holders[here] -= 1
        holders[target] += 1
        served.add(target)
        need -= 1
        if need <= 0:
            return


def closed_countries(parts: dict[tuple[str, bool], Part], targets: Targets, world: World) -> set[int]:
    """The countries that only missions' and seated entities' volunteers may serve in: when every
    other volunteer serves a host whose countries the profile gives, their countries are within
    those hosts' countries, so the countries beyond are served by the other groups' missions and
    seated entities alone (first those whose part has no free volunteer to send there, those with
    bound national volunteers last, as they keep their homes, and none that a part needs for its
    homes while others can be closed instead)."""
    hosts, covered = host_demands(parts, targets, world)
    if not hosts:
        return set()
    free: set[int] = set()
    served: set[int] = set()
    homes: set[int] = set()
    for part in parts.values():
        for piece in part.pieces:
            if piece.candidates:
                served.add(piece.slots[0].country)
                if piece.national:
                    homes.add(piece.slots[0].country)
            else:
                free.add(id(piece.person))
    if sum(h.volunteers for h in hosts) < len(free):
        return set()
    inside = {c for h in hosts if isinstance(h.key, str) for c in covered.get(h.key, set())}
    room = sum(h.countries for h in hosts)
    outside = [c for part in parts.values() for c in part.countries if c not in inside]
    # a country whose part (region and flag) has no free volunteer cannot get one: closed first
    spare = {c: any(not p.candidates for p in part.pieces) for part in parts.values() for c in part.countries}
    candidates = sorted((c for c in outside if c in served), key=lambda c: (spare[c], c in homes, c))
    excess = len(outside) - room
    if excess <= 0:
        return set()
    # a country without a mission's national volunteer that is closed cannot be a home: each part
    # keeps as many countries that can be as it is to have homes (``Part.homes``)
    part_of = {c: part for part in parts.values() for c in part.countries}
    can_home = {id(part): len(part.countries) for part in parts.values()}
    closed: set[int] = set()
    for c in candidates:
        if len(closed) == excess:
            break
        part = part_of[c]
        if c not in homes:
            if can_home[id(part)] <= part.homes:
                continue
            can_home[id(part)] -= 1
        closed.add(c)
    if len(closed) == excess:
        return closed
    # else the homes give way (the nationalities step then says whether they still add up)
    return set(candidates[:excess]) if len(candidates) >= excess else set()


def make_room(
    parts: dict[tuple[str, bool], Part],
    weight: dict[int, float],
    targets: Targets,
    world: World,
    closed: set[int],
    *,
    apart: bool = False,
) -> tuple[dict[int, float], dict[int | str, set[int]]]:
    """Weigh the countries so that the hosts with a number of countries find their volunteers in
    them: the densest hosts first take, one country at a time, a country whose part (region and
    flag) still has the volunteers to spare for it, the one expected to be largest among those
    (none that its group's missions, seated entities, other entities or itself already have), and
    each country chosen is to hold the host's volunteers per country in addition (its *demand*,
    which ``part_assign`` then gives it). Only the volunteers free to serve any host count: those of
    missions and seated entities serve theirs. When the hosts are to share no country (``apart``:
    the countries served are as many as they can have), a host of one country takes none of
    another group's countries (or, in a group whose countries are not given, another entity's), and
    no other host takes its country; hosts of several countries choose as before, as their
    volunteers spread over their countries as the hosts step finds. Returns the demand and each
    host's countries."""
    hosts, covered = host_demands(parts, targets, world)
    if not hosts:
        return {}, {}
    expected: dict[int, float] = {}
    part_of: dict[int, tuple[str, bool]] = {}
    budget: dict[tuple[str, bool], float] = {}
    single: dict[tuple[str, bool], float] = {}
    for key, part in parts.items():
        free = sum(1 for p in part.pieces if not p.candidates)
        # every country needs one assignment: what the part has beyond that; a host of one country
        # needs volunteers with no assignment in another country (``single``)
        budget[key] = float(free - len(part.countries))
        # (less the national volunteers that the part's other homes need and only they can give)
        free_once = sum(1 for p in part.pieces if not p.candidates and p.person.one_country)
        homes = part.homes - len({p.candidates[0] for p in part.pieces if p.national and p.candidates})
        halves = sum(
            1
            for p in part.pieces
            if p.national and not p.candidates and len(p.person.slots) > 1 and not p.person.repeat
        )
        single[key] = float(free_once - max(0, homes - 1 - halves))
        total = sum(weight[c] for c in part.countries) or 1.0
        for c in part.countries:
            if c not in closed:
                expected[c] = free * weight[c] / total
                part_of[c] = key
    demand = dict.fromkeys(expected, 0.0)
    family: dict[str, set[int]] = {code: set(countries) for code, countries in covered.items()}
    # a group whose countries are given has no more: once its hosts have them all, they share them
    limit = {code: countries for code, (_v, countries) in targets.groups.items() if countries}
    chosen: dict[int | str, set[int]] = {}
    owners: dict[int, int | str] = {c: code for code, countries in covered.items() for c in countries}
    solo: dict[int, int | str] = {}

    def cost(c: int, per: float) -> float:
        """The volunteers beyond its one that the country needs in addition for ``per`` more."""
        return max(0.0, demand[c] + per - 1) - max(0.0, demand[c] - 1)

    def fits(c: int, per: float, alone: bool) -> bool:
        return budget[part_of[c]] >= cost(c, per) and (not alone or single[part_of[c]] >= per)

    for host in hosts:
        inside = sorted(c for c in covered.get(str(host.key), set()) if c in expected)
        if host.countries == 0 and inside:
            chosen[host.key] = set(inside)
            for c in inside:
                per = host.volunteers / len(inside)
                budget[part_of[c]] -= cost(c, per)
                demand[c] += per
    for host in sorted(
        (h for h in hosts if h.countries), key=lambda h: (-h.volunteers / h.countries, str(h.key))
    ):
        per = host.volunteers / host.countries
        alone = host.countries == 1
        mine = chosen.setdefault(host.key, set())
        taken = family.setdefault(host.family, set())
        owner = host.family if host.family in limit else host.key
        for _ in range(host.countries):
            full = len(taken) >= limit.get(host.family, len(expected) + 1)
            options = [c for c in expected if c not in mine and (c in taken) is full] or [
                c for c in expected if c not in mine
            ]
            if apart:
                # (a host of one country shares none of its country, nor takes another's)
                mind = owners if alone else solo
                options = [c for c in options if mind.get(c, owner) == owner] or options
            if not options:
                break
            c = max(
                options,
                key=lambda c: (fits(c, per, alone), expected[c] - demand[c], -c),
            )
            budget[part_of[c]] -= cost(c, per)
            if alone:
                single[part_of[c]] -= per
            demand[c] += per
            mine.add(c)
            taken.add(c)
            owners.setdefault(c, owner)
            if alone:
                solo.setdefault(c, owner)
    for part in parts.values():
        total = sum(weight[c] for c in part.countries) or 1.0
        pieces = max(1, len(part.pieces))
        extra = sum(min(demand.get(c, 0.0), pieces) for c in part.countries)
        scale = total / pieces * (1 + extra / pieces)
        for c in part.countries:
            weight[c] += min(demand.get(c, 0.0), pieces) * scale
    return demand, chosen
