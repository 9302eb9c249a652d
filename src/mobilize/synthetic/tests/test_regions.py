"""The volunteers of the regions the profile does not give (``regions._free_sizes``)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from mobilize.synthetic.generator import profile_check
from mobilize.synthetic.generator.notes import Notes
from mobilize.synthetic.generator.plan import people_make
from mobilize.synthetic.generator.regions import _free_sizes, _repeats_choose
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.profiles import Profile

pytestmark = pytest.mark.django_db


def _targets(regions: dict[str, int]) -> Targets:
    return Targets(year=2023, volunteers=61, kinds={"GN": 48, "GI": 13}, repeats=0, regions=regions)


def test_with_no_region_given_with_volunteers_the_others_are_spread(world):
    # given only global, with 0 volunteers
    targets = _targets({"global": 0})
    # when
    sizes = _free_sizes(targets, world, people_make(targets.kinds), Notes())
    # then every other region has some, as when no region is given, and global stays out
    assert "global" not in sizes
    assert sum(sizes.values()) == 61
    assert all(count > 0 for count in sizes.values())


def test_the_regions_not_given_take_what_the_given_ones_leave(world):
    targets = _targets({"africa": 50})
    sizes = _free_sizes(targets, world, people_make(targets.kinds), Notes())
    assert sum(sizes.values()) == 11


def test_the_regions_not_given_are_noted_as_planned(world):
    # given global 0 alone and half the volunteers from outside the Global South: the spread of the
    # 2023 report cannot hold (europe_cis, the only region left with countries outside the Global
    # South, would get 6), so the regions are loosened
    profile = Profile(
        {
            "format": "mobilize-statistics/1",
            "year": 2023,
            "onsite": {"volunteers": 60, "global_south": {"count": 30}, "by_region": {"global": 0}},
        }
    )
    # when
    report = profile_check(profile, seed=0)
    # then each region not given is noted with the volunteers it has in the plan, and why
    assert report.plan is not None
    planned = Counter(r for p in report.plan.people for r in {s.region for s in p.slots})
    noted = {}
    for choice in report.notes.choices:
        found = re.fullmatch(r"onsite\.by_region\.(\w+) (\d+) \(not given; (.*)\)", choice)
        if found:
            noted[found[1]] = int(found[2])
            assert found[3] == "where the other figures let them serve"
    assert noted == {r: planned[r] for r in noted}
    assert set(noted) == set(planned)
    assert noted["europe_cis"] > 6


@pytest.mark.parametrize("seed", range(5))
def test_repeats_go_first_to_a_modality_whose_lead_time_figure_needs_them(seed):
    # given 52 national volunteers (10 of them international too) and 10 international only: 20
    # international assignments, where the lead time figure counts 22 beginning in the year
    targets = Targets(
        year=2023,
        volunteers=62,
        kinds={"GN": 42, "GNI": 10, "GI": 10},
        repeats=3,
        lead={"international": (None, 22)},
    )
    people = people_make(targets.kinds)
    pool = [p for p in people if len(p.slots) == 1]
    random.Random(seed).shuffle(pool)
    # when three volunteers serve two consecutive assignments
    chosen = _repeats_choose(targets, people, pool, 3)
    # then two of them are international (20 + 2 international assignments), and one from the rest
    assert len(chosen) == len({id(p) for p in chosen}) == 3
    assert sum(1 for p in chosen if not p.slots[0].national) >= 2


def test_repeats_are_drawn_as_before_when_no_lead_time_figure_needs_them(world):
    targets = Targets(year=2023, volunteers=62, kinds={"GN": 52, "GI": 10}, repeats=3)
    people = people_make(targets.kinds)
    assert _repeats_choose(targets, people, people, 3) == people[:3]
