"""The nationalities of the international volunteers: exactly ``new`` nationalities beyond those of
the national volunteers, none of them a volunteer's duty country.

Once every assignment has its duty country, the national volunteers' countries (the *homes*) are
nationalities already. An international-only volunteer (a *traveller*) of Global South flag ``f``
takes a nationality of flag ``f`` that is none of their duty countries: either a home, or a
*fresh* country (of flag ``f``, not a home, not a territory). The fresh countries taken must be
exactly ``new``, split between the two flags.

For one flag, with ``k`` fresh countries, an assignment exists if and only if there is a set ``F``
of ``k`` fresh countries such that

1. each country of ``F`` has its own traveller who does not serve there (a matching that
   saturates ``F``: otherwise some country of ``F`` would be nobody's nationality), and
2. every traveller with no home to take (their duty countries cover the homes of their flag) can
   take a country of ``F``: ``F`` is not inside their duty countries.

Given such an ``F`` the rest is free: the matched travellers take their country, every other
traveller any home or country of ``F`` outside their duty countries (there is one, by 2.).
Conversely the fresh countries of any valid assignment form such an ``F``. A traveller serves in
at most two countries, so condition 2 only binds when ``k`` is 1 or 2, and then ``F`` is found by
trying the candidates; for ``k >= 3`` it always holds and condition 1 holds for every ``k`` up to
the size of a maximum matching between fresh countries and travellers (the sets of countries that
can be matched form a transversal matroid: any subset of a matched set is matched). Every split of
``new`` between the flags is tried, so an assignment is found whenever one exists.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from mobilize.synthetic.generator.plan import Person


@dataclass
class FreshChoice:
    """The travellers of one flag, the homes they may take and the fresh countries."""

    travellers: list[Person]
    homes: list[int]
    pool: list[int]
    """Fresh countries, in the (seeded, shuffled) order of preference."""
    _duty: dict[int, frozenset[int]] = field(init=False)
    _stuck: list[Person] = field(init=False)
    _basis: list[int] = field(default_factory=list, init=False)
    _cap: int = field(default=-1, init=False)
    """The limit the basis was grown to (-1: not grown)."""
    _small: dict[int, list[int] | None] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._duty = {p.index: frozenset(p.countries) for p in self.travellers}
        assert all(len(d) <= 2 for d in self._duty.values()), "a volunteer has at most two assignments"
        home_set = set(self.homes)
        self._stuck = [p for p in self.travellers if home_set <= self._duty[p.index]]

    def duty(self, person: Person) -> frozenset[int]:
        """The countries where a traveller serves."""
        return self._duty[person.index]

    @property
    def stuck(self) -> list[Person]:
        """Travellers who can take no home: they need a fresh country."""
        return self._stuck

    def most(self, limit: int) -> int:
        """The largest number of fresh countries (at most ``limit``) that the travellers can take."""
        exhausted = self._cap >= 0 and len(self._basis) < self._cap
        if limit > self._cap and not exhausted:
            self._basis, self._cap = self._grow(limit), limit
        return min(limit, len(self._basis))

    def feasible(self, k: int) -> bool:
        """Whether exactly ``k`` fresh countries can be taken with every traveller served."""
        if k == 0:
            return not self._stuck
        if k < 3:
            return self._choose_small(k) is not None
        return self.most(k) >= k

    def choose(self, k: int) -> tuple[list[int], dict[int, int]]:
        """The ``k`` fresh countries and the traveller (by index) who takes each: index -> country."""
        if k == 0:
            return [], {}
        chosen = self._choose_small(k) if k < 3 else None
        if chosen is None:
            self.most(k)
            assert self._basis is not None and len(self._basis) >= k
            chosen = self._basis[:k]
        owners = _saturate(chosen, self.travellers, self._duty)
        assert owners is not None
        return chosen, owners

    def _grow(self, limit: int) -> list[int]:
        """Countries of the pool, in order, each kept if the kept ones can still be matched: a basis of
        the transversal matroid, cut at ``limit``."""
        cap = min(limit, len(self.travellers))
        owner: dict[int, int] = {}
        basis: list[int] = []
        for country in self.pool:
            if len(basis) >= cap:
                break
            if _augment(country, self.travellers, self._duty, owner, set()):
                basis.append(country)
        return basis

    def _choose_small(self, k: int) -> list[int] | None:
        """One or two fresh countries that every stuck traveller can take one of (not all inside
        their duty countries) and that two different travellers can take."""
        if k in self._small:
            return self._small[k]
        found: list[int] | None = None
        stuck = [self._duty[p.index] for p in self._stuck]
        if k == 1:
            blocked = set().union(*stuck) if stuck else set()
            found = next(
                ([c] for c in self.pool if c not in blocked and any(c not in d for d in self._duty.values())),
                None,
            )
        elif k == 2 and len(self.travellers) >= 2:
            pairs = {d for d in stuck if len(d) == 2}
            found = next(
                (
                    [a, b]
                    for i, a in enumerate(self.pool)
                    for b in self.pool[i + 1 :]
                    if frozenset((a, b)) not in pairs
                    and _saturate([a, b], self.travellers, self._duty) is not None
                ),
                None,
            )
        self._small[k] = found
        return found


def _augment(
    country: int,
    takers: Sequence[Person],
    duty: dict[int, frozenset[int]],
    owner: dict[int, int],
    seen: set[int],
) -> bool:
    """Match ``country`` to a traveller who does not serve there, re-matching others along an
    alternating path if needed (Kuhn's algorithm); ``owner`` maps each matched traveller's index to
    their country, ``seen`` the matched travellers already tried in this search."""
    for person in takers:
        if person.index not in owner and country not in duty[person.index]:
            owner[person.index] = country
            return True
    for index in list(owner):
        if index in seen or country in duty[index]:
            continue
        seen.add(index)
        if _augment(owner[index], takers, duty, owner, seen):
            owner[index] = country
            return True
    return False


def _saturate(
    countries: Sequence[int], takers: Sequence[Person], duty: dict[int, frozenset[int]]
) -> dict[int, int] | None:
    """A traveller for each country (none serving there, each taking one): index -> country, or
    None when there is none."""
    owner: dict[int, int] = {}
    for country in countries:
        if not _augment(country, takers, duty, owner, set()):
            return None
    return owner


def fresh_split(
    choices: dict[bool, FreshChoice], new: int, weights: dict[bool, float], *, exact: bool = True
) -> dict[bool, int] | None:
    """How many fresh countries each flag takes: ``new`` in all (``exact``) or else the feasible
    number nearest to it; split between the flags as near as can be to ``weights``. None when no
    split is feasible."""
    if exact:
        return _split(choices, new, weights)
    most = sum(choice.most(len(choice.travellers)) for choice in choices.values())
    for total in sorted(range(most + 1), key=lambda t: (abs(t - new), t)):
        split = _split(choices, total, weights)
        if split is not None:
            return split
    return None


def _split(choices: dict[bool, FreshChoice], new: int, weights: dict[bool, float]) -> dict[bool, int] | None:
    most = {flag: choices[flag].most(new) for flag in (True, False)}
    total = weights[True] + weights[False]
    ideal = new * weights[True] / total if total else new / 2
    candidates = [
        k
        for k in range(max(0, new - most[False]), min(new, most[True]) + 1)
        if choices[True].feasible(k) and choices[False].feasible(new - k)
    ]
    if not candidates:
        return None
    k = min(candidates, key=lambda k: (abs(k - ideal), k))
    return {True: k, False: new - k}


def assign_travellers(choices: dict[bool, FreshChoice], split: dict[bool, int], rng: random.Random) -> None:
    """Give every traveller a nationality: the matched ones their fresh country, the others any home
    or chosen fresh country outside their duty countries."""
    for flag, choice in choices.items():
        fresh, taken_by = choice.choose(split[flag])
        options = choice.homes + fresh
        for person in choice.travellers:
            country = taken_by.get(person.index)
            if country is None:
                duty = choice.duty(person)
                allowed = [c for c in options if c not in duty]
                assert allowed, "a traveller without a nationality: FreshChoice is wrong"
                country = allowed[rng.randrange(len(allowed))]
            person.nationality = person.residence = country
