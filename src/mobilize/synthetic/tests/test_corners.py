"""Feasible profiles that the generator once refused, each pinned: found by the property test's
random search (``MOBILIZE_PROPERTY_SEARCH``), then reduced to the figures the refusal needed (every
figure that could be taken out with the old generator still refusing it for seeds 0, 1 and 2 was
taken out). Each is generated and compared figure by figure, and planned for two more seeds; the
comment names the step that refused it and what changed."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from mobilize.reference.services import reference_load
from mobilize.synthetic.generator import profile_check
from mobilize.synthetic.generator.notes import Notes
from mobilize.synthetic.generator.people import _double_women, genders_assign
from mobilize.synthetic.generator.placing import _pair_distinct
from mobilize.synthetic.generator.plan import Person, Slot
from mobilize.synthetic.generator.regions import _crosser_caps, _pair_caps
from mobilize.synthetic.generator.targets import Targets
from mobilize.synthetic.profiles import Profile
from mobilize.synthetic.tests.test_property import _generate_and_compare

pytestmark = pytest.mark.django_db


def _profile(onsite: dict[str, Any]) -> dict[str, Any]:
    return {"format": "mobilize-statistics/1", "year": 2023, "onsite": onsite}


CORNERS: dict[str, dict[str, Any]] = {
    # regions.py: with a high nationalities figure the odd attempts give every region a national
    # volunteer, but only while also spreading every kind over the regions; when both could not
    # hold, both were dropped, and europe_cis and the Global South part of global had no national
    # volunteer: 9 countries with national volunteers where 10 were needed. Now the homes are kept
    # without the spread first.
    "homes kept without the spread": _profile(
        {
            "volunteers": 62,
            "international": 23,
            "global_south": {"national": 30, "international_in_global_south": 14},
            "by_region": {"arab_states": 6},
            "countries_served": 11,
            "nationalities": 32,
            "women_by_region": {
                "global": {"share": Decimal("0.4375"), "volunteers": 16},
                "europe_cis": {"share": Decimal("1.0000"), "volunteers": 2},
            },
        }
    ),
    # countries.py: the countries served were split over the regions in proportion to the countries
    # each has, which gave a region with one national volunteer two countries while regions with
    # many had few: at most 12 countries with national volunteers where 13 were needed. Now, when
    # the nationalities need it, the split over the regions is the one with the most possible homes.
    "regions' countries split for the homes": _profile(
        {
            "volunteers": 66,
            "global_south": {
                "share": Decimal("0.9545"),
                "national": 47,
                "international_in_global_south": 14,
            },
            "by_region": {"asia_pacific": 22, "europe_cis": 4, "latin_america": 18},
            "countries_served": 13,
            "nationalities": 31,
            "women_by_region": {
                "africa": {"share": Decimal("0.0833"), "volunteers": 12},
                "arab_states": {"share": Decimal("0.2143"), "volunteers": 14},
            },
        }
    ),
    # hosts.py: to reach host_entities_served the generator added missions in its order of
    # preference, MINURSO among them, in arab_states, which UNAMI and UNMHA already filled: more
    # mission volunteers there than the region's 16. Now missions whose regions have room come first.
    "missions added where there is room": _profile(
        {
            "volunteers": 68,
            "by_region": {
                "africa": 13,
                "arab_states": 16,
                "asia_pacific": 14,
                "europe_cis": 18,
                "latin_america": 10,
            },
            "host_entities_served": 8,
            "by_host_group": {"un-secretariat": {"volunteers": 40}, "other": {"volunteers": 28}},
            "by_host_entity": {"UNAMI": {"volunteers": 10}, "UNMHA": {"volunteers": 6}},
            "by_host_type": {"peacekeeping": {"volunteers": 4, "national": 0, "international": 4}},
        }
    ),
    # countries.py and assign.py: UNU needs 12 volunteers in one country, but no country had 12
    # volunteers free of missions (the country meant for them held mission volunteers, and national
    # volunteers were spread by weight), and WFP, of a group without countries of its own, then took
    # the country UNU needed. Now a country's demand counts only volunteers free to serve any host,
    # in parts that can spare them, national volunteers fill what the international ones cannot,
    # and an entity's choice is charged for the entities of other groups.
    "dense hosts find their countries": _profile(
        {
            "volunteers": 60,
            "global_south": {"share": Decimal("1.0000")},
            "women_by_region": {"arab_states": {"share": Decimal("0.6190"), "volunteers": 21}},
            "by_host_group": {"other": {"volunteers": 31, "countries": 8}},
            "by_host_entity": {
                "WFP": {"volunteers": 9, "countries": 3},
                "UNU": {"volunteers": 12, "countries": 1},
            },
            "by_host_type": {"political_mission": {"volunteers": 9, "national": 2, "international": 7}},
        }
    ),
    # hosts.py: the UN Secretariat's 19 volunteers are all mission volunteers, in 3 countries; the
    # fewest missions that hold them (one peacekeeping, one political mission) serve in 2. Now a
    # group whose countries are given gets the missions its countries need.
    "missions for a group's countries": _profile(
        {
            "volunteers": 67,
            "by_host_group": {"un-secretariat": {"volunteers": 19, "countries": 3}},
            "by_host_type": {
                "peacekeeping": {"volunteers": 5, "national": 2, "international": 3},
                "political_mission": {"volunteers": 14, "national": 4, "international": 10},
            },
        }
    ),
    # hosts.py: the entities left for the host groups were counted with the missions taken in the
    # order of the reference data (2), then chosen in the order of preference (3): 9 entities for
    # host_entities_served 8. Now both count in the order of preference.
    "missions counted as chosen": _profile(
        {
            "volunteers": 70,
            "by_region": {
                "africa": 19,
                "arab_states": 16,
                "asia_pacific": 14,
                "europe_cis": 11,
                "latin_america": 10,
            },
            "host_entities_served": 8,
            "by_host_type": {
                "peacekeeping": {"volunteers": 6, "national": 3, "international": 3},
                "political_mission": {"volunteers": 13, "national": 4, "international": 9},
            },
        }
    ),
    # hosts.py: the UN Secretariat's 14 volunteers are all mission volunteers, in 3 countries, and
    # to reach host_entities_served the generator added missions (first in its order) until it had
    # six, in six countries. Now no mission is added that would give a group whose countries are
    # given more of them; other entities are added instead.
    "no more missions than a group's countries": _profile(
        {
            "volunteers": 66,
            "by_region": {"asia_pacific": 5},
            "host_entities_served": 8,
            "women_by_region": {"africa": {"share": Decimal("0.5000"), "volunteers": 16}},
            "by_host_group": {
                "un-secretariat": {"volunteers": 14, "countries": 3},
                "other": {"volunteers": 38, "countries": 11},
                "wfp": {"volunteers": 14},
            },
            "by_host_type": {
                "peacekeeping": {"volunteers": 2, "national": 0, "international": 2},
                "political_mission": {"volunteers": 12, "national": 4, "international": 8},
            },
        }
    ),
    # hosts.py: every volunteer is from the Global South and only one serves internationally outside
    # it, but the 4 international peacekeepers went to UNMIK (Kosovo, in europe_cis, which has
    # volunteers to spare): three had no nationality to serve there with. Now a mission outside the
    # Global South takes no more volunteers than may serve there.
    "peacekeepers who may serve in the mission": _profile(
        {
            "volunteers": 60,
            "global_south": {"share": Decimal("1.0000"), "national": 17, "international_in_global_south": 42},
            "by_region": {"europe_cis": 19},
            "by_host_type": {"peacekeeping": {"volunteers": 4, "national": 0, "international": 4}},
        }
    ),
    # regions.py: 68 region places for 62 volunteers, so 6 serve in two regions; the women figures
    # add up to 22 for 21 women, so exactly one of the six is a woman. They were all placed in
    # latin_america and asia_pacific, where the one woman among them left latin_america 4 women to
    # find among its 3 other volunteers. Now a region takes at most as many volunteers serving in two
    # regions as its men and such women can be (and as its women and such men).
    "volunteers in two regions where their gender fits": _profile(
        {
            "volunteers": 62,
            "women": {"count": 21},
            "women_by_region": {
                "arab_states": {"share": Decimal("0.1818"), "volunteers": 11},
                "africa": {"share": Decimal("0.2222"), "volunteers": 18},
                "latin_america": {"share": Decimal("0.5556"), "volunteers": 9},
                "europe_cis": {"share": Decimal("0.3333"), "volunteers": 21},
                "asia_pacific": {"share": Decimal("0.4444"), "volunteers": 9},
            },
        }
    ),
    # hosts.py: the UN Secretariat's 9 volunteers are all mission volunteers, in 3 countries; the
    # missions chosen were counted by their countries (a peacekeeping mission of several countries
    # with 1 volunteer looked like more than one), so no mission was added for the third country.
    # Now a mission type's missions reach no more countries than the type has volunteers.
    "missions reach one country per volunteer": _profile(
        {
            "volunteers": 66,
            "by_region": {"global": 2},
            "by_host_group": {"un-secretariat": {"volunteers": 9, "countries": 3}},
            "by_host_type": {
                "peacekeeping": {"volunteers": 1, "national": 1, "international": 0},
                "political_mission": {"volunteers": 8, "national": 4, "international": 4},
            },
        }
    ),
    # countries.py: UNDSS needs 13 volunteers in one country, and the country meant for them got 13
    # assignments, but 4 of them were of volunteers serving in two countries (dealt first, to the
    # countries with the most room), whom a host of one country cannot take. Now volunteers in two
    # countries go where hosts need the fewest, and a host of one country looks for a part with
    # its volunteers in one country each.
    "volunteers in two countries kept from a host of one": _profile(
        {
            "volunteers": 60,
            "by_region": {"latin_america": 29},
            "women_by_region": {"africa": {"share": Decimal("0.4167"), "volunteers": 12}},
            "by_host_group": {"other": {"volunteers": 34, "countries": 11}},
            "by_host_entity": {"UNDSS": {"volunteers": 13, "countries": 1}},
        }
    ),
    # countries.py: every volunteer not in a mission serves the group "other", in 12 countries, but
    # the free volunteers were spread over 14 (the two missions' countries too). Now, when every
    # free volunteer serves a host whose countries are given, the countries beyond those hosts'
    # are left to the missions' volunteers.
    "mission countries left to the missions": _profile(
        {
            "volunteers": 64,
            "by_host_group": {"other": {"volunteers": 60, "countries": 12}},
            "by_host_type": {
                "peacekeeping": {"volunteers": 2, "national": 0, "international": 2},
                "political_mission": {"volunteers": 2, "national": 0, "international": 2},
            },
        }
    ),
    # countries.py: WFP needs 13 volunteers in one country; after the political missions only
    # arab_states and europe_cis had that many free volunteers, and the countries served split
    # them over several countries each. Now a region keeps few enough countries for the densest
    # host of one country (while the countries served still fit).
    "a region kept for a host of one country": _profile(
        {
            "volunteers": 60,
            "by_region": {"europe_cis": 17},
            "countries_served": 14,
            "women_by_region": {
                "latin_america": {"share": Decimal("0.2667"), "volunteers": 15},
                "global": {"share": Decimal("1.0000"), "volunteers": 1},
            },
            "by_host_group": {"wfp": {"volunteers": 13, "countries": 1}},
            "by_host_type": {"political_mission": {"volunteers": 18, "national": 3, "international": 15}},
        }
    ),
    # countries.py and assign.py: every volunteer serves a host with countries (34 for "other" in
    # 10, UNDRR 13 in 1, UNODC 13 in 4), so the countries served must be 15 at most and each one
    # some host's; the countries served were chosen without the entities' countries, the country
    # for UNDRR got more volunteers than UNDRR takes, and the hosts chose their countries greedily,
    # leaving countries to no host. Now the countries served count the entities', a host of one
    # country gets no more than it needs, the hosts choose the countries no host has yet, densest
    # first, and failing that a search swaps one country at a time.
    "every country some host's": _profile(
        {
            "volunteers": 60,
            "by_host_group": {"other": {"volunteers": 34, "countries": 10}},
            "by_host_entity": {
                "UNDRR": {"volunteers": 13, "countries": 1},
                "UNODC": {"volunteers": 13, "countries": 4},
            },
        }
    ),
    # pins.py: the UN Secretariat's 17 volunteers are all mission volunteers (UNISFA, MINURSO,
    # UNAMI), in 3 countries; the regions step put UNISFA's volunteers in both Sudan (arab_states)
    # and South Sudan (africa), 4 countries, which the countries step, moving volunteers only within
    # a region, could not undo. Now a mission of two regions is kept in one when the group's
    # countries need it.
    "a mission of two regions kept in one": _profile(
        {
            "volunteers": 65,
            "by_region": {"arab_states": 25},
            "host_entities_served": 8,
            "women_by_region": {"africa": {"volunteers": 25}},
            "by_host_group": {"un-secretariat": {"volunteers": 17, "countries": 3}},
            "by_host_type": {
                "peacekeeping": {"national": 6, "international": 8},
                "political_mission": {"national": 0, "international": 3},
            },
        }
    ),
    # pins.py: the UN Secretariat's 36 volunteers are in 5 countries, 15 of them the DCO's in 1, the
    # others UNSMIL's, UNAMA's and UNISFA's; the missions must then cover 4 countries, UNISFA both of
    # its own, but the regions step put all its 4 volunteers in South Sudan. Now one is pinned to
    # each of its regions when the group needs them.
    "a mission of two regions spread over both": _profile(
        {
            "volunteers": 68,
            "by_host_group": {"un-secretariat": {"volunteers": 36, "countries": 5}},
            "by_host_entity": {
                "UNSMIL": {"volunteers": 12},
                "UNAMA": {"volunteers": 5},
                "DCO": {"volunteers": 15, "countries": 1},
                "UNISFA": {"volunteers": 4},
            },
        }
    ),
    # room.py: the RCO needs 9 volunteers in one country; latin_america had 9 volunteers with one
    # assignment and 2 countries, both homes, so one of the 9 had to be the other home's national
    # volunteer, yet the RCO's country was chosen there. Now a part's volunteers for a host of one
    # country are counted less the national volunteers its other homes need.
    "a host of one country leaves the other homes their nationals": _profile(
        {
            "volunteers": 61,
            "assignments": 66,
            "international": 25,
            "global_south": {"share": Decimal("1.0000"), "national": 36},
            "by_region": {
                "africa": 19,
                "arab_states": 12,
                "asia_pacific": 8,
                "europe_cis": 12,
                "latin_america": 14,
                "global": 1,
            },
            "countries_served": 15,
            "by_host_entity": {"UNAMI": {"volunteers": 4}, "RCO": {"volunteers": 9, "countries": 1}},
            "by_host_type": {"peacekeeping": {"international": 9}},
        }
    ),
    # regions.py: the women figures of africa, asia_pacific and latin_america add up to 22 for 21
    # women, so one woman serves in two of them; but the regions not given were sized as if every
    # volunteer served in one region (9 for the 62 - 53), which left no volunteer serving in two.
    # Now the regions not given take one more volunteer for each who must serve in two regions
    # with a women figure.
    "a woman in two regions with a women figure": _profile(
        {
            "volunteers": 62,
            "women": {"share": Decimal("0.3387")},
            "women_by_region": {
                "africa": {"share": Decimal("0.3846"), "volunteers": 26},
                "asia_pacific": {"share": Decimal("0.5238"), "volunteers": 21},
                "latin_america": {"share": Decimal("0.1667"), "volunteers": 6},
            },
        }
    ),
    # regions.py: asia_pacific has 2 women of 14 and latin_america 4 of 7, so at most 2 + 3
    # volunteers can serve in both (a woman in both or a man in both); the volunteers serving in two
    # regions were paired by their numbers in each region alone, and 6 went to those two. Now no two
    # regions with a women figure get more of them than the fewer women and the fewer men of the
    # two, and where they cannot be paired so the region gets fewer and the flow is solved again.
    "no more volunteers in two regions than both regions' genders allow": _profile(
        {
            "volunteers": 69,
            "international": 26,
            "global_south": {"national": 36, "international_in_global_south": 24},
            "by_region": {"arab_states": 17},
            "women": {"count": 24},
            "women_by_region": {
                "latin_america": {"share": Decimal("0.5714"), "volunteers": 7},
                "global": {"volunteers": 11},
                "africa": {"volunteers": 27},
                "asia_pacific": {"share": Decimal("0.1429"), "volunteers": 14},
            },
        }
    ),
    # room.py: "other" serves in 11 countries and every volunteer outside the missions serves it, so
    # of the 13 countries served 2 are the missions' alone; CF and AF were closed to the other
    # volunteers and IQ kept for "other", but IQ's region had no volunteer outside UNAMI to send
    # there. Now the countries whose part has no free volunteer are the first closed. (Pinned as
    # drawn: with fewer figures the generator refuses it still, on the hosts' countries, see
    # docs/synthetic.md, Limits.)
    "a mission country without free volunteers closed first": _profile(
        {
            "volunteers": 66,
            "assignments": 70,
            "national": 27,
            "international": 41,
            "global_south": {
                "count": 66,
                "share": Decimal("1.0000"),
                "national": 27,
                "international_in_global_south": 38,
            },
            "by_region": {
                "africa": 26,
                "arab_states": 5,
                "asia_pacific": 23,
                "europe_cis": 5,
                "latin_america": 11,
                "global": 0,
            },
            "countries_served": 13,
            "nationalities": 42,
            "women": {"count": 45, "share": Decimal("0.6818")},
            "age": {"mean": Decimal("33.94"), "min": 18, "max": 62, "aged_60_plus": 3},
            "youth": 21,
            "with_disabilities": 1,
            "by_host_group": {"other": {"volunteers": 52, "countries": 11}},
            "by_host_entity": {
                "UNAMI": {"volunteers": 5},
                "MINUSCA": {"volunteers": 5},
                "UNOPS": {"volunteers": 12},
            },
            "by_host_type": {
                "peacekeeping": {"volunteers": 5, "national": 1, "international": 4},
                "political_mission": {"volunteers": 9, "national": 1, "international": 8},
            },
        }
    ),
    # regions.py: 4 volunteers serve in two regions, 2 women and 2 men (the figures count 52 women
    # for 50 and 21 men for 19); two went to africa (all women) and latin_america, two to arab_states
    # (1 man) and latin_america, so both of these had to be men. Every region's cap held; only
    # the genders step's search saw it. Now a placement whose women figures have no solution gives
    # way to the next tier (the volunteers in two regions kept out of africa, whose gender it forces).
    "volunteers in two regions placed where the women can hold": _profile(
        {
            "volunteers": 69,
            "assignments": 73,
            "by_region": {
                "africa": 6,
                "arab_states": 5,
                "asia_pacific": 3,
                "europe_cis": 18,
                "latin_america": 41,
                "global": 0,
            },
            "women": {"count": 50, "share": Decimal("0.7246")},
            "women_by_region": {
                "latin_america": {"share": Decimal("0.7317"), "volunteers": 41},
                "arab_states": {"share": Decimal("0.8000"), "volunteers": 5},
                "asia_pacific": {"share": Decimal("0.6667"), "volunteers": 3},
                "africa": {"share": Decimal("1.0000"), "volunteers": 6},
                "europe_cis": {"share": Decimal("0.5556"), "volunteers": 18},
            },
        }
    ),
    # countries.py: europe_cis, taken for the DCO's 15 volunteers in one country, had 15 assignments
    # in Global South countries and 12 in others, and its 4 countries were split 2 and 2 in
    # proportion to the countries there are: no country could hold 15. Now the split keeps a part
    # whose one country can hold them (1 Global South country and 3 others; ``flags.dense_split``).
    "a region split so that one part holds a host of one country": _profile(
        {
            "volunteers": 61,
            "international": 16,
            "global_south": {"national": 36, "international_in_global_south": 13},
            "by_region": {"arab_states": 5, "europe_cis": 27, "latin_america": 18, "global": 0},
            "by_host_entity": {
                "DCO": {"volunteers": 15, "countries": 1},
                "UNRWA": {"volunteers": 8, "countries": 1},
                "UNVMC": {"volunteers": 3},
            },
        }
    ),
    # countries.py: the same with two hosts of 12 volunteers in one country each, europe_cis (19)
    # and global (8) split between Global South and other countries so that neither part had 12.
    "two hosts of one country in regions split for them": _profile(
        {
            "volunteers": 65,
            "global_south": {
                "share": Decimal("0.6923"),
                "national": 13,
                "international_in_global_south": 25,
            },
            "by_region": {"asia_pacific": 10, "europe_cis": 19, "latin_america": 20, "global": 8},
            "by_host_entity": {
                "UNFPA": {"volunteers": 12, "countries": 1},
                "UNDP": {"volunteers": 12, "countries": 1},
            },
        }
    ),
    # regions.py: the regions' volunteers add up to 63 of 70 counted by region where the women
    # figures give them, and the volunteers serving in two regions went where the flow put them:
    # 4 in africa beside 12 serving there alone, and no region had the 14 that UNDRR serves in one
    # country. Now a region is kept for it, with at most its volunteers beyond UNDRR's serving in
    # two regions (``regions._dense_caps``). There (latin_america, 14 serving there alone beside
    # BINUH's 4 and 3 serving in two regions) the national volunteers filled UNDRR's country only as
    # far as the international volunteers could not, counting those serving in two countries, and
    # one went to Haiti: now only those serving in one country count (``dealing.part_assign``).
    # room.py: UNV's 16 volunteers in one country and UNCDF's 13 in 4, both in "other", which
    # serves in 4 countries: the room made for them kept each host's countries apart from its
    # group's others', so UNV's country was a fifth. Now, once a group's hosts have all its
    # countries, they share them, and UNV's country holds UNCDF's volunteers there too.
    "the entities of a group share its countries": _profile(
        {
            "volunteers": 64,
            "by_host_group": {"other": {"countries": 4}},
            "by_host_entity": {
                "UNCDF": {"volunteers": 13, "countries": 4},
                "UNV": {"volunteers": 16, "countries": 1},
            },
        }
    ),
    # hosts.py: "other" in one country with no volunteers given: the room for hosts was made from
    # the profile's figures, which give none, so no country was kept for the volunteers the plan
    # gave the group. Now the plan's volunteers stand in for those the profile does not give
    # (``hosts.planned_targets``).
    "a group of one country whose volunteers are not given": _profile(
        {"volunteers": 69, "by_host_group": {"other": {"countries": 1}}}
    ),
    # hosts.py: 11 peacekeepers besides UNMISS's 9, and one entity left for them: a mission may take
    # 0.8 of its regions' volunteers, and UNITAMS's 5 left arab_states (18) room for 9 in one
    # mission, so two were chosen, one more than host_entities_served allows. Now the missions may
    # take all of their regions' volunteers when the entities would otherwise be too many.
    "one mission for the peacekeepers when the entities leave no other": _profile(
        {
            "volunteers": 69,
            "by_region": {"africa": 13, "arab_states": 18, "asia_pacific": 7, "global": 0},
            "host_entities_served": 8,
            "by_host_entity": {
                "IFAD": {"volunteers": 8},
                "UN-Habitat": {"volunteers": 7},
                "WHO": {"volunteers": 16},
                "UNMISS": {"volunteers": 9},
                "UNITAMS": {"volunteers": 5},
                "UNCDF": {"volunteers": 4},
            },
            "by_host_type": {"peacekeeping": {"national": 9, "international": 11}},
        }
    ),
    "a region kept for a host of one country from volunteers in two regions": _profile(
        {
            "volunteers": 70,
            "global_south": {"national": 38, "international_in_global_south": 15},
            "women_by_region": {
                "africa": {"volunteers": 16},
                "asia_pacific": {"volunteers": 10},
                "arab_states": {"volunteers": 16},
                "latin_america": {"volunteers": 21},
            },
            "by_host_entity": {
                "UNMHA": {"volunteers": 4},
                "UNDRR": {"volunteers": 14, "countries": 1},
                "BINUH": {"volunteers": 4},
            },
        }
    ),
    # regions.py: 5 national volunteers from outside the Global South, all placed in global, and a
    # Global South volunteer serving internationally outside the Global South in europe_cis: that
    # country had no national volunteer of its flag, so 13 countries with national volunteers
    # where 14 were needed. Now the last attempt asks for a national volunteer of each flag in
    # every region where one may serve (``placing.HOMES_FLAGS``).
    "a national volunteer of each flag in each region": _profile(
        {
            "volunteers": 70,
            "international": 17,
            "global_south": {"national": 48, "international_in_global_south": 9},
            "by_region": {
                "africa": 13,
                "arab_states": 14,
                "asia_pacific": 21,
                "europe_cis": 5,
                "latin_america": 14,
                "global": 8,
            },
            "countries_served": 14,
            "nationalities": 31,
        }
    ),
    # regions.py: europe_cis holds one volunteer, who must serve outside the Global South, and every
    # volunteer is from the Global South: a national volunteer in every region could not be, and
    # then none was asked for; latin_america's 2 were international, 9 countries with national
    # volunteers where 10 were needed. Now as many regions get one as can (``placing._homes_grow``).
    "national volunteers in the regions that can have them": _profile(
        {
            "volunteers": 67,
            "national": 53,
            "international": 16,
            "global_south": {"share": Decimal("1.0000"), "international_in_global_south": 15},
            "by_region": {"europe_cis": 1, "latin_america": 2, "global": 0},
            "countries_served": 11,
            "nationalities": 24,
        }
    ),
    # targets.py: the national volunteers not given, the generator chose 54 of 66, leaving 12 with
    # no national assignment to bring nationalities beyond the 15 countries served: 27 at most where
    # 30 were needed. Now a national figure it chooses leaves room for the nationalities (at most
    # volunteers + countries served - nationalities, 51).
    "national volunteers chosen to leave room for the nationalities": _profile(
        {"volunteers": 66, "global_south": {"national": 50}, "countries_served": 15, "nationalities": 30}
    ),
    # missions.py: the regions not given had no bound on their room, so UNRCCA (Turkmenistan, in
    # europe_cis, not given) took all 16 political mission volunteers, though the regions given
    # leave 13 volunteers for europe_cis and global together, 4 of them national volunteers of the
    # North. Now the regions not given share the volunteers the given ones leave (``missions.FREE``).
    "missions in the regions not given within what those regions hold": _profile(
        {
            "volunteers": 67,
            "by_region": {"africa": 12, "arab_states": 15, "asia_pacific": 13, "latin_america": 14},
            "by_host_type": {"political_mission": {"international": 12}},
        }
    ),
    # kinds.py: the Global South figure not given, the generator chose 85 % of 66 (56), which put
    # 19 Global South volunteers abroad outside the Global South, and with 4 national volunteers of
    # the North 23 needed a country outside it, where europe_cis's 16 (global 0) are the only room.
    # Now a figure the generator chooses keeps them within that room (``kinds.Caps.north``).
    "volunteers outside the Global South within the regions that have such countries": _profile(
        {
            "volunteers": 66,
            "global_south": {"national": 18, "international_in_global_south": 19},
            "by_region": {"europe_cis": 16, "global": 0},
        }
    ),
    # room.py: OCHA's 17 in one country took the region with the most to spare, global (20), but 4
    # of global's volunteers were national volunteers of the North and 16 the Global South's: no
    # part of it held 17. Now a region is taken for such a host only when one part of it has enough
    # volunteers there alone who may serve in that part: asia_pacific (18).
    "a host of one country in a region whose parts cannot hold it": _profile(
        {
            "volunteers": 60,
            "by_region": {"africa": 14, "asia_pacific": 18, "latin_america": 7},
            "by_host_entity": {"OCHA": {"volunteers": 17, "countries": 1}, "UNAMI": {"volunteers": 1}},
        }
    ),
    # regions.py: with global given as 0 and no other region, the regions not given took as few
    # volunteers as the others leave, all 61 in europe_cis, whose 18 countries gave the 52 national
    # volunteers at most 13 homes where 16 were needed. Now when no region is given with volunteers
    # they are spread as when none is given.
    "no region given with volunteers": _profile(
        {"volunteers": 61, "global_south": {"national": 48}, "by_region": {"global": 0}, "nationalities": 25}
    ),
    # hosts.py: UNMISS named with 4 of 5 peacekeepers, in a UN Secretariat of one country: the
    # fifth went to the first mission in the order of preference, MINUSCA (Central African
    # Republic), a second country. Now when a group's named missions take all of its countries,
    # its other missions are among those serving in one of them (UNISFA, in South Sudan too).
    "a group's other missions within the countries its named ones take": _profile(
        {
            "volunteers": 60,
            "by_host_group": {"un-secretariat": {"volunteers": 5, "countries": 1}},
            "by_host_entity": {"UNMISS": {"volunteers": 4}},
            "by_host_type": {"peacekeeping": {"volunteers": 5}},
        }
    ),
    # countries.py: the countries served not given, every volunteer in the two groups whose
    # countries are given (4 and 11), the generator chose 15, so that no two groups could share a
    # country: the UN Secretariat's 4 mission countries then held 21 free volunteers for its 10.
    # Now it leaves the groups room to share the countries of missions (12 here; not reduced).
    "countries served chosen so that groups can share mission countries": _profile(
        {
            "volunteers": 62,
            "national": 40,
            "international": 25,
            "global_south": {
                "count": 54,
                "share": Decimal("0.8710"),
                "national": 40,
                "international_in_global_south": 17,
            },
            "by_region": {
                "africa": 30,
                "arab_states": 6,
                "asia_pacific": 17,
                "europe_cis": 2,
                "latin_america": 9,
                "global": 0,
            },
            "nationalities": 34,
            "host_entities_served": 8,
            "by_host_group": {
                "other": {"volunteers": 38, "countries": 11},
                "un-secretariat": {"volunteers": 24, "countries": 4},
            },
            "by_host_type": {
                "peacekeeping": {"volunteers": 3, "national": 0, "international": 3},
                "political_mission": {"volunteers": 11, "national": 4, "international": 7},
            },
        }
    ),
    # targets.py: the missions' open halves were chosen by the usual quarter of national volunteers,
    # 4 national peacekeepers giving 12 international and 3 international in political missions 1
    # national: 20 mission volunteers for a UN Secretariat of 18. Now the halves the profile leaves
    # open are cut to what the missions' group leaves them.
    "missions' open halves within their group": _profile(
        {
            "volunteers": 70,
            "by_host_group": {"un-secretariat": {"volunteers": 18}},
            "by_host_type": {"peacekeeping": {"national": 4}, "political_mission": {"international": 3}},
        }
    ),
    # hosts.py: 5 peacekeepers, 1 of them national, and all 18 national volunteers from the Global
    # South: the first mission in the order of preference, UNMIK (Kosovo), took all 5, and its
    # national volunteer could be no one. Now while a mission type's national volunteers are more
    # than those from outside the Global South, its missions are chosen in the Global South
    # (``missions_covering``, ``nationals``).
    "a mission's national volunteer where the national volunteers come from": _profile(
        {
            "volunteers": 60,
            "national": 18,
            "by_region": {"arab_states": 1, "asia_pacific": 31, "europe_cis": 25, "latin_america": 4},
            "by_host_type": {"peacekeeping": {"volunteers": 5, "national": 1, "international": 4}},
        }
    ),
    # regions.py: arab_states given 1 and no other region: the peacekeepers' mission (UNISFA, in
    # Sudan and South Sudan) could serve in arab_states, so none of its 5 was counted for the
    # regions not given, and global took the 59 others: arab_states had room for one of them. Now a
    # mission's volunteers go to the regions given while those have room, the rest to a region not
    # given (africa).
    "missions' volunteers beyond the given regions' room": _profile(
        {
            "volunteers": 60,
            "by_region": {"arab_states": 1},
            "by_host_type": {"peacekeeping": {"volunteers": 5, "national": 1, "international": 4}},
        }
    ),
    # placing.py: 43 nationalities, the 12 countries served and the 31 volunteers with no national
    # assignment: every country must be a national volunteer's home, so the Global South volunteers
    # who must serve outside it must be where the one national volunteer from outside it is. The
    # regions step put them in europe_cis and global: 11 homes at most. Now a last attempt
    # (``HOMES_PARTS``) places them only in the regions that get a national volunteer of that flag.
    "every part of the countries a home when the nationalities need it": _profile(
        {
            "volunteers": 62,
            "international": 32,
            "global_south": {
                "share": Decimal("0.8871"),
                "national": 30,
                "international_in_global_south": 22,
            },
            "by_region": {"africa": 32, "arab_states": 8},
            "countries_served": 12,
            "nationalities": 43,
            "women_by_region": {
                "latin_america": {"share": Decimal("0.9091"), "volunteers": 11},
                "global": {"share": Decimal("1.0000"), "volunteers": 6},
            },
        }
    ),
    # kinds.py: the same nationalities and countries with fewer figures: at most 31 national
    # volunteers and 14 volunteers outside the Global South (europe_cis and global) hold together
    # (G 55, Gn 30, Gi 22, N 31), but the descent from its corners did not find them, the national
    # cap was dropped and 43 were national. Now the descent also starts from the generator's
    # defaults within the cap; and as every national volunteer was then from the Global South while
    # one Global South volunteer must serve outside it, one national volunteer from outside it is
    # asked for (``Caps.north_home``).
    "national volunteers within a tight cap and a country outside the Global South a home": _profile(
        {
            "volunteers": 62,
            "international": 32,
            "by_region": {"europe_cis": 8},
            "countries_served": 12,
            "nationalities": 43,
            "women_by_region": {"global": {"share": Decimal("1.0000"), "volunteers": 6}},
        }
    ),
    # kinds.py: 70 volunteers, 58 national, 20 international, and only europe_cis's 2 in the
    # regions with countries outside the Global South (global 0): everyone from the Global South
    # fits (8 under both modalities), but the descents stopped where no figure could move alone,
    # the cap was dropped, and 18 needed a country outside the Global South. Now a descent also
    # starts from everyone in the Global South. (Found by taking the Global South figures out of
    # seed 5's cases with europe_cis 2 and global 0: 37 of 85 such variants were refused.)
    "the Global South figures open with two volunteers in the North's regions": _profile(
        {
            "volunteers": 70,
            "national": 58,
            "international": 20,
            "by_region": {"global": 0},
            "women_by_region": {"europe_cis": {"share": Decimal("1.0000"), "volunteers": 2}},
        }
    ),
    # countries.py: the countries served not given, and "other" in 9 countries with every volunteer
    # but the 4 of a political mission: the generator allowed 9 + 4 countries (one for each
    # volunteer of the groups without countries), used 11 and put the free volunteers, all of
    # "other", in 10. Now the volunteers of missions count for their missions' countries
    # (``countries._others_countries``): 10 at most.
    "countries served within a group's countries and its others' missions": _profile(
        {
            "volunteers": 61,
            "by_host_group": {"other": {"volunteers": 57, "countries": 9}},
            "by_host_type": {"political_mission": {"volunteers": 4, "national": 2, "international": 2}},
        }
    ),
    # countries.py: 66 volunteers, 58 national and 11 international (3 under both modalities), and
    # europe_cis's 1 volunteer one of those 3: the region's countries were counted from the flags
    # of its assignments, one outside the Global South and one either, so it had one country and
    # both assignments were in it. Now a volunteer with two assignments in a region gives it two
    # countries at least (``_region_bounds``). (Found with the Global South figures taken out,
    # ``R_DROP``; the kinds' mends above made them reach this step.)
    "two countries for a region's one volunteer under both modalities": _profile(
        {"volunteers": 66, "national": 58, "international": 11, "by_region": {"europe_cis": 1, "global": 0}}
    ),
    # countries.py: global's 2 volunteers both national at home outside the Global South and
    # international too, in one country of each flag: one international assignment went to the
    # country outside the Global South, its volunteer's home. Now with one such country a loose
    # assignment whose volunteer serves there goes to the Global South unless that country needs it.
    "a second assignment away from its volunteer's one home country in the region": _profile(
        {"volunteers": 70, "national": 64, "international": 13, "by_region": {"europe_cis": 0, "global": 2}}
    ),
    # countries.py: only global's 3 given, and arab_states holding only a peacekeeping mission's
    # volunteers (UNTSO: Lebanon, Syria, Egypt and Jordan) and given 2 countries: the part pinned the
    # mission's first country and took a country none of them could serve in for the other, so
    # every attempt was refused ("arab_states cannot have a volunteer in each of its 2 countries").
    # Now a part whose free volunteers cannot fill its countries pins more of its missions'
    # countries, one volunteer each (``dealing.pinned_holders``). (Found with the regions given only
    # through a women figure, ``R_DROP=by_region``: 9 of the 33 refused of 8,000 were this.)
    "a part of a region that only a mission's volunteers fill": _profile(
        {
            "volunteers": 62,
            "women_by_region": {"global": {"volunteers": 3}},
            "by_host_type": {"peacekeeping": {"national": 3}},
        }
    ),
    # regions.py: arab_states given 1 (through its women figure) and two international
    # peacekeepers chosen for UNISFA (Sudan, in arab_states, and South Sudan, in africa) beside
    # UNSOM's 1 in Somalia: the first of UNISFA's took arab_states' room, and UNSOM's, which can
    # serve in no other region, had none left. Now those who can serve in no region not given take
    # the given regions' room first (``regions._free_sizes``). (Found with ``R_DROP=by_region``:
    # 13 of the 18 refused by the regions step then were this or the next.)
    "a mission of one given region before a mission of two": _profile(
        {
            "volunteers": 60,
            "women_by_region": {"arab_states": {"volunteers": 1}},
            "by_host_entity": {"UNSOM": {"volunteers": 1}},
            "by_host_type": {"peacekeeping": {"international": 2}, "political_mission": {"international": 1}},
        }
    ),
    # regions.py: africa and arab_states given 42 of 64 volunteers, UNVMC's 5 in Colombia, and 20
    # who must serve outside the Global South (16 of them Global South volunteers): the regions not
    # given got the 22 left, 5 of them latin_america's for UNVMC, so global, the only region not
    # given with countries outside the Global South, had 17 for the 20. Now such a region gets at
    # least those who must serve outside the Global South less what the given regions with such
    # countries hold (three volunteers then serve in two regions).
    "room outside the Global South beside a mission's region not given": _profile(
        {
            "volunteers": 64,
            "international": 50,
            "women_by_region": {"africa": {"volunteers": 30}, "arab_states": {"volunteers": 12}},
            "by_host_entity": {"UNVMC": {"volunteers": 5}},
        }
    ),
    # regions.py: 62 volunteers, 75 assignments, 52 national and 20 international (10 under both
    # modalities, so 3 with two consecutive assignments), and 22 international assignments that
    # began in the year: the 3 were drawn from every volunteer with one assignment, most of them
    # national, so 20 or 21 international assignments could begin in the year. Now a modality whose
    # lead time figure counts more assignments than it has gets them first
    # (``regions._repeats_choose``). (Found with ``R_DROP=by_region``: 41/627 and 83/346.)
    "consecutive assignments where the lead times count them": _profile(
        {
            "volunteers": 62,
            "assignments": 75,
            "national": 52,
            "international": 20,
            "lead_time_days": {"international": {"assignments": 22}},
        }
    ),
    # countries.py and room.py: "other" 60 in 12 countries and 15 countries served, so the UN
    # Secretariat's missions (UNMOGIP in India and Pakistan, UNAMA in Afghanistan) must serve in 3
    # countries of their own: UNMOGIP's 3 were all in India, and with a part of asia_pacific's
    # countries all those missions' the free volunteers there went to them too. Now when every free
    # volunteer serves a host whose countries are given, the missions' volunteers spread to as many
    # countries as those hosts leave (``room.bound_spread``), and a part whose countries only
    # missions may serve in gets one more country (``countries_plan``, its region's low raised).
    # (Found with ``R_DROP=by_region``, 7/1081, and rebuilt by hand with its missions.)
    "missions in the countries a group with countries leaves": _profile(
        {
            "volunteers": 66,
            "countries_served": 15,
            "by_host_group": {
                "other": {"volunteers": 60, "countries": 12},
                "un-secretariat": {"volunteers": 6},
            },
            "by_host_entity": {"UNMOGIP": {"volunteers": 3}, "UNAMA": {"volunteers": 3}},
        }
    ),
    # countries.py: "other" 55 in 12 countries, 15 served, arab_states 4 of whom UNITAMS's 3 in
    # Sudan: arab_states had one country, Sudan, which only missions may serve in, and its free
    # volunteer served there. Now that part's region takes one more country. (Found on seed 79,
    # case 1845, by the hosts' countries, and rebuilt by hand with its missions.)
    "a free volunteer beside a mission of a region's one country": _profile(
        {
            "volunteers": 60,
            "countries_served": 15,
            "women_by_region": {"africa": {"volunteers": 26}, "arab_states": {"volunteers": 4}},
            "by_host_group": {
                "other": {"volunteers": 55, "countries": 12},
                "un-secretariat": {"volunteers": 5},
            },
            "by_host_entity": {"UNITAMS": {"volunteers": 3}, "UNVMC": {"volunteers": 1}},
            "by_host_type": {
                "peacekeeping": {"volunteers": 1, "national": 1},
                "political_mission": {"volunteers": 4},
            },
        }
    ),
    # chooser.py: the UN Secretariat 24 in 4 countries, DGC 10 of them in one: the missions were
    # to cover the countries the group's other 10 volunteers could not, counted as one each, so none
    # more than UNVMC (Colombia) was chosen, and the group had 2 countries. Now an entity whose
    # countries are given adds those (``pins.group_short``), and the missions cover 3. (Found on
    # seed 103, case 1437, by the hosts' countries.)
    "a group's entity of one country beside its missions": _profile(
        {
            "volunteers": 60,
            "by_host_group": {"un-secretariat": {"volunteers": 24, "countries": 4}},
            "by_host_entity": {"DGC": {"volunteers": 10, "countries": 1}},
            "by_host_type": {"political_mission": {"international": 11}},
        }
    ),
    # room.py, regions.py and dealing.py: the same group and DGC, with UNAMA, UNAMI and (chosen)
    # UNITAMS and UNMHA in its 4 countries, so DGC's country is one of theirs: the region kept for
    # it was the one with the most to spare (africa), and in arab_states a free national volunteer
    # went to make Yemen a home where UNMHA already served, leaving Iraq 9 of DGC's 10. Now a host
    # whose group's missions take all its countries keeps a region among theirs
    # (``room.dense_hosts``), and without a nationalities figure a country that only a free national
    # volunteer would make a home is none when such a host needs them (``dealing.part_assign``).
    # (Seed 103, case 1437, reduced keeping the regions, groups and entities.)
    "a host of one country among its group's missions' countries": _profile(
        {
            "volunteers": 60,
            "by_region": {
                "africa": 28,
                "arab_states": 22,
                "asia_pacific": 7,
                "europe_cis": 5,
                "latin_america": 2,
                "global": 0,
            },
            "host_entities_served": 8,
            "by_host_group": {
                "other": {"volunteers": 25},
                "wfp": {"volunteers": 11},
                "un-secretariat": {"volunteers": 24, "countries": 4},
            },
            "by_host_entity": {
                "UNCDF": {"volunteers": 10},
                "UNAMI": {"volunteers": 7},
                "UNAMA": {"volunteers": 3},
                "DGC": {"volunteers": 10, "countries": 1},
            },
            "by_host_type": {"political_mission": {"volunteers": 14}},
        }
    ),
    # missions.py: WFP's 15 in one country, africa 18 beside MONUSCO's 12 and every other region
    # below 15 but arab_states's 18: the political missions' 4 went to UNAMI and UNITAMS there, and
    # arab_states kept 14 free volunteers for WFP's 15. Now a region that alone can hold a host of
    # one country keeps its volunteers from the missions (``missions.dense_reserve``). (Seed 127,
    # case 1028, reduced keeping the regions.)
    "a region kept from missions for a host of one country": _profile(
        {
            "volunteers": 70,
            "by_region": {
                "africa": 18,
                "arab_states": 18,
                "asia_pacific": 12,
                "europe_cis": 9,
                "latin_america": 11,
                "global": 2,
            },
            "by_host_group": {"wfp": {"volunteers": 15, "countries": 1}},
            "by_host_entity": {"MONUSCO": {"volunteers": 12}},
            "by_host_type": {"political_mission": {"national": 4}},
        }
    ),
    # room.py and dealing.py: "other" 50 in 10 countries and UNICEF's 15 in one, every volunteer
    # with one of them, in the 11 countries they can have at most: no two may share a country, but
    # the rooms gave both the largest (Brazil) and let in one volunteer more than UNICEF's 15. Now
    # when the countries served are as many as the hosts can have, a host of one country takes
    # none of another's countries and no other host takes its (``make_room(apart=)``), and its
    # country takes no one beyond its volunteers (``part_assign(apart=)``). (Seed 113, case 439,
    # reduced keeping the regions.)
    "hosts that share no country": _profile(
        {
            "volunteers": 65,
            "by_region": {
                "africa": 15,
                "arab_states": 0,
                "asia_pacific": 4,
                "europe_cis": 15,
                "latin_america": 31,
                "global": 1,
            },
            "by_host_group": {"other": {"volunteers": 50, "countries": 10}},
            "by_host_entity": {"UNICEF": {"volunteers": 15, "countries": 1}},
        }
    ),
    # room.py: "other" 36 in 11 countries, the UN Secretariat's 9 (OHCHR's) in 2, WHO's 15 in 2: 15
    # countries chosen, as many as the hosts allow. Keeping every host apart gave WHO two countries
    # of 17 volunteers that no other host could serve (refused by the commit that first kept them
    # apart, 963f5e8; seed 31, case 1022, reduced keeping the hosts). Now only a host of one country
    # is kept apart; hosts of several countries choose as before.
    "hosts of several countries not kept apart": _profile(
        {
            "volunteers": 60,
            "by_host_group": {
                "other": {"volunteers": 36, "countries": 11},
                "un-secretariat": {"volunteers": 9, "countries": 2},
            },
            "by_host_entity": {
                "UNIDO": {"volunteers": 9},
                "WHO": {"volunteers": 15, "countries": 2},
                "OHCHR": {"volunteers": 9, "countries": 2},
            },
        }
    ),
}


@pytest.mark.parametrize("name", sorted(CORNERS))
def test_a_corner_once_refused_is_generated(db, name):
    reference_load()
    # when
    wrong, violations = _generate_and_compare(CORNERS[name], 0)
    # then
    assert wrong == []
    assert violations == []


@pytest.mark.parametrize("name", sorted(CORNERS))
def test_a_corner_once_refused_is_planned_for_other_seeds(db, name):
    reference_load()
    for seed in (1, 2):
        report = profile_check(Profile(CORNERS[name]), seed=seed)
        assert report.notes.conflicts == []


# Eight volunteers in the five regions, six of them in two, 2 women, 0 in africa and 1 in each other
# region: the only choices are a volunteer of latin_america and asia_pacific and the one of
# arab_states and europe_cis, which the heuristic moves of the women of the volunteers serving in two
# regions missed for seeds 1, 5 and 6 ("onsite.women ... cannot all hold"); the exact search after
# them finds it.
EIGHT = [
    ("asia_pacific",),
    ("europe_cis",),
    ("arab_states", "asia_pacific"),
    ("latin_america", "asia_pacific"),
    ("latin_america", "asia_pacific"),
    ("arab_states", "europe_cis"),
    ("latin_america", "arab_states"),
    ("arab_states", "africa"),
]
EIGHT_WOMEN = {"africa": 0, "arab_states": 1, "asia_pacific": 1, "europe_cis": 1, "latin_america": 1}


def _people(regions: list[tuple[str, ...]]) -> list[Person]:
    return [
        Person(i, "GII" if len(r) == 2 else "GI", [Slot(False, True, region=region) for region in r])
        for i, r in enumerate(regions)
    ]


@pytest.mark.parametrize("seed", range(12))
def test_the_women_of_volunteers_in_two_regions_are_found_whenever_they_exist(seed):
    # given
    people = _people(EIGHT)
    notes = Notes()
    # when
    genders_assign(people=people, women=2, by_region=EIGHT_WOMEN, notes=notes, rng=random.Random(seed))
    # then
    assert notes.conflicts == []
    assert sum(p.female for p in people) == 2
    for region, women in EIGHT_WOMEN.items():
        assert sum(p.female for p in people if region in p.regions) == women


def test_the_exact_search_says_when_no_women_of_volunteers_in_two_regions_hold():
    # given two volunteers serving in africa and asia_pacific, the only volunteers there, one woman
    # in each region, 3 women in all and one volunteer in no region with a figure: the two must
    # hold (1 + 1) - 3 + l women, l (0 or 1) the women of no such region, so at most none, yet
    # each region's woman must be one of them
    double = [("africa", "asia_pacific")]
    # when
    found = _double_women(
        double=double,
        size={double[0]: 2},
        by_region={"africa": 1, "asia_pacific": 1},
        rooms={"africa": 0, "asia_pacific": 0},
        women=3,
        loose_room=1,
        preferred={double[0]: 1},
    )
    # then
    assert found is None
    # and with 1 woman in all, one of the two is a woman
    assert _double_women(
        double=double,
        size={double[0]: 2},
        by_region={"africa": 1, "asia_pacific": 1},
        rooms={"africa": 0, "asia_pacific": 0},
        women=1,
        loose_room=1,
        preferred={double[0]: 0},
    ) == {double[0]: 1}


def test_volunteers_in_two_regions_are_capped_beside_a_region_without_a_women_figure():
    # given 62 volunteers, 21 women, 5 serving in two regions; women figures for four regions that
    # add up to 23, and arab_states (1 volunteer) without one: 2 or 3 of the 5 are women. Five in
    # europe_cis and latin_america (1 woman each) could hold at most one woman of them: the 2019
    # search refused such a profile once (seed 43, case 502 of bench/refusals_test.py)
    regions = {"africa": 26, "arab_states": 1, "asia_pacific": 21, "europe_cis": 13, "latin_america": 6}
    targets = Targets(
        year=2023,
        volunteers=62,
        kinds={},
        repeats=0,
        regions=regions,
        women=21,
        women_by_region={"africa": 10, "asia_pacific": 11, "europe_cis": 1, "latin_america": 1},
    )
    # when
    caps = _crosser_caps(targets, regions, 5)
    # then a region of 1 woman takes at most 4 of the 5 (its woman and 3 men, with 2 women among
    # the 5); africa and asia_pacific have room for more than the 5
    assert caps == {"africa": 13, "asia_pacific": 13, "europe_cis": 4, "latin_america": 4}


def test_two_regions_take_no_more_volunteers_in_both_than_their_genders_allow():
    # given asia_pacific with 2 women of 14 and latin_america with 4 of 7
    targets = Targets(
        year=2023,
        volunteers=69,
        kinds={},
        repeats=0,
        women_by_region={"asia_pacific": 2, "latin_america": 4, "africa": 11},
    )
    regions = {"africa": 27, "asia_pacific": 14, "latin_america": 7, "arab_states": 17}
    # when
    caps = _pair_caps(targets, regions)
    # then a volunteer in both is a woman in both (2 at most) or a man in both (3 at most)
    assert caps[frozenset(("asia_pacific", "latin_america"))] == 5
    assert caps[frozenset(("africa", "latin_america"))] == 4 + 3
    # and a region without a figure has no pair cap
    assert not any("arab_states" in pair for pair in caps)
    # and the pairing keeps to them, naming the region it cannot pair
    six = ["asia_pacific"] * 6
    assert _pair_distinct(six, ["latin_america"] * 6, random.Random(0), dict(caps)) == ("asia_pacific", 6)
    pairs = _pair_distinct(six, ["latin_america"] * 5 + ["africa"], random.Random(0), dict(caps))
    assert isinstance(pairs, list) and len(pairs) == 6


@pytest.mark.parametrize("seed", [6, 375])
def test_the_homes_are_planned_again_where_a_missions_national_volunteers_serve_in_more_countries(db, seed):
    # given a part that pins more of its missions' countries (dealing.pinned_holders), for seeds
    # where a mission's national volunteers then serve in more of them than the homes planned from
    # the first (found with R_DROP=by_region, 83/1220, reduced; its seed 375, and 6): the plan had
    # 36 nationalities for 35
    reference_load()
    profile = _profile(
        {
            "volunteers": 60,
            "assignments": 66,
            "global_south": {"national": 37, "international_in_global_south": 26},
            "nationalities": 35,
            "women_by_region": {"asia_pacific": {"volunteers": 12}, "global": {"volunteers": 1}},
            "by_host_type": {
                "peacekeeping": {"national": 2, "international": 2},
                "political_mission": {"national": 3, "international": 5},
            },
        }
    )
    # when
    report = profile_check(Profile(profile), seed=seed)
    # then
    assert report.notes.conflicts == []
    assert report.plan is not None
    assert len({p.nationality for p in report.plan.people}) == 35


def test_the_entities_choose_again_inside_the_countries_the_hosts_search_found(db):
    # given the UN Secretariat 40 in 6 countries with UN-Habitat's 17 in 3, and "other" 28 in 5 with
    # UNV's 19 in one, in 8 countries (seed 61, case 924, reduced keeping the hosts' and regions'
    # figures; refused for its seed, 683): the hosts step's search found the groups' countries,
    # but UN-Habitat then took the 3 the countries step had made room for, which hold 15 of its 17,
    # and the search gave up; now the entities choose again as the greedy attempts do
    reference_load()
    profile = _profile(
        {
            "volunteers": 68,
            "assignments": 68,
            "national": 42,
            "global_south": {"international_in_global_south": 8},
            "by_region": {
                "africa": 9,
                "arab_states": 20,
                "asia_pacific": 10,
                "europe_cis": 0,
                "latin_america": 4,
                "global": 25,
            },
            "countries_served": 8,
            "by_host_group": {
                "un-secretariat": {"volunteers": 40, "countries": 6},
                "other": {"volunteers": 28, "countries": 5},
            },
            "by_host_entity": {
                "UN-Habitat": {"volunteers": 17, "countries": 3},
                "UNV": {"volunteers": 19, "countries": 1},
            },
        }
    )
    # when
    report = profile_check(Profile(profile), seed=683)
    # then
    assert report.notes.conflicts == []
