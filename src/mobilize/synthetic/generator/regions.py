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
from collections.abc import Callable, Hashable

from mobilize.synthetic.generator.data import REGION_WEIGHTS
from mobilize.synthetic.generator.flow import INFINITE, BoundedFlow, apportion
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.people import genders_assign
from mobilize.synthetic.generator.plan import Person, convert, make_repeat
from mobilize.synthetic.generator.room import dense_hosts
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
        countries = world.bound_countries(person)
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
    homes: int = 0,
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
    dense = _dense_caps(targets, world, people, regions, crossers)
    both = {r: min(caps.get(r, INFINITE), dense.get(r, INFINITE)) for r in {*caps, *dense}}
    pair_caps = _pair_caps(targets, regions)
    # a placement whose volunteers in two regions leave the women figures no solution (found by
    # the genders step's own search) gives way to the next tier; the first placement found is
    # kept when none does, and the genders step then names the figures; the caps for hosts of one
    # country are dropped first, then the women's
    first: tuple[dict[str, int], list[tuple[str, ...]]] | None = None
    levels: list[dict[str, int]] = []
    for level in (both, caps, {}):
        if level not in levels:
            levels.append(level)
    trials = [(c, capped) for capped in levels for c in tiers]
    for crossing, capped in trials:
        placed = _place(bounds, people, world, rng, crossing, homes, capped, pair_caps)
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


HOMES_NONE, HOMES_REGIONS, HOMES_FLAGS = 0, 1, 2
"""How many national volunteers ``regions_plan`` places for the nationalities figure (``homes``):
none asked for; one in every region where one may serve; one of each Global South flag in every
region where one of that flag may serve (a part of a region's countries with no national volunteer
of its flag has no home, and an international volunteer who must serve in a country of that flag
there then leaves a country that is nobody's home)."""

SPREAD = 0.5
"""Each class of volunteers (those who may serve in the same regions) first gets at least this part
of its proportional share of each of its regions, so that, as in a real programme, every region has
volunteers of every kind that may serve there (national volunteers spread over the regions can come
from as many countries as the nationalities figure needs); without it the flow may fill one region
with one kind."""


def _dense_caps(
    targets: Targets, world: World, people: list[Person], regions: dict[str, int], crossers: int
) -> dict[str, int]:
    """The most volunteers serving in two regions that a region kept for a host of one country can
    have: the host's volunteers must serve there alone, in one country (two regions' volunteers
    serve in two countries). The densest host first keeps the region with the most volunteers to
    spare beyond its own and the missions' and seated entities' that can serve nowhere else; a
    region is kept for one host. Empty when no volunteer serves in two regions."""
    if crossers <= 0:
        return {}
    fixed: Counter[str] = Counter()
    for person in people:
        if person.bound:
            where = {world.region_of(c) for c in world.bound_countries(person)}
            if len(where) == 1:
                fixed[where.pop()] += 1
    caps: dict[str, int] = {}
    for volunteers in dense_hosts(targets, world, people):
        options = [
            (size - fixed[region] - volunteers, region)
            for region, size in regions.items()
            if region not in caps and size - fixed[region] >= volunteers
        ]
        if options:
            spare, region = max(options)
            caps[region] = spare
    return caps


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


def _place(
    bounds: dict[str, tuple[int, int]],
    people: list[Person],
    world: World,
    rng: random.Random,
    crossing: set[str] | None = None,
    homes: int = 0,
    caps: dict[str, int] | None = None,
    pair_caps: dict[frozenset[str], int] | None = None,
) -> dict[str, int] | None:
    """Give every assignment a region; the volunteers of each region (each counted once) within
    its bounds, those who serve in two regions in two of ``crossing`` (None: any), the national
    volunteers ``homes`` asks for (``HOMES_REGIONS``, ``HOMES_FLAGS``), and no more of those
    serving in two regions in a region than its ``caps``, nor in two regions than their
    ``pair_caps``. Returns the volunteers by region, or None if impossible."""
    # the homes matter more than the spread: a region without national volunteers has no country
    # that can be a home, which the nationalities figure may need, while the spread is a preference.
    # When the homes of a level cannot all be had, as many as can (``_homes_grow``) come before
    # the level below.
    tried: list[tuple[float, frozenset[Home], bool]] = []
    for level in range(homes, HOMES_NONE - 1, -1):
        by_flag = level >= HOMES_FLAGS
        keys = _home_keys(bounds, people, world, level)
        if level > HOMES_NONE and not keys:
            continue

        def holds(asked: frozenset[Home], spread: float, by_flag: bool = by_flag) -> bool:
            trial = _place_flow(
                bounds, people, world, rng, spread, crossing, asked, by_flag, dict(caps or {}), {}, dry=True
            )
            return trial is not None

        grown = keys if level == HOMES_NONE or holds(keys, 0.0) else _homes_grow(keys, holds)
        for asked, spread in ((keys, SPREAD), (keys, 0.0), (grown, SPREAD), (grown, 0.0)):
            if (spread, asked, by_flag) in tried or (level > HOMES_NONE and not asked):
                continue
            tried.append((spread, asked, by_flag))
            placed = _place_tier(
                bounds, people, world, rng, spread, crossing, asked, by_flag, caps, pair_caps
            )
            if placed is not None:
                return placed
    return None


Home = tuple[str, bool | None]
"""A home ``regions_plan`` may ask for: a national volunteer in the region (flag None), or one of
that Global South flag in the region."""


def _home_keys(
    bounds: dict[str, tuple[int, int]], people: list[Person], world: World, level: int
) -> frozenset[Home]:
    """The homes a level asks for, where some national volunteer serving in one region may serve:
    the regions, and at ``HOMES_FLAGS`` the regions with each flag too."""
    if level == HOMES_NONE:
        return frozenset()
    keys: set[Home] = set()
    for person in people:
        slot = person.national_slot
        if person.crossing or slot is None:
            continue
        for region, (low, high) in bounds.items():
            if low > 0 and high > 0 and _fits(world, region, person):
                keys.add((region, None))
                if level >= HOMES_FLAGS:
                    keys.add((region, slot.flag))
    return frozenset(keys)


def _homes_grow(keys: frozenset[Home], holds: Callable[[frozenset[Home], float], bool]) -> frozenset[Home]:
    """As many of the homes ``keys`` as the flow allows, taken one by one (the regions first, then
    the regions with a flag, in the regions' order), each kept if the flow still holds with it."""
    order = sorted(keys, key=lambda k: (k[1] is not None, REGIONS.index(k[0]), k[1] is False))
    asked: frozenset[Home] = frozenset()
    for key in order:
        if holds(asked | {key}, 0.0):
            asked = asked | {key}
    return asked


def _place_tier(
    bounds: dict[str, tuple[int, int]],
    people: list[Person],
    world: World,
    rng: random.Random,
    spread: float,
    crossing: set[str] | None,
    homes: frozenset[Home],
    by_flag: bool,
    caps: dict[str, int] | None,
    pair_caps: dict[frozenset[str], int] | None,
) -> dict[str, int] | None:
    """One tier of ``_place``: the flow solved again, with fewer volunteers serving in two regions
    in a region where they could not be paired within ``pair_caps`` (each solve places every
    assignment)."""
    local = dict(caps or {})
    for _retry in range(PAIR_RETRIES):
        placed = _place_flow(
            bounds, people, world, rng, spread, crossing, homes, by_flag, local, dict(pair_caps or {})
        )
        if not isinstance(placed, tuple):
            return placed
        region, there = placed
        local[region] = min(local.get(region, INFINITE), there - 1)
        if local[region] < 0:
            return None
    return None


PAIR_RETRIES = 8
"""Solves of the regions flow with lowered caps before the placement is given up."""


def _place_flow(
    bounds: dict[str, tuple[int, int]],
    people: list[Person],
    world: World,
    rng: random.Random,
    spread: float,
    crossing: set[str] | None,
    homes: frozenset[Home],
    by_flag: bool,
    caps: dict[str, int],
    pair_room: dict[frozenset[str], int],
    dry: bool = False,
) -> dict[str, int] | tuple[str, int] | None:
    """The regions flow: ``homes`` the national volunteers it must place (``Home``), reached through
    a node of each region and flag when ``by_flag``; ``dry``: only whether it holds (an empty
    dict), leaving the assignments and ``rng`` untouched."""
    flow = BoundedFlow()
    names = [r for r in REGIONS if r in bounds]
    sinks = {region: flow.edge(("r", region), "sink", *bounds[region]) for region in names}
    # volunteers by the regions they may serve in, and the flag of their national assignment's
    # country (None: international only)
    classes: dict[tuple[tuple[str, ...], bool | None], list[Person]] = {}
    halves: dict[str, list[Person]] = {}
    for person in people:
        if person.crossing:
            halves.setdefault(person.kind, []).append(person)
        else:
            fits = tuple(r for r in names if bounds[r][1] > 0 and _fits(world, r, person))
            slot = person.national_slot
            classes.setdefault((fits, None if slot is None else slot.flag), []).append(person)

    # the homes asked for: a national volunteer in the region, or one of the flag there (its
    # countries can then be some national volunteer's home, which the nationalities may need)
    via: dict[Home, Hashable] = {}
    for region in names:
        if by_flag:
            flags = [f for f in (True, False) if any(f == flag and region in fits for fits, flag in classes)]
            if flags:
                flow.edge(("n", (region, None)), ("r", region), int((region, None) in homes), INFINITE)
            for gs in flags:
                via[(region, gs)] = ("n", (region, gs))
                flow.edge(via[(region, gs)], ("n", (region, None)), int((region, gs) in homes), INFINITE)
        elif (region, None) in homes:
            via[(region, True)] = via[(region, False)] = ("n", (region, None))
            flow.edge(("n", (region, None)), ("r", region), 1, INFINITE)
    edges: list[tuple[int, tuple[tuple[str, ...], bool | None], str]] = []
    for key, members in classes.items():
        flow.edge("source", ("class", key), len(members), len(members))
        fits, flag = key
        room = sum(bounds[r][0] for r in fits)
        for region in fits:
            low = math.floor(spread * len(members) * bounds[region][0] / room) if room else 0
            target = via.get((region, flag), ("r", region)) if flag is not None else ("r", region)
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
    if dry:
        return {}
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
        pairs = _pair_distinct(sides[0], sides[1], rng, pair_room)
        if isinstance(pairs, tuple):
            return pairs
        rng.shuffle(members)
        for person, (first, second) in zip(members, pairs, strict=True):
            person.slots[0].region, person.slots[1].region = first, second
    return {region: solution[edge] for region, edge in sinks.items()}


def _pair_distinct(
    first: list[str], second: list[str], rng: random.Random, room: dict[frozenset[str], int] | None = None
) -> list[tuple[str, str]] | tuple[str, int]:
    """Pair two equally long lists of regions so that no pair has the same region twice (possible
    when no region holds more than half of the two lists together) and no two regions have more
    pairs than their ``room`` (``_pair_caps``, lowered as pairs are made). When it cannot, returns
    the region left unpaired and how many of the two lists are in it."""
    left, right = Counter(first), Counter(second)
    room = {} if room is None else room
    pairs = []
    while left:
        region = max(left, key=lambda r: (left[r] + right[r], r))
        options = [
            r
            for r in right
            if right[r] > 0 and r != region and room.get(frozenset((region, r)), INFINITE) > 0
        ]
        if not options:
            return region, first.count(region) + second.count(region)
        choice = max(options, key=lambda r: (left[r] + right[r], r))
        pairs.append((region, choice))
        if frozenset((region, choice)) in room:
            room[frozenset((region, choice))] -= 1
        for counter, key in ((left, region), (right, choice)):
            counter[key] -= 1
            if not counter[key]:
                del counter[key]
    rng.shuffle(pairs)
    return pairs


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
