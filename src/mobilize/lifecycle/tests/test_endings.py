"""The end of assignment: checklist, the host's assessment, final clearance and the certificate."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.assignments.models import Assignment
from mobilize.core.errors import ApplicationError
from mobilize.lifecycle.certificates import certificate_available, certificate_html, certificate_pdf
from mobilize.lifecycle.models import ChecklistItem, EndOfAssignment
from mobilize.lifecycle.services import (
    checklist_item_tick,
    end_of_assignment_start,
    final_clearance_grant,
    performance_assess,
    resignation_accept,
    resignation_submit,
)

pytestmark = pytest.mark.django_db


def _complete(end, cast):
    for item in end.items.all():
        checklist_item_tick(item=item, actor=cast["volunteer"])
    return performance_assess(
        end=end, actor=cast["focal"], rating="meets", assessment="Reliable and thorough."
    )


def test_start_opens_the_checklist(cast, world):
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["focal"])
    assert end.last_day == dt.date(2024, 2, 29)
    assert sorted(end.items.values_list("kind", flat=True)) == sorted(ChecklistItem.Kind.values)
    with pytest.raises(ApplicationError):
        end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])


def test_clearance_waits_for_the_checklist_and_the_assessment(cast, world):
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["field_in"])
    checklist_item_tick(item=end.items.get(kind="handover"), actor=cast["volunteer"])
    with pytest.raises(ValidationError) as info:
        final_clearance_grant(end=end, actor=cast["field_in"])
    assert info.value.message_dict == {
        "checklist": [
            "Not done yet: Equipment, badge and documents returned; Host entity checkout signed; "
            "End-of-assignment questionnaire answered."
        ],
        "rating": ["The host has not recorded the performance assessment yet."],
    }
    world.assignment.refresh_from_db()
    assert world.assignment.status == Assignment.Status.ACTIVE


def test_clearance_completes_the_assignment_and_issues_the_certificate(cast, world):
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["focal"])
    _complete(end, cast)
    end = final_clearance_grant(end=end, actor=cast["field_in"])
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == (
        Assignment.Status.COMPLETED,
        dt.date(2024, 2, 29),
    )
    assert end.status == EndOfAssignment.Status.CLEARED
    assert end.certificate_number == f"CERT-2024-{end.pk:06d}"
    assert certificate_available(end)
    html = certificate_html(end=end)
    assert "Vera Volunteer" in html and "1 March 2023" in html and "29 February 2024" in html
    assert certificate_pdf(end=end).startswith(b"%PDF")
    with pytest.raises(ApplicationError):
        checklist_item_tick(item=end.items.first(), actor=cast["volunteer"], done=False)


def test_after_a_resignation_the_end_keeps_the_last_day(cast, world):
    separation = resignation_submit(
        assignment=world.assignment, actor=cast["volunteer"], last_day=dt.date(2023, 9, 15)
    )
    resignation_accept(separation=separation, actor=cast["focal"])
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["focal"])
    assert end.last_day == dt.date(2023, 9, 15)
    _complete(end, cast)
    final_clearance_grant(end=end, actor=cast["hq"])
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == (
        Assignment.Status.TERMINATED,
        dt.date(2023, 9, 15),
    )


def test_roles(cast, world):
    with pytest.raises(PermissionDenied):
        end_of_assignment_start(assignment=world.assignment, actor=cast["volunteer"])
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["recruiter"])
    with pytest.raises(PermissionDenied):
        performance_assess(end=end, actor=cast["field_in"], rating="meets", assessment="x")
    with pytest.raises(PermissionDenied):
        checklist_item_tick(item=end.items.first(), actor=cast["other_volunteer"])
    _complete(end, cast)
    with pytest.raises(PermissionDenied):
        final_clearance_grant(end=end, actor=cast["focal"])
    with pytest.raises(ValidationError):
        performance_assess(end=end, actor=cast["focal"], rating="superb", assessment="x")
