"""The kinds of volunteers (``kinds.py``): the volunteers who need a country outside the Global
South (GX + NN + NNI) are kept within what the regions with such countries hold, when the profile
gives all of them (``Caps.north``), checked against a count of the kinds themselves."""

from __future__ import annotations

import itertools

import pytest

from mobilize.synthetic.generator.kinds import Caps, _complete, _holds, _north_bounds, people_targets
from mobilize.synthetic.generator.notes import Notes
from mobilize.synthetic.profiles import Profile


def _kinds(v: int, x: dict[str, int]) -> dict[str, int]:
    """The kinds the generator makes of the figures (as ``people_targets`` does)."""
    g, gn, gi, nat, intl = x["G"], x["Gn"], x["Gi"], x["N"], x["I"]
    both = min(gn, gi, nat + intl - v)
    nn = both - intl + v - gn
    return {
        "GN": gn - both,
        "GI": gi - both,
        "GNI": both,
        "GX": g - gn - gi + both,
        "NN": nn,
        "NNI": nat - gn - nn,
    }


def _north(v: int, x: dict[str, int]) -> int:
    kinds = _kinds(v, x)
    return kinds["GX"] + kinds["NN"] + kinds["NNI"]


def test_the_north_bounds_are_exactly_the_values_that_keep_the_north_within_its_room():
    # given a grid of the figures of 12 volunteers that hold, and three rooms
    v, a = 12, 24
    for g, gn, gi, nat, intl in itertools.product(
        range(0, v + 1, 3), range(0, 7, 2), range(0, 7, 2), range(13), range(13)
    ):
        x = {"G": g, "Gn": gn, "Gi": gi, "N": nat, "I": intl}
        if not _holds(v, x, a, Caps()):
            continue
        for room in (0, 2, 5):
            bounds = _north_bounds(x, v, room)
            # when / then each figure's bound holds it exactly where the north fits, the others as they are
            for key, (lo, hi) in bounds.items():
                for value in range(v + 1):
                    y = {**x, key: value}
                    if not _holds(v, y, a, Caps()):
                        continue
                    assert (lo <= value <= hi) == (_north(v, y) <= room), (x, room, key, value)


def test_the_figures_chosen_leave_the_north_within_its_room():
    # given 66 volunteers, 18 Global South nationals serving at home and 19 abroad in the Global
    # South, and only 16 volunteers in the regions with countries outside it
    given = {"G": None, "Gn": 18, "Gi": 19, "N": None, "I": None}
    # when
    free = _complete(66, given, 132)
    capped = _complete(66, given, 132, Caps(north=16))
    # then the default (85 % of the Global South) needs 23 there; the capped one no more than 16
    assert free is not None and _north(66, free) == 23
    assert capped is not None and _north(66, capped) <= 16
    assert capped["Gn"] == 18 and capped["Gi"] == 19


def test_a_north_that_cannot_hold_falls_back_to_the_figures_alone():
    # given figures that put 10 volunteers outside the Global South, and room for 2
    profile = Profile(
        {
            "format": "mobilize-statistics/1",
            "year": 2023,
            "onsite": {
                "volunteers": 20,
                "global_south": {"count": 20, "national": 5, "international_in_global_south": 5},
            },
        }
    )
    notes = Notes()
    # when
    kinds = people_targets(profile, notes, north=2)
    # then the kinds hold the figures (the regions step names by_region)
    assert notes.conflicts == []
    assert kinds is not None and kinds["GX"] == 10


@pytest.mark.parametrize("room", [0, 16, 40])
def test_the_north_cap_is_kept_whenever_it_can_be(room):
    # given the figures of 66 volunteers with the national figure given
    given = {"G": None, "Gn": 18, "Gi": 19, "N": 20, "I": None}
    # when
    x = _complete(66, given, 132, Caps(north=room))
    # then
    if x is not None:
        assert _north(66, x) <= room
    else:
        assert room < 2  # the 2 national volunteers of the North need a country outside it


def test_a_tight_national_cap_and_north_are_found_together():
    # given 62 volunteers, 32 international, at most 31 national (12 countries served, 43
    # nationalities) and 14 in the regions with countries outside the Global South; one fit is the
    # report-like G 55, Gn 30, Gi 22, N 31
    given = {"G": None, "Gn": None, "Gi": None, "N": None, "I": 32}
    assert _holds(62, {"G": 55, "Gn": 30, "Gi": 22, "N": 31, "I": 32}, 124, Caps(31, 14))
    # when
    x = _complete(62, given, 124, Caps(31, 14))
    # then the figures are found within both caps (the descents from the corners alone stopped)
    assert x is not None and _holds(62, x, 124, Caps(31, 14))
    assert x["N"] <= 31 and _north(62, x) <= 14


def test_a_national_volunteer_from_outside_the_global_south_when_the_nationalities_need_a_home_there():
    # given figures whose usual completion has every national volunteer from the Global South and
    # one Global South volunteer serving outside it, with the nationalities as high as the 12
    # countries and the 31 volunteers without a national assignment allow (12 + 31 = 43)
    profile = Profile(
        {
            "format": "mobilize-statistics/1",
            "year": 2023,
            "onsite": {"volunteers": 62, "international": 32, "countries_served": 12, "nationalities": 43},
        }
    )
    notes = Notes()
    # when
    kinds = people_targets(profile, notes, north=14)
    # then a country outside the Global South where someone must serve is a national volunteer's home
    assert notes.conflicts == [] and kinds is not None
    assert kinds["GX"] == 0 or kinds["NN"] + kinds["NNI"] >= 1
    assert kinds["GN"] + kinds["GNI"] + kinds["NN"] + kinds["NNI"] <= 31


def test_a_north_of_two_is_found_with_everyone_from_the_global_south():
    # given 70 volunteers, 58 national and 20 international, and 2 in the regions with countries
    # outside the Global South; everyone from the Global South fits (G 70, Gn 58, Gi 20, 8 of them
    # under both modalities: none needs a country outside it)
    given = {"G": None, "Gn": None, "Gi": None, "N": 58, "I": 20}
    assert _north(70, {"G": 70, "Gn": 58, "Gi": 20, "N": 58, "I": 20}) == 0
    # when
    x = _complete(70, given, 140, Caps(north=2))
    # then the figures are found within the cap (the other starting points stop short of it)
    assert x is not None and _north(70, x) <= 2
