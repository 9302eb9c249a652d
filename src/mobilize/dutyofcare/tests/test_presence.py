"""The must-hold rule: an evacuation started for a country lists exactly the volunteers and the
accompanying dependants there on that day, and its page counts down to zero as people are marked
safe. "Who is where" counts the same people."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from mobilize.assignments.models import Assignment
from mobilize.dutyofcare.models import Evacuation, EvacuationMove, EvacuationPerson, PersonStatus
from mobilize.dutyofcare.selectors import WhereaboutsFilters, whereabouts_by_station
from mobilize.dutyofcare.services import evacuation_person_move, evacuation_start
from mobilize.dutyofcare.tests.factories import DAY, dependant, serving
from mobilize.geo.tests.factories import DutyStationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(world):
    """People in and out of Kenya on DAY, in and out of the date range, with dependants
    accompanying or not, recognized or not. ``expected`` names who is there."""
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    nairobi = world.station
    # world.assignment: Vera at Nairobi, 2023-03-01 to 2024-02-29: there.
    there = {
        "starts_that_day": serving(kisumu, entry=DAY, name="Starts"),
        "ends_that_day": serving(nairobi, planned_end=DAY, name="Ends"),
        "planned_not_yet_marked_serving": serving(kisumu, status=Assignment.Status.PLANNED, name="Planned"),
        "ended_late": serving(
            nairobi,
            planned_end=dt.date(2023, 5, 1),
            actual_end=dt.date(2023, 7, 1),
            status=Assignment.Status.COMPLETED,
            name="Late",
        ),
    }
    away = {
        "ended_before": serving(
            nairobi,
            planned_end=dt.date(2023, 12, 31),
            actual_end=dt.date(2023, 5, 31),
            status=Assignment.Status.TERMINATED,
            name="Left",
        ),
        "planned_end_passed": serving(nairobi, planned_end=dt.date(2023, 5, 31), name="Passed"),
        "starts_after": serving(kisumu, entry=dt.date(2023, 6, 2), name="After"),
        "cancelled": serving(kisumu, status=Assignment.Status.CANCELLED, name="Cancelled"),
        # world.other_assignment: Otto in Lima, Peru, serving on DAY but elsewhere.
    }
    deps_there = [
        dependant(world.assignment, given_name="Spouse", relationship="spouse"),
        dependant(there["starts_that_day"], given_name="Until", recognized_until=DAY),
        dependant(there["ended_late"], given_name="Child"),
    ]
    deps_away = [
        dependant(world.assignment, given_name="Abroad", accompanying=False),
        dependant(
            world.assignment,
            given_name="Later",
            recognized_from=dt.date(2023, 6, 2),
        ),
        dependant(
            world.assignment,
            given_name="Ended",
            recognized_until=dt.date(2023, 5, 31),
        ),
        dependant(away["ended_before"], given_name="Gone"),
        dependant(world.other_assignment, given_name="Peruvian"),
    ]
    return {
        "kisumu": kisumu,
        "volunteers": {world.volunteer.pk} | {a.volunteer_id for a in there.values()},
        "dependants": {d.pk for d in deps_there},
        "not_dependants": {d.pk for d in deps_away},
    }


def test_an_evacuation_lists_exactly_the_people_there_on_that_day(cast, world, crowd):
    # when
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    # then
    people = EvacuationPerson.objects.filter(evacuation=evacuation)
    volunteers = set(people.filter(kind="volunteer").values_list("volunteer_id", flat=True))
    dependants = set(people.filter(kind="dependant").values_list("dependant_id", flat=True))
    assert volunteers == crowd["volunteers"]
    assert dependants == crowd["dependants"]
    assert people.count() == 5 + 3
    assert set(people.values_list("status", flat=True)) == {PersonStatus.TO_MOVE}


def test_an_evacuation_of_some_duty_stations_lists_only_those(cast, world, crowd):
    evacuation = evacuation_start(
        country=world.country, as_of=DAY, duty_stations=[crowd["kisumu"]], actor=cast["field_in"]
    )
    volunteers = set(
        evacuation.people.filter(kind="volunteer").values_list("volunteer__given_name", flat=True)
    )
    assert volunteers == {"Starts", "Planned"}
    assert list(evacuation.people.filter(kind="dependant").values_list("name", flat=True)) == [
        "Until Dependant"
    ]
    stations = set(evacuation.people.values_list("duty_station__name", flat=True))
    assert stations == {"Kisumu"}
    assert evacuation.people.filter(kind="volunteer").count() == 2
    assert evacuation.people.filter(kind="dependant").count() == 1  # "Until", recognized until that day


def test_who_is_where_counts_the_same_people_by_duty_station(cast, world, crowd):
    summary = whereabouts_by_station(viewer=cast["field_in"], filters=WhereaboutsFilters(day=DAY))
    rows = {(r.duty_station.name, r.volunteers, r.dependants) for r in summary.stations}
    assert rows == {("Nairobi", 3, 2), ("Kisumu", 2, 1)}
    assert (summary.volunteers, summary.dependants) == (5, 3)


def _counts(response):
    html = response.content.decode()
    cells = dict(re.findall(r'<td data-status="(\w+)">(\d+)</td>', html))
    waiting = re.search(r'id="unaccounted"[^>]*>(\d+) of (\d+)', html)
    return {k: int(v) for k, v in cells.items()}, int(waiting.group(1)), int(waiting.group(2))


def test_the_event_page_counts_down_to_zero_as_people_are_marked_safe(cast, world, crowd, client_for):
    # given: the event, everyone to move
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    client = client_for(cast["field_in"])
    url = reverse("dutyofcare:evacuation_detail", kwargs={"evacuation_id": evacuation.pk})
    cells, waiting, total = _counts(client.get(url))
    assert (waiting, total) == (8, 8)
    assert cells == {"to_move": 8, "in_transit": 0, "safe": 0, "returned": 0}
    # when: each person is moved through the page, one after the other
    people = list(evacuation.people.order_by("pk"))
    for done, person in enumerate(people, start=1):
        move = reverse(
            "dutyofcare:evacuation_person_move",
            kwargs={"evacuation_id": evacuation.pk, "person_id": person.pk},
        )
        if done % 2:  # every other person goes through "in transit" first
            assert (
                client.post(move, {"status": "in_transit", "version": 1, "location": "Kisumu"}).status_code
                == 302
            )
            assert (
                client.post(move, {"status": "safe", "version": 2, "location": "Kampala"}).status_code == 302
            )
        else:
            assert client.post(move, {"status": "safe", "version": 1}).status_code == 302
        # then: the page counts one fewer not yet accounted for
        response = client.get(url)
        cells, waiting, total = _counts(response)
        assert (waiting, total) == (8 - done, 8)
        assert cells["safe"] == done
        assert cells["to_move"] + cells["in_transit"] == 8 - done
        if done < 8:
            assert person.name not in re.search(
                r'<table id="waiting">.*?</table>', response.content.decode(), re.S
            ).group(0)
    # and at zero the event closed itself, every move time-stamped
    evacuation.refresh_from_db()
    assert evacuation.status == Evacuation.Status.CLOSED
    assert evacuation.close_reason == ""
    assert "Everyone is accounted for." in client.get(url).content.decode()
    assert EvacuationMove.objects.filter(person__evacuation=evacuation).count() == 8 + 4
    assert not EvacuationPerson.objects.filter(evacuation=evacuation, status_changed_at__isnull=True).exists()


def test_service_moves_count_down_too(cast, world, crowd):
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    for person in evacuation.people.order_by("pk"):
        evacuation_person_move(
            person=person, status="safe", expected_version=person.version, actor=cast["hq"]
        )
    evacuation.refresh_from_db()
    assert not evacuation.is_open
