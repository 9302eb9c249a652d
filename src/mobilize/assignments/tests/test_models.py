"""The assignment's invariants hold in the database itself, whatever code writes the row."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mobilize.assignments.models import Assignment
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
from mobilize.reference.models import Modality
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_national_modality_in_a_foreign_country_is_refused_by_the_database():
    # given a Kenyan volunteer and a duty station in Peru
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404")
    peru = CountryFactory(iso2="PE", iso3="PER", m49="604")
    volunteer = CandidateFactory(nationality=kenya)
    lima = DutyStationFactory(name="Lima", country=peru)
    # when / then: an insert that bypasses the service and calls it national fails
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(volunteer=volunteer, duty_station=lima, modality=Modality.NATIONAL)
    assert Assignment.objects.count() == 0


def test_international_modality_in_the_home_country_is_refused_by_the_database():
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404")
    volunteer = CandidateFactory(nationality=kenya)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(volunteer=volunteer, modality=Modality.INTERNATIONAL)
    assert Assignment.objects.count() == 0


def test_refugee_serving_in_the_country_of_residence_is_national_and_valid():
    # given a Somali refugee living in Kenya, serving in Nairobi
    somalia = CountryFactory(iso2="SO", iso3="SOM", m49="706")
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404")
    refugee = CandidateFactory(nationality=somalia, residence=kenya, displacement="refugee")
    nairobi = DutyStationFactory(name="Nairobi", country=kenya)
    # when
    assignment = AssignmentFactory(volunteer=refugee, duty_station=nairobi, modality=Modality.NATIONAL)
    # then
    assignment.refresh_from_db()
    assert assignment.modality == Modality.NATIONAL
    assert assignment.home_country == kenya
    assert assignment.nationality == somalia
    assignment.full_clean()


def test_home_country_other_than_nationality_needs_a_displacement():
    somalia = CountryFactory(iso2="SO", iso3="SOM", m49="706")
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404")
    volunteer = CandidateFactory(nationality=somalia, residence=kenya)
    nairobi = DutyStationFactory(name="Nairobi", country=kenya)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(volunteer=volunteer, duty_station=nairobi, home_country=kenya, displacement="none")
    assert Assignment.objects.count() == 0


@pytest.mark.parametrize(
    "dates",
    [
        {"planned_end": dt.date(2023, 2, 28)},
        {"actual_end": dt.date(2023, 2, 28), "status": Assignment.Status.COMPLETED},
    ],
    ids=["planned_end", "actual_end"],
)
def test_an_end_before_the_entry_on_duty_is_refused_by_the_database(dates):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(entry_on_duty=dt.date(2023, 3, 1), **dates)
    assert Assignment.objects.count() == 0


def test_a_position_has_at_most_one_open_assignment_in_the_database(world):
    # given world.position already has a serving assignment
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(
            volunteer=CandidateFactory(nationality=world.country),
            host_entity=world.host,
            duty_station=world.station,
            category=world.category,
            position=world.position,
            status=Assignment.Status.PLANNED,
        )
    assert Assignment.objects.filter(position=world.position).count() == 1


def test_a_closed_assignment_frees_its_position_for_another(world):
    world.assignment.status = Assignment.Status.TERMINATED
    world.assignment.actual_end = dt.date(2023, 9, 30)
    world.assignment.save()
    AssignmentFactory(
        volunteer=CandidateFactory(nationality=world.country),
        host_entity=world.host,
        duty_station=world.station,
        category=world.category,
        position=world.position,
    )
    assert Assignment.objects.filter(position=world.position).count() == 2


@pytest.mark.parametrize("field", ["planned_end", "actual_end"])
def test_full_clean_names_the_end_that_is_before_the_entry_on_duty(field):
    assignment = AssignmentFactory(entry_on_duty=dt.date(2023, 3, 1), planned_end=dt.date(2023, 12, 31))
    setattr(assignment, field, dt.date(2023, 1, 31))
    with pytest.raises(ValidationError) as excinfo:
        assignment.full_clean()
    assert list(excinfo.value.message_dict) == [field]


def test_end_is_the_actual_end_else_the_planned_end():
    assignment = AssignmentFactory.build(planned_end=dt.date(2024, 2, 29))
    assert assignment.end == dt.date(2024, 2, 29)
    assignment.actual_end = dt.date(2023, 12, 31)
    assert assignment.end == dt.date(2023, 12, 31)
