"""Room for a host of one country and for the entities of a group whose countries are given: the
regions step keeps a region's volunteers serving there alone (``regions._dense_caps``; with
``regions._dense_keep``, the part of it that holds the host), the
countries step keeps them in one part of it (``flags.dense_split``), and the countries the
hosts are to find their volunteers in are shared inside a group (``room.host_demands``,
``room.make_room``) and filled with volunteers who serve there alone (``dealing.part_assign``); and
the room a mission may take in its regions (``missions.missions_covering``), less what a region
keeps for the volunteers only it can take (``missions.flag_reserve``)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from mobilize.synthetic.generator.dealing import Part, Piece, bound_place, part_assign, pinned_holders
from mobilize.synthetic.generator.flags import dense_split, flag_bounds
from mobilize.synthetic.generator.hosts import planned_targets
from mobilize.synthetic.generator.missions import (
    MISSION_SHARES,
    dense_reserve,
    flag_reserve,
    mission_room,
    missions_covering,
)
from mobilize.synthetic.generator.placing import Keep, place
from mobilize.synthetic.generator.plan import HostPlan, Person, Slot
from mobilize.synthetic.generator.regions import _dense_caps, _dense_regions
from mobilize.synthetic.generator.room import dense_caps, dense_hosts, host_demands, make_room
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.generator.world import World

pytestmark = pytest.mark.django_db


def _targets(volunteers: int, groups: dict | None = None, entities: dict | None = None) -> Targets:
    return Targets(
        year=2023, volunteers=volunteers, kinds={}, repeats=0, groups=groups or {}, entities=entities or {}
    )


def _pieces(count: int, flag: bool | None, *, start: int = 0, twice: bool = False) -> list[Piece]:
    """``count`` free assignments of the flag; ``twice``: each of a volunteer with another assignment
    elsewhere (serving in two regions)."""
    pieces = []
    for index in range(start, start + count):
        slots = [Slot(False, flag), Slot(False, flag)] if twice else [Slot(False, flag)]
        person = Person(index, "GII" if twice else "GI", slots)
        pieces.append(Piece(person, slots[:1], False, flag))
    return pieces


# --- the countries step: a region taken for a host of one country keeps it in one part ----------


def test_a_region_is_split_so_that_one_part_holds_the_host_in_one_country(world):
    # given europe_cis with 17 assignments in other countries and 9 in the Global South, to use 4
    # countries, taken for a host of 17 volunteers in one country
    pieces = _pieces(17, False) + _pieces(9, True, start=17)
    bounds = flag_bounds(world, "europe_cis", pieces)
    proportional = bounds.split(4)
    assert proportional is not None and proportional[False] >= 2
    # when
    split, _to_false = dense_split(bounds, pieces, [], 4, proportional, 17)
    # then the other countries are one, which holds all 17, and the Global South the other 3
    assert split == {True: 3, False: 1}


def test_the_assignments_that_may_go_to_either_flag_fill_the_part_of_the_host(world):
    # given 10 assignments in other countries, 8 in the Global South and 12 that may go to either,
    # for 4 countries and a host of 20 volunteers in one country
    loose = _pieces(12, None, start=18)
    pieces = _pieces(10, False) + _pieces(8, True, start=10) + loose
    bounds = flag_bounds(world, "europe_cis", pieces)
    ks = bounds.split(4)
    assert ks is not None
    # when
    split, to_false = dense_split(bounds, pieces, loose, 4, ks, 20)
    # then one part has at least 20 assignments for its one country and one for each other
    for flag, extra in ((True, len(loose) - to_false), (False, to_false)):
        size = sum(1 for p in pieces if p.flag is flag) + extra
        if split[flag] and size - 20 >= split[flag] - 1:
            break
    else:
        pytest.fail(f"no part of {split} with {to_false} to other countries holds the host")


def test_volunteers_serving_in_two_regions_do_not_count_for_a_host_of_one_country(world):
    # given 20 assignments in the Global South, 8 of them of volunteers also serving elsewhere,
    # and a host of 14 volunteers in one country
    pieces = _pieces(12, True) + _pieces(8, True, start=12, twice=True)
    bounds = flag_bounds(world, "africa", pieces)
    ks = bounds.split(3)
    assert ks is not None
    # when
    split, _to_false = dense_split(bounds, pieces, [], 3, ks, 14)
    # then no split can hold it (12 serve here alone), and the split is left as it was
    assert split == ks


def test_a_split_that_holds_the_host_already_is_kept(world):
    pieces = _pieces(20, False) + _pieces(20, True, start=20)
    bounds = flag_bounds(world, "europe_cis", pieces)
    ks = bounds.split(6)
    assert ks is not None
    assert dense_split(bounds, pieces, [], 6, ks, 12) == (ks, bounds.loose_false(ks))


@pytest.mark.parametrize(
    ("other_flag", "taken"),
    [
        # global, which has more to spare but in two parts of which neither holds 17, is not taken
        (False, "asia_pacific"),
        # volunteers who may serve in either part count for the host
        (None, "global"),
    ],
)
def test_a_region_is_taken_for_a_host_only_if_one_part_of_it_holds_the_host(world, other_flag, taken):
    # given global with 16 assignments in the Global South and 4 outside it (or in either part),
    # asia_pacific with 18 in the Global South, and OCHA's 17 volunteers in one country
    targets = _targets(38, entities={"OCHA": (17, 1)})
    by_region = {
        "global": _pieces(16, True) + _pieces(4, other_flag, start=16),
        "asia_pacific": _pieces(18, True, start=20),
    }
    # when
    _caps, hosts = dense_caps(targets, world, [], ["global", "asia_pacific"], by_region, [1, 1], [20, 18], 2)
    # then
    assert hosts == {taken: 17}


# --- the regions step: the volunteers serving in two regions leave room for the host -----------


def _free(count: int, kind: str = "NI", flag: bool | None = None, start: int = 100) -> list[Person]:
    """``count`` free volunteers of one international assignment of the flag (None: anywhere)."""
    return [Person(start + i, kind, [Slot(False, flag)]) for i in range(count)]


def test_a_region_is_kept_for_a_host_of_one_country(world):
    # given the DCO's 15 volunteers in one country, regions of 16 and 12, and 4 volunteers in two
    targets = _targets(40, entities={"DCO": (15, 1)})
    regions = {"africa": 16, "latin_america": 12, "asia_pacific": 16}
    people = _free(36)
    # then a region of 16 keeps 15 serving there alone (of the two, the later name)
    assert _dense_caps(_dense_regions(targets, world, people, regions), 4) == {"asia_pacific": 1}
    # and none when no volunteer serves in two regions
    assert _dense_caps(_dense_regions(targets, world, people, regions), 0) == {}
    # nor when too few volunteers may serve alone in one country
    assert _dense_caps(_dense_regions(targets, world, _free(14), regions), 4) == {}


def test_a_mission_that_can_serve_nowhere_else_takes_room_from_the_region(world):
    # given UNMISS's 3 volunteers (South Sudan only) and a host of 12 in one country
    targets = _targets(30, entities={"OCHA": (12, 1), "UNMISS": (3, None)})
    mission = world.by_acronym["UNMISS"].id
    people = [Person(i, "GI", [Slot(False, True)], entity=mission, bound=True) for i in range(3)]
    # then africa (16, 3 of them the mission's) spares 1, less than asia_pacific's 2
    regions = {"africa": 16, "asia_pacific": 14}
    assert _dense_caps(_dense_regions(targets, world, people + _free(27), regions), 2) == {"asia_pacific": 2}


def test_the_volunteers_who_need_the_other_part_take_room_from_the_region(world):
    # given OCHA's 17 in one country, europe_cis of 26 and asia_pacific of 18, and 7 volunteers who
    # must serve outside the Global South, which only europe_cis has of the two
    targets = _targets(44, entities={"OCHA": (17, 1)})
    regions = {"europe_cis": 26, "asia_pacific": 18}
    people = _free(7, "GX", False) + _free(30, "GI", True, start=200)
    # then europe_cis's Global South part has 26 - 7 - 17 = 2 to spare, more than asia_pacific's 1
    assert _dense_caps(_dense_regions(targets, world, people, regions), 7) == {"europe_cis": 2}
    # and with 10 who need the other part, asia_pacific (1 to spare) is kept
    people = _free(10, "GX", False) + _free(27, "GI", True, start=200)
    assert _dense_caps(_dense_regions(targets, world, people, regions), 7) == {"asia_pacific": 1}


def test_the_regions_flow_keeps_the_part_for_the_host(world):
    # given europe_cis kept for a host of 14 in its Global South part: 18 volunteers there, 8
    # global, 6 who must serve outside the Global South, 6 in the Global South, 14 anywhere
    people = _free(6, "GX", False) + _free(6, "GI", True, start=200) + _free(14, start=300)
    bounds = {"europe_cis": (18, 18), "global": (8, 8)}
    keep = {"europe_cis": Keep(True, 18 - 14)}
    for seed in range(5):
        # when
        placed = place(bounds, people, world, random.Random(seed), keep=keep)
        # then at least 14 of europe_cis's may serve in its Global South part, alone
        assert placed == {"europe_cis": 18, "global": 8}
        there = [p for p in people if p.slots[0].region == "europe_cis"]
        assert sum(1 for p in there if p.slots[0].flag is not False) >= 14
    # and without it the flow need not
    found = set()
    for seed in range(20):
        place(bounds, people, world, random.Random(seed))
        there = [p for p in people if p.slots[0].region == "europe_cis"]
        found.add(sum(1 for p in there if p.slots[0].flag is not False) >= 14)
    assert False in found


def test_an_entity_in_a_group_of_one_country_is_the_groups_host(world):
    # given the group "other" in one country with UNAIDS in one country inside it
    targets = _targets(40, groups={"other": (23, 1)}, entities={"UNAIDS": (12, 1), "DCO": (9, 1)})
    # then the host of one country is the group's 23 (UNAIDS serves in its country), and the DCO
    assert [h.volunteers for h in dense_hosts(targets, world, [])] == [23, 9]


# --- the countries each host is to find its volunteers in --------------------------------------


def test_a_groups_other_volunteers_go_with_its_entities_when_they_have_all_its_countries(world):
    # given "other": 23 volunteers in one country, 12 of them with UNAIDS in one country
    targets = _targets(40, groups={"other": (23, 1)}, entities={"UNAIDS": (12, 1)})
    # when
    demands, _covered = host_demands({}, targets, world)
    # then UNAIDS's country is to hold all 23
    assert [(d.key, d.volunteers, d.countries) for d in demands] == [(world.by_acronym["UNAIDS"].id, 23.0, 1)]


def _part(world: World, region: str, flag: bool, sizes: list[int], start: int = 0) -> Part:
    countries = world.servable[region][flag][: len(sizes)]
    part = Part(region, flag, countries=list(countries))
    for size in sizes:
        part.pieces += _pieces(size, flag, start=start)
        start += size
    return part


def test_the_entities_of_a_group_share_its_countries_when_they_need_more_than_it_has(world):
    # given "other": 29 volunteers in 4 countries, UNV's 16 in one of them and UNCDF's 13 in 4
    targets = _targets(60, groups={"other": (29, 4)}, entities={"UNV": (16, 1), "UNCDF": (13, 4)})
    part = _part(world, "asia_pacific", True, [20, 10, 10, 10, 10, 5])
    parts = {("asia_pacific", True): part}
    weight = {c: 1.0 for c in part.countries}
    # when
    _demand, chosen = make_room(parts, weight, targets, world, set())
    # then together they take 4 countries, UNV's among UNCDF's
    unv, uncdf = chosen[world.by_acronym["UNV"].id], chosen[world.by_acronym["UNCDF"].id]
    assert len(unv) == 1 and len(uncdf) == 4
    assert unv <= uncdf


def test_hosts_that_are_to_share_no_country_take_none_of_each_others(world):
    # given "other" 50 in 10 countries and UNICEF's 15 in one (group unicef), in 11 countries with
    # one far larger than the rest
    targets = _targets(65, groups={"other": (50, 10), "unicef": (15, None)}, entities={"UNICEF": (15, 1)})
    sizes = [21, *([4] * 10)]
    part = _part(world, "latin_america", True, sizes)
    parts = {("latin_america", True): part}
    unicef = world.by_acronym["UNICEF"].id
    # when the countries served may be shared, both take the largest
    weight = {c: float(size) for c, size in zip(part.countries, sizes, strict=True)}
    _demand, shared = make_room(parts, weight, targets, world, set())
    assert shared[unicef] <= shared["other"]
    # and when they are to be apart (11 countries, 10 + 1), UNICEF's is none of "other"'s
    weight = {c: float(size) for c, size in zip(part.countries, sizes, strict=True)}
    _demand, chosen = make_room(parts, weight, targets, world, set(), apart=True)
    assert len(chosen[unicef]) == 1 and not chosen[unicef] & chosen["other"]
    assert len(chosen[unicef] | chosen["other"]) == 11


def test_the_plans_volunteers_stand_in_for_those_the_profile_does_not_give(world):
    # given "other" in one country and UNV in one, neither with volunteers given, and UNDP with both
    targets = _targets(
        40, groups={"other": (None, 1), "undp": (None, None)}, entities={"UNV": (None, 1), "UNDP": (6, 2)}
    )
    unv, undp = world.by_acronym["UNV"].id, world.by_acronym["UNDP"].id
    plan = HostPlan(
        group_volunteers={"other": 23, "undp": 6},
        group_countries={"other": 1, "undp": None},
        entity_volunteers={unv: 9, undp: 6},
        entity_countries={unv: 1, undp: 2},
    )
    # when
    planned = planned_targets(targets, plan, world)
    # then the hosts whose countries are given have the plan's volunteers; the others stay open
    assert planned.groups == {"other": (23, 1), "undp": (None, None)}
    assert planned.entities == {"UNV": (9, 1), "UNDP": (6, 2)}
    assert targets.groups["other"] == (None, 1)


def test_a_host_of_one_country_gets_the_volunteers_who_serve_there_alone(world):
    # given a part of two countries: a host of 24 volunteers in one country in the first, 5 in the
    # second; 5 national volunteers serving there alone, 2 also serving in another region, and 23
    # international volunteers: 28 serving there alone
    part = Part("latin_america", True, countries=world.servable["latin_america"][True][:2], homes=2)
    first, second = part.countries
    for index in range(30):
        national, twice = index < 7, 5 <= index < 7
        slots = [Slot(national, True), Slot(False, True)] if twice else [Slot(national, True)]
        part.pieces.append(Piece(Person(index, "GNI" if twice else "GN", slots), slots[:1], national, True))
    demand = {first: 24.0, second: 5.3}
    weight = {first: 1.0, second: 1.0}
    for seed in range(5):
        # when
        part_assign(part, weight, demand, random.Random(seed), set(), {first: 24})
        # then its country holds 24 of those serving there alone
        alone = [p for p in part.pieces if p.slots[0].country == first and len(p.person.slots) == 1]
        assert len(alone) >= 24, seed


def test_a_host_of_one_country_is_kept_among_its_full_groups_mission_countries(world):
    # given the UN Secretariat in 2 countries, UNAMI (Iraq) and UNAMA (Afghanistan) serving, and
    # DGC's 10 in one country
    unami, unama = world.by_acronym["UNAMI"].id, world.by_acronym["UNAMA"].id
    people = [Person(0, "GI", [Slot(False, True)], entity=unami, bound=True)]
    people.append(Person(1, "GI", [Slot(False, True)], entity=unama, bound=True))
    where = frozenset(world.by_iso2[c].id for c in ("IQ", "AF"))
    targets = _targets(40, groups={"un-secretariat": (12, 2)}, entities={"DGC": (10, 1)})
    # then DGC's country is one of theirs
    assert dense_hosts(targets, world, people) == [(10, where)]
    # and the regions step keeps a region of theirs for it, not the larger one
    regions = {"africa": 25, "arab_states": 13}
    kept = _dense_regions(targets, world, people + _free(38), regions)
    assert [(d.region, d.flag) for d in kept] == [("arab_states", True)]
    # while with a third country left to the group, DGC may serve anywhere
    targets = _targets(40, groups={"un-secretariat": (12, 3)}, entities={"DGC": (10, 1)})
    assert dense_hosts(targets, world, people) == [(10, None)]


def test_a_country_needing_a_free_national_is_no_home_when_a_host_of_one_country_needs_them(world):
    # given Iraq, Sudan and Yemen, each with a mission's volunteer (a national in Sudan), all three
    # to be homes, 7 free national and 3 free international volunteers, and DGC's 10 in Iraq
    iraq, sudan, yemen = (world.by_iso2[c].id for c in ("IQ", "SD", "YE"))
    part = Part("arab_states", True, countries=[iraq, sudan, yemen], homes=3)
    for index, (country, national) in enumerate(((iraq, False), (sudan, True), (yemen, False))):
        slots = [Slot(national, True)]
        person = Person(index, "GN" if national else "GI", slots, entity=1, bound=True)
        slots[0].country = country
        part.pieces.append(Piece(person, slots, national, True, (country,)))
    for index in range(3, 13):
        national = index < 10
        slots = [Slot(national, True)]
        part.pieces.append(Piece(Person(index, "GN" if national else "GI", slots), slots, national, True))
    demand, weight = {iraq: 10.0}, dict.fromkeys(part.countries, 1.0)
    for seed in range(5):
        # when the nationalities are not given
        part_assign(part, weight, demand, random.Random(seed), set(), {iraq: 10}, loose_homes=True)
        # then all 10 serve in Iraq, and Yemen has only its mission's volunteer
        assert sum(1 for p in part.pieces if not p.candidates and p.slots[0].country == iraq) == 10, seed
    # and when they are, Yemen stays a home
    part_assign(part, weight, demand, random.Random(0), set(), {iraq: 10})
    assert any(p.national and p.slots[0].country == yemen for p in part.pieces)


# --- the room of missions ----------------------------------------------------------------------


def test_missions_take_all_of_a_regions_room_only_when_asked(world):
    # given 11 peacekeepers for arab_states (18 volunteers, 5 of them with a political mission)
    targets = _targets(40)
    targets.regions = {"arab_states": 18}
    missions = [world.by_acronym["UNIFIL"], world.by_acronym["UNDOF"]]
    # when a mission may take most of the region's volunteers (0.8 of 18, less 5: 9)
    most = missions_covering(world, targets, missions, 11, {"arab_states": 5.0})
    # and when it may take all (18 less 5: 13)
    every = missions_covering(world, targets, missions, 11, {"arab_states": 5.0}, share=MISSION_SHARES[-1])
    # then two missions, or one (what host_entities_served may need)
    assert [m.acronym for m in most] == ["UNIFIL", "UNDOF"]
    assert [m.acronym for m in every] == ["UNIFIL"]


def test_a_region_that_alone_can_hold_a_host_of_one_country_keeps_it_from_missions(world):
    # given WFP's 15 in one country, africa 18 beside MONUSCO's 12 named, arab_states 18 and the
    # other regions smaller than 15
    targets = _targets(70, groups={"wfp": (15, 1)})
    targets.regions = {"africa": 18, "arab_states": 18, "asia_pacific": 12, "europe_cis": 9, "global": 2}
    targets.regions["latin_america"] = 11
    load = {"africa": 12.0}
    # then arab_states keeps the 15, and a mission there has 3 left
    reserve = dense_reserve(world, targets, load)
    assert reserve == {("arab_states", None): 15}
    assert mission_room(world, targets, world.by_acronym["UNAMI"], load, MISSION_SHARES[0], reserve) == 3
    # while with africa free too, neither region is kept (the host may take either)
    assert dense_reserve(world, targets, {}) == {}
    # nor when no region is given
    targets.regions = {}
    assert dense_reserve(world, targets, load) == {}


def test_a_missions_national_volunteers_from_the_global_south_choose_a_mission_there(world):
    # given 5 peacekeepers, 1 of them national, and no national volunteer from outside the Global
    # South; UNMIK (Kosovo) comes first in the order of preference, UNMOGIP (India, Pakistan) next
    targets = _targets(60)
    missions = [world.by_acronym["UNMIK"], world.by_acronym["UNMOGIP"]]
    kinds = Counter({"GN": 18, "GI": 33, "NI": 9})
    # when
    blind = missions_covering(world, targets, missions, 5, {}, kinds)
    seen = missions_covering(world, targets, missions, 5, {}, kinds, nationals=1)
    # then the national volunteer's mission is one in the Global South
    assert [m.acronym for m in blind] == ["UNMIK"]
    assert [m.acronym for m in seen] == ["UNMOGIP"]


REGIONS_17_350 = {
    "africa": 12,
    "arab_states": 15,
    "asia_pacific": 13,
    "europe_cis": 18,
    "latin_america": 14,
    "global": 0,
}
"""A profile the generator once refused: only europe_cis, of the regions with volunteers, has
countries outside the Global South."""


def test_a_region_keeps_the_volunteers_only_it_can_take(world):
    # given 12 volunteers who must serve outside the Global South and 30 who may serve anywhere in it
    targets = _targets(67)
    targets.regions = dict(REGIONS_17_350)
    kinds = Counter({"GX": 10, "NN": 2, "GI": 30, "NI": 9})
    # when
    reserve = flag_reserve(world, targets, kinds)
    # then europe_cis keeps 12 for them, and no region need keep any for the others
    assert reserve == {("europe_cis", False): 12}
    # and when latin_america and global are not given, they hold the 9 volunteers the others leave,
    # so europe_cis keeps only 3
    del targets.regions["global"], targets.regions["latin_america"]
    assert flag_reserve(world, targets, kinds) == {("europe_cis", False): 3}
    # and with no region given, none keeps any
    targets.regions = {}
    assert flag_reserve(world, targets, kinds) == {}


def test_a_mission_takes_no_part_of_a_region_kept_for_volunteers_it_cannot_take(world):
    # given 14 political mission volunteers and europe_cis keeping 12 of its 18 for volunteers who
    # must serve outside the Global South (UNRCCA is in Turkmenistan, in it)
    targets = _targets(67)
    targets.regions = dict(REGIONS_17_350)
    reserve = flag_reserve(world, targets, Counter({"GX": 10, "NN": 2, "GI": 30}))
    missions = [world.by_acronym[a] for a in ("UNRCCA", "UNAMA", "UNMHA")]
    assert mission_room(world, targets, missions[0]) == 14
    assert mission_room(world, targets, missions[0], reserve=reserve) == 6
    # when
    blind, load = missions_covering(world, targets, missions, 14), {}
    seen = missions_covering(world, targets, missions, 14, load, reserve=reserve)
    # then UNRCCA alone no longer takes them: it takes no more than the 6 europe_cis has left
    assert [m.acronym for m in blind] == ["UNRCCA"]
    assert len(seen) >= 2 and load.get("europe_cis", 0.0) <= 6
    assert sum(load.values()) == 14


def test_the_regions_not_given_share_the_volunteers_the_given_ones_leave(world):
    # given 67 volunteers, 54 of them in the four regions given: europe_cis and global hold 13
    targets = _targets(67)
    targets.regions = {"africa": 12, "arab_states": 15, "asia_pacific": 13, "latin_america": 14}
    unrcca, unama = world.by_acronym["UNRCCA"], world.by_acronym["UNAMA"]
    # when / then a mission there takes most of those 13, less what other missions there take
    assert mission_room(world, targets, unrcca) == 10
    assert mission_room(world, targets, unrcca, {"global": 4.0}) == 6
    assert mission_room(world, targets, unama, {"global": 4.0}) == 10
    # and without any region given, there is no bound
    targets.regions = {}
    assert mission_room(world, targets, unrcca) >= 10**9


# --- the countries a part pins for its missions: a volunteer of theirs in each ------------------


def _bound_pieces(candidates: list[tuple[int, ...]]) -> list[Piece]:
    pieces = []
    for index, where in enumerate(candidates):
        slots = [Slot(False, True)]
        pieces.append(Piece(Person(index, "GI", slots, entity=1, bound=True), slots, False, True, where))
    return pieces


def test_pinned_countries_are_matched_to_distinct_volunteers_when_they_can_be():
    # given a volunteer who may serve in 1 or 2 and one who may serve only in 1
    first, second = _bound_pieces([(1, 2), (1,)])
    # when 1 and 2 are pinned
    matched = pinned_holders([first, second], [1, 2])
    # then the first goes to 2 so that the second can take 1
    assert matched == {1: second, 2: first}
    # and three countries cannot be held by two volunteers, nor 3 by volunteers who cannot serve there
    assert pinned_holders([first, second], [1, 2, 3]) is None
    assert pinned_holders(_bound_pieces([(1,), (1,)]), [1, 2]) is None


@pytest.mark.parametrize("seed", range(10))
def test_every_pinned_country_keeps_a_volunteer_of_its_missions(seed):
    # given three volunteers (1 or 2; 2 or 3; 1) and countries 1, 2 and 3 pinned: filling 3 with
    # the first volunteer who may serve there can take the only one in 2
    part = Part("arab_states", True, _bound_pieces([(1, 2), (2, 3), (1,)]), countries=[1, 2, 3])
    part.pinned = [1, 2, 3]
    # when
    bound_place(part, {1: 1.0, 2: 1.0, 3: 1.0}, random.Random(seed))
    # then
    assert sorted(p.slots[0].country for p in part.pieces) == [1, 2, 3]
