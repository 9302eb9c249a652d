"""From a profile to exact integer targets: every figure the generated year must reproduce, the
explanations of the figures that do not add up, the choices where the profile is silent, and the
conflicts where no explanation exists.

The people of the year fall into kinds by their Global South flag (person attribute) and the
modalities of their assignments (assignment attribute):

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
assignment. ``people_targets`` solves these for the kinds, the rest of this module the other
figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from mobilize.synthetic.generator.data import (
    NATIONAL_SHARE_OF_MISSION_VOLUNTEERS,
    NATIONAL_SHARE_OF_NON_GLOBAL_SOUTH,
)
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.profiles import REGIONS, Profile, interval, places

MISSION_TYPES = ("peacekeeping", "political_mission")
KINDS = ("GN", "GI", "GX", "GNI", "NN", "NI", "NNI", "GII", "NII")
MULTI_KINDS = frozenset({"GNI", "NNI", "GII", "NII"})


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


@dataclass
class AgeTargets:
    min: int
    max: int
    aged_60_plus: int
    sum_low: int
    sum_high: int
    distribution: dict[str, int] | None


@dataclass
class Targets:
    year: int
    volunteers: int
    kinds: dict[str, int]
    repeats: int
    """Volunteers with two assignments in the same country (only to reach ``assignments``)."""
    crossers: int = 0
    regions: dict[str, int] = field(default_factory=dict)
    countries: int | None = None
    nationalities: int | None = None
    host_entities: int | None = None
    women: int | None = None
    women_by_region: dict[str, int] = field(default_factory=dict)
    age: AgeTargets | None = None
    youth: int = 0
    disabled: int = 0
    groups: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    entities: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    types: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Mission types: (national, international) volunteers."""
    lead: dict[str, tuple[tuple[Decimal, Decimal] | None, int | None]] = field(default_factory=dict)
    assignments: int | None = None


def _get(profile: Profile, path: str) -> int | None:
    value = profile.get(f"onsite.{path}")
    return None if value is None else int(value)


def _intervals(v: int, x: dict[str, int], a: int, n_high: int | None = None) -> dict[str, tuple[int, int]]:
    """For each of G, Gn, Gi, N, I: the values it may take with the others as they are. The
    conditions (derived in docs/synthetic.md): Gn, Gi <= G <= V; Gn <= N <= Gn + V - G;
    V - N <= I <= V; I <= V - Gn + Gi; Gn + Gi - G <= N + I - V; N + I <= A (the assignments);
    and N <= ``n_high`` when given."""
    g, gn, gi, nat, intl = x["G"], x["Gn"], x["Gi"], x["N"], x["I"]
    n_high = v if n_high is None else n_high
    return {
        "G": (max(gn, gi, gn + gi - (nat + intl - v)), min(v, v - nat + gn)),
        "Gn": (max(0, nat - (v - g)), min(g, nat, v - intl + gi, g - gi + nat + intl - v)),
        "Gi": (max(0, intl - v + gn), min(g, g - gn + nat + intl - v)),
        "N": (max(gn, v - intl, gn + gi - g - intl + v), min(gn + v - g, a - intl, n_high)),
        "I": (max(v - nat, gn + gi - g - nat + v), min(v, v - gn + gi, a - nat)),
    }


def _feasible(
    v: int, x: dict[str, int], free: list[str], a: int, n_high: int | None = None
) -> dict[str, int] | None:
    """A completion of ``x`` over the ``free`` figures meeting every condition, found by moving one
    figure at a time into the values the others allow, from a few starting points."""
    if not free:
        return x if all(lo <= x[k] <= hi for k, (lo, hi) in _intervals(v, x, a, n_high).items()) else None
    for start in (x, {**x, **dict.fromkeys(free, 0)}, {**x, **dict.fromkeys(free, v)}):
        for order in (free, free[::-1]):
            y = dict(start)
            for _ in range(40):
                bounds = _intervals(v, y, a, n_high)
                if all(lo <= y[k] <= hi for k, (lo, hi) in bounds.items()):
                    return y
                for key in order:
                    lo, hi = _intervals(v, y, a, n_high)[key]
                    if lo <= hi:
                        y[key] = min(max(y[key], lo), hi)
    return None


def _complete(
    v: int, given: dict[str, int | None], a: int, n_high: int | None = None
) -> dict[str, int] | None:
    """Fill the figures the profile does not give, one after the other, each with the value nearest
    to the generator's default for which the others can still all hold (with at most ``n_high``
    national volunteers when given); None if the given figures alone cannot."""
    x = {k: val if val is not None else 0 for k, val in given.items()}
    free = [k for k in ("G", "Gn", "Gi", "N", "I") if given[k] is None]

    def policy(key: str) -> int:
        nn = round((v - x["G"]) * NATIONAL_SHARE_OF_NON_GLOBAL_SOUTH)
        return {
            "G": round(v * 0.85),
            "Gn": round(x["G"] * 0.7),
            "Gi": x["G"] - x["Gn"],
            "N": x["Gn"] + nn,
            "I": v - x["Gn"] - nn + max(0, x["Gn"] + x["Gi"] - x["G"]),
        }[key]

    for index, key in enumerate(free):
        rest = free[index + 1 :]
        target = policy(key)

        def works(value: int, key: str = key, rest: list[str] = rest) -> bool:
            return _feasible(v, {**x, key: value}, rest, a, n_high) is not None

        anywhere = _feasible(v, x, [key, *rest], a, n_high)
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
    return _feasible(v, x, [], a, n_high)


def _outside(v: int, x: dict[str, int]) -> int:
    """Global South volunteers serving internationally outside the Global South only (GX)."""
    g, gn, gi, intl = x["G"], x["Gn"], x["Gi"], x["I"]
    return g - gn - gi + max(0, gn + gi - g, intl - v + gn)


def people_targets(profile: Profile, notes: Notes) -> dict[str, int] | None:
    """Solve the kinds of volunteers from the Global South and modality figures."""
    v = _get(profile, "volunteers")
    if v is None:
        notes.conflict("onsite.volunteers: the generator needs the number of volunteers")
        return None
    g = count_for(
        "onsite.global_south",
        profile.get("onsite.global_south.share"),
        _get(profile, "global_south.count"),
        v,
        notes,
    )
    given = {
        "G": g,
        "Gn": _get(profile, "global_south.national"),
        "Gi": _get(profile, "global_south.international_in_global_south"),
        "N": _get(profile, "national"),
        "I": _get(profile, "international"),
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
    assignments = _get(profile, "assignments")
    a = 2 * v if assignments is None else assignments
    # the nationalities are at most the countries served (the national volunteers' homes) plus one
    # for each volunteer with no national assignment: a national figure the generator chooses
    # leaves room for them (a given one that does not is refused by the countries step, named)
    nationalities, countries = _get(profile, "nationalities"), _get(profile, "countries_served")
    x = None
    if given["N"] is None and nationalities is not None and countries is not None:
        x = _complete(v, given, a, n_high=v + countries - nationalities)
    x = x or _complete(v, given, a)
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
    # Those serving under both modalities (national + international - volunteers of them) are from
    # the Global South as far as the figures allow, like most volunteers.
    both = min(gn, gi, nat + intl - v)
    nn = both - intl + v - gn
    nni = nat - gn - nn
    kinds = dict.fromkeys(KINDS, 0)
    kinds.update(
        GN=gn - both, GI=gi - both, GNI=both, GX=g - gn - gi + both, NN=nn, NNI=nni, NI=v - g - nn - nni
    )
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


def women_targets(
    profile: Profile, v: int, regions: dict[str, int], notes: Notes
) -> tuple[int | None, dict[str, int]]:
    w = count_for("onsite.women", profile.get("onsite.women.share"), _get(profile, "women.count"), v, notes)
    if w is not None and w > v:
        notes.conflict(f"onsite.women.count {n(w)} is {n(w - v)} more than onsite.volunteers {n(v)}")
    by_region: dict[str, int] = {}
    for region, figures in (profile.get("onsite.women_by_region") or {}).items():
        path = f"onsite.women_by_region.{region}"
        total = figures.get("volunteers")
        if total is not None and region in regions and total != regions[region]:
            notes.conflict(
                f"{path}.volunteers {n(total)} differs from onsite.by_region.{region} {n(regions[region])} "
                f"by {n(abs(total - regions[region]))}"
            )
            continue
        if total is None:
            total = regions.get(region)
        if total is None:
            notes.conflict(f"{path}: the generator needs the region's volunteers (onsite.by_region.{region})")
            continue
        count = count_for(path, figures.get("share"), figures.get("count"), total, notes)
        if count is not None and count > total:
            notes.conflict(
                f"{path}.count {n(count)} is {n(count - total)} more than its {n(total)} volunteers"
            )
        elif count is not None:
            by_region[region] = count
    return w, by_region


def age_targets(profile: Profile, v: int, youth: int, notes: Notes) -> AgeTargets | None:
    age = profile.get("onsite.age") or {}
    lowest, highest = age.get("min"), age.get("max")
    p60 = age.get("aged_60_plus")
    distribution = age.get("distribution")
    if lowest is None:
        lowest = 18
        notes.choose("onsite.age.min 18")
    if highest is None:
        highest = max(lowest, 64 if (p60 or 0) > 0 or p60 is None else 59)
        notes.choose(f"onsite.age.max {highest}")
    if p60 is None:
        p60 = 0 if highest < 60 else max(1, round(v * 0.013))
        notes.choose(f"onsite.age.aged_60_plus {n(p60)}")
    if lowest < 18:
        notes.conflict(f"onsite.age.min {lowest}: volunteers are at least 18")
    if lowest > highest:
        notes.conflict(f"onsite.age.min {lowest} is {lowest - highest} more than onsite.age.max {highest}")
    if p60 > v:
        notes.conflict(f"onsite.age.aged_60_plus {n(p60)} is {n(p60 - v)} more than onsite.volunteers {n(v)}")
    if p60 > 0 and highest < 60:
        notes.conflict(f"onsite.age.aged_60_plus {n(p60)} but onsite.age.max {highest} is under 60")
    if p60 == 0 and highest >= 60 and v:
        notes.conflict(f"onsite.age.max {highest} is 60 or more but onsite.age.aged_60_plus is 0")
    if lowest >= 60 and p60 != v:
        notes.conflict(f"onsite.age.min {lowest}: all {n(v)} volunteers are 60 or more, not {n(p60)}")
    if youth and lowest > 26:
        notes.conflict(f"onsite.youth {n(youth)} but onsite.age.min {lowest}: youth volunteers are 18 to 26")
    if youth + p60 > v:
        notes.conflict(
            f"onsite.youth {n(youth)} + onsite.age.aged_60_plus {n(p60)} = {n(youth + p60)}, "
            f"{n(youth + p60 - v)} more than onsite.volunteers {n(v)}"
        )
    if distribution is not None:
        total = sum(distribution.values())
        if total != v:
            notes.conflict(f"onsite.age.distribution adds up to {n(total)}, not onsite.volunteers {n(v)}")
        if distribution.get("60+", 0) != p60:
            notes.conflict(
                f"onsite.age.distribution.60+ {n(distribution.get('60+', 0))} differs from aged_60_plus "
                f"{n(p60)}"
            )
    if notes.conflicts or v == 0:
        return None
    mean = age.get("mean")
    if mean is None:
        low = high = round(v * 35)
        notes.choose("onsite.age.mean 35")
    else:
        low, high = whole_range(mean, v)
        if low > high:
            notes.conflict(
                f"onsite.age.mean {n(mean)}: no whole-year ages of {n(v)} volunteers have that mean"
            )
            return None
    return AgeTargets(lowest, highest, p60, low, high, distribution)


def mission_targets(profile: Profile, notes: Notes) -> dict[str, tuple[int, int]]:
    """(national, international) volunteers of each mission type the profile names."""
    found: dict[str, tuple[int, int]] = {}
    for kind, figures in (profile.get("onsite.by_host_type") or {}).items():
        path = f"onsite.by_host_type.{kind}"
        if kind not in MISSION_TYPES:
            notes.conflict(
                f"{path}: the generator reproduces host types only for peacekeeping and political_mission"
            )
            continue
        vol, nat, intl = figures.get("volunteers"), figures.get("national"), figures.get("international")
        share = NATIONAL_SHARE_OF_MISSION_VOLUNTEERS
        if vol is not None and nat is not None and intl is not None and vol != nat + intl:
            if vol > nat + intl:
                notes.conflict(
                    f"{path}.volunteers {n(vol)} is {n(vol - nat - intl)} more than national + international"
                )
            else:
                notes.conflict(f"{path}: volunteers serving missions under both modalities are not generated")
            continue
        if nat is None and intl is None:
            nat = round((vol or 0) * share)
            intl = (vol or 0) - nat
        elif nat is None:
            nat = (vol - intl) if vol is not None else round(intl * share / (1 - share))
        elif intl is None:
            intl = (vol - nat) if vol is not None else round(nat * (1 - share) / share)
        if nat < 0 or intl < 0:
            notes.conflict(
                f"{path}.volunteers {n(vol)} is fewer than its national or international volunteers"
            )
            continue
        if figures.get("national") is None or figures.get("international") is None:
            notes.choose(f"{path}: {n(nat)} national and {n(intl)} international volunteers")
        found[kind] = (nat, intl)
    return found


def lead_targets(
    profile: Profile, notes: Notes
) -> dict[str, tuple[tuple[Decimal, Decimal] | None, int | None]]:
    found = {}
    for modality in ("national", "international"):
        figures = profile.get(f"onsite.lead_time_days.{modality}") or {}
        mean = figures.get("mean")
        found[modality] = (None if mean is None else interval(mean), figures.get("assignments"))
        if figures.get("assignments") == 0 and mean is not None:
            notes.conflict(f"onsite.lead_time_days.{modality}: a mean over 0 assignments")
    return found


def targets_resolve(profile: Profile, notes: Notes) -> Targets | None:
    """Every figure as an exact target; the conflicts found so far are in ``notes``."""
    kinds = people_targets(profile, notes)
    if kinds is None:
        return None
    v = _get(profile, "volunteers") or 0
    regions = {r: int(c) for r, c in (profile.get("onsite.by_region") or {}).items()}
    for region, figures in (profile.get("onsite.women_by_region") or {}).items():
        if figures.get("volunteers") is not None and region not in regions:
            regions[region] = figures["volunteers"]
    for region, count in regions.items():
        if count > v:
            notes.conflict(
                f"onsite.by_region.{region} {n(count)} is {n(count - v)} more than onsite.volunteers {n(v)}"
            )
    if len(regions) == len(REGIONS) and sum(regions.values()) < v:
        notes.conflict(
            f"onsite.by_region adds up to {n(sum(regions.values()))}, {n(v - sum(regions.values()))} fewer "
            f"than onsite.volunteers {n(v)}: every volunteer serves in at least one region"
        )
    youth = _get(profile, "youth") or 0
    if youth > v:
        notes.conflict(f"onsite.youth {n(youth)} is {n(youth - v)} more than onsite.volunteers {n(v)}")
    disabled = _get(profile, "with_disabilities") or 0
    if disabled > v:
        notes.conflict(
            f"onsite.with_disabilities {n(disabled)} is {n(disabled - v)} more than onsite.volunteers {n(v)}"
        )
    women, women_by_region = women_targets(profile, v, regions, notes)
    age = age_targets(profile, v, youth, notes)
    for key in ("by_country", "by_category"):
        if profile.get(f"onsite.{key}"):
            notes.conflict(f"onsite.{key}: the generator does not reproduce this breakdown; leave it out")
    assignments = _get(profile, "assignments")
    if assignments is not None and assignments < v:
        notes.conflict(
            f"onsite.assignments {n(assignments)} is {n(v - assignments)} fewer than onsite.volunteers {n(v)}"
        )
    targets = Targets(
        year=profile.year,
        volunteers=v,
        kinds=kinds,
        repeats=0,
        regions=regions,
        countries=_get(profile, "countries_served"),
        nationalities=_get(profile, "nationalities"),
        host_entities=_get(profile, "host_entities_served"),
        women=women,
        women_by_region=women_by_region,
        age=age,
        youth=youth,
        disabled=disabled,
        groups={
            code: (f.get("volunteers"), f.get("countries"))
            for code, f in (profile.get("onsite.by_host_group") or {}).items()
        },
        entities={
            acronym: (f.get("volunteers"), f.get("countries"))
            for acronym, f in (profile.get("onsite.by_host_entity") or {}).items()
        },
        types=mission_targets(profile, notes),
        lead=lead_targets(profile, notes),
        assignments=assignments,
    )
    if targets.nationalities is not None and targets.nationalities > v:
        notes.conflict(
            f"onsite.nationalities {n(targets.nationalities)} is more than onsite.volunteers {n(v)}"
        )
    if targets.countries is not None and assignments is not None and targets.countries > assignments:
        notes.conflict(
            f"onsite.countries_served {n(targets.countries)} is more than onsite.assignments {n(assignments)}"
        )
    if targets.host_entities is not None and targets.host_entities > v:
        notes.conflict(
            f"onsite.host_entities_served {n(targets.host_entities)} is {n(targets.host_entities - v)} more "
            f"than onsite.volunteers {n(v)} (the generator keeps each volunteer with one host entity)"
        )
    if v and targets.countries == 0:
        notes.conflict(f"onsite.countries_served is 0 but {n(v)} volunteers served")
    return targets
