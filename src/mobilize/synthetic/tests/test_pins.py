"""The regions a mission of two regions serves in, for a host group whose countries are given
(``generator/pins.py``): UNISFA serves in Sudan (Arab States) and South Sudan (Africa)."""

from __future__ import annotations

import random

import pytest

from mobilize.synthetic.generator.chooser import within_full_group
from mobilize.synthetic.generator.pins import bound_pins, group_band, pins_blocked
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World

pytestmark = pytest.mark.django_db


def _bound(world: World, acronym: str, count: int, start: int = 0) -> list[Person]:
    entity = world.by_acronym[acronym].id
    return [Person(start + i, "GI", [Slot(False, True)], entity=entity, bound=True) for i in range(count)]


def _targets(volunteers: int, groups: dict, entities: dict | None = None) -> Targets:
    return Targets(
        year=2023, volunteers=volunteers, kinds={}, repeats=0, groups=groups, entities=entities or {}
    )


def _regions(world: World, people: list[Person]) -> set[str]:
    return {world.region_of(c) for p in people for c in world.bound_countries(p)}


def test_the_band_counts_the_groups_other_volunteers_one_country_each(world):
    # given 20 UN Secretariat volunteers in 4 countries, 17 of them in missions
    targets = _targets(20, {"un-secretariat": (20, 4)})
    # then the missions cover 1 to 4 countries (the 3 others can add 3 new ones, or none)
    assert group_band(targets, world, "un-secretariat", 17) == (1, 4)
    assert group_band(targets, world, "un-secretariat", 20) == (4, 4)
    # and a group whose countries are not given has no band
    assert group_band(targets, world, "undp", 5) == (0, 0)


def test_the_band_counts_an_entity_with_its_countries_given_as_those_countries(world):
    # given 36 volunteers in 5 countries, 15 of them with the DCO in 1 country, the 21 others in missions
    targets = _targets(36, {"un-secretariat": (36, 5)}, {"DCO": (15, 1)})
    # then the missions must cover at least 4 of the 5 countries
    assert group_band(targets, world, "un-secretariat", 21) == (4, 5)


@pytest.mark.parametrize("seed", range(6))
def test_a_mission_of_two_regions_is_kept_in_one_when_the_group_has_no_country_to_spare(world, seed):
    # given the UN Secretariat's 17 volunteers, all in missions (UNISFA 9, MINURSO 5, UNAMI 3), in
    # 3 countries: UNISFA in both Sudan and South Sudan would make 4
    people = _bound(world, "UNISFA", 9) + _bound(world, "MINURSO", 5, 9) + _bound(world, "UNAMI", 3, 14)
    targets = _targets(17, {"un-secretariat": (17, 3)})
    # when
    bound_pins(targets=targets, world=world, people=people, rng=random.Random(seed))
    # then every UNISFA volunteer may serve in one region only, the same for all
    unisfa = people[:9]
    assert all(p.within for p in unisfa)
    assert len(_regions(world, unisfa)) == 1
    # and the missions of one region are left free
    assert all(not p.within for p in people[9:])


@pytest.mark.parametrize("seed", range(6))
def test_a_mission_of_two_regions_serves_in_both_when_the_group_needs_its_countries(world, seed):
    # given 36 volunteers in 5 countries: UNSMIL 12, UNAMA 5, UNISFA 4 and the DCO's 15 in 1 country,
    # so the missions must cover 4 countries, UNISFA two of them
    people = _bound(world, "UNSMIL", 12) + _bound(world, "UNAMA", 5, 12) + _bound(world, "UNISFA", 4, 17)
    targets = _targets(36, {"un-secretariat": (36, 5)}, {"DCO": (15, 1)})
    # when
    bound_pins(targets=targets, world=world, people=people, rng=random.Random(seed))
    # then one UNISFA volunteer is pinned to each of its regions
    unisfa = people[17:]
    pinned = [p for p in unisfa if len({world.region_of(c) for c in p.within}) == 1]
    assert {world.region_of(p.within[0]) for p in pinned} == {"africa", "arab_states"}


def test_a_group_with_countries_to_spare_leaves_its_missions_free(world):
    # given 30 volunteers in 10 countries, 9 of them UNISFA's: any choice of regions can hold
    people = _bound(world, "UNISFA", 9)
    targets = _targets(30, {"un-secretariat": (30, 10)})
    # when
    bound_pins(targets=targets, world=world, people=people, rng=random.Random(0))
    # then
    assert all(not p.within for p in people)


@pytest.mark.parametrize("seed", range(6))
def test_a_mission_is_kept_out_of_a_region_too_small_for_its_volunteers(world, seed):
    # given 17 UN Secretariat volunteers in 2 countries, MINUSMA's 8 (Mali) and UNISFA's 9: UNISFA
    # in Sudan or in South Sudan can hold, but arab_states has only 5 volunteers
    people = _bound(world, "MINUSMA", 8) + _bound(world, "UNISFA", 9, 8)
    targets = _targets(17, {"un-secretariat": (17, 2)})
    targets.regions = {"arab_states": 5}
    # when
    bound_pins(targets=targets, world=world, people=people, rng=random.Random(seed))
    # then UNISFA serves in South Sudan, of africa
    assert _regions(world, people[8:]) == {"africa"}


def test_a_mission_that_no_region_can_hold_for_its_group_is_blocked(world):
    # given the UN Secretariat's 18 volunteers in 3 countries, all in missions: UNISFA 14, BINUH 1
    # (Haiti), UNVMC 3 (Colombia); UNISFA in both Sudan and South Sudan would make 4 countries
    people = _bound(world, "UNISFA", 14) + _bound(world, "BINUH", 1, 14) + _bound(world, "UNVMC", 3, 15)
    groups = {"un-secretariat": (18, 3)}
    small = {"africa": 9, "arab_states": 13, "latin_america": 25}
    # then with 9 in africa and 13 in arab_states, neither region can hold UNISFA's 14 alone
    targets = Targets(year=2023, volunteers=70, kinds={}, repeats=0, groups=groups, regions=small)
    assert pins_blocked(targets=targets, world=world, people=people) == {world.by_acronym["UNISFA"].id}
    # and with 14 in arab_states it can
    roomy = {**small, "arab_states": 14}
    targets = Targets(year=2023, volunteers=70, kinds={}, repeats=0, groups=groups, regions=roomy)
    assert pins_blocked(targets=targets, world=world, people=people) == set()
    # and a group of 4 countries may have UNISFA in both
    targets = Targets(
        year=2023, volunteers=70, kinds={}, repeats=0, groups={"un-secretariat": (18, 4)}, regions=small
    )
    assert pins_blocked(targets=targets, world=world, people=people) == set()


# --- the missions of a group whose named ones take all of its countries ----------------------------


def test_a_groups_other_missions_serve_in_the_countries_its_named_ones_take(world):
    # given a UN Secretariat of one country with UNMISS named (South Sudan)
    targets = Targets(year=2023, volunteers=60, kinds={}, repeats=0, groups={"un-secretariat": (5, 1)})
    named = [world.by_acronym["UNMISS"]]
    members = [world.by_acronym["MINUSCA"], world.by_acronym["UNISFA"]]
    # then only UNISFA, which serves in South Sudan too, may take its other peacekeepers
    assert within_full_group(targets, world, named, members) == [world.by_acronym["UNISFA"]]


def test_a_group_with_countries_to_spare_may_take_any_mission(world):
    targets = Targets(year=2023, volunteers=60, kinds={}, repeats=0, groups={"un-secretariat": (5, 2)})
    named = [world.by_acronym["UNMISS"]]
    members = [world.by_acronym["MINUSCA"], world.by_acronym["UNISFA"]]
    assert within_full_group(targets, world, named, members) == members
