"""How a region's countries split between Global South and other countries (``FlagBounds``, from
the region's assignments by ``flag_bounds``), and the split that keeps a host of one country's
volunteers in one part (``dense_split``). ``countries._split_region`` uses them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mobilize.synthetic.generator.dealing import Piece
from mobilize.synthetic.generator.world import World


@dataclass
class FlagBounds:
    """How a region's countries may split between Global South and other countries: each flag's
    least and most countries, the countries its fixed assignments can cover, the assignments that
    may go to either, the countries there are and the national assignments of each flag."""

    low: dict[bool, int]
    high: dict[bool, int]
    coverable: dict[bool, int]
    loose: int
    avail: dict[bool, int]
    nationals: dict[bool, int]

    def fits(self, ks: dict[bool, int]) -> bool:
        need = {f: max(0, ks[f] - self.coverable[f]) for f in ks}
        return all(self.low[f] <= ks[f] <= self.high[f] for f in ks) and sum(need.values()) <= self.loose

    def proportional(self, count: int) -> dict[bool, int]:
        """The split in proportion to the countries of each flag there are, within the bounds."""
        total_avail = self.avail[True] + self.avail[False]
        k_false = min(
            max(round(count * self.avail[False] / total_avail) if total_avail else 0, self.low[False]),
            self.high[False],
        )
        k_true = count - k_false
        if k_true > self.high[True]:
            k_false += k_true - self.high[True]
            k_true = self.high[True]
        if k_true < self.low[True]:
            k_false -= self.low[True] - k_true
            k_true = self.low[True]
        return {True: k_true, False: k_false}

    def loose_false(self, ks: dict[bool, int]) -> int:
        """How many of the assignments that may go to either go to the other countries: in
        proportion to the split, and at least what each flag needs beyond what its fixed
        assignments cover."""
        need = {f: max(0, ks[f] - self.coverable[f]) for f in ks}
        count = ks[True] + ks[False]
        share = ks[False] / count if count else 0
        return min(max(round(self.loose * share), need[False]), self.loose - need[True])

    def homes(self, ks: dict[bool, int]) -> int:
        """The most of these countries that can have national volunteers."""
        return sum(min(ks[f], self.nationals[f]) for f in ks)

    def split(self, count: int, *, homes_first: bool = False) -> dict[bool, int] | None:
        """The split of ``count`` countries: proportional, or (``homes_first``) the feasible one with
        the most possible homes, nearest to proportional; None when none fits."""
        ks = self.proportional(count)
        if homes_first:
            feasible = [
                split for split in ({True: count - k, False: k} for k in range(count + 1)) if self.fits(split)
            ]
            if feasible:
                ks = max(feasible, key=lambda split: (self.homes(split), -abs(split[False] - ks[False])))
        return ks if self.fits(ks) else None


def dense_split(
    bounds: FlagBounds, pieces: list[Piece], loose: list[Piece], count: int, ks: dict[bool, int], dense: int
) -> tuple[dict[bool, int], int]:
    """The split of ``count`` countries, and how many ``loose`` assignments go to other countries
    (the last ones: the first go to the Global South), nearest to ``ks`` in which one flag's part
    can hold ``dense`` volunteers in one country: that many free assignments of volunteers with no
    assignment in another country, and beside them one assignment for each of its other countries
    (the missions' and seated entities' volunteers covering some). ``ks`` unchanged when none can."""

    prefix = [0]
    for piece in loose:
        prefix.append(prefix[-1] + piece.person.one_country)
    free, once, cover = {}, {}, {}
    for flag in (True, False):
        fixed = [p for p in pieces if p.flag is flag]
        free[flag] = sum(1 for p in fixed if not p.candidates)
        once[flag] = sum(1 for p in fixed if not p.candidates and p.person.one_country)
        bound = [p for p in fixed if p.candidates]
        cover[flag] = min(len(bound), len({c for p in bound for c in p.candidates or ()}))

    def holds(split: dict[bool, int], to_false: int) -> bool:
        cut = len(loose) - to_false
        for flag, extra, extra_once in (
            (True, cut, prefix[cut]),
            (False, to_false, prefix[-1] - prefix[cut]),
        ):
            if (
                split[flag]
                and once[flag] + extra_once >= dense
                and free[flag] + extra - dense + cover[flag] >= split[flag] - 1
            ):
                return True
        return False

    default = bounds.loose_false(ks)
    if holds(ks, default):
        return ks, default
    splits = sorted(
        (split for split in ({True: count - k, False: k} for k in range(count + 1)) if bounds.fits(split)),
        key=lambda split: abs(split[False] - ks[False]),
    )
    for split in splits:
        need = {f: max(0, split[f] - bounds.coverable[f]) for f in split}
        nearest = bounds.loose_false(split)
        choices = range(need[False], len(loose) - need[True] + 1)
        for to_false in sorted(choices, key=lambda m: abs(m - nearest)):
            if holds(split, to_false):
                return split, to_false
    return ks, default


def flag_bounds(world: World, region: str, pieces: list[Piece]) -> FlagBounds:
    avail = {f: len(world.servable.get(region, {}).get(f, [])) for f in (True, False)}
    loose = sum(1 for p in pieces if p.flag is None)
    low, high, coverable, nationals = {}, {}, {}, {}
    for flag in (True, False):
        fixed = [p for p in pieces if p.flag is flag]
        twice = any(times > 1 for times in Counter(id(p.person) for p in fixed).values())
        bound = {p.candidates[0] for p in fixed if p.candidates}
        reach = {c for p in fixed if p.candidates for c in p.candidates}
        coverable[flag] = sum(1 for p in fixed if not p.candidates) + len(reach)
        low[flag] = max(len(bound), 1 if fixed else 0, 2 if twice else 0)
        high[flag] = min(avail[flag], coverable[flag] + loose)
        nationals[flag] = sum(1 for p in fixed if p.national)
    return FlagBounds(low, high, coverable, loose, avail, nationals)
