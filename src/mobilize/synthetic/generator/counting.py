"""Counts from a profile's figures: a figure as an integer, and the count a share stands for."""

from __future__ import annotations

import math
from decimal import Decimal

from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.profiles import Profile, interval, places


def whole_range(target: Decimal | int, total: int) -> tuple[int, int]:
    """The whole numbers k with k / total rounding half-up to ``target`` at its places: [low, high]."""
    lo, hi = interval(target)
    return math.ceil(lo * total), math.ceil(hi * total) - 1


def count_for(path: str, share: Decimal | None, count: int | None, total: int, notes: Notes) -> int | None:
    """The count a share of ``total`` stands for: the given count if it agrees with the share, else
    the whole number nearest to share x total among those that round to the share."""
    if share is None:
        return count
    low, high = whole_range(share, total) if total else (0, 0)
    if count is not None:
        if not low <= count <= high or total == 0:
            actual = Decimal(count) / total if total else Decimal(0)
            notes.conflict(
                f"{path}.share {n(share)} contradicts {path}.count {n(count)} of {n(total)} "
                f"({actual:.{places(share) + 2}f}, which does not round to {n(share)})"
            )
        return count
    if low > high:
        notes.conflict(f"{path}.share {n(share)}: no whole number of {n(total)} volunteers gives that share")
        return None
    chosen = min(max(int((share * total).to_integral_value()), low), high)
    notes.choose(f"{path}.count {n(chosen)} ({n(share)} of {n(total)})")
    return chosen


def onsite_int(profile: Profile, path: str) -> int | None:
    """The figure ``onsite.<path>`` as an integer (None: not given)."""
    value = profile.get(f"onsite.{path}")
    return None if value is None else int(value)
