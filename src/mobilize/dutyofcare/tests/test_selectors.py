"""Selectors: scoped, counted in the database with pinned query counts, and the check-in task
provider."""

import datetime as dt

import pytest
from django.urls import reverse

from mobilize.dutyofcare.models import SecurityLevelChange
from mobilize.dutyofcare.selectors import (
    WhereaboutsFilters,
    checkin_tasks_for,
    evacuation_counts,
    incident_counts,
    my_stations,
    security_level_overview,
    whereabouts_by_station,
    whereabouts_people,
)
from mobilize.dutyofcare.services import checkin_answer, checkin_send, evacuation_person_move
from mobilize.dutyofcare.tests.factories import DAY, dependant, serving
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.notifications.selectors import my_tasks

pytestmark = pytest.mark.django_db


def test_whereabouts_counts_in_a_fixed_number_of_queries(cast, world, django_assert_num_queries):
    for n in range(6):
        station = DutyStationFactory(name=f"Station {n}", country=world.country)
        for _ in range(3):
            dependant(serving(station, name="Many"))
    SecurityLevelChange.objects.create(country=world.country, level=3, effective_from=dt.date(2023, 1, 1))
    viewer = cast["hq"]
    viewer.country_ids()
    with django_assert_num_queries(4):  # counts per station, totals, stations, levels
        summary = whereabouts_by_station(viewer=viewer, filters=WhereaboutsFilters(day=DAY))
    assert (summary.volunteers, summary.dependants) == (2 + 18, 18)
    assert len(summary.stations) == 8
    assert {s.level.level for s in summary.stations if s.duty_station.country_id == world.country.pk} == {3}
    assert summary.by_country[0][0] == world.country  # Kenya before Peru
    with django_assert_num_queries(2):  # the people, then their dependants
        people = list(whereabouts_people(viewer=viewer, filters=WhereaboutsFilters(day=DAY)))
    assert len(people) == 20


def test_evacuation_counts_in_one_query(cast, world, evacuation, django_assert_num_queries):
    person = evacuation.people.get()
    evacuation_person_move(person=person, status="in_transit", expected_version=1, actor=cast["hq"])
    with django_assert_num_queries(1):
        counts = evacuation_counts(viewer=cast["hq"], evacuation=evacuation)
    assert counts.by_status == {"to_move": 0, "in_transit": 1, "safe": 0, "returned": 0}
    assert (counts.unaccounted, counts.accounted, counts.total) == (1, 0, 1)


def test_a_host_counts_only_its_volunteers_incidents(cast, world, incident):
    assert incident_counts(viewer=cast["focal"]) == {"open": 1, "followed_up": 0, "closed": 0}
    assert incident_counts(viewer=cast["other_focal"]) == {"open": 0, "followed_up": 0, "closed": 0}
    assert incident_counts(viewer=cast["recruiter"]) == {"open": 0, "followed_up": 0, "closed": 0}


def test_security_level_overview_lists_countries_and_stations_with_their_own(cast, world):
    SecurityLevelChange.objects.create(country=world.country, level=3, effective_from=dt.date(2023, 1, 1))
    SecurityLevelChange.objects.create(
        country=world.country, duty_station=world.station, level=5, effective_from=dt.date(2023, 3, 1)
    )
    SecurityLevelChange.objects.create(country=world.country, level=4, effective_from=dt.date(2023, 9, 1))
    (june,) = security_level_overview(day=DAY)
    assert (june.level.level, [(s.name, lv.level) for s, lv in june.stations]) == (3, [("Nairobi", 5)])
    (october,) = security_level_overview(day=dt.date(2023, 10, 1))
    assert (october.level.level, october.stations) == (4, ())  # the later country change overrides
    assert security_level_overview(day=dt.date(2022, 1, 1)) == []


def test_my_stations_give_the_level_where_i_serve(cast, world):
    SecurityLevelChange.objects.create(country=world.country, level=2, effective_from=dt.date(2023, 1, 1))
    (mine,) = my_stations(user=cast["volunteer"], day=DAY)
    assert (mine.assignment, mine.level.level) == (world.assignment, 2)
    assert my_stations(user=cast["hq"], day=DAY) == []
    assert my_stations(user=cast["volunteer"], day=dt.date(2025, 1, 1)) == []


def test_the_checkin_task_waits_on_the_volunteer_until_they_answer(cast, world, checkin):
    (group,) = checkin_tasks_for(cast["volunteer"])
    assert (group.key, group.count, group.items[0].url) == (
        "dutyofcare.checkins",
        1,
        reverse("dutyofcare:my_duty_of_care") + f"#checkin-{checkin.pk}",
    )
    assert "dutyofcare.checkins" in [g.key for g in my_tasks(user=cast["volunteer"])]
    assert checkin_tasks_for(cast["other_volunteer"]) == []
    assert checkin_tasks_for(cast["hq"]) == []
    checkin_answer(response=checkin.responses.get(), answer="safe", actor=cast["volunteer"])
    assert checkin_tasks_for(cast["volunteer"]) == []


def test_a_closed_checkin_no_longer_waits(cast, world):
    from mobilize.dutyofcare.services import checkin_close

    checkin = checkin_send(country=world.country, as_of=DAY, message="Hi", actor=cast["hq"])
    checkin_close(checkin=checkin, actor=cast["hq"])
    assert checkin_tasks_for(cast["volunteer"]) == []
