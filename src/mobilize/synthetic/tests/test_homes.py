"""The national volunteers the regions step places for the nationalities figure (``placing.place``
with ``homes``): a region's countries can only be national volunteers' homes when national
volunteers of their flag serve there; when not every region can have one, as many as can do."""

from __future__ import annotations

import random

import pytest

from mobilize.synthetic.generator.placing import (
    HOMES_FLAGS,
    HOMES_NONE,
    HOMES_PARTS,
    HOMES_REGIONS,
    _home_keys,
    place,
)
from mobilize.synthetic.generator.plan import people_make

pytestmark = pytest.mark.django_db


def test_each_level_asks_for_more_homes(world):
    # given national volunteers from the Global South and from elsewhere, and regions of both flags
    people = people_make({"GN": 2, "NN": 1, "GI": 1})
    bounds = {"africa": (2, 2), "europe_cis": (2, 2)}
    # when / then: none, a national volunteer in each region, one of each flag where one may serve
    assert _home_keys(bounds, people, world, HOMES_NONE) == frozenset()
    assert _home_keys(bounds, people, world, HOMES_REGIONS) == {("africa", None), ("europe_cis", None)}
    flags = _home_keys(bounds, people, world, HOMES_FLAGS)
    assert ("europe_cis", False) in flags and ("europe_cis", True) in flags and ("africa", True) in flags
    # africa has no country outside the Global South for the volunteer from elsewhere
    assert ("africa", False) not in flags


@pytest.mark.parametrize("seed", range(6))
def test_the_regions_that_can_have_a_national_volunteer_have_one(world, seed):
    # given europe_cis with room for one volunteer, who must serve outside the Global South (GX):
    # no national volunteer from the Global South can serve there too
    people = people_make({"GX": 1, "GN": 3, "GI": 4})
    bounds = {"africa": (5, 5), "europe_cis": (1, 1), "latin_america": (2, 2)}
    # when a national volunteer is asked for in every region
    placed = place(bounds, people, world, random.Random(seed), homes=HOMES_REGIONS)
    # then europe_cis cannot have one, and the other two regions still do
    assert placed == {"africa": 5, "europe_cis": 1, "latin_america": 2}
    national = {p.slots[0].region for p in people if p.kind == "GN"}
    assert national == {"africa", "latin_america"}


@pytest.mark.parametrize("seed", range(6))
def test_national_volunteers_of_each_flag_go_where_their_flag_can_serve(world, seed):
    # given two national volunteers from outside the Global South and two regions with countries
    # outside it, beside many from the Global South
    people = people_make({"NN": 2, "GN": 6, "GI": 2})
    bounds = {"europe_cis": (5, 5), "global": (5, 5)}
    # when one of each flag is asked for in each region
    place(bounds, people, world, random.Random(seed), homes=HOMES_FLAGS)
    # then each region has one of them, and one from the Global South
    for region in bounds:
        assert any(p.kind == "NN" and p.slots[0].region == region for p in people)
        assert any(p.kind == "GN" and p.slots[0].region == region for p in people)


@pytest.mark.parametrize("seed", range(6))
def test_volunteers_who_must_serve_outside_the_global_south_go_where_its_one_national_volunteer_is(
    world, seed
):
    # given one national volunteer from outside the Global South, three Global South volunteers who
    # must serve outside it (GX), and two regions with such countries
    people = people_make({"NN": 1, "GX": 3, "GN": 4, "GI": 2})
    bounds = {"europe_cis": (5, 5), "global": (5, 5)}
    # when the parts of the regions are asked to be homes
    placed = place(bounds, people, world, random.Random(seed), homes=HOMES_PARTS)
    # then the volunteers who must serve outside the Global South are all in the national
    # volunteer's region: a part of the countries outside it elsewhere would be nobody's home
    assert placed == {"europe_cis": 5, "global": 5}
    home = next(p.slots[0].region for p in people if p.kind == "NN")
    assert {p.slots[0].region for p in people if p.kind == "GX"} == {home}
