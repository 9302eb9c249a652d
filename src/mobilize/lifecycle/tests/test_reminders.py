"""Reminders of the planned end: three and two months before, an escalation at fifteen days when
nobody acted; each once per planned end, however often or concurrently the command runs."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from mobilize.assignments.models import Assignment
from mobilize.core.models import AuditRecord
from mobilize.lifecycle.models import Reminder
from mobilize.lifecycle.selectors import reminders_due
from mobilize.lifecycle.services import (
    end_of_assignment_start,
    extension_approve,
    extension_confirm_funding,
    extension_request,
    reminder_send,
    reminders_send,
)
from mobilize.notifications.models import Notification

pytestmark = pytest.mark.django_db

# The world's assignment ends on 2024-02-29.
THREE_MONTHS = dt.date(2023, 11, 29)
TWO_MONTHS = dt.date(2023, 12, 29)
ESCALATION = dt.date(2024, 2, 14)


@pytest.fixture
def only_world_assignment(world):
    # The other assignment of the world ends the same day; move it out of the way.
    Assignment.objects.filter(pk=world.other_assignment.pk).update(planned_end=dt.date(2026, 12, 31))
    return world.assignment


def _told(verb):
    return sorted(Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True))


def test_nothing_is_due_before_three_months(cast, only_world_assignment):
    assert reminders_due(today=THREE_MONTHS - dt.timedelta(days=1)) == []


def test_three_months_reminder_runs_twice_sends_once(cast, only_world_assignment):
    out = StringIO()
    call_command("send_reminders", "--today", THREE_MONTHS.isoformat(), stdout=out)
    call_command("send_reminders", "--today", THREE_MONTHS.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        "1 reminder(s) sent, 0 already sent.",
        "0 reminder(s) sent, 0 already sent.",
    ]
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.planned_end, reminder.due_on) == (
        Reminder.Kind.THREE_MONTHS,
        dt.date(2024, 2, 29),
        THREE_MONTHS,
    )
    # the host's focal point and the field unit of the country, once each
    assert _told("lifecycle.reminder.three_months") == ["field_in", "focal"]
    assert reminder.recipients == 2
    assert AuditRecord.objects.filter(verb="reminder.sent").count() == 1


def test_a_second_copy_is_refused_by_the_constraint(cast, only_world_assignment):
    # two runs that both found the reminder due (at the same moment): only one sends it
    (due,) = reminders_due(today=THREE_MONTHS)
    assert reminder_send(due=due) is not None
    assert reminder_send(due=due) is None
    assert Reminder.objects.count() == 1
    assert _told("lifecycle.reminder.three_months") == ["field_in", "focal"]


def test_two_months_after_three(cast, only_world_assignment):
    reminders_send(today=THREE_MONTHS)
    assert reminders_send(today=TWO_MONTHS).sent == 1
    assert list(Reminder.objects.order_by("due_on").values_list("kind", flat=True)) == [
        "three_months",
        "two_months",
    ]


def test_when_both_are_due_only_the_two_months_one_is_sent(cast, only_world_assignment):
    run = reminders_send(today=dt.date(2024, 1, 5))
    assert run.sent == 1
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["two_months"]


def test_escalation_when_nobody_acted(cast, only_world_assignment):
    reminders_send(today=THREE_MONTHS)
    reminders_send(today=TWO_MONTHS)
    assert reminders_send(today=ESCALATION - dt.timedelta(days=1)).sent == 0
    assert reminders_send(today=ESCALATION).sent == 1
    assert _told("lifecycle.reminder.escalation") == ["field_in", "hq"]
    assert reminders_send(today=ESCALATION).sent == 0


def test_no_escalation_once_the_end_of_assignment_started(cast, only_world_assignment):
    end_of_assignment_start(assignment=only_world_assignment, actor=cast["focal"])
    assert [r.kind for r in reminders_due(today=ESCALATION)] == ["two_months"]


def test_no_escalation_while_an_extension_is_in_progress(cast, only_world_assignment):
    extension_request(
        assignment=only_world_assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["focal"]
    )
    reminders_send(today=TWO_MONTHS)
    assert reminders_due(today=ESCALATION) == []


def test_an_extended_end_gets_its_own_reminders(cast, only_world_assignment):
    reminders_send(today=THREE_MONTHS)
    reminders_send(today=TWO_MONTHS)
    extension = extension_request(
        assignment=only_world_assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["focal"]
    )
    extension_approve(
        extension=extension_confirm_funding(extension=extension, actor=cast["focal"]), actor=cast["hq"]
    )
    # nothing is due for the new end until three months before it ...
    assert reminders_send(today=ESCALATION).sent == 0
    # ... and then its reminders come, once each
    assert reminders_send(today=dt.date(2024, 5, 31)).sent == 1
    assert reminders_send(today=dt.date(2024, 5, 31)).sent == 0
    assert reminders_send(today=dt.date(2024, 6, 30)).sent == 1
    assert list(Reminder.objects.order_by("due_on").values_list("kind", "planned_end")) == [
        ("three_months", dt.date(2024, 2, 29)),
        ("two_months", dt.date(2024, 2, 29)),
        ("three_months", dt.date(2024, 8, 31)),
        ("two_months", dt.date(2024, 8, 31)),
    ]


def test_closed_assignments_get_no_reminder(cast, only_world_assignment):
    Assignment.objects.filter(pk=only_world_assignment.pk).update(
        status=Assignment.Status.COMPLETED, actual_end=dt.date(2023, 11, 1)
    )
    assert reminders_send(today=TWO_MONTHS).sent == 0


def test_bad_day_is_a_command_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today"):
        call_command("send_reminders", "--today", "2024-02-30")
