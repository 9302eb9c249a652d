"""Each rule of the duty-of-care services, and that a refused write leaves nothing behind."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mobilize.core.errors import ApplicationError, StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.dutyofcare.models import (
    Answer,
    CheckIn,
    CheckInResponse,
    Evacuation,
    EvacuationMove,
    EvacuationPerson,
    Incident,
    SecurityLevelChange,
)
from mobilize.dutyofcare.selectors import security_level_on
from mobilize.dutyofcare.services import (
    checkin_answer,
    checkin_close,
    checkin_send,
    evacuation_close,
    evacuation_person_move,
    evacuation_start,
    incident_report,
    incident_update,
    security_level_record,
)
from mobilize.dutyofcare.tests.factories import DAY, dependant, serving
from mobilize.notifications.models import Notification

pytestmark = pytest.mark.django_db


# --- security levels --------------------------------------------------------------------------


def _level(cast, world, level, day, station=None, who="hq"):
    return security_level_record(
        country=world.country, duty_station=station, level=level, effective_from=day, actor=cast[who]
    )


def test_the_latest_change_in_force_wins_and_on_the_same_day_the_duty_station(cast, world):
    # given: Kenya 2 from January, Nairobi 4 from March, Kenya 5 from June, Nairobi 3 from June too
    _level(cast, world, 2, dt.date(2023, 1, 1))
    _level(cast, world, 4, dt.date(2023, 3, 1), station=world.station)
    _level(cast, world, 5, dt.date(2023, 6, 1))
    _level(cast, world, 3, dt.date(2023, 6, 1), station=world.station)
    _level(cast, world, 6, dt.date(2023, 9, 1))

    def at(day, station=world.station):
        found = security_level_on(
            day=day, country_id=world.country.pk, duty_station_id=station and station.pk
        )
        return (found.level, found.for_station) if found else None

    # then
    assert at(dt.date(2022, 12, 31)) is None
    assert at(dt.date(2023, 2, 1)) == (2, False)
    assert at(dt.date(2023, 3, 1)) == (4, True)
    assert at(dt.date(2023, 6, 1)) == (3, True)  # same day: the duty station's own
    assert at(dt.date(2023, 6, 1), station=None) == (5, False)
    assert at(dt.date(2023, 9, 1)) == (6, False)  # a later country-wide change overrides
    assert SecurityLevelChange.objects.count() == 5  # nothing overwritten


def test_a_second_level_for_the_same_place_and_day_is_refused(cast, world):
    _level(cast, world, 2, DAY)
    with pytest.raises(ValidationError) as error:
        _level(cast, world, 3, DAY)
    assert list(error.value.message_dict) == ["effective_from"]
    _level(cast, world, 3, DAY, station=world.station)  # the duty station may have its own that day
    assert SecurityLevelChange.objects.count() == 2


def test_a_field_unit_records_levels_only_in_its_countries(cast, world):
    _level(cast, world, 3, DAY, who="field_in")
    with pytest.raises(ValidationError) as error:
        _level(cast, world, 4, DAY, station=world.station, who="field_out")
    assert list(error.value.message_dict) == ["country"]
    with pytest.raises(PermissionDenied):
        _level(cast, world, 4, DAY, station=world.station, who="recruiter")
    assert SecurityLevelChange.objects.count() == 1
    assert AuditRecord.objects.filter(verb="security_level.recorded").count() == 1


# --- evacuations ------------------------------------------------------------------------------


def test_starting_tells_the_field_unit_and_headquarters_and_is_audited(cast, world):
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["field_in"])
    told = set(
        Notification.objects.filter(verb="evacuation.started.evacuation").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"hq"}  # the actor (field_in) is not told of their own act
    record = AuditRecord.objects.get(verb="evacuation.started")
    assert record.detail == "1 volunteers, 0 dependants"
    assert record.target_id == str(evacuation.pk)


def test_hq_starting_tells_the_country_field_unit(cast, world):
    evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"field_in"}


def test_start_refusals_leave_nothing(cast, world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        evacuation_start(country=world.country, as_of=tomorrow, actor=cast["hq"])
    assert list(error.value.message_dict) == ["as_of"]
    with pytest.raises(ValidationError) as error:
        evacuation_start(
            country=world.country, as_of=DAY, duty_stations=[world.other_station], actor=cast["hq"]
        )
    assert list(error.value.message_dict) == ["duty_stations"]
    with pytest.raises(ValidationError):
        evacuation_start(country=world.country, as_of=DAY, actor=cast["field_out"])
    for who in ["recruiter", "auditor", "focal", "volunteer", "donor"]:
        with pytest.raises(PermissionDenied):
            evacuation_start(country=world.country, as_of=DAY, actor=cast[who])
    assert not Evacuation.objects.exists()
    assert not Notification.objects.exists()


def test_one_open_event_per_country(cast, world):
    evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    with pytest.raises(ApplicationError):
        evacuation_start(country=world.country, as_of=DAY, kind="relocation", actor=cast["field_in"])
    assert Evacuation.objects.count() == 1
    evacuation_start(country=world.other_country, as_of=DAY, actor=cast["hq"])  # another country is fine
    assert Evacuation.objects.count() == 2


def test_an_event_with_nobody_there_closes_at_once(cast, world):
    evacuation = evacuation_start(country=world.country, as_of=dt.date(2020, 1, 1), actor=cast["hq"])
    assert (evacuation.status, evacuation.people.count(), evacuation.close_reason) == ("closed", 0, "")


def test_a_volunteer_with_two_assignments_there_is_listed_once(cast, world):
    from mobilize.assignments.tests.factories import AssignmentFactory

    AssignmentFactory(volunteer=world.volunteer, duty_station=world.station, host_entity=world.host)
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    assert evacuation.people.filter(kind="volunteer").count() == 1


def test_moves_follow_the_allowed_paths_and_each_is_recorded(cast, world):
    serving(world.station, name="Bea")  # a second person keeps the event open
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    person = evacuation.people.get(volunteer=world.volunteer)
    with pytest.raises(ApplicationError):
        evacuation_person_move(person=person, status="returned", expected_version=1, actor=cast["hq"])
    person = evacuation_person_move(
        person=person, status="in_transit", expected_version=1, location="Mombasa", actor=cast["hq"]
    )
    person = evacuation_person_move(
        person=person, status="to_move", expected_version=2, actor=cast["field_in"]
    )
    person = evacuation_person_move(person=person, status="safe", expected_version=3, actor=cast["field_in"])
    person = evacuation_person_move(person=person, status="returned", expected_version=4, actor=cast["hq"])
    with pytest.raises(ApplicationError):
        evacuation_person_move(person=person, status="safe", expected_version=5, actor=cast["hq"])
    moves = list(
        EvacuationMove.objects.filter(person=person).values_list("from_status", "to_status", "by__username")
    )
    assert moves == [
        ("to_move", "in_transit", "hq"),
        ("in_transit", "to_move", "field_in"),
        ("to_move", "safe", "field_in"),
        ("safe", "returned", "hq"),
    ]
    assert person.location == "Mombasa"  # kept when a move gives none
    assert AuditRecord.objects.filter(verb="evacuation.person_moved", target_id=str(person.pk)).count() == 4
    evacuation.refresh_from_db()
    assert evacuation.is_open


def test_a_stale_version_is_refused_and_changes_nothing(cast, world, evacuation):
    person = evacuation.people.get()
    evacuation_person_move(person=person, status="in_transit", expected_version=1, actor=cast["hq"])
    with pytest.raises(StaleObjectError):
        evacuation_person_move(person=person, status="safe", expected_version=1, actor=cast["field_in"])
    person.refresh_from_db()
    assert (person.status, person.version, person.moves.count()) == ("in_transit", 2, 1)


def test_who_may_move_people(cast, world, evacuation):
    person = evacuation.people.get()
    for who in ["recruiter", "auditor", "focal", "field_out", "volunteer"]:
        with pytest.raises(PermissionDenied):
            evacuation_person_move(person=person, status="safe", expected_version=1, actor=cast[who])
    person.refresh_from_db()
    assert person.status == "to_move"


def test_closing_by_hand_needs_headquarters_and_a_reason_and_freezes_all_but_returns(cast, world):
    serving(world.station, name="Bea")
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    vera = evacuation.people.get(volunteer=world.volunteer)
    vera = evacuation_person_move(person=vera, status="safe", expected_version=1, actor=cast["hq"])
    with pytest.raises(PermissionDenied):
        evacuation_close(evacuation=evacuation, reason="Done", actor=cast["field_in"])
    with pytest.raises(ValidationError) as error:
        evacuation_close(evacuation=evacuation, reason="  ", actor=cast["hq"])
    assert list(error.value.message_dict) == ["reason"]
    closed = evacuation_close(evacuation=evacuation, reason="Bea stayed by choice", actor=cast["hq"])
    assert (closed.status, closed.closed_by, closed.close_reason) == (
        "closed",
        cast["hq"],
        "Bea stayed by choice",
    )
    bea = evacuation.people.exclude(pk=vera.pk).get()
    with pytest.raises(ApplicationError):
        evacuation_person_move(person=bea, status="safe", expected_version=1, actor=cast["hq"])
    evacuation_person_move(person=vera, status="returned", expected_version=2, actor=cast["hq"])
    with pytest.raises(ApplicationError):
        evacuation_close(evacuation=closed, reason="Again", actor=cast["hq"])


def test_dependants_move_like_volunteers(cast, world):
    dependant(world.assignment, given_name="Kim")
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    people = {p.kind: p for p in evacuation.people.all()}
    assert people["dependant"].name == "Kim Dependant"
    assert people["dependant"].volunteer_id == world.volunteer.pk
    evacuation_person_move(person=people["volunteer"], status="safe", expected_version=1, actor=cast["hq"])
    evacuation.refresh_from_db()
    assert evacuation.is_open  # Kim is not accounted for yet
    evacuation_person_move(person=people["dependant"], status="safe", expected_version=1, actor=cast["hq"])
    evacuation.refresh_from_db()
    assert not evacuation.is_open
    assert AuditRecord.objects.filter(verb="evacuation.all_accounted_for").count() == 1


# --- incidents --------------------------------------------------------------------------------


def _incident_data(**overrides):
    data = {
        "kind": "crime",
        "severity": "low",
        "occurred_on": DAY,
        "place": "Nairobi",
        "description": "Bag stolen.",
    }
    data.update(overrides)
    return data


def test_a_volunteer_reports_only_their_own_and_staff_only_in_their_scope(cast, world):
    incident = incident_report(assignment=world.assignment, data=_incident_data(), actor=cast["volunteer"])
    assert (incident.volunteer, incident.country, incident.host_entity, incident.on_behalf) == (
        world.volunteer,
        world.country,
        world.host,
        False,
    )
    on_behalf = incident_report(assignment=world.assignment, data=_incident_data(), actor=cast["field_in"])
    assert on_behalf.on_behalf
    for who in ["other_volunteer", "field_out"]:
        with pytest.raises(ValidationError) as error:
            incident_report(assignment=world.assignment, data=_incident_data(), actor=cast[who])
        assert list(error.value.message_dict) == ["assignment"]
    for who in ["recruiter", "auditor", "focal", "donor"]:
        with pytest.raises(PermissionDenied):
            incident_report(assignment=world.assignment, data=_incident_data(), actor=cast[who])
    assert Incident.objects.count() == 2


def test_an_incident_is_not_in_the_future_and_names_bad_fields(cast, world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        incident_report(
            assignment=world.assignment, data=_incident_data(occurred_on=tomorrow), actor=cast["hq"]
        )
    assert list(error.value.message_dict) == ["occurred_on"]
    with pytest.raises(ValidationError) as error:
        incident_report(
            assignment=world.assignment, data=_incident_data(severity="huge", place=""), actor=cast["hq"]
        )
    assert set(error.value.message_dict) == {"severity", "place"}
    with pytest.raises(ValidationError) as error:
        incident_report(assignment=world.assignment, data=_incident_data(status="closed"), actor=cast["hq"])
    assert list(error.value.message_dict) == ["status"]
    assert not Incident.objects.exists()
    assert not Notification.objects.exists()


def test_reporting_tells_the_field_unit_and_headquarters_without_details(cast, world):
    incident_report(assignment=world.assignment, data=_incident_data(), actor=cast["volunteer"])
    notes = Notification.objects.filter(verb="incident.reported")
    assert set(notes.values_list("recipient__username", flat=True)) == {"hq", "field_in"}
    assert all("Bag" not in n.message and "Vera" not in n.message for n in notes)


def test_following_up_needs_a_note_and_a_fresh_version(cast, world, incident):
    with pytest.raises(ValidationError) as error:
        incident_update(incident=incident, data={"status": "closed"}, expected_version=1, actor=cast["hq"])
    assert list(error.value.message_dict) == ["follow_up"]
    updated = incident_update(
        incident=incident,
        data={"status": "followed_up", "follow_up": "Called."},
        expected_version=1,
        actor=cast["field_in"],
    )
    assert (updated.status, updated.version) == ("followed_up", 2)
    with pytest.raises(StaleObjectError):
        incident_update(incident=incident, data={"status": "closed"}, expected_version=1, actor=cast["hq"])
    with pytest.raises(PermissionDenied):
        incident_update(
            incident=incident, data={"status": "closed"}, expected_version=2, actor=cast["field_out"]
        )
    with pytest.raises(PermissionDenied):
        incident_update(
            incident=incident, data={"status": "closed"}, expected_version=2, actor=cast["volunteer"]
        )
    reopened = incident_update(
        incident=incident, data={"status": "open"}, expected_version=2, actor=cast["hq"]
    )
    assert reopened.status == "open"
    assert AuditRecord.objects.filter(verb="incident.updated").count() == 2


# --- check-ins --------------------------------------------------------------------------------


def test_a_checkin_asks_each_volunteer_there_once_and_tells_them(cast, world):
    bea = serving(world.station, name="Bea")
    serving(world.station, name="Gone", planned_end=dt.date(2023, 5, 1))
    checkin = checkin_send(
        country=world.country, as_of=DAY, message=" Are you safe? ", actor=cast["field_in"]
    )
    assert checkin.message == "Are you safe?"
    asked = set(checkin.responses.values_list("volunteer_id", flat=True))
    assert asked == {world.volunteer.pk, bea.volunteer_id}
    assert set(checkin.responses.values_list("answer", flat=True)) == {Answer.PENDING}
    told = Notification.objects.filter(verb="checkin.sent")
    assert list(told.values_list("recipient__username", flat=True)) == ["volunteer"]  # Bea has no account


def test_a_checkin_to_one_duty_station_or_an_evacuation(cast, world):
    from mobilize.geo.tests.factories import DutyStationFactory

    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    bea = serving(kisumu, name="Bea")
    at_kisumu = checkin_send(duty_station=kisumu, as_of=DAY, message="Kisumu?", actor=cast["hq"])
    assert at_kisumu.country == world.country
    assert list(at_kisumu.responses.values_list("volunteer_id", flat=True)) == [bea.volunteer_id]
    dependant(world.assignment)
    evacuation = evacuation_start(
        country=world.country, as_of=DAY, duty_stations=[world.station], actor=cast["hq"]
    )
    to_event = checkin_send(evacuation=evacuation, message="Where are you?", actor=cast["hq"])
    assert list(to_event.responses.values_list("volunteer_id", flat=True)) == [
        world.volunteer.pk
    ]  # no dependants


def test_checkin_refusals(cast, world):
    with pytest.raises(ValidationError) as error:
        checkin_send(country=world.country, as_of=DAY, message="", actor=cast["hq"])
    assert list(error.value.message_dict) == ["message"]
    with pytest.raises(ValidationError) as error:
        checkin_send(country=world.country, as_of=dt.date(2020, 1, 1), message="Hi", actor=cast["hq"])
    assert list(error.value.message_dict) == ["country"]  # nobody there
    with pytest.raises(ValidationError) as error:
        checkin_send(
            country=world.country, duty_station=world.other_station, as_of=DAY, message="Hi", actor=cast["hq"]
        )
    assert list(error.value.message_dict) == ["duty_station"]
    with pytest.raises(ValidationError):
        checkin_send(country=world.country, as_of=DAY, message="Hi", actor=cast["field_out"])
    with pytest.raises(PermissionDenied):
        checkin_send(country=world.country, as_of=DAY, message="Hi", actor=cast["auditor"])
    assert not CheckIn.objects.exists()
    assert not CheckInResponse.objects.exists()


def test_answers_come_from_the_volunteer_and_need_help_raises_the_alarm(cast, world, checkin):
    response = checkin.responses.get()
    for who in ["hq", "field_in", "other_volunteer"]:
        with pytest.raises(PermissionDenied):
            checkin_answer(response=response, answer="safe", actor=cast[who])
    with pytest.raises(ValidationError):
        checkin_answer(response=response, answer="pending", actor=cast["volunteer"])
    answered = checkin_answer(response=response, answer="need_help", note="No water", actor=cast["volunteer"])
    assert (answered.answer, answered.note, answered.answered_at is not None) == (
        "need_help",
        "No water",
        True,
    )
    alarm = Notification.objects.filter(verb="checkin.need_help")
    assert set(alarm.values_list("recipient__username", flat=True)) == {"field_in", "hq"}
    changed = checkin_answer(response=response, answer="safe", actor=cast["volunteer"])
    assert changed.answer == "safe"
    checkin_close(checkin=checkin, actor=cast["field_in"])
    with pytest.raises(ApplicationError):
        checkin_answer(response=response, answer="need_help", actor=cast["volunteer"])
    with pytest.raises(ApplicationError):
        checkin_close(checkin=checkin, actor=cast["hq"])
    assert CheckInResponse.objects.get().answer == "safe"


def test_only_the_countrys_field_unit_or_headquarters_close_a_checkin(cast, world, checkin):
    for who in ["field_out", "auditor", "recruiter"]:
        with pytest.raises(PermissionDenied):
            checkin_close(checkin=checkin, actor=cast[who])
    checkin.refresh_from_db()
    assert checkin.is_open


def test_the_person_rows_are_unique_per_event(cast, world, evacuation):
    from django.db import IntegrityError, transaction

    person = evacuation.people.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        EvacuationPerson.objects.create(
            evacuation=evacuation,
            kind="volunteer",
            assignment=person.assignment,
            volunteer=person.volunteer,
            name="Twice",
            duty_station=person.duty_station,
            host_entity=person.host_entity,
        )
