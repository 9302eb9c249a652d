"""Where each piece of a region's assignments goes, once the region's countries are chosen: the
volunteers of missions and seated entities in their countries (``bound_place``, with
``bound_groups_fit`` for host groups whose countries the profile gives), everyone else dealt over
the countries by their weights and limits (``part_assign``), then swaps so that nobody serves twice
in one country (``part_untangle``) and every international-only volunteer keeps a home of their
flag to take as nationality (``homes_free``). Split from ``countries``, which decides the countries.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from mobilize.synthetic.generator.flow import apportion, one_each
from mobilize.synthetic.generator.pins import group_band
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World


@dataclass
class Piece:
    """Assignments of one person that share one duty country (one slot, or a repeat's two)."""

    person: Person
    slots: list[Slot]
    national: bool
    flag: bool | None
    candidates: tuple[int, ...] | None = None
    """For a mission or seated entity: its countries here."""


@dataclass
class Part:
    """The assignments of one region with one Global South flag of the duty country."""

    region: str
    flag: bool
    pieces: list[Piece] = field(default_factory=list)
    countries: list[int] = field(default_factory=list)
    pinned: list[int] = field(default_factory=list)
    homes: int = 0
    """How many of its countries have national volunteers."""


def _bound_options(part: Part, piece: Piece) -> list[int]:
    """The countries of the part where a mission's or seated entity's volunteer may serve."""
    allowed = set(part.countries)
    return [c for c in piece.candidates or () if c in allowed] or [part.countries[0]]


def bound_place(part: Part, weight: dict[int, float], rng: random.Random) -> None:
    """The volunteers of missions and seated entities in their countries: most in the first one the
    part chose for the entity (``pinned``), the others spread by the countries' weights, and every
    pinned country with one."""
    bound = [p for p in part.pieces if p.candidates]
    for piece in bound:
        options = _bound_options(part, piece)
        first = next((c for c in options if c in part.pinned), options[0])
        _put(piece, first if rng.random() < 0.7 else rng.choices(options, [weight[c] for c in options])[0])
    for c in part.pinned:
        if not any(p.slots[0].country == c for p in bound):
            holder = next((p for p in bound if p.candidates and c in p.candidates), None)
            if holder is not None:
                _put(holder, c)
    if any(not any(p.slots[0].country == c for p in bound) for c in part.pinned):
        # a holder was moved from another pinned country: one volunteer in each, as matched
        matched = pinned_holders(bound, part.pinned)
        for c, piece in (matched or {}).items():
            _put(piece, c)


def pinned_holders(bound: list[Piece], pinned: list[int]) -> dict[int, Piece] | None:
    """A distinct volunteer of a mission or seated entity for each ``pinned`` country among its
    countries, or None if there is none."""
    return one_each(pinned, bound, lambda c, piece: c in (piece.candidates or ()))


def bound_groups_fit(parts: dict[tuple[str, bool], Part], targets: Targets, world: World) -> None:
    """For a host group whose countries the profile gives, move its missions' and seated entities'
    volunteers between their countries so that they cover at least as many of the group's countries
    as its other volunteers cannot (one new country each at most) and no more than the group's:
    the rest of the group then fits. Each pinned country keeps a volunteer (it must be served)."""
    pieces_of: dict[str, list[tuple[Part, Piece]]] = defaultdict(list)
    for part in parts.values():
        for piece in part.pieces:
            if piece.candidates:
                pieces_of[world.entities[piece.person.entity].group].append((part, piece))
    pinned = {c for part in parts.values() for c in part.pinned}
    for code, members in sorted(pieces_of.items()):
        persons = len({id(piece.person) for _part, piece in members})
        least, most = group_band(targets, world, code, persons)
        if most:
            _fit_bound_group(members, most, least, pinned)


def _fit_bound_group(members: list[tuple[Part, Piece]], most: int, least: int, pinned: set[int]) -> None:
    """Move the group's bound volunteers (``members``) so that they cover between ``least`` and
    ``most`` countries where their entities' countries allow; pinned countries keep theirs."""

    def covered() -> set[int]:
        return {piece.slots[0].country for _part, piece in members}

    def holders(c: int) -> list[tuple[Part, Piece]]:
        return [(part, piece) for part, piece in members if piece.slots[0].country == c]

    # too many countries: gather the volunteers of a country that need not be served by them (not
    # pinned) into the group's other countries
    for here in sorted(covered(), key=lambda c: (len(holders(c)), c)):
        if len(covered()) <= most:
            break
        if here in pinned:
            continue
        moves = [
            (piece, next((c for c in _bound_options(part, piece) if c != here and c in covered()), 0))
            for part, piece in holders(here)
        ]
        if all(to for _piece, to in moves):
            for piece, to in moves:
                _put(piece, to)
    # too few: spread volunteers of countries with several to the entity's other countries
    for part, piece in members:
        if len(covered()) >= least:
            break
        if len(holders(piece.slots[0].country)) < 2:
            continue
        fresh = [c for c in _bound_options(part, piece) if c not in covered()]
        if fresh:
            _put(piece, fresh[0])


def part_assign(
    part: Part,
    weight: dict[int, float],
    demand: dict[int, float],
    rng: random.Random,
    closed: set[int],
    limit: dict[int, int],
    *,
    loose_homes: bool = False,
    apart: bool = False,
) -> None:
    """Give each piece of the part a country: missions in theirs, national volunteers in ``homes``
    countries (each at least one), every country at least one assignment, none of the others in
    a ``closed`` country and no more than its ``limit`` (with room for the volunteers serving in
    two countries, who may have to go there although a host of one country cannot take them).
    With ``loose_homes`` (the profile does not give the nationalities), a country that only a
    free national volunteer would make a home is not one when the hosts of one country here
    (``limit``) need that volunteer. When the hosts share no country (``apart``), a host of one
    country's country has no room beyond its limit: a volunteer serving in two countries there
    would serve another host."""
    countries = part.countries
    twice = 0 if apart else sum(1 for p in part.pieces if not p.candidates and not p.person.one_country)
    limit = {c: k + twice for c, k in limit.items()}
    bound = [p for p in part.pieces if p.candidates]
    national = [p for p in part.pieces if p.national and not p.candidates]
    international = [p for p in part.pieces if not p.national and not p.candidates]
    used = {p.slots[0].country for p in bound}
    homes = [c for c in countries if any(p.national and p.slots[0].country == c for p in bound)]
    spare = [c for c in countries if c not in homes and c not in used] + [
        c for c in countries if c not in homes and c in used and c not in closed
    ]
    # the countries that must hold many volunteers (``demand``) are homes first: national
    # volunteers can then fill them
    spare.sort(key=lambda c: -math.ceil(demand.get(c, 0.0)))
    homes += spare[: max(0, part.homes - len(homes))]
    missing = [c for c in homes if c not in {p.slots[0].country for p in bound if p.national}]
    if loose_homes:
        _loose_homes(part, homes, missing, demand, limit)
    national_floors = [1 if c in missing else 0 for c in homes]
    wanted_here = [
        max(0, math.ceil(demand.get(c, 0.0)) - f) for c, f in zip(homes, national_floors, strict=True)
    ]
    # (only the part the international volunteers cannot give: they are dealt by demand below; those
    # with an assignment in another country cannot give it to a host of one country)
    alone = sum(1 for p in international if p.person.one_country)
    spare_nationals = min(len(national) - sum(national_floors), sum(wanted_here) - alone)
    if spare_nationals > 0:
        wanted_here = _fill_largest(spare_nationals, wanted_here, [demand.get(c, 0.0) for c in homes])
        national_floors = [f + w for f, w in zip(national_floors, wanted_here, strict=True)]
    counts = (
        dict(
            zip(
                homes,
                _apportion_open(len(national), homes, weight, national_floors, closed, limit),
                strict=True,
            )
        )
        if homes
        else {}
    )
    _deal(national, counts, rng, demand)
    used |= set(homes)
    uncovered = [c for c in countries if c not in used]
    floors = [1 if c in uncovered else 0 for c in countries]
    have = {c: counts.get(c, 0) for c in countries}
    # a host of one country (``limit``) counts only the national volunteers there who serve in no
    # other country
    alone_there = Counter(p.slots[0].country for p in national if p.person.one_country)
    toward = {c: alone_there[c] if c in limit else have[c] for c in countries}
    wanted = [
        max(0, math.ceil(demand.get(c, 0.0)) - toward[c] - f) for c, f in zip(countries, floors, strict=True)
    ]
    room = len(international) - sum(floors)
    if sum(wanted) > room > 0:
        wanted = _fill_largest(room, wanted, [demand.get(c, 0.0) for c in countries])
    if room > 0:
        floors = [f + w for f, w in zip(floors, wanted, strict=True)]
    counts = dict(
        zip(
            countries,
            _apportion_open(
                len(international),
                countries,
                weight,
                floors,
                closed,
                {c: max(0, k - have[c]) for c, k in limit.items() if c in have},
            ),
            strict=True,
        )
    )
    _deal(international, counts, rng, demand)


def _fill_largest(total: int, wanted: list[int], demand: list[float]) -> list[int]:
    """Give ``total`` to the ``wanted`` counts of the countries with the largest ``demand`` first,
    each whole where it can be: a host that needs many volunteers in one country needs all of them
    there, while a host of many countries takes its volunteers in any of them."""
    given = [0] * len(wanted)
    for index in sorted(range(len(wanted)), key=lambda i: (-demand[i], -wanted[i], i)):
        given[index] = min(wanted[index], total)
        total -= given[index]
    return given


def _apportion_open(
    total: int,
    countries: list[int],
    weight: dict[int, float],
    floors: list[int],
    closed: set[int],
    limit: dict[int, int],
) -> list[int]:
    """Split ``total`` over the countries by weight, each at least its floor, none in a ``closed``
    country and no more than its ``limit`` in a country, unless the others cannot take them (then
    without the limits, then without closing)."""
    weights = [weight[c] for c in countries]
    for caps in (
        [0 if c in closed else limit.get(c, total) for c in countries],
        [0 if c in closed else total for c in countries],
    ):
        try:
            return apportion(total, weights, floors=floors, caps=caps)
        except ValueError:
            continue
    return apportion(total, weights, floors=floors)


def _put(piece: Piece, country: int) -> None:
    for slot in piece.slots:
        slot.country = country


def _deal(pieces: list[Piece], counts: dict[int, int], rng: random.Random, demand: dict[int, float]) -> None:
    """Hand out countries by count; a person's two assignments never share a country unless they are
    a repeat (then they are one piece): a clash is undone by swapping with a piece dealt before.
    A person with assignments in two countries goes where hosts need the fewest volunteers
    (``demand``): a host of one country cannot take them, so where a dense host needs its volunteers
    they would only seem to be there."""
    rng.shuffle(pieces)
    pieces.sort(key=lambda p: -len(p.person.slots))
    remaining = dict(counts)
    dealt: list[Piece] = []
    stuck: list[Piece] = []
    for piece in pieces:
        taken = _taken(piece)
        options = [c for c, left in remaining.items() if left > 0 and c not in taken]
        if not options:
            stuck.append(piece)
            continue
        choice = (
            max(options, key=lambda c: (-math.ceil(demand.get(c, 0.0)), remaining[c], -c))
            if len(piece.person.slots) > 1
            else (
                options[rng.randrange(len(options))]
                if len(options) < 4
                else _weighted(remaining, options, rng)
            )
        )
        remaining[choice] -= 1
        _put(piece, choice)
        dealt.append(piece)
    for piece in stuck:
        taken = _taken(piece)
        left = next(c for c, count in remaining.items() if count > 0)
        remaining[left] -= 1
        other = next((q for q in dealt if q.slots[0].country not in taken and left not in _taken(q)), None)
        if other is None:
            _put(piece, left)
        else:
            _put(piece, other.slots[0].country)
            _put(other, left)
        dealt.append(piece)


def part_untangle(part: Part) -> None:
    """Swap countries so that no person has two assignments (other than a repeat) in one country;
    every country keeps its number of assignments, national and international alike."""
    for piece in part.pieces:
        country = piece.slots[0].country
        if piece.candidates or country not in _taken(piece):
            continue
        partner = next((q for q in part.pieces if q.person is piece.person and q is not piece), None)
        for mover in (piece, partner):
            if mover is None or mover.candidates:
                continue
            here = mover.slots[0].country
            swap = next(
                (
                    q
                    for q in part.pieces
                    if q.person is not mover.person
                    and not q.candidates
                    and q.national == mover.national
                    and q.slots[0].country != here
                    and q.slots[0].country not in _taken(mover)
                    and here not in _taken(q)
                ),
                None,
            )
            if swap is not None:
                there = swap.slots[0].country
                _put(swap, here)
                _put(mover, there)
                break


def _loose_homes(
    part: Part, homes: list[int], missing: list[int], demand: dict[int, float], limit: dict[int, int]
) -> None:
    """Drop from ``homes`` (and ``missing``) the countries that need a free national volunteer, the
    least demanded first, while the hosts of one country in the part (``limit``) need more of the
    volunteers serving here alone than the other homes leave them. A country that holds a mission's
    or seated entity's volunteer still has an assignment without one."""
    alone = sum(1 for p in part.pieces if not p.candidates and p.person.one_country)
    dense = [c for c in part.countries if c in limit]
    need = sum(math.ceil(demand.get(c, 0.0) - 1e-9) for c in dense)
    covered = {p.slots[0].country for p in part.pieces if p.candidates}
    droppable = sorted(
        (c for c in missing if c not in dense and c in covered), key=lambda c: (demand.get(c, 0.0), c)
    )
    while dense and droppable and alone - sum(1 for c in missing if c not in dense) < need:
        country = droppable.pop(0)
        homes.remove(country)
        missing.remove(country)


def homes_free(parts: dict[tuple[str, bool], Part], world: World) -> None:
    """Leave every international-only volunteer a home of their flag to take as nationality (a
    country with national volunteers where they do not serve) where a swap of duty countries with
    another international assignment of the same region and flag allows it. Without a home such a
    volunteer needs a nationality no national volunteer has, which the nationalities figure may not
    allow (``nationalities.py``). Every country keeps its number of assignments."""
    homes: dict[bool, set[int]] = {True: set(), False: set()}
    for part in parts.values():
        for piece in part.pieces:
            if piece.national:
                homes[world.countries[piece.slots[0].country].gs].add(piece.slots[0].country)

    def stuck(person: Person, moved: Piece | None = None, to: int = 0) -> bool:
        """No home left to the person (``moved`` to ``to``)."""
        if person.national_slot is not None:
            return False
        slots = moved.slots if moved is not None else []
        duty = {to if any(slot is s for s in slots) else slot.country for slot in person.slots}
        return homes[person.gs] <= duty

    for part in parts.values():
        movable = [p for p in part.pieces if not p.national and not p.candidates]
        for piece in movable:
            person = piece.person
            here = piece.slots[0].country
            if here not in homes[person.gs] or not stuck(person):
                continue
            for other in movable:
                there = other.slots[0].country
                if (
                    other.person is person
                    or there == here
                    or there in _taken(piece)
                    or here in _taken(other)
                    or stuck(person, piece, there)
                    or stuck(other.person, other, here)
                ):
                    continue
                _put(piece, there)
                _put(other, here)
                break


def _taken(piece: Piece) -> set[int]:
    """The countries of the person's other assignments."""
    return {s.country for s in piece.person.slots if s.country and s not in piece.slots}


def _weighted(remaining: dict[int, int], options: list[int], rng: random.Random) -> int:
    return rng.choices(options, [remaining[c] for c in options])[0]
