"""The rules of making and editing an assignment, at the service."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import assignment_create, assignment_update
from mobilize.core.errors import ApplicationError, StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.requests.models import Position
from mobilize.requests.tests.factories import PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

Status = Assignment.Status


def _create(world, actor, **overrides):
    args = {
        "volunteer": CandidateFactory(given_name="Nadia", family_name="Njeri", nationality=world.country),
        "category": world.category,
        "host_entity": world.host,
        "duty_station": world.station,
        "funding_type": "host",
        "entry_on_duty": dt.date(2024, 1, 1),
        "planned_end": dt.date(2024, 12, 31),
        "actor": actor,
    }
    args.update(overrides)
    return assignment_create(**args)


def _international_category():
    return VolunteerCategoryFactory(
        code="international-specialist",
        name_en="International UN Volunteer Specialist",
        modality="international",
    )


def _nothing_written(before_count):
    return (
        Assignment.objects.count() == before_count
        and not AuditRecord.objects.filter(verb="assignment.created").exists()
    )


# --- create ---------------------------------------------------------------------------------


def test_create_derives_the_snapshots_and_names_the_reference(world, cast):
    # when
    assignment = _create(world, cast["hq"])
    # then
    assignment.refresh_from_db()
    assert assignment.reference == f"ASG-2024-{assignment.pk:06d}"
    assert assignment.duty_country == world.country
    assert assignment.nationality == world.country
    assert assignment.home_country == world.country
    assert assignment.displacement == "none"
    assert assignment.modality == Modality.NATIONAL
    assert assignment.status == Status.ACTIVE
    assert assignment.version == 1
    record = AuditRecord.objects.get(verb="assignment.created")
    assert record.target_id == str(assignment.pk)
    assert record.actor == cast["hq"]
    assert record.changes["reference"] == [None, assignment.reference]


def test_create_with_an_entry_on_duty_ahead_is_planned(world, cast):
    start = timezone.localdate() + dt.timedelta(days=10)
    assignment = _create(
        world, cast["recruiter"], entry_on_duty=start, planned_end=start + dt.timedelta(days=364)
    )
    assert assignment.status == Status.PLANNED


def test_refugee_in_the_country_of_residence_serves_as_a_national(world, cast):
    # given a Peruvian refugee living in Kenya
    refugee = CandidateFactory(
        nationality=world.other_country, residence=world.country, displacement="refugee"
    )
    # when
    assignment = _create(world, cast["hq"], volunteer=refugee)
    # then
    assert assignment.modality == Modality.NATIONAL
    assert assignment.home_country == world.country
    assert assignment.nationality == world.other_country
    assert assignment.displacement == "refugee"


def test_international_volunteer_gets_an_international_category(world, cast):
    peruvian = CandidateFactory(nationality=world.other_country)
    assignment = _create(world, cast["hq"], volunteer=peruvian, category=_international_category())
    assert assignment.modality == Modality.INTERNATIONAL


def test_national_category_for_someone_abroad_is_refused_naming_category(world, cast):
    # given a Peruvian in Nairobi under a national category
    before = Assignment.objects.count()
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["hq"], volunteer=CandidateFactory(nationality=world.other_country))
    assert list(excinfo.value.message_dict) == ["category"]
    assert "is a national category, but the volunteer would not serve in their own country" in str(
        excinfo.value.message_dict["category"][0]
    )
    assert _nothing_written(before)


def test_international_category_in_the_home_country_is_refused_naming_category(world, cast):
    before = Assignment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["hq"], category=_international_category())
    assert list(excinfo.value.message_dict) == ["category"]
    assert "is an international category" in excinfo.value.message_dict["category"][0]
    assert _nothing_written(before)


@pytest.mark.parametrize(
    ("planned_end", "days"), [(dt.date(2024, 1, 29), 29), (dt.date(2028, 1, 1), 1462)], ids=["short", "long"]
)
def test_duration_outside_the_category_rule_is_refused_naming_planned_end(world, cast, planned_end, days):
    # given the rule in force allows 30 to 1461 days
    before = Assignment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["hq"], planned_end=planned_end)
    assert list(excinfo.value.message_dict) == ["planned_end"]
    assert f"would last {days} days" in excinfo.value.message_dict["planned_end"][0]
    assert "30 to 1461 days" in excinfo.value.message_dict["planned_end"][0]
    assert _nothing_written(before)


@pytest.mark.parametrize("days", [30, 1461])
def test_duration_at_the_bounds_of_the_rule_is_accepted(world, cast, days):
    start = dt.date(2024, 1, 1)
    assignment = _create(world, cast["hq"], planned_end=start + dt.timedelta(days=days - 1))
    assert (assignment.planned_end - assignment.entry_on_duty).days + 1 == days


def test_entry_on_duty_without_a_rule_in_force_is_refused_naming_category(world, cast):
    # the only rule starts on 1 October 2021
    before = Assignment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["hq"], entry_on_duty=dt.date(2021, 9, 1), planned_end=dt.date(2022, 8, 31))
    assert list(excinfo.value.message_dict) == ["category"]
    assert "no eligibility rule in force on 2021-09-01" in excinfo.value.message_dict["category"][0]
    assert _nothing_written(before)


def test_end_before_start_is_refused_naming_planned_end(world, cast):
    before = Assignment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["hq"], planned_end=dt.date(2023, 12, 31))
    assert list(excinfo.value.message_dict) == ["planned_end"]
    assert excinfo.value.message_dict["planned_end"] == [
        "The planned end cannot be before the entry on duty."
    ]
    assert _nothing_written(before)


def test_create_with_a_position_fills_it(world, cast):
    # given an open position of the world's DoA
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    # when
    assignment = _create(world, cast["hq"], position=position)
    # then
    position.refresh_from_db()
    assert assignment.position == position
    assert position.status == Position.Status.FILLED
    assert position.version == 2
    assert AuditRecord.objects.filter(verb="position.filled", target_id=str(position.pk)).count() == 1


def test_a_second_create_for_the_same_position_is_a_conflict(world, cast):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    _create(world, cast["hq"], position=position)
    before = Assignment.objects.count()
    # when / then
    with pytest.raises(ApplicationError) as excinfo:
        _create(world, cast["hq"], position=position)
    assert excinfo.value.field == "position"
    assert Assignment.objects.count() == before


def test_a_position_with_an_open_assignment_is_a_conflict_even_if_marked_open(world, cast):
    # world.position is still marked open, but world.assignment serves it
    before = Assignment.objects.count()
    with pytest.raises(ApplicationError, match="not open"):
        _create(world, cast["hq"], position=world.position)
    assert Assignment.objects.count() == before


@pytest.mark.parametrize("field", ["host_entity", "category", "duty_station"])
def test_a_position_must_match_the_assignment(world, cast, field):
    # given an open position of the world's DoA (host A, national category, Nairobi)
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    other = {
        "host_entity": HostEntityFactory(acronym="HOSTC"),
        "category": VolunteerCategoryFactory(
            code="national-youth", name_en="National youth", modality="national"
        ),
        "duty_station": DutyStationFactory(name="Mombasa", country=world.country),
    }[field]
    before = Assignment.objects.count()
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["hq"], position=position, **{field: other})
    assert list(excinfo.value.message_dict) == [field]
    position.refresh_from_db()
    assert position.status == Position.Status.OPEN
    assert Assignment.objects.count() == before


def test_field_unit_creates_in_its_countries_only(world, cast):
    # a Peruvian volunteer placed in Nairobi by the field unit for Peru
    before = Assignment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(world, cast["field_out"], volunteer=CandidateFactory(nationality=world.other_country))
    assert list(excinfo.value.message_dict) == ["duty_station"]
    assert Assignment.objects.count() == before
    assert _create(world, cast["field_in"]).duty_country == world.country


@pytest.mark.parametrize("who", ["auditor", "focal", "volunteer", "donor"])
def test_others_may_not_create(world, cast, who):
    before = Assignment.objects.count()
    with pytest.raises(PermissionDenied):
        _create(world, cast[who])
    assert Assignment.objects.count() == before


# --- update ---------------------------------------------------------------------------------


@pytest.fixture
def hq(cast):
    return cast["hq"]


def test_update_changes_the_fields_bumps_the_version_and_audits(world, hq):
    # given world.assignment (serving, version 1)
    # when
    updated = assignment_update(
        assignment=world.assignment,
        data={"planned_end": dt.date(2024, 6, 30), "funding_type": "svf"},
        expected_version=1,
        actor=hq,
    )
    # then
    updated.refresh_from_db()
    assert updated.planned_end == dt.date(2024, 6, 30)
    assert updated.funding_type == "svf"
    assert updated.version == 2
    record = AuditRecord.objects.get(verb="assignment.updated")
    assert record.changes == {"planned_end": ["2024-02-29", "2024-06-30"], "funding_type": ["host", "svf"]}


def test_update_without_a_change_writes_nothing(world, hq):
    updated = assignment_update(
        assignment=world.assignment, data={"funding_type": "host"}, expected_version=1, actor=hq
    )
    assert updated.version == 1
    assert not AuditRecord.objects.exists()


def test_update_on_a_stale_version_is_refused_and_changes_nothing(world, hq):
    assignment_update(assignment=world.assignment, data={"funding_type": "svf"}, expected_version=1, actor=hq)
    with pytest.raises(StaleObjectError):
        assignment_update(
            assignment=world.assignment,
            data={"planned_end": dt.date(2024, 6, 30)},
            expected_version=1,
            actor=hq,
        )
    world.assignment.refresh_from_db()
    assert world.assignment.planned_end == dt.date(2024, 2, 29)
    assert world.assignment.version == 2


@pytest.mark.parametrize("field", ["planned_end", "actual_end"])
def test_update_with_an_end_before_start_is_refused_naming_it(world, hq, field):
    data = {"planned_end": dt.date(2023, 2, 1)}
    if field == "actual_end":
        data = {"status": Status.COMPLETED, "actual_end": dt.date(2023, 2, 1)}
    with pytest.raises(ValidationError) as excinfo:
        assignment_update(assignment=world.assignment, data=data, expected_version=1, actor=hq)
    assert list(excinfo.value.message_dict) == [field]
    world.assignment.refresh_from_db()
    assert world.assignment.version == 1
    assert world.assignment.status == Status.ACTIVE
    assert not AuditRecord.objects.exists()


def test_update_keeps_the_planned_duration_within_the_rule(world, hq):
    with pytest.raises(ValidationError) as excinfo:
        assignment_update(
            assignment=world.assignment,
            data={"planned_end": dt.date(2027, 3, 1)},
            expected_version=1,
            actor=hq,
        )
    assert list(excinfo.value.message_dict) == ["planned_end"]


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.TERMINATED])
def test_ending_needs_the_actual_end(world, hq, status):
    with pytest.raises(ValidationError) as excinfo:
        assignment_update(assignment=world.assignment, data={"status": status}, expected_version=1, actor=hq)
    assert list(excinfo.value.message_dict) == ["actual_end"]
    updated = assignment_update(
        assignment=world.assignment,
        data={"status": status, "actual_end": dt.date(2023, 12, 15)},
        expected_version=1,
        actor=hq,
    )
    assert (updated.status, updated.actual_end) == (status, dt.date(2023, 12, 15))


def test_actual_end_is_only_for_an_ended_assignment(world, hq):
    with pytest.raises(ValidationError) as excinfo:
        assignment_update(
            assignment=world.assignment,
            data={"actual_end": dt.date(2023, 12, 15)},
            expected_version=1,
            actor=hq,
        )
    assert list(excinfo.value.message_dict) == ["actual_end"]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.ACTIVE, Status.PLANNED),
        (Status.ACTIVE, Status.CANCELLED),
        (Status.PLANNED, Status.COMPLETED),
        (Status.PLANNED, Status.TERMINATED),
    ],
)
def test_status_moves_not_allowed_are_conflicts(world, hq, start, target):
    Assignment.objects.filter(pk=world.assignment.pk).update(status=start)
    data = {"status": target}
    if target in (Status.COMPLETED, Status.TERMINATED):
        data["actual_end"] = dt.date(2023, 12, 15)
    with pytest.raises(ApplicationError) as excinfo:
        assignment_update(assignment=world.assignment, data=data, expected_version=1, actor=hq)
    assert excinfo.value.field == "status"
    world.assignment.refresh_from_db()
    assert world.assignment.status == start


def test_planned_becomes_active(world, hq):
    Assignment.objects.filter(pk=world.assignment.pk).update(status=Status.PLANNED)
    updated = assignment_update(
        assignment=world.assignment, data={"status": Status.ACTIVE}, expected_version=1, actor=hq
    )
    assert updated.status == Status.ACTIVE


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.TERMINATED, Status.CANCELLED])
def test_a_closed_assignment_is_not_edited(world, hq, status):
    Assignment.objects.filter(pk=world.assignment.pk).update(
        status=status, actual_end=None if status == Status.CANCELLED else dt.date(2024, 2, 29)
    )
    with pytest.raises(ApplicationError, match="can no longer be edited"):
        assignment_update(
            assignment=world.assignment, data={"funding_type": "svf"}, expected_version=1, actor=hq
        )
    world.assignment.refresh_from_db()
    assert world.assignment.funding_type == "host"


def test_cancelling_a_planned_assignment_reopens_its_position(world, hq):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    start = timezone.localdate() + dt.timedelta(days=30)
    planned = _create(
        world, hq, position=position, entry_on_duty=start, planned_end=start + dt.timedelta(days=364)
    )
    # when
    assignment_update(assignment=planned, data={"status": Status.CANCELLED}, expected_version=1, actor=hq)
    # then the position can be filled again
    position.refresh_from_db()
    assert position.status == Position.Status.OPEN
    assert _create(
        world, hq, position=position, entry_on_duty=start, planned_end=start + dt.timedelta(days=364)
    )


def test_fields_other_than_the_editable_ones_are_refused(world, hq):
    with pytest.raises(ValidationError) as excinfo:
        assignment_update(
            assignment=world.assignment,
            data={"entry_on_duty": dt.date(2023, 1, 1)},
            expected_version=1,
            actor=hq,
        )
    assert list(excinfo.value.message_dict) == ["entry_on_duty"]


@pytest.mark.parametrize("who", ["auditor", "focal", "volunteer"])
def test_who_may_not_update(world, cast, who):
    with pytest.raises(PermissionDenied):
        assignment_update(
            assignment=world.assignment, data={"funding_type": "svf"}, expected_version=1, actor=cast[who]
        )
    world.assignment.refresh_from_db()
    assert world.assignment.funding_type == "host"


def test_field_unit_updates_in_its_countries(world, cast):
    updated = assignment_update(
        assignment=world.assignment, data={"funding_type": "svf"}, expected_version=1, actor=cast["field_in"]
    )
    assert updated.funding_type == "svf"
    with pytest.raises(PermissionDenied):
        assignment_update(
            assignment=world.assignment,
            data={"funding_type": "host"},
            expected_version=2,
            actor=cast["field_out"],
        )
