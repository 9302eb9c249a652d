"""Person attributes: nationality (with a few refugees serving in their country of residence),
gender (the women overall and in each region given), youth, age (minimum, maximum, aged 60 or
more, distribution and mean) and disability."""

from __future__ import annotations

import random
from collections import defaultdict

from mobilize.synthetic.generator.data import NEVER_SERVED
from mobilize.synthetic.generator.flow import apportion
from mobilize.synthetic.generator.nationalities import FreshChoice, assign_travellers, fresh_split
from mobilize.synthetic.generator.notes import Notes, n
from mobilize.synthetic.generator.plan import Person
from mobilize.synthetic.generator.targets import AgeTargets
from mobilize.synthetic.generator.world import World
from mobilize.synthetic.profiles import AGE_BANDS

REFUGEES_PER_THOUSAND = 1


def nationalities_assign(
    *, people: list[Person], world: World, new: int, exact: bool, notes: Notes, rng: random.Random
) -> None:
    """National volunteers are nationals of their duty country (refugees: residents of it);
    international volunteers take ``new`` further nationalities (when not ``exact``, the number
    nearest to it that the countries where they serve allow), and otherwise any of the right flag,
    never that of a country where they serve (``nationalities.py`` says why this always succeeds
    when the duty countries allow it)."""
    homes: dict[bool, list[int]] = {True: [], False: []}
    nationals: dict[int, list[Person]] = defaultdict(list)
    for person in people:
        slot = person.national_slot
        if slot is not None:
            nationals[slot.country].append(person)
            person.nationality = person.residence = slot.country
    for country in sorted(nationals):
        homes[world.countries[country].gs].append(country)
    _refugees(people, world, homes, nationals, rng)
    travellers = [p for p in people if p.national_slot is None]
    rng.shuffle(travellers)
    choices: dict[bool, FreshChoice] = {}
    for flag in (True, False):
        pool = [
            c.id
            for c in sorted(world.countries.values(), key=lambda c: c.name)
            if c.gs == flag and not c.territory and c.iso2 not in NEVER_SERVED and c.id not in nationals
        ]
        rng.shuffle(pool)
        choices[flag] = FreshChoice([p for p in travellers if p.gs == flag], homes[flag], pool)
    weights = {flag: float(len(choices[flag].travellers)) for flag in (True, False)}
    split = fresh_split(choices, new, weights, exact=exact)
    if split is None:
        counts = {
            flag: (1 if choice.stuck else 0, choice.most(len(choice.travellers)))
            for flag, choice in choices.items()
        }
        notes.conflict(
            f"onsite.nationalities: the international volunteers must bring {n(new)} nationalities "
            "beyond those of the national volunteers, and with the countries where they serve they "
            f"can bring {counts[True][0]} to {n(counts[True][1])} from the Global South and "
            f"{counts[False][0]} to {n(counts[False][1])} from elsewhere"
        )
        return
    assign_travellers(choices, split, rng)
    if not exact:
        notes.choose(f"onsite.nationalities {n(len({p.nationality for p in people}))}")


def _refugees(
    people: list[Person],
    world: World,
    homes: dict[bool, list[int]],
    nationals: dict[int, list[Person]],
    rng: random.Random,
) -> None:
    """A few national volunteers from the Global South are refugees serving in their country of
    residence; their nationality is another Global South country already represented."""
    wanted = max(1, round(len(people) * REFUGEES_PER_THOUSAND / 1000)) if len(homes[True]) > 1 else 0
    candidates = [
        p
        for p in people
        if p.kind == "GN" and not p.bound and not p.repeat and len(nationals[p.residence]) > 1
    ]
    rng.shuffle(candidates)
    done: dict[int, int] = defaultdict(int)
    for person in candidates:
        if wanted <= 0:
            break
        if done[person.residence] + 1 >= len(nationals[person.residence]):
            continue
        region = world.region_of(person.residence)
        options = [c for c in homes[True] if c != person.residence and world.region_of(c) == region] or [
            c for c in homes[True] if c != person.residence
        ]
        person.nationality = options[rng.randrange(len(options))]
        person.refugee = True
        done[person.residence] += 1
        wanted -= 1


def genders_assign(
    *, people: list[Person], women: int | None, by_region: dict[str, int], notes: Notes, rng: random.Random
) -> None:
    """Exactly ``women`` women (None: as the regions' women and a half of the others make), and
    ``by_region[r]`` among the volunteers who served in region r (a volunteer who served in two
    regions counts in both).

    Volunteers fall into classes by their regions. A class touching two regions with a figure (TT)
    counts in both; once the women of those classes are fixed, every region's remaining women go to
    its other classes and the rest to the classes of no region with a figure. The TT classes are
    moved one woman at a time until every part fits."""
    classes: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for person in people:
        classes[person.regions].append(person)
    keys = sorted(classes)
    size = {k: len(classes[k]) for k in keys}
    targeted = {k: tuple(r for r in k if r in by_region) for k in keys}
    double = [k for k in keys if len(targeted[k]) == 2]
    single = {r: [k for k in keys if targeted[k] == (r,)] for r in by_region}
    loose = [k for k in keys if not targeted[k]]
    share = (women if women is not None else len(people) / 2) / len(people) if people else 0.0
    count = {k: round(size[k] * share) for k in double}

    def remaining(region: str) -> int:
        return by_region[region] - sum(count[k] for k in double if region in k)

    def spare() -> int:
        return (
            (women if women is not None else 0)
            - sum(max(0, remaining(r)) for r in by_region)
            - sum(count[k] for k in double)
        )

    loose_room = sum(size[k] for k in loose)
    for _ in range(4 * len(people) + 10):
        moves = []
        for region in by_region:
            left, room = remaining(region), sum(size[k] for k in single[region])
            if left < 0:
                moves += [(k, -1) for k in double if region in k and count[k] > 0]
            elif left > room:
                moves += [(k, +1) for k in double if region in k and count[k] < size[k]]
        if not moves and women is not None:
            extra = spare()
            if extra < 0:
                moves = [(k, +1) for k in double if count[k] < size[k]]
            elif extra > loose_room:
                moves = [(k, -1) for k in double if count[k] > 0]
        if not moves:
            break
        key, step = moves[rng.randrange(len(moves))]
        count[key] += step

    def fill(count: dict[tuple[str, ...], int]) -> bool:
        """Given the women of the classes in two regions with a figure, those of the other classes;
        whether every figure then holds."""
        for region in by_region:
            left = remaining(region)
            region_keys = single[region]
            if not 0 <= left <= sum(size[k] for k in region_keys):
                return False
            for key, part in zip(
                region_keys,
                apportion(left, [float(size[k]) for k in region_keys], caps=[size[k] for k in region_keys])
                if region_keys
                else [],
                strict=True,
            ):
                count[key] = part
        sizes = [size[k] for k in loose]
        others = women - sum(count[k] for k in keys if k not in loose) if women is not None else None
        if others is None:
            others = round(sum(sizes) * share)
        if loose and 0 <= others <= sum(sizes):
            for key, part in zip(
                loose, apportion(others, [float(x) for x in sizes], caps=sizes), strict=True
            ):
                count[key] = part
        for key in loose:
            count.setdefault(key, 0)
        return (
            all(k in count for k in keys)
            and all(sum(count[k] for k in keys if r in k) == target for r, target in by_region.items())
            and (women is None or sum(count.values()) == women)
        )

    ok = fill(count)
    if not ok and double:
        # the moves above are a heuristic; the exact search below finds the women of the classes in
        # two regions whenever some choice lets every figure hold
        rooms = {r: sum(size[k] for k in single[r]) for r in by_region}
        exact = _double_women(
            double=double,
            size=size,
            by_region=by_region,
            rooms=rooms,
            women=women,
            loose_room=loose_room,
            preferred={k: round(size[k] * share) for k in double},
        )
        if exact is not None:
            count = dict(exact)
            ok = fill(count)
    if not ok:
        notes.conflict(
            f"onsite.women {n(women)} and onsite.women_by_region ("
            + ", ".join(f"{r} {n(c)}" for r, c in sorted(by_region.items()))
            + ") cannot all hold for the volunteers of each region"
        )
        return
    if women is None:
        notes.choose(f"onsite.women.count {n(sum(count.values()))}")
    for key in keys:
        members = classes[key]
        rng.shuffle(members)
        for index, person in enumerate(members):
            person.female = index < count[key]


def _double_women(
    *,
    double: list[tuple[str, ...]],
    size: dict[tuple[str, ...], int],
    by_region: dict[str, int],
    rooms: dict[str, int],
    women: int | None,
    loose_room: int,
    preferred: dict[tuple[str, ...], int],
    limit: int = 200_000,
) -> dict[tuple[str, ...], int] | None:
    """The women of each class of volunteers serving in two regions with a women figure, such that
    every region's figure can be completed by its volunteers serving in it alone (between its figure
    less their number and its figure) and the women overall by the volunteers of no region with a
    figure; nearest to ``preferred`` first. None when no choice exists (or, beyond ``limit`` steps,
    none was found).

    A class in two regions counts in both, so this is a degree-constrained subgraph problem on the
    regions (at most five with a figure, so at most ten classes), which is not a flow; a depth-first
    search with interval pruning solves it exactly and quickly at these sizes. With ``women`` given,
    the women overall are the regions' women less those counted twice plus those of no region, so
    the classes in two regions hold between (sum of the figures - women) and that plus the volunteers
    of no region."""
    regions = sorted(by_region)
    low = {r: by_region[r] - rooms[r] for r in regions}
    high = dict(by_region)
    total_sum = sum(by_region.values())
    total_low = total_sum - women - loose_room if women is not None else 0
    total_high = total_sum - women if women is not None else sum(size[k] for k in double)
    order = sorted(double, key=lambda k: -size[k])
    # what the classes after position i can still add, per region and in all
    ahead: list[dict[str, int]] = [dict.fromkeys(regions, 0) for _ in range(len(order) + 1)]
    ahead_total = [0] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        ahead[i] = dict(ahead[i + 1])
        for r in order[i]:
            if r in ahead[i]:
                ahead[i][r] += size[order[i]]
        ahead_total[i] = ahead_total[i + 1] + size[order[i]]
    sums = dict.fromkeys(regions, 0)
    chosen: dict[tuple[str, ...], int] = {}
    steps = 0

    def viable(i: int, total: int) -> bool:
        return all(sums[r] <= high[r] and sums[r] + ahead[i][r] >= low[r] for r in regions) and (
            total <= total_high and total + ahead_total[i] >= total_low
        )

    def search(i: int, total: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > limit or not viable(i, total):
            return False
        if i == len(order):
            return True
        key = order[i]
        for value in sorted(range(size[key] + 1), key=lambda v: (abs(v - preferred[key]), v)):
            for r in key:
                sums[r] += value
            chosen[key] = value
            if search(i + 1, total + value):
                return True
            for r in key:
                sums[r] -= value
        return False

    return dict(chosen) if search(0, 0) else None


def youth_assign(*, people: list[Person], youth: int, rng: random.Random) -> None:
    chosen = rng.sample(range(len(people)), youth)
    for index in chosen:
        people[index].youth = True


def disability_assign(*, people: list[Person], disabled: int, rng: random.Random) -> None:
    for index in rng.sample(range(len(people)), disabled):
        people[index].disabled = True


def ages_assign(*, people: list[Person], target: AgeTargets, notes: Notes, rng: random.Random) -> None:
    """Whole-year ages (on the day the statistics take them) with the exact minimum, maximum,
    volunteers aged 60 or more, distribution, and a mean within the profile's precision; youth
    volunteers 18 to 26."""
    low, high = target.min, target.max
    youth = [p for p in people if p.youth]
    others = [p for p in people if not p.youth]
    rng.shuffle(others)
    seniors, adults = others[: target.aged_60_plus], others[target.aged_60_plus :]
    senior_ids = {p.index for p in seniors}
    bounds: dict[int, tuple[int, int]] = {}
    for person in youth:
        bounds[person.index] = (max(low, 18), min(high, 26))
    for person in seniors:
        bounds[person.index] = (max(low, 60), high)
    for person in adults:
        bounds[person.index] = (low, min(high, 59))
    if target.distribution is not None and not _fit_distribution(youth, adults, seniors, target, bounds, rng):
        notes.conflict("onsite.age.distribution: the bands cannot hold with youth, minimum and maximum given")
        return
    for person in people:
        lo, hi = bounds[person.index]
        if lo > hi:
            notes.conflict(f"onsite.age: no age between {lo} and {hi} for some volunteers")
            return
        if person.youth:
            person.age = min(hi, max(lo, round(rng.triangular(lo, hi + 0.49, min(hi, 25)))))
        elif person.index in senior_ids:
            person.age = min(hi, max(lo, round(rng.triangular(lo, hi + 0.49, lo))))
        else:
            person.age = min(hi, max(lo, round(rng.triangular(lo, hi + 0.49, min(hi, max(lo, 31))))))
    anchors = _anchors(youth, adults, seniors, low, high, bounds)
    if anchors is None:
        notes.conflict(f"onsite.age.min {low} and onsite.age.max {high} cannot both be reached")
        return
    ideal = min(
        max(round(target.sum_low + (target.sum_high - target.sum_low) / 2), target.sum_low), target.sum_high
    )
    free = [p for p in people if p.index not in anchors]
    lowest = sum(bounds[p.index][0] for p in free) + sum(p.age for p in people if p.index in anchors)
    highest = sum(bounds[p.index][1] for p in free) + sum(p.age for p in people if p.index in anchors)
    if highest < target.sum_low or lowest > target.sum_high:
        notes.conflict(
            f"onsite.age.mean: with the other age figures the mean can only be between "
            f"{lowest / len(people):.2f} and {highest / len(people):.2f}"
        )
        return
    goal = min(max(ideal, lowest), highest)
    _shift(free, goal - sum(p.age for p in people), bounds, rng)


def _anchors(
    youth: list[Person],
    adults: list[Person],
    seniors: list[Person],
    low: int,
    high: int,
    bounds: dict[int, tuple[int, int]],
) -> set[int] | None:
    """Pin one volunteer at the minimum age and one at the maximum."""
    anchors: set[int] = set()
    for age, groups in ((low, (youth, adults, seniors)), (high, (seniors, adults, youth))):
        holder = next(
            (
                p
                for group in groups
                for p in group
                if p.index not in anchors and bounds[p.index][0] <= age <= bounds[p.index][1]
            ),
            None,
        )
        if holder is None:
            return None
        holder.age = age
        anchors.add(holder.index)
    return anchors


def _shift(free: list[Person], diff: int, bounds: dict[int, tuple[int, int]], rng: random.Random) -> None:
    order = list(free)
    while diff:
        rng.shuffle(order)
        moved = False
        step = 1 if diff > 0 else -1
        quantum = max(1, abs(diff) // max(1, len(order)))
        for person in order:
            lo, hi = bounds[person.index]
            room = hi - person.age if step > 0 else person.age - lo
            if room <= 0:
                continue
            change = min(room, quantum, abs(diff))
            person.age += change * step
            diff -= change * step
            moved = True
            if not diff:
                return
        if not moved:
            return


def _fit_distribution(
    youth: list[Person],
    adults: list[Person],
    seniors: list[Person],
    target: AgeTargets,
    bounds: dict[int, tuple[int, int]],
    rng: random.Random,
) -> bool:
    """Put each volunteer in an age band so that every band has its count; narrow their bounds to it."""
    assert target.distribution is not None
    counts = {label: target.distribution.get(label, 0) for label in AGE_BANDS}
    ranges = {}
    for label in AGE_BANDS:
        first, _, last = label.partition("-")
        lo = int(first.rstrip("+"))
        hi = int(last) if last else target.max
        ranges[label] = (max(lo, target.min), min(hi, target.max))
    if counts["60+"] != len(seniors):
        return False
    young_bands = [b for b in ("18-24", "25-29") if ranges[b][0] <= min(26, ranges[b][1])]
    for person in youth:
        band = next((b for b in young_bands if counts[b] > 0), None)
        if band is None:
            return False
        counts[band] -= 1
        lo, hi = ranges[band]
        bounds[person.index] = (lo, min(hi, 26))
    rest = [b for b in AGE_BANDS if b != "60+" for _ in range(counts[b])]
    if len(rest) != len(adults):
        return False
    rng.shuffle(rest)
    for person, band in zip(adults, rest, strict=True):
        bounds[person.index] = ranges[band]
    for person in seniors:
        bounds[person.index] = ranges["60+"]
    return all(lo <= hi for lo, hi in bounds.values())
