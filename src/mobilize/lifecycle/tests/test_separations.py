"""Resignation (the host accepts or returns it) and early termination, with the leave days owing
worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.assignments.models import Assignment
from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.entitlements.models import LeaveAccrualRate
from mobilize.lifecycle.models import Separation
from mobilize.lifecycle.services import (
    resignation_accept,
    resignation_return,
    resignation_submit,
    termination_record,
)
from mobilize.notifications.models import Notification

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2023, 9, 15)


@pytest.fixture
def leave_rate(db):
    """Entitlements' leave accrual for national volunteers: 2.5 days a month since October 2021."""
    return LeaveAccrualRate.objects.create(
        modality="national", days_per_month=Decimal("2.5"), effective_from=dt.date(2021, 10, 1)
    )


def test_resignation_works_out_the_leave_owing_from_the_entitlements_table(cast, world, leave_rate):
    # Entry on duty 2023-03-01, last day 2023-09-15, 2.5 days a month. March to August,
    # 6 x 2.5 = 15.00; September, 15 of 30 days, 2.5 x 15 / 30 = 1.25; 16.25 accrued, 10 taken,
    # 6.25 owing.
    separation = resignation_submit(
        assignment=world.assignment,
        actor=cast["volunteer"],
        last_day=LAST_DAY,
        reason="Family reasons",
        leave_taken_days=Decimal("10"),
    )
    assert (separation.leave_rate, separation.leave_accrued_days, separation.leave_owing_days) == (
        Decimal("2.5"),
        Decimal("16.25"),
        Decimal("6.25"),
    )
    assert separation.status == Separation.Status.SUBMITTED
    assert list(
        Notification.objects.filter(verb="resignation.submitted").values_list(
            "recipient__username", flat=True
        )
    ) == ["focal"]
    world.assignment.refresh_from_db()
    assert world.assignment.status == Assignment.Status.ACTIVE


def test_leave_comes_from_the_entitlements_table_with_a_change_of_rate(cast, world):
    # 2.0 days a month until 30 June 2023, 3.0 from 1 July: March to June 4 x 2 = 8; July and August
    # 2 x 3 = 6; September 3 x 15 / 30 = 1.5; 15.50 accrued.
    LeaveAccrualRate.objects.create(
        modality="national",
        days_per_month=Decimal("2.0"),
        effective_from=dt.date(2021, 10, 1),
        effective_to=dt.date(2023, 6, 30),
    )
    LeaveAccrualRate.objects.create(
        modality="national", days_per_month=Decimal("3.0"), effective_from=dt.date(2023, 7, 1)
    )
    separation = resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)
    assert (separation.leave_rate, separation.leave_accrued_days, separation.leave_owing_days) == (
        Decimal("3.00"),
        Decimal("15.50"),
        Decimal("15.50"),
    )


def test_without_a_leave_rate_in_force_the_leave_figures_are_left_out(cast, world):
    # The rate starts after the entry on duty (2023-03-01): no figure is guessed for the gap.
    LeaveAccrualRate.objects.create(
        modality="national", days_per_month=Decimal("2.5"), effective_from=dt.date(2023, 6, 1)
    )
    separation = resignation_submit(
        assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY, leave_taken_days=Decimal("3")
    )
    separation.refresh_from_db()
    assert (
        separation.leave_rate,
        separation.leave_accrued_days,
        separation.leave_taken_days,
        separation.leave_owing_days,
    ) == (None, None, Decimal("3.00"), None)
    assert separation.status == Separation.Status.SUBMITTED


def test_more_leave_taken_than_earned_owes_nothing(cast, world, leave_rate):
    separation = resignation_submit(
        assignment=world.assignment,
        actor=cast["volunteer"],
        last_day=LAST_DAY,
        leave_taken_days=Decimal("20"),
    )
    assert separation.leave_owing_days == Decimal("0.00")


def test_host_accepts_and_the_assignment_ends_early(cast, world):
    separation = resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)
    separation = resignation_accept(separation=separation, actor=cast["focal"])
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == (Assignment.Status.TERMINATED, LAST_DAY)
    assert separation.status == Separation.Status.ACCEPTED
    assert AuditRecord.objects.filter(verb="assignment.resigned").count() == 1
    assert Notification.objects.filter(verb="resignation.accepted", recipient=cast["volunteer"]).exists()


def test_host_returns_it_with_a_reason_and_nothing_ends(cast, world):
    separation = resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)
    with pytest.raises(ValidationError) as info:
        resignation_return(separation=separation, actor=cast["focal"], note=" ")
    assert list(info.value.message_dict) == ["note"]
    separation = resignation_return(
        separation=separation, actor=cast["focal"], note="Talk to your supervisor"
    )
    assert separation.status == Separation.Status.RETURNED
    world.assignment.refresh_from_db()
    assert world.assignment.status == Assignment.Status.ACTIVE
    # returned: the volunteer may resign again
    assert resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)


def test_last_day_after_the_planned_end_is_refused(cast, world):
    with pytest.raises(ValidationError) as info:
        resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=dt.date(2024, 3, 1))
    assert info.value.message_dict == {
        "last_day": ["The last day cannot be after the planned end, 2024-02-29."]
    }
    assert not Separation.objects.exists()


def test_one_resignation_waiting_at_a_time(cast, world):
    resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)
    with pytest.raises(ApplicationError):
        resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)
    with pytest.raises(ApplicationError):
        termination_record(
            assignment=world.assignment, actor=cast["hq"], last_day=LAST_DAY, reason="Misconduct"
        )
    assert Separation.objects.count() == 1


@pytest.mark.parametrize("who", ["other_volunteer", "focal", "field_in", "recruiter", "donor"])
def test_only_the_volunteer_or_hq_resigns(cast, world, who):
    with pytest.raises(PermissionDenied):
        resignation_submit(assignment=world.assignment, actor=cast[who], last_day=LAST_DAY)


@pytest.mark.parametrize("who", ["volunteer", "other_focal", "field_out", "recruiter"])
def test_who_may_not_accept(cast, world, who):
    separation = resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=LAST_DAY)
    with pytest.raises(PermissionDenied):
        resignation_accept(separation=separation, actor=cast[who])


def test_early_termination_ends_at_once(cast, world, leave_rate):
    separation = termination_record(
        assignment=world.assignment,
        actor=cast["recruiter"],
        last_day=dt.date(2023, 12, 31),
        reason="Misconduct",
    )
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == (
        Assignment.Status.TERMINATED,
        dt.date(2023, 12, 31),
    )
    assert (separation.kind, separation.status, separation.reason) == (
        "termination",
        "accepted",
        "Misconduct",
    )
    # March to December: 10 x 2.5
    assert separation.leave_accrued_days == Decimal("25.00")
    assert set(
        Notification.objects.filter(verb="termination.recorded").values_list("recipient__username", flat=True)
    ) == {
        "volunteer",
        "focal",
        "field_in",
    }


def test_termination_needs_a_reason_and_the_right_role(cast, world):
    with pytest.raises(ValidationError) as info:
        termination_record(assignment=world.assignment, actor=cast["hq"], last_day=LAST_DAY, reason="")
    assert list(info.value.message_dict) == ["reason"]
    with pytest.raises(PermissionDenied):
        termination_record(assignment=world.assignment, actor=cast["field_in"], last_day=LAST_DAY, reason="x")
    assert not Separation.objects.exists()
    world.assignment.refresh_from_db()
    assert world.assignment.status == Assignment.Status.ACTIVE
