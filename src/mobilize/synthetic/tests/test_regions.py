"""The volunteers of the regions the profile does not give (``regions._free_sizes``)."""

from __future__ import annotations

import pytest

from mobilize.synthetic.generator.notes import Notes
from mobilize.synthetic.generator.plan import people_make
from mobilize.synthetic.generator.regions import _free_sizes
from mobilize.synthetic.generator.targets import Targets

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
