"""The volunteers of each mission type (``targets.mission_targets``): a half the profile leaves open
is chosen by the usual share of national volunteers, then cut down to what the missions' host group
leaves them, keeping the volunteers of the missions the profile names."""

from __future__ import annotations

from typing import Any

import pytest

from mobilize.synthetic.generator.notes import Notes
from mobilize.synthetic.generator.targets import mission_targets
from mobilize.synthetic.profiles import Profile

pytestmark = pytest.mark.django_db


def _types(world, onsite: dict[str, Any]) -> tuple[dict[str, tuple[int, int]], Notes]:
    notes = Notes()
    profile = Profile({"format": "mobilize-statistics/1", "year": 2023, "onsite": onsite})
    return mission_targets(profile, notes, world), notes


MISSIONS = {"peacekeeping": {"national": 4}, "political_mission": {"international": 3}}


def _in_group(secretariat: int, **entities: int) -> dict[str, Any]:
    """70 volunteers, the missions above, a UN Secretariat of ``secretariat`` and the ``entities``
    named with their volunteers."""
    return {
        "volunteers": 70,
        "by_host_group": {"un-secretariat": {"volunteers": secretariat}},
        "by_host_entity": {acronym: {"volunteers": v} for acronym, v in entities.items()},
        "by_host_type": MISSIONS,
    }


def test_open_halves_are_chosen_by_the_share_when_the_group_has_room(world):
    types, notes = _types(world, {"volunteers": 70, "by_host_type": MISSIONS})

    # a quarter of mission volunteers are national: 4 national give 12 international, 3 international 1
    assert types == {"peacekeeping": (4, 12), "political_mission": (1, 3)}
    assert "onsite.by_host_type.peacekeeping: 4 national and 12 international volunteers" in notes.choices


def test_open_halves_are_cut_to_the_volunteers_of_the_missions_group(world):
    # the share would give 20 mission volunteers, but the UN Secretariat, whose they are, has 18
    types, notes = _types(world, _in_group(18))

    # the 11 left after the given halves (4 + 3) are split 12 : 1 as the share chose them
    assert types == {"peacekeeping": (4, 10), "political_mission": (1, 3)}
    assert "onsite.by_host_type.peacekeeping: 4 national and 10 international volunteers" in notes.choices
    assert not notes.conflicts


def test_the_group_keeps_its_other_named_entities(world):
    types, _ = _types(world, _in_group(18, DPO=4))

    assert sum(map(sum, types.values())) == 14


def test_without_the_group_the_other_groups_given_bound_the_missions(world):
    onsite = {"volunteers": 20, "by_host_group": {"wfp": {"volunteers": 4}}, "by_host_type": MISSIONS}

    types, _ = _types(world, onsite)

    assert sum(map(sum, types.values())) == 16


def test_a_cut_half_keeps_the_volunteers_of_the_missions_named(world):
    types, _ = _types(world, _in_group(14, UNMISS=9))

    # peacekeeping keeps UNMISS's 9: 4 national and at least 5 international
    assert types["peacekeeping"][1] >= 5
    assert sum(map(sum, types.values())) == 14


def test_a_type_whose_volunteers_are_given_is_not_cut(world):
    onsite = {
        "volunteers": 70,
        "by_host_group": {"un-secretariat": {"volunteers": 10}},
        "by_host_type": {"peacekeeping": {"volunteers": 16, "national": 4}},
    }

    types, _ = _types(world, onsite)

    # nothing is open: the conflict with the group is named when the hosts are chosen
    assert types == {"peacekeeping": (4, 12)}
