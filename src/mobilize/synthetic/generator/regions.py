"""Regions: how many volunteers serve in the regions the profile does not give, which volunteers serve
in two regions (the explanation of regions that add up to more than the total), and the region of
every assignment, by a flow that respects each region's volunteers, where each kind of volunteer
may serve (a national assignment needs the volunteer's own country, so a region with Global South
countries for Global South nationals), and where each mission or seated entity is.
"""

from __future__ import annotations

import math
import random
from collections import Counter

from mobilize.synthetic.generator.data import REGION_WEIGHTS
from mobilize.synthetic.generator.flow import INFINITE, BoundedFlow, apportion
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person, convert, make_repeat
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import REGIONS


def allowed_regions(targets: Targets, world: World) -> set[str]:
    """Regions where volunteers may serve: those the profile gives with volunteers, and those it
    does not give."""
    return {r for r in REGIONS if targets.regions.get(r, 1) > 0 and r in world.servable}


def _flags(world: World, region: str, person: Person, slot_flag: bool | None) -> list[bool]:
    """The Global South flags of the countries where a slot of ``person`` may serve in ``region``."""
    if person.bound:
        countries = world.entities[person.entity].countries or ()
        options = sorted({world.countries[c].gs for c in countries if world.region_of(c) == region})
    else:
        options = [flag for flag in (True, False) if world.servable.get(region, {}).get(flag)]
    return [f for f in options if slot_flag is None or f == slot_flag]


def _fits(world: World, region: str, person: Person) -> bool:
    """Whether all of ``person``'s assignments can be in ``region`` (two assignments of different
    modalities need two countries there)."""
    if not all(_flags(world, region, person, s.flag) for s in person.slots):
        return False
    if len(person.slots) == 1 or person.repeat:
        return True
    countries = world.servable.get(region, {})
    first, second = person.slots[0].flag, person.slots[1].flag
    if first is not None and first == second:
        return len(countries.get(first, [])) >= 2
    return len(countries.get(True, [])) + len(countries.get(False, [])) >= 2


def _free_sizes(targets: Targets, world: World, people: list[Person], notes: Notes) -> dict[str, int]:
    """Volunteers in each region the profile does not give: as few as the other figures allow."""
    given = targets.regions
    free = [r for r in REGIONS if r not in given and r in world.servable]
    sizes = dict.fromkeys(free, 0)
    if not free:
        return sizes
    if not given:
        weights = [REGION_WEIGHTS[r] for r in free]
        return dict(zip(free, apportion(targets.volunteers, weights), strict=True))
    usable = [r for r, count in given.items() if count > 0]
    reach: dict[str, set[int]] = {r: set() for r in free}
    for person in people:
        if person.bound and not any(_flags(world, r, person, person.slots[0].flag) for r in usable):
            home = next((r for r in free if _flags(world, r, person, person.slots[0].flag)), None)
            if home is not None:
                sizes[home] += 1
                where = world.entities[person.entity].countries or ()
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
    extra = max(targets.volunteers - sum(given.values()), non_gs_slots - non_gs_room) - sum(sizes.values())
    if extra > 0:
        target = max(free, key=lambda r: (bool(world.servable[r].get(False)), capacity(r)))
        sizes[target] += extra
    return sizes


def regions_plan(
    *,
    targets: Targets,
    world: World,
    people: list[Person],
    notes: Notes,
    rng: random.Random,
    homes: bool = False,
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
        for person in pool[:repeats]:
            make_repeat(person)
        if repeats:
            notes.explain(
                f"onsite.assignments {n(targets.assignments)}: {n(repeats)} volunteers served two "
                "consecutive assignments in the same country"
            )
    _explain(targets, regions, crossers, sizes, multis, notes)
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
    for crossing in tiers:
        placed = _place(bounds, people, world, rng, crossing, homes, caps)
        if placed is not None:
            break
    for crossing in tiers if caps else ():
        if placed is not None:
            break
        placed = _place(bounds, people, world, rng, crossing, homes)
    for slack in ((0.5, 2.0), (0.2, 5.0), (0.0, None)) if not targets.regions else ():
        if placed is not None:
            break
        loose = {
            r: (int(c * slack[0]), INFINITE if slack[1] is None else math.ceil(c * slack[1]) + 1)
            for r, c in regions.items()
        }
        placed = _place(loose, people, world, rng)
    if placed is None:
        wants = ", ".join(f"{r} {n(c)}" for r, c in regions.items())
        notes.conflict(
            f"onsite.by_region ({wants}): the volunteers cannot be spread over the regions so that "
            "national volunteers serve in their own country and missions in their countries"
        )
        return None
    return placed


def _women_doubles(targets: Targets) -> set[str] | None:
    """The regions with a women figure, when some volunteers must serve in two of them.

    A volunteer who serves in two regions counts in both, so the women of the regions with a figure
    add up to the women overall plus those who served in two of these regions, less those who
    served in none: when they add up to more than the women (or their men to more than the men),
    that many volunteers in two regions must serve in two regions with a figure, which the
    volunteers serving in two regions are then placed in first."""
    if targets.women is None or not targets.women_by_region:
        return None
    marked = {r: w for r, w in targets.women_by_region.items() if r in targets.regions}
    women_over = sum(marked.values()) - targets.women
    men_over = sum(targets.regions[r] - w for r, w in marked.items()) - (targets.volunteers - targets.women)
    return set(marked) if max(women_over, men_over) > 0 else None


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
) -> None:
    given_total = sum(targets.regions.values())
    for region, count in sizes.items():
        if targets.regions:
            notes.choose(
                f"onsite.by_region.{region} {n(count)} (not given; as few as the other figures allow)"
            )
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


SPREAD = 0.5
"""Each class of volunteers (those who may serve in the same regions) first gets at least this part
of its proportional share of each of its regions, so that, as in a real programme, every region has
volunteers of every kind that may serve there (national volunteers spread over the regions can come
from as many countries as the nationalities figure needs); without it the flow may fill one region
with one kind."""


def _crosser_caps(targets: Targets, regions: dict[str, int], crossers: int) -> dict[str, int]:
    """The most volunteers serving in two regions that each region can have, when every region with
    volunteers has a women figure and the women are given: the regions' women then add up to the
    women plus the women among those serving in two regions (X of the C), so a region r of V
    volunteers and W women can have at most (V - W) + min(W, X) of them (its others are men and
    women serving in it alone, at most its men and women) and W + min(V - W, C - X). Without this
    the volunteers serving in two regions may crowd a region whose women figure they then cannot
    all meet. Empty when it does not apply."""
    by_region = targets.women_by_region
    women = targets.women
    if women is None or crossers <= 0 or any(c > 0 and r not in by_region for r, c in regions.items()):
        return {}
    twice = sum(by_region.values()) - women
    if not 0 <= twice <= crossers:
        return {}
    return {
        r: min(
            c - by_region[r] + min(by_region[r], twice),
            by_region[r] + min(c - by_region[r], crossers - twice),
        )
        for r, c in regions.items()
        if c > 0
    }


def _place(
    bounds: dict[str, tuple[int, int]],
    people: list[Person],
    world: World,
    rng: random.Random,
    crossing: set[str] | None = None,
    homes: bool = False,
    caps: dict[str, int] | None = None,
) -> dict[str, int] | None:
    """Give every assignment a region; the volunteers of each region (each counted once) within
    its bounds, those who serve in two regions in two of ``crossing`` (None: any), and (``homes``)
    a national volunteer in every region where one may serve, and no more of those serving in two
    regions in a region than its ``caps``. Returns the volunteers by region, or None if impossible."""
    # the homes matter more than the spread: a region without national volunteers has no country
    # that can be a home, which the nationalities figure may need, while the spread is a preference
    tiers = [(SPREAD, True), (0.0, True)] if homes else []
    tiers += [(SPREAD, False), (0.0, False)]
    for spread, with_homes in tiers:
        placed = _place_spread(bounds, people, world, rng, spread, crossing, with_homes, caps or {})
        if placed is not None:
            return placed
    return None


def _place_spread(
    bounds: dict[str, tuple[int, int]],
    people: list[Person],
    world: World,
    rng: random.Random,
    spread: float,
    crossing: set[str] | None,
    homes: bool,
    caps: dict[str, int],
) -> dict[str, int] | None:
    flow = BoundedFlow()
    names = [r for r in REGIONS if r in bounds]
    sinks = {region: flow.edge(("r", region), "sink", *bounds[region]) for region in names}
    # volunteers by the regions they may serve in, and whether they serve nationally
    classes: dict[tuple[tuple[str, ...], bool], list[Person]] = {}
    halves: dict[str, list[Person]] = {}
    for person in people:
        if person.crossing:
            halves.setdefault(person.kind, []).append(person)
        else:
            fits = tuple(r for r in names if bounds[r][1] > 0 and _fits(world, r, person))
            classes.setdefault((fits, person.national_slot is not None), []).append(person)
    # with ``homes``, every region with volunteers that national volunteers may serve in has one:
    # its countries can then be some national volunteer's home (the nationalities)
    open_homes = {r for (fits, national) in classes if national for r in fits if bounds[r][0] > 0}
    via = {region: ("n", region) if homes and region in open_homes else ("r", region) for region in names}
    for region in names:
        if via[region] != ("r", region):
            flow.edge(via[region], ("r", region), 1, INFINITE)
    edges: list[tuple[int, tuple[tuple[str, ...], bool], str]] = []
    for key, members in classes.items():
        flow.edge("source", ("class", key), len(members), len(members))
        fits, national = key
        room = sum(bounds[r][0] for r in fits)
        for region in fits:
            low = math.floor(spread * len(members) * bounds[region][0] / room) if room else 0
            target = via[region] if national else ("r", region)
            edges.append((flow.edge(("class", key), target, low, INFINITE), key, region))
    half_edges: list[tuple[int, str, int, str]] = []
    for kind, members in halves.items():
        sample = members[0]
        for side in (0, 1):
            flow.edge("source", ("half", kind, side), len(members), len(members))
            for region in names:
                if (
                    bounds[region][1] > 0
                    and (crossing is None or region in crossing)
                    and _flags(world, region, sample, sample.slots[side].flag)
                ):
                    half_edges.append(
                        (
                            flow.edge(("half", kind, side), ("kr", kind, region), 0, len(members)),
                            kind,
                            side,
                            region,
                        )
                    )
        for region in names:
            if ("kr", kind, region) in flow.nodes:
                flow.edge(("kr", kind, region), ("x", region), 0, len(members))
    for region in names:
        if ("x", region) in flow.nodes:
            flow.edge(("x", region), ("r", region), 0, caps.get(region, INFINITE))
    solution = flow.solve()
    if solution is None:
        return None
    for members in classes.values():
        rng.shuffle(members)
    queues = {key: list(members) for key, members in classes.items()}
    for edge_id, key, region in edges:
        for _ in range(solution[edge_id]):
            for slot in queues[key].pop().slots:
                slot.region = region
    for kind, members in halves.items():
        sides: list[list[str]] = [[], []]
        for edge_id, k, side, region in half_edges:
            if k == kind:
                sides[side].extend([region] * solution[edge_id])
        pairs = _pair_distinct(sides[0], sides[1], rng)
        if pairs is None:
            return None
        rng.shuffle(members)
        for person, (first, second) in zip(members, pairs, strict=True):
            person.slots[0].region, person.slots[1].region = first, second
    return {region: solution[edge] for region, edge in sinks.items()}


def _pair_distinct(first: list[str], second: list[str], rng: random.Random) -> list[tuple[str, str]] | None:
    """Pair two equally long lists of regions so that no pair has the same region twice (possible
    when no region holds more than half of the two lists together)."""
    left, right = Counter(first), Counter(second)
    pairs = []
    while left:
        region = max(left, key=lambda r: (left[r] + right[r], r))
        options = [r for r in right if right[r] > 0 and r != region]
        if not options:
            return None
        choice = max(options, key=lambda r: (left[r] + right[r], r))
        pairs.append((region, choice))
        for counter, key in ((left, region), (right, choice)):
            counter[key] -= 1
            if not counter[key]:
                del counter[key]
    rng.shuffle(pairs)
    return pairs
