"""From a profile to exact integer targets: every figure the generated year must reproduce, the
explanations of the figures that do not add up, the choices where the profile is silent, and the
conflicts where no explanation exists. The kinds of volunteers (by Global South flag and
modalities) are solved in ``kinds.py``, the rest here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from mobilize.synthetic.generator.counting import count_for, onsite_int, whole_range
from mobilize.synthetic.generator.data import NATIONAL_SHARE_OF_MISSION_VOLUNTEERS
from mobilize.synthetic.generator.flow import apportion
from mobilize.synthetic.generator.kinds import people_targets
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import REGIONS, Profile, interval

MISSION_TYPES = ("peacekeeping", "political_mission")


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


def women_targets(
    profile: Profile, v: int, regions: dict[str, int], notes: Notes
) -> tuple[int | None, dict[str, int]]:
    w = count_for(
        "onsite.women", profile.get("onsite.women.share"), onsite_int(profile, "women.count"), v, notes
    )
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


def mission_targets(profile: Profile, notes: Notes, world: World | None = None) -> dict[str, tuple[int, int]]:
    """(national, international) volunteers of each mission type the profile names. A half the
    profile leaves open is chosen by ``NATIONAL_SHARE_OF_MISSION_VOLUNTEERS``, then (with the
    ``world``) cut down to what the missions' host group leaves them (``_missions_fit``)."""
    found: dict[str, tuple[int, int]] = {}
    opened: dict[str, tuple[bool, bool]] = {}
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
        if vol is None:
            opened[kind] = (nat is None, intl is None)
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
        found[kind] = (nat, intl)
    if world is not None and opened:
        _missions_fit(found, opened, *_missions_budget(profile, world))
    for kind, (nat, intl) in found.items():
        figures = (profile.get("onsite.by_host_type") or {})[kind]
        if figures.get("national") is None or figures.get("international") is None:
            notes.choose(
                f"onsite.by_host_type.{kind}: {n(nat)} national and {n(intl)} international volunteers"
            )
    return found


def _missions_budget(profile: Profile, world: World) -> tuple[int | None, dict[str, int]]:
    """The volunteers the missions' host group leaves for missions (None: no bound), and the
    volunteers of the missions named in the profile, by mission type."""
    groups = {e.group for e in world.entities.values() if e.type in MISSION_TYPES}
    given = {
        code: f["volunteers"]
        for code, f in (profile.get("onsite.by_host_group") or {}).items()
        if f.get("volunteers") is not None
    }
    others: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for acronym, figures in (profile.get("onsite.by_host_entity") or {}).items():
        entity = world.by_acronym.get(acronym)
        if entity is None or figures.get("volunteers") is None:
            continue
        if entity.type in MISSION_TYPES:
            named[entity.type] += figures["volunteers"]
        else:
            others[entity.group] += figures["volunteers"]
    if len(groups) != 1:
        return None, named
    (group,) = groups
    if group in given:
        return given[group] - others[group], named
    v = onsite_int(profile, "volunteers")
    if v is None:
        return None, named
    taken = sum(given.values()) + sum(vol for code, vol in others.items() if code not in given)
    return v - taken, named


def _missions_fit(
    found: dict[str, tuple[int, int]],
    opened: dict[str, tuple[bool, bool]],
    budget: int | None,
    named: dict[str, int],
) -> None:
    """Cut the halves the profile leaves open, in proportion, so that the missions' volunteers fit
    the ``budget`` their host group leaves them, each type keeping the volunteers of its missions
    the profile names. Where even that cannot hold the choice stands, and ``hosts.entities_choose``
    names the conflict."""
    if budget is None or sum(map(sum, found.values())) <= budget:
        return
    halves = [(kind, i) for kind, open_ in opened.items() if kind in found for i in (0, 1) if open_[i]]
    fixed = sum(map(sum, found.values())) - sum(found[k][i] for k, i in halves)
    floors = [0 if all(opened[kind]) else max(0, named[kind] - found[kind][1 - i]) for kind, i in halves]
    try:
        parts = apportion(budget - fixed, [found[k][i] for k, i in halves], floors=floors)
    except ValueError:
        return
    for (kind, i), part in zip(halves, parts, strict=True):
        pair = list(found[kind])
        pair[i] = min(pair[i], part)
        found[kind] = (pair[0], pair[1])


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


def targets_resolve(profile: Profile, notes: Notes, world: World | None = None) -> Targets | None:
    """Every figure as an exact target; the conflicts found so far are in ``notes``. With the
    ``world``, the kinds of volunteers leave room for the regions with countries outside the Global
    South when the profile gives all of them."""
    regions = {r: int(c) for r, c in (profile.get("onsite.by_region") or {}).items()}
    for region, figures in (profile.get("onsite.women_by_region") or {}).items():
        if figures.get("volunteers") is not None and region not in regions:
            regions[region] = figures["volunteers"]
    north_regions = [r for r, flags in world.servable.items() if flags.get(False)] if world else []
    north = (
        sum(regions[r] for r in north_regions)
        if north_regions and set(north_regions) <= set(regions)
        else None
    )
    kinds = people_targets(profile, notes, north)
    if kinds is None:
        return None
    v = onsite_int(profile, "volunteers") or 0
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
    youth = onsite_int(profile, "youth") or 0
    if youth > v:
        notes.conflict(f"onsite.youth {n(youth)} is {n(youth - v)} more than onsite.volunteers {n(v)}")
    disabled = onsite_int(profile, "with_disabilities") or 0
    if disabled > v:
        notes.conflict(
            f"onsite.with_disabilities {n(disabled)} is {n(disabled - v)} more than onsite.volunteers {n(v)}"
        )
    women, women_by_region = women_targets(profile, v, regions, notes)
    age = age_targets(profile, v, youth, notes)
    for key in ("by_country", "by_category"):
        if profile.get(f"onsite.{key}"):
            notes.conflict(f"onsite.{key}: the generator does not reproduce this breakdown; leave it out")
    assignments = onsite_int(profile, "assignments")
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
        countries=onsite_int(profile, "countries_served"),
        nationalities=onsite_int(profile, "nationalities"),
        host_entities=onsite_int(profile, "host_entities_served"),
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
        types=mission_targets(profile, notes, world),
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
