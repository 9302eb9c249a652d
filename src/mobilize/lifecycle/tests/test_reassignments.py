"""Reassignment: same country, same category and host, with the volunteer's consent."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.lifecycle.models import Reassignment
from mobilize.lifecycle.services import reassignment_answer, reassignment_request

pytestmark = pytest.mark.django_db

EFFECTIVE = dt.date(2023, 9, 1)


@pytest.fixture
def kisumu(world):
    return DutyStationFactory(name="Kisumu", country=world.country)


def test_another_country_is_refused_naming_the_duty_station(cast, world):
    with pytest.raises(ValidationError) as info:
        reassignment_request(
            assignment=world.assignment,
            actor=cast["field_in"],
            duty_station=world.other_station,
            effective_date=EFFECTIVE,
        )
    assert info.value.message_dict == {
        "duty_station": [
            "A reassignment stays in the country of the assignment (Kenya); a move to another country "
            "is a new assignment."
        ]
    }
    assert not Reassignment.objects.exists()
    assert not AuditRecord.objects.filter(verb__startswith="reassignment").exists()


def test_consent_moves_the_assignment(cast, world, kisumu):
    reassignment = reassignment_request(
        assignment=world.assignment, actor=cast["field_in"], duty_station=kisumu, effective_date=EFFECTIVE
    )
    assert reassignment.status == Reassignment.Status.AWAITING_CONSENT
    world.assignment.refresh_from_db()
    assert world.assignment.duty_station == world.station
    # when the volunteer consents
    reassignment = reassignment_answer(reassignment=reassignment, actor=cast["volunteer"], consents=True)
    # then
    world.assignment.refresh_from_db()
    assert world.assignment.duty_station == kisumu
    assert (world.assignment.category, world.assignment.host_entity) == (world.category, world.host)
    assert reassignment.status == Reassignment.Status.DONE
    assert reassignment.consent_recorded_by == cast["volunteer"]
    assert AuditRecord.objects.filter(verb="assignment.reassigned").count() == 1


def test_declined_moves_nothing(cast, world, kisumu):
    reassignment = reassignment_request(
        assignment=world.assignment, actor=cast["focal"], duty_station=kisumu, effective_date=EFFECTIVE
    )
    reassignment = reassignment_answer(reassignment=reassignment, actor=cast["volunteer"], consents=False)
    assert reassignment.status == Reassignment.Status.DECLINED
    world.assignment.refresh_from_db()
    assert world.assignment.duty_station == world.station
    with pytest.raises(ApplicationError):
        reassignment_answer(reassignment=reassignment, actor=cast["volunteer"], consents=True)


def test_a_move_of_three_months_or_less_is_not_a_reassignment(cast, world, kisumu):
    with pytest.raises(ValidationError) as info:
        reassignment_request(
            assignment=world.assignment,
            actor=cast["hq"],
            duty_station=kisumu,
            effective_date=dt.date(2023, 12, 1),
        )
    assert list(info.value.message_dict) == ["effective_date"]
    assert "2023-11-29" in info.value.message_dict["effective_date"][0]


def test_same_station_is_refused(cast, world):
    with pytest.raises(ValidationError) as info:
        reassignment_request(
            assignment=world.assignment,
            actor=cast["hq"],
            duty_station=world.station,
            effective_date=EFFECTIVE,
        )
    assert list(info.value.message_dict) == ["duty_station"]


def test_only_the_volunteer_or_staff_answer(cast, world, kisumu):
    reassignment = reassignment_request(
        assignment=world.assignment, actor=cast["hq"], duty_station=kisumu, effective_date=EFFECTIVE
    )
    for who in ("other_volunteer", "focal", "field_out", "recruiter"):
        with pytest.raises(PermissionDenied):
            reassignment_answer(reassignment=reassignment, actor=cast[who], consents=True)
    with pytest.raises(PermissionDenied):
        reassignment_request(
            assignment=world.assignment,
            actor=cast["volunteer"],
            duty_station=kisumu,
            effective_date=EFFECTIVE,
        )
