"""The kinds of volunteers a profile's Global South and modality figures call for. The people of
the year fall into kinds by their Global South flag (person attribute) and the modalities of their
assignments (assignment attribute):

    GN   Global South, one national assignment (in their own country, Global South)
    GI   Global South, one international assignment in another Global South country
    GX   Global South, one international assignment outside the Global South
    GNI  Global South, two assignments: national at home and international in the Global South
    NN   not Global South, one national assignment (own country, not Global South)
    NI   not Global South, one international assignment (anywhere)
    NNI  not Global South, national at home and international elsewhere
    GII, NII  two international assignments in two regions

so that ``global_south.national = GN + GNI``, ``international_in_global_south = GI + GNI + GII``,
``national = GN + GNI + NN + NNI`` and ``international`` = everyone with an international
assignment. ``people_targets`` solves these for the kinds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mobilize.synthetic.generator.counting import count_for, onsite_int
from mobilize.synthetic.generator.data import NATIONAL_SHARE_OF_NON_GLOBAL_SOUTH
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.profiles import Profile

KINDS = ("GN", "GI", "GX", "GNI", "NN", "NI", "NNI", "GII", "NII")


@dataclass(frozen=True)
class Caps:
    """Bounds on the kinds that other figures set."""

    national: int | None = None
    """Most national volunteers N (room for the nationalities figure, a preference)."""
    north: int | None = None
    """Most volunteers with an assignment outside the Global South, GX + NN + NNI: the volunteers
    the regions with such countries have, when the profile gives all of them."""
    north_home: bool = False
    """At least one national volunteer from outside the Global South (N > Gn): a country outside it
    then can be someone's home, which a nationalities figure as high as the countries allow needs
    when a volunteer must serve in such a country."""


def _north_bounds(x: dict[str, int], v: int, room: int) -> dict[str, tuple[int, int]]:
    """For each of G, Gn, Gi, N, I: the values for which the volunteers needing a country outside
    the Global South, D = GX + NN + NNI = G - 2 Gn - Gi + N + min(Gn, Gi, N + I - V), are at most
    ``room``, the others as they are (D is piecewise linear in each; docs/synthetic.md)."""
    g, gn, gi, nat, intl = x["G"], x["Gn"], x["Gi"], x["N"], x["I"]
    big = 10**9
    both = min(gn, gi, nat + intl - v)
    # G: D grows one for one
    g_high = room - (-2 * gn - gi + both + nat)
    # N: D = c + N + min(m, N + k)
    c, m, k = g - 2 * gn - gi, min(gn, gi), intl - v
    n_high = room - c - m if room - c - m + k >= m else (room - c - k) // 2
    # I: D = c1 + min(m, N + I - V)
    c1 = g - 2 * gn - gi + nat
    i_high = big if c1 + m <= room else room - c1 + v - nat
    # Gn: D = c2 - 2 Gn + min(Gn, q)
    c2, q = g - gi + nat, min(gi, nat + intl - v)
    gn_low = c2 - room if c2 - room <= q else -((room - c2 - q) // 2)
    # Gi: D = c3 - Gi + min(Gi, p)
    c3, p = g - 2 * gn + nat, min(gn, nat + intl - v)
    gi_low = -big if c3 <= room else c3 + p - room
    return {
        "G": (-big, g_high),
        "Gn": (gn_low, big),
        "Gi": (gi_low, big),
        "N": (-big, n_high),
        "I": (-big, i_high),
    }


def _intervals(v: int, x: dict[str, int], a: int, caps: Caps = Caps()) -> dict[str, tuple[int, int]]:
    """For each of G, Gn, Gi, N, I: the values it may take with the others as they are. The
    conditions (derived in docs/synthetic.md): Gn, Gi <= G <= V; Gn <= N <= Gn + V - G;
    V - N <= I <= V; I <= V - Gn + Gi; Gn + Gi - G <= N + I - V; N + I <= A (the assignments);
    and within the ``caps`` given."""
    g, gn, gi, nat, intl = x["G"], x["Gn"], x["Gi"], x["N"], x["I"]
    n_high = v if caps.national is None else caps.national
    bounds = {
        "G": (max(gn, gi, gn + gi - (nat + intl - v)), min(v, v - nat + gn)),
        "Gn": (max(0, nat - (v - g)), min(g, nat, v - intl + gi, g - gi + nat + intl - v)),
        "Gi": (max(0, intl - v + gn), min(g, g - gn + nat + intl - v)),
        "N": (max(gn, v - intl, gn + gi - g - intl + v), min(gn + v - g, a - intl, n_high)),
        "I": (max(v - nat, gn + gi - g - nat + v), min(v, v - gn + gi, a - nat)),
    }
    if caps.north_home:
        bounds["Gn"] = (bounds["Gn"][0], min(bounds["Gn"][1], nat - 1))
        bounds["N"] = (max(bounds["N"][0], gn + 1), bounds["N"][1])
    if caps.north is None:
        return bounds
    north = _north_bounds(x, v, caps.north)
    return {key: (max(lo, north[key][0]), min(hi, north[key][1])) for key, (lo, hi) in bounds.items()}


def _feasible(
    v: int, x: dict[str, int], free: list[str], a: int, caps: Caps = Caps()
) -> dict[str, int] | None:
    """A completion of ``x`` over the ``free`` figures meeting every condition, found by moving one
    figure at a time into the values the others allow, from a few starting points (a heuristic:
    None may be returned where a completion exists, which the starting points make rarer)."""
    if not free:
        return x if _holds(v, x, a, caps) else None
    for start in _starts(v, x, free, caps):
        found = _descend(v, start, free, a, caps)
        if found is not None:
            return found
    return None


def _starts(v: int, x: dict[str, int], free: list[str], caps: Caps) -> Iterator[dict[str, int]]:
    """Where ``_feasible`` starts its descents, in turn: the figures as they are, the ``free`` ones
    all 0, all V; with the north cap, where the fewest need a country outside the Global South (no
    national volunteers but the Global South's own, everyone else international, the fewest Global
    South volunteers: the cap ties the figures together, and a descent can stop where none can move
    alone); the generator's defaults with the national volunteers within their cap (a tight cap
    often leaves room near a programme like the report's); and everyone from the Global South, the
    national volunteers at home and the international ones in the Global South (where the fewest
    need a country outside it when most figures are open)."""
    yield x
    yield {**x, **dict.fromkeys(free, 0)}
    yield {**x, **dict.fromkeys(free, v)}
    if caps.north is not None:
        low = dict(x)
        if "N" in free:
            low["N"] = low["Gn"]
        if "I" in free:
            low["I"] = v - low["N"]
        if "G" in free:
            low["G"] = max(low["Gn"], low["Gi"], low["Gn"] + low["Gi"] - (low["N"] + low["I"] - v))
        yield low
    usual = dict(x)
    for key in free:
        usual[key] = _policy(v, usual, key)
        if caps.national is not None and (key == "N" or (key == "Gn" and "N" in free)):
            usual[key] = min(usual[key], caps.national)
    yield usual
    south = dict(x)
    if "G" in free:
        south["G"] = v
    if "Gn" in free:
        south["Gn"] = min(south["G"], south["N"] if "N" not in free else _policy(v, south, "Gn"))
    if "N" in free:
        south["N"] = south["Gn"]
    if "Gi" in free:
        south["Gi"] = min(south["G"], south["I"] if "I" not in free else _policy(v, south, "Gi"))
    if "I" in free:
        south["I"] = v - south["N"] + max(0, south["Gn"] + south["Gi"] - south["G"])
    yield south


def _holds(v: int, x: dict[str, int], a: int, caps: Caps) -> bool:
    """Whether every figure of ``x`` is within the values the others allow."""
    return all(lo <= x[k] <= hi for k, (lo, hi) in _intervals(v, x, a, caps).items())


def _descend(v: int, start: dict[str, int], free: list[str], a: int, caps: Caps) -> dict[str, int] | None:
    """From ``start``, move one ``free`` figure at a time into the values the others allow, in
    both orders; the figures if they all hold."""
    for order in (free, free[::-1]):
        y = dict(start)
        for _ in range(40):
            if _holds(v, y, a, caps):
                return y
            for key in order:
                lo, hi = _intervals(v, y, a, caps)[key]
                if lo <= hi:
                    y[key] = min(max(y[key], lo), hi)
    return None


def _kinds_of(v: int, x: dict[str, int]) -> dict[str, int]:
    """The volunteers of each kind the figures make (G, Gn, Gi, N, I of ``v`` volunteers): those
    serving under both modalities (N + I - V of them) are from the Global South as far as the
    figures allow, like most volunteers."""
    g, gn, gi, nat, intl = x["G"], x["Gn"], x["Gi"], x["N"], x["I"]
    both = min(gn, gi, nat + intl - v)
    nn = both - intl + v - gn
    nni = nat - gn - nn
    kinds = dict.fromkeys(KINDS, 0)
    kinds.update(
        GN=gn - both, GI=gi - both, GNI=both, GX=g - gn - gi + both, NN=nn, NNI=nni, NI=v - g - nn - nni
    )
    return kinds


def _policy(v: int, x: dict[str, int], key: str) -> int:
    """The generator's default for a figure the profile does not give, from those decided before
    it (in the order G, Gn, Gi, N, I): 85 % of the volunteers from the Global South, 70 % of those
    national, and the report's share of national volunteers among the others."""
    nn = round((v - x["G"]) * NATIONAL_SHARE_OF_NON_GLOBAL_SOUTH)
    return {
        "G": round(v * 0.85),
        "Gn": round(x["G"] * 0.7),
        "Gi": x["G"] - x["Gn"],
        "N": x["Gn"] + nn,
        "I": v - x["Gn"] - nn + max(0, x["Gn"] + x["Gi"] - x["G"]),
    }[key]


def _complete(v: int, given: dict[str, int | None], a: int, caps: Caps = Caps()) -> dict[str, int] | None:
    """Fill the figures the profile does not give, one after the other, each with the value nearest
    to the generator's default for which the others can still all hold (within the ``caps``);
    None if the given figures alone cannot."""
    x = {k: val if val is not None else 0 for k, val in given.items()}
    free = [k for k in ("G", "Gn", "Gi", "N", "I") if given[k] is None]
    for index, key in enumerate(free):
        rest = free[index + 1 :]
        target = _policy(v, x, key)

        def works(value: int, key: str = key, rest: list[str] = rest) -> bool:
            return _feasible(v, {**x, key: value}, rest, a, caps) is not None

        anywhere = _feasible(v, x, [key, *rest], a, caps)
        if anywhere is None:
            return None
        chosen = anywhere[key]
        if 0 <= target <= v and works(target):
            chosen = target
        else:
            # the values that work form an interval holding ``chosen``: find its end nearest the target
            near, far = target, chosen
            while abs(far - near) > 1:
                middle = (near + far) // 2
                near, far = (near, middle) if works(middle) else (middle, far)
            chosen = far
        x[key] = chosen
    return _feasible(v, x, [], a, caps)


def people_targets(profile: Profile, notes: Notes, north: int | None = None) -> dict[str, int] | None:
    """Solve the kinds of volunteers from the Global South and modality figures; ``north``: the
    volunteers of the regions with countries outside the Global South, when the profile gives all
    of them."""
    v = onsite_int(profile, "volunteers")
    if v is None:
        notes.conflict("onsite.volunteers: the generator needs the number of volunteers")
        return None
    g = count_for(
        "onsite.global_south",
        profile.get("onsite.global_south.share"),
        onsite_int(profile, "global_south.count"),
        v,
        notes,
    )
    given = {
        "G": g,
        "Gn": onsite_int(profile, "global_south.national"),
        "Gi": onsite_int(profile, "global_south.international_in_global_south"),
        "N": onsite_int(profile, "national"),
        "I": onsite_int(profile, "international"),
    }
    names = {
        "G": "onsite.global_south.count",
        "Gn": "onsite.global_south.national",
        "Gi": "onsite.global_south.international_in_global_south",
        "N": "onsite.national",
        "I": "onsite.international",
    }
    if g is not None and g > v:
        notes.conflict(f"onsite.global_south.count {n(g)} is {n(g - v)} more than onsite.volunteers {n(v)}")
    for key in ("Gn", "Gi"):
        value = given[key]
        if value is not None and g is not None and value > g:
            notes.conflict(
                f"{names[key]} {n(value)} is {n(value - g)} more than onsite.global_south.count {n(g)}"
            )
    for key in ("N", "I"):
        value = given[key]
        if value is not None and value > v:
            notes.conflict(f"{names[key]} {n(value)} is {n(value - v)} more than onsite.volunteers {n(v)}")
    if given["N"] is not None and given["I"] is not None and given["N"] + given["I"] < v:
        notes.conflict(
            f"onsite.national {n(given['N'])} + onsite.international {n(given['I'])} = "
            f"{n(given['N'] + given['I'])}, "
            f"{n(v - given['N'] - given['I'])} fewer than onsite.volunteers {n(v)}: every volunteer serves "
            "nationally or internationally"
        )
    if notes.conflicts:
        return None
    assignments = onsite_int(profile, "assignments")
    a = 2 * v if assignments is None else assignments
    # the nationalities are at most the countries served (the national volunteers' homes) plus one
    # for each volunteer with no national assignment: a national figure the generator chooses
    # leaves room for them (a given one that does not is refused by the countries step, named)
    nationalities, countries = onsite_int(profile, "nationalities"), onsite_int(profile, "countries_served")
    # and the volunteers who need a country outside the Global South fit in the regions that have
    # such countries (``north``); a figure that leaves no room for them is refused by the regions
    # step, named
    national = None
    if given["N"] is None and nationalities is not None and countries is not None:
        national = v + countries - nationalities
    x = None
    for caps in dict.fromkeys((Caps(national, north), Caps(None, north), Caps(national, None), Caps())):
        x = _complete(v, given, a, caps)
        if x is not None:
            break
    # every national volunteer from the Global South and the nationalities as high as the countries
    # allow: a volunteer who must serve outside the Global South (GX) would leave a country that is
    # nobody's home, so one national volunteer from outside it where that can be
    if (
        x is not None
        and national is not None
        and x["N"] >= national
        and x["N"] == x["Gn"]
        and _kinds_of(v, x)["GX"] > 0
    ):
        for caps in dict.fromkeys((Caps(national, north, True), Caps(national, None, True))):
            found = _complete(v, given, a, caps)
            if found is not None:
                x = found
                break
    if x is None:
        shown = ", ".join(f"{names[k]} {n(val)}" for k, val in given.items() if val is not None)
        notes.conflict(
            f"{shown} cannot all hold for {n(v)} volunteers: Global South volunteers serve nationally at "
            "home or internationally, the others nationally in a country outside the Global South or "
            "internationally"
        )
        return None
    for key in ("G", "Gn", "Gi", "N", "I"):
        if given[key] is None:
            notes.choose(f"{names[key]} {n(x[key])}")
    g, gn, gi, nat, intl = x["G"], x["Gn"], x["Gi"], x["N"], x["I"]
    kinds = _kinds_of(v, x)
    nni = kinds["NNI"]
    if gn + gi > g:
        notes.explain(
            f"global_south.national {n(gn)} + global_south.international_in_global_south {n(gi)} = "
            f"{n(gn + gi)}, {n(gn + gi - g)} more than global_south.count {n(g)}: {n(gn + gi - g)} Global "
            "South volunteers served under both modalities in the year, nationally at home and "
            "internationally in another Global South country"
        )
    if nat + intl > v and given["N"] is not None and given["I"] is not None:
        notes.explain(
            f"onsite.national {n(nat)} + onsite.international {n(intl)} exceed onsite.volunteers {n(v)} by "
            f"{n(nat + intl - v)}: {n(nat + intl - v)} volunteers served under both modalities in the year"
            + (f" ({n(nni)} of them from outside the Global South)" if nni else "")
        )
    assert all(count >= 0 for count in kinds.values()), kinds
    return kinds
