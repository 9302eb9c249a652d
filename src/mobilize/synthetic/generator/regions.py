"""Regions: how many volunteers serve in the regions the profile does not give, which volunteers serve
in two regions (the explanation of regions that add up to more than the total), and what the
regions flow (``placing.py``) is asked for, in which order: where those serving in two regions go
(for the women figures), how many of them a region takes (the caps), and the national volunteers the
nationalities may need.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import NamedTuple

from mobilize.synthetic.generator.data import REGION_WEIGHTS
from mobilize.synthetic.generator.flow import INFINITE, apportion
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.people import genders_assign
from mobilize.synthetic.generator.pins import one_region_load
from mobilize.synthetic.generator.placing import Keep, place, slot_flags
from mobilize.synthetic.generator.plan import Person, convert, make_repeat
from mobilize.synthetic.generator.room import dense_hosts
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import REGIONS


def allowed_regions(targets: Targets, world: World) -> set[str]:
    """Regions where volunteers may serve: those the profile gives with volunteers, and those it
    does not give."""
    return {r for r in REGIONS if targets.regions.get(r, 1) > 0 and r in world.servable}


def _free_sizes(targets: Targets, world: World, people: list[Person], notes: Notes) -> dict[str, int]:
    """Volunteers in each region the profile does not give: as few as the other figures allow, or
    (when it gives none with volunteers) spread as in the 2023 report."""
    given = targets.regions
    free = [r for r in REGIONS if r not in given and r in world.servable]
    sizes = dict.fromkeys(free, 0)
    if not free:
        return sizes
    usable = [r for r, count in given.items() if count > 0]
    if not usable:
        weights = [REGION_WEIGHTS[r] for r in free]
        return dict(zip(free, apportion(targets.volunteers, weights), strict=True))
    reach: dict[str, set[int]] = {r: set() for r in free}
    # a mission's or seated entity's volunteers go to the regions given while those have room for
    # them, the others to a region not given where they can serve
    room = {r: given[r] for r in usable}

    def elsewhere(person: Person) -> bool:
        return any(slot_flags(world, r, person, person.slots[0].flag) for r in free)

    # those who can serve in no region not given take the given regions' room first
    for person in sorted((p for p in people if p.bound), key=elsewhere):
        given_region = next(
            (r for r in usable if room[r] > 0 and slot_flags(world, r, person, person.slots[0].flag)), None
        )
        if given_region is not None:
            room[given_region] -= 1
        else:
            home = next((r for r in free if slot_flags(world, r, person, person.slots[0].flag)), None)
            if home is not None:
                sizes[home] += 1
                where = world.bound_countries(person)
                reach[home].update(c for c in where if world.region_of(c) == home)

    def capacity(region: str) -> int:
        return sum(len(c) for c in world.servable.get(region, {}).values())

    if targets.countries is not None:
        inside = sum(min(capacity(r), given[r]) for r in usable)
        short = targets.countries - inside - sum(min(capacity(r), len(reach[r])) for r in free)
        for region in sorted(free, key=lambda r: -capacity(r)):
            if short <= 0:
                break
            add = min(short, capacity(region) - len(reach[region]))
            sizes[region] += add
            short -= add
    non_gs_slots = sum(1 for p in people for s in p.slots if s.flag is False)
    non_gs_room = sum(given[r] for r in usable if world.servable.get(r, {}).get(False))
    # the volunteers serving in two regions with a women figure leave that many more of the others
    # to the regions not given
    extra = max(
        targets.volunteers - sum(given.values()) + _doubles_needed(targets), non_gs_slots - non_gs_room
    ) - sum(sizes.values())
    target = max(free, key=lambda r: (bool(world.servable[r].get(False)), capacity(r)))
    if world.servable[target].get(False):
        # and those who must serve outside the Global South need room in the regions that have such
        # countries, whatever the regions without them took
        north = sum(1 for p in people if any(s.flag is False for s in p.slots))
        north_sizes = sum(c for r, c in sizes.items() if world.servable[r].get(False))
        extra = max(extra, north - non_gs_room - north_sizes)
    if extra > 0:
        sizes[target] += extra
    return sizes


def regions_plan(
    *,
    targets: Targets,
    world: World,
    people: list[Person],
    notes: Notes,
    rng: random.Random,
    homes: int = 0,
    keep_dense: bool = False,
) -> dict[str, int] | None:
    """Decide the volunteers of every region, the volunteers who serve in two, and the region of
    every assignment (``Slot.region``). Returns the volunteers by region."""
    sizes = _free_sizes(targets, world, people, notes)
    regions = {**{r: c for r, c in targets.regions.items()}, **sizes}
    total = sum(regions.values())
    crossers = total - targets.volunteers
    given_total = sum(targets.regions.values())
    if targets.regions and crossers < 0:
        notes.conflict(
            f"onsite.by_region adds up to {n(given_total)}, {n(-crossers)} fewer than onsite.volunteers "
            f"{n(targets.volunteers)}: every volunteer serves in at least one region"
        )
        return None
    multis = [p for p in people if p.kind in ("GNI", "NNI")]
    multis.sort(key=lambda p: p.kind != "GNI")
    needed_ii = max(0, crossers - len(multis))
    singles = {k: [p for p in people if p.kind == k and not p.bound] for k in ("NI", "GI")}
    if targets.assignments is not None:
        extra = targets.assignments - targets.volunteers
        if extra < crossers or extra < len(multis):
            notes.conflict(
                f"onsite.assignments {n(targets.assignments)} allows {n(extra)} volunteers with two "
                f"assignments, but {n(max(crossers, len(multis)))} are needed ({n(crossers)} serving in two "
                "regions, "
                f"{n(len(multis))} under both modalities)"
            )
            return None
    converted = 0
    for kind, target_kind in (("NI", "NII"), ("GI", "GII")):
        while converted < needed_ii and singles[kind]:
            person = singles[kind].pop(rng.randrange(len(singles[kind])))
            convert(person, target_kind)
            multis.append(person)
            converted += 1
    if converted < needed_ii:
        notes.conflict(
            f"onsite.by_region: {n(crossers)} volunteers must serve in two regions, but only "
            f"{n(len(multis))} can have two assignments"
        )
        return None
    for person in multis[:crossers]:
        person.crossing = True
    if targets.assignments is not None:
        repeats = targets.assignments - targets.volunteers - len(multis)
        pool = [p for p in people if len(p.slots) == 1]
        rng.shuffle(pool)
        for person in _repeats_choose(targets, people, pool, repeats):
            make_repeat(person)
        if repeats:
            notes.explain(
                f"onsite.assignments {n(targets.assignments)}: {n(repeats)} volunteers served two "
                "consecutive assignments in the same country"
            )
    for region, count in targets.regions.items():
        if count > 0 and region not in world.servable:
            notes.conflict(
                f"onsite.by_region.{region} {n(count)}: no country of the region can receive volunteers"
            )
            return None
    bounds = {r: (c, c) for r, c in regions.items()}
    # where the volunteers serving in two regions go: first where the women figures need them, then
    # where their gender is not forced, then anywhere
    tiers = [t for t in (_women_doubles(targets), _women_free(targets)) if t] + [None]
    placed = None
    caps = _crosser_caps(targets, regions, crossers)
    hosts_kept = _dense_regions(targets, world, people, regions) if keep_dense or crossers > 0 else []
    keep = _dense_keep(hosts_kept, regions) if keep_dense else {}
    dense = _dense_caps(hosts_kept, crossers)
    both = {r: min(caps.get(r, INFINITE), dense.get(r, INFINITE)) for r in {*caps, *dense}}
    pair_caps = _pair_caps(targets, regions)
    # a placement whose volunteers in two regions leave the women figures no solution (found by
    # the genders step's own search) gives way to the next tier; the first placement found is
    # kept when none does, and the genders step then names the figures; the regions kept for hosts
    # of one country are dropped first, then the women's caps
    first: tuple[dict[str, int], list[tuple[str, ...]]] | None = None
    levels: list[tuple[dict[str, int], dict[str, Keep]]] = []
    for level in ((both, keep), (caps, {}), ({}, {})):
        if level not in levels:
            levels.append(level)
    trials = [(c, capped, kept) for capped, kept in levels for c in tiers]
    for crossing, capped, kept in trials:
        placed = place(bounds, people, world, rng, crossing, homes, capped, pair_caps, kept)
        if placed is None:
            continue
        if crossers <= 0 or _women_hold(targets, people):
            break
        first = first or (placed, [tuple(s.region for s in p.slots) for p in people])
        placed = None
    if placed is None and first is not None:
        placed = first[0]
        for person, regions_of in zip(people, first[1], strict=True):
            for slot, region in zip(person.slots, regions_of, strict=True):
                slot.region = region
    # when no region is given with volunteers, the spread of the others is only a preference
    spread = not any(targets.regions.values())
    for slack in ((0.5, 2.0), (0.2, 5.0), (0.0, None)) if spread else ():
        if placed is not None:
            break
        loose = {
            r: (c, c)
            if r in targets.regions
            else (int(c * slack[0]), INFINITE if slack[1] is None else math.ceil(c * slack[1]) + 1)
            for r, c in regions.items()
        }
        placed = place(loose, people, world, rng)
    if placed is None:
        wants = ", ".join(f"{r} {n(c)}" for r, c in regions.items())
        notes.conflict(
            f"onsite.by_region ({wants}): the volunteers cannot be spread over the regions so that "
            "national volunteers serve in their own country and missions in their countries"
        )
        return None
    chosen = {r: placed.get(r, 0) for r in sizes}
    if chosen != sizes:
        reason = "where the other figures let them serve"
    elif any(targets.regions.values()):
        reason = "as few as the other figures allow"
    else:
        reason = "spread as in the 2023 report"
    _explain(targets, {**regions, **chosen}, crossers, chosen, multis, notes, reason)
    return placed


def _repeats_choose(targets: Targets, people: list[Person], pool: list[Person], repeats: int) -> list[Person]:
    """The volunteers of ``pool`` (shuffled) who serve two consecutive assignments: first as many
    of a modality as its lead time figure's assignments (each began in the year, so at most that
    modality's assignments) need beyond its assignments, then the first of the rest."""
    chosen: list[Person] = []
    for modality, national in (("national", True), ("international", False)):
        _mean, wanted = targets.lead.get(modality, (None, None))
        if wanted is None:
            continue
        have = sum(1 for p in people for s in p.slots if s.national == national)
        short = [p for p in pool if p.slots[0].national == national][: max(0, wanted - have)]
        chosen += short[: repeats - len(chosen)]
    taken = {id(p) for p in chosen}
    return chosen + [p for p in pool if id(p) not in taken][: repeats - len(chosen)]


def _women_hold(targets: Targets, people: list[Person]) -> bool:
    """Whether the women figures can hold for the volunteers as placed in the regions (a trial of
    the genders step, whose search is exact for the volunteers serving in two regions)."""
    if not targets.women_by_region:
        return True
    trial = Notes()
    genders_assign(
        people=people,
        women=targets.women,
        by_region=targets.women_by_region,
        notes=trial,
        rng=random.Random(0),  # noqa: S311  (a trial, not security)
    )
    return not trial.conflicts


def _women_doubles(targets: Targets) -> set[str] | None:
    """The regions with a women figure, when some volunteers must serve in two of them.

    A volunteer who serves in two regions counts in both, so the women of the regions with a figure
    add up to the women overall plus those who served in two of these regions, less those who
    served in none: when they add up to more than the women (or their men to more than the men),
    that many volunteers in two regions must serve in two regions with a figure, which the
    volunteers serving in two regions are then placed in first."""
    if not _doubles_needed(targets):
        return None
    return {r for r in targets.women_by_region if r in targets.regions}


def _doubles_needed(targets: Targets) -> int:
    """The volunteers who must serve in two regions with a women figure: the women of those
    regions beyond the women, or their men beyond the men (see ``_women_doubles``)."""
    if targets.women is None or not targets.women_by_region:
        return 0
    marked = {r: w for r, w in targets.women_by_region.items() if r in targets.regions}
    women_over = sum(marked.values()) - targets.women
    men_over = sum(targets.regions[r] - w for r, w in marked.items()) - (targets.volunteers - targets.women)
    return max(0, women_over, men_over)


def _women_free(targets: Targets) -> set[str] | None:
    """The regions but those whose women figure forces every volunteer's gender (no women, or only
    women), when there are such regions: a volunteer serving in one of these and in another region
    with a figure must have the gender both allow, which they may not (all women in one, all men in
    the other)."""
    forced = {
        r for r, w in targets.women_by_region.items() if r in targets.regions and w in (0, targets.regions[r])
    }
    return set(REGIONS) - forced if forced else None


def _explain(
    targets: Targets,
    regions: dict[str, int],
    crossers: int,
    sizes: dict[str, int],
    multis: list[Person],
    notes: Notes,
    reason: str,
) -> None:
    given_total = sum(targets.regions.values())
    for region, count in sizes.items():
        if targets.regions:
            notes.choose(f"onsite.by_region.{region} {n(count)} (not given; {reason})")
    if crossers <= 0:
        return
    crossing = Counter(p.kind for p in multis if p.crossing)
    parts = []
    if crossing["GNI"]:
        both = sum(1 for p in multis if p.kind == "GNI")
        parts.append(
            f"{n(crossing['GNI'])} of the {n(both)} Global South volunteers who served under both modalities"
        )
    if crossing["NNI"]:
        parts.append(f"{n(crossing['NNI'])} other volunteers who served under both modalities")
    if crossing["GII"] + crossing["NII"]:
        parts.append(f"{n(crossing['GII'] + crossing['NII'])} volunteers with two international assignments")
    text = (
        f"onsite.by_region adds up to {n(given_total)}, {n(given_total - targets.volunteers)} more than "
        f"onsite.volunteers {n(targets.volunteers)}"
    )
    if any(sizes.values()) and targets.regions:
        placed = ", ".join(f"{n(c)} in {r}" for r, c in sizes.items() if c)
        text += (
            f"; with the volunteers placed in the regions not given ({placed}) the regions add up to "
            f"{n(sum(regions.values()))}"
        )
    notes.explain(f"{text}: {n(crossers)} volunteers served in two regions in the year ({'; '.join(parts)})")


class Dense(NamedTuple):
    """A region kept for a host of one country (``_dense_regions``)."""

    region: str
    flag: bool
    """The part of its countries that holds the host (Global South or not)."""
    volunteers: int
    """The host's."""
    spare: int
    """What the region has beyond the host's and those that must be there beside it."""


def _dense_regions(
    targets: Targets, world: World, people: list[Person], regions: dict[str, int]
) -> list[Dense]:
    """The region and part (Global South or not) kept for each host of one country: the host's
    volunteers must serve there alone, in one country, so in one part of it. The densest host
    first keeps the region and part with the most volunteers to spare beyond the host's, the
    missions' and seated entities' that can serve nowhere else and the volunteers there alone who
    need the other part (those the other regions with such countries cannot hold); a region is
    kept for one host."""
    fixed = one_region_load(world, people)
    alone = [p for p in people if not p.bound and p.one_country]
    needs = Counter(p.slots[0].flag for p in alone)
    can = {flag: sum(1 for p in alone if p.slots[0].flag in (flag, None)) for flag in (True, False)}

    def has(region: str, flag: bool) -> bool:
        return bool(world.servable.get(region, {}).get(flag))

    def forced(region: str, flag: bool) -> int:
        elsewhere = sum(size for r, size in regions.items() if r != region and has(r, flag))
        return max(0, needs[flag] - elsewhere)

    kept: list[Dense] = []
    for volunteers, inside in dense_hosts(targets, world, people):
        taken = {k.region for k in kept}
        options = [
            (size - fixed[region] - forced(region, not flag) - volunteers, region, flag)
            for region, size in regions.items()
            if region not in taken
            for flag in (True, False)
            if has(region, flag)
            and can[flag] >= volunteers
            and (inside is None or inside & set(world.servable[region][flag]))
        ]
        options = [option for option in options if option[0] >= 0]
        if options:
            spare, region, flag = max(options)
            kept.append(Dense(region, flag, volunteers, spare))
    return kept


def _dense_caps(dense: list[Dense], crossers: int) -> dict[str, int]:
    """The most volunteers serving in two regions that a region kept for a host of one country can
    have: what it has to spare; empty when no volunteer serves in two."""
    return {d.region: d.spare for d in dense} if crossers > 0 else {}


def _dense_keep(dense: list[Dense], regions: dict[str, int]) -> dict[str, Keep]:
    """The regions kept for hosts of one country, for the regions flow: the part that holds the
    host, and the most of the region's volunteers who are not that part's free volunteers serving
    there alone."""
    return {d.region: Keep(d.flag, regions[d.region] - d.volunteers) for d in dense}


def _crosser_caps(targets: Targets, regions: dict[str, int], crossers: int) -> dict[str, int]:
    """The most volunteers serving in two regions that each region with a women figure can have,
    when the women are given: the regions' women add up to the women plus the women among those
    serving in two regions (X of the C), so a region r of V volunteers and W women can have at most
    (V - W) + min(W, X) of them (its others are men and women serving in it alone, at most its men
    and women) and W + min(V - W, C - X). The regions without a figure have between none and all
    of their volunteers women, so X is only known to lie in a range; each cap is the largest over
    it. Without this the volunteers serving in two regions may crowd a region whose women figure
    they then cannot all meet. Empty when it does not apply."""
    by_region = targets.women_by_region
    women = targets.women
    if women is None or crossers <= 0 or not by_region:
        return {}
    marked = {r: c for r, c in regions.items() if c > 0 and r in by_region}
    unmarked = sum(c for r, c in regions.items() if c > 0 and r not in by_region)
    lowest = max(0, sum(by_region[r] for r in marked) - women)
    highest = min(crossers, sum(by_region[r] for r in marked) + unmarked - women)
    if lowest > highest:
        return {}
    return {
        r: max(
            min(
                c - by_region[r] + min(by_region[r], twice),
                by_region[r] + min(c - by_region[r], crossers - twice),
            )
            for twice in range(lowest, highest + 1)
        )
        for r, c in marked.items()
    }


def _pair_caps(targets: Targets, regions: dict[str, int]) -> dict[frozenset[str], int]:
    """The most volunteers that can serve in both of two regions with a women figure: each is a
    woman in both or a man in both, so at most the fewer women of the two and the fewer men."""
    marked = sorted(r for r in targets.women_by_region if regions.get(r, 0) > 0)
    caps = {}
    for index, one in enumerate(marked):
        for other in marked[index + 1 :]:
            w1, w2 = targets.women_by_region[one], targets.women_by_region[other]
            caps[frozenset((one, other))] = min(w1, w2) + min(regions[one] - w1, regions[other] - w2)
    return caps
