"""Extensions: requested, funded by the host, approved by programme staff; every category rule
refuses with the rule named on ``planned_end`` and leaves nothing behind."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.assignments.models import Assignment
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.lifecycle.models import Extension
from mobilize.lifecycle.services import (
    extension_approve,
    extension_confirm_funding,
    extension_refuse,
    extension_request,
)
from mobilize.notifications.models import Notification
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import CategoryRuleFactory, VolunteerCategoryFactory

pytestmark = pytest.mark.django_db

NEW_END = dt.date(2024, 8, 31)


def _nothing_written():
    assert not Extension.objects.exists()
    assert not AuditRecord.objects.filter(verb__startswith="extension.").exists()


def test_request_fund_approve_moves_the_planned_end(cast, world):
    # when
    extension = extension_request(
        assignment=world.assignment,
        new_planned_end=NEW_END,
        actor=cast["field_in"],
        reason="Project extended",
    )
    # then the host is asked to confirm the funding
    assert extension.status == Extension.Status.REQUESTED
    assert extension.previous_planned_end == dt.date(2024, 2, 29)
    assert list(
        Notification.objects.filter(verb="extension.requested").values_list("recipient__username", flat=True)
    ) == ["focal"]
    # when the host confirms and the field unit approves
    extension = extension_confirm_funding(extension=extension, actor=cast["focal"], note="Budget line 42")
    extension = extension_approve(extension=extension, actor=cast["field_in"])
    # then
    world.assignment.refresh_from_db()
    assert world.assignment.planned_end == NEW_END
    assert extension.status == Extension.Status.APPROVED
    assert extension.decided_by == cast["field_in"]
    assert AuditRecord.objects.filter(verb="assignment.extended", target_id=str(world.assignment.pk)).exists()
    assert set(
        Notification.objects.filter(verb="extension.approved").values_list("recipient__username", flat=True)
    ) == {"volunteer", "focal"}


def test_approval_waits_for_the_funding(cast, world):
    extension = extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["focal"])
    with pytest.raises(ApplicationError, match="funding"):
        extension_approve(extension=extension, actor=cast["hq"])
    world.assignment.refresh_from_db()
    assert world.assignment.planned_end == dt.date(2024, 2, 29)


def test_end_not_later_is_refused(cast, world):
    with pytest.raises(ValidationError) as info:
        extension_request(assignment=world.assignment, new_planned_end=dt.date(2024, 2, 1), actor=cast["hq"])
    assert "later than 2024-02-29" in info.value.message_dict["planned_end"][0]
    _nothing_written()


def test_duration_bound_of_the_category_refuses_naming_the_rule(cast, world):
    # the category allows 30 to 1,461 days; 2023-03-01 to 2027-03-01 is 1,462
    with pytest.raises(ValidationError) as info:
        extension_request(assignment=world.assignment, new_planned_end=dt.date(2027, 3, 1), actor=cast["hq"])
    # both rules it breaks are named: the duration, and the service limit of 1,461 days
    assert info.value.message_dict == {
        "planned_end": [
            "Category rule: the assignment would last 1462 days; the National UN Volunteer Specialist "
            "category allows 30 to 1461 days.",
            "Service limit: 0 days served in other assignments under the national modality and 1462 for "
            "this one with the extension make 1462: the limit is 1461.",
        ]
    }
    _nothing_written()


def test_service_limit_counts_the_other_assignments_of_the_modality(cast, world):
    # given 1,000 days served earlier under the national modality
    AssignmentFactory(
        volunteer=world.volunteer,
        category=world.category,
        duty_station=world.station,
        entry_on_duty=dt.date(2019, 1, 1),
        planned_end=dt.date(2021, 9, 26),
        actual_end=dt.date(2021, 9, 26),
        status=Assignment.Status.COMPLETED,
    )
    # when 2023-03-01 to 2024-08-31 (550 days) is asked: 1,000 + 550 = 1,550 > 1,461
    with pytest.raises(ValidationError) as info:
        extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["hq"])
    assert info.value.message_dict["planned_end"] == [
        "Service limit: 1000 days served in other assignments under the national modality and 550 for "
        "this one with the extension make 1550: the limit is 1461."
    ]
    _nothing_written()
    # and to 2024-05-01 (428 days): 1,428, within the limit
    assert extension_request(
        assignment=world.assignment, new_planned_end=dt.date(2024, 5, 1), actor=cast["hq"]
    )


def test_service_limit_does_not_apply_from_the_exempt_age(cast, world):
    rule = world.category.rule_on(world.assignment.entry_on_duty)
    rule.service_limit_days = 400
    rule.service_limit_exempt_age = 33  # the volunteer (born 1990-05-17) is 33 on 2024-03-01
    rule.save()
    extension = extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["hq"])
    assert extension.status == Extension.Status.REQUESTED


def test_youth_age_bound_holds_through_the_new_end(cast, world):
    # given a youth volunteer born 1997-06-15: 27 on 2024-06-15
    youth = VolunteerCategoryFactory(code="national-youth", name_en="National UN Youth Volunteer", rule=None)
    CategoryRuleFactory(
        category=youth, min_age=18, max_age=26, age_applies_through_end=True, max_duration_days=730
    )
    world.volunteer.date_of_birth = dt.date(1997, 6, 15)
    world.volunteer.save()
    Assignment.objects.filter(pk=world.assignment.pk).update(category=youth)
    # then the day before the birthday is allowed, the birthday refused
    with pytest.raises(ValidationError) as info:
        extension_request(assignment=world.assignment, new_planned_end=dt.date(2024, 6, 15), actor=cast["hq"])
    assert info.value.message_dict["planned_end"] == [
        "Age: age 27 at the new planned end: the National UN Youth Volunteer category takes 18 to 26, "
        "through the planned end."
    ]
    _nothing_written()
    assert extension_request(
        assignment=world.assignment, new_planned_end=dt.date(2024, 6, 14), actor=cast["hq"]
    )


def test_approval_checks_the_rules_again(cast, world):
    extension = extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["focal"])
    extension = extension_confirm_funding(extension=extension, actor=cast["focal"])
    # meanwhile the rule in force changes: at most 400 days
    rule = world.category.rule_on(world.assignment.entry_on_duty)
    rule.max_duration_days = 400
    rule.save()
    with pytest.raises(ValidationError) as info:
        extension_approve(extension=extension, actor=cast["hq"])
    assert "Category rule" in info.value.message_dict["planned_end"][0]
    extension.refresh_from_db()
    world.assignment.refresh_from_db()
    assert extension.status == Extension.Status.FUNDING_CONFIRMED
    assert world.assignment.planned_end == dt.date(2024, 2, 29)


def test_one_extension_in_progress_at_a_time(cast, world):
    extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["focal"])
    with pytest.raises(ApplicationError, match="already has an extension"):
        extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["hq"])
    assert Extension.objects.count() == 1


def test_host_refuses_when_there_is_no_funding(cast, world):
    extension = extension_request(
        assignment=world.assignment, new_planned_end=NEW_END, actor=cast["field_in"]
    )
    with pytest.raises(ValidationError):
        extension_refuse(extension=extension, actor=cast["focal"], note="")
    extension = extension_refuse(extension=extension, actor=cast["focal"], note="No budget")
    assert extension.status == Extension.Status.REFUSED
    # a refused extension frees the assignment for a new request
    assert extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["field_in"])


@pytest.mark.parametrize("who", ["volunteer", "other_focal", "field_out", "auditor", "donor"])
def test_who_may_not_request(cast, world, who):
    with pytest.raises(PermissionDenied):
        extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast[who])
    _nothing_written()


def test_only_the_host_confirms_funding_and_staff_approve(cast, world):
    extension = extension_request(assignment=world.assignment, new_planned_end=NEW_END, actor=cast["hq"])
    with pytest.raises(PermissionDenied):
        extension_confirm_funding(extension=extension, actor=cast["field_in"])
    extension = extension_confirm_funding(extension=extension, actor=cast["focal"])
    with pytest.raises(PermissionDenied):
        extension_approve(extension=extension, actor=cast["focal"])
    assert world.assignment.category.modality == Modality.NATIONAL
