"""Sending the reminders of planned ends (``mobilize send_reminders``), once each.

Each reminder is written in its own transaction: first its ``Reminder`` row, whose unique
(assignment, kind, planned end) refuses a second copy, then the notifications and the audit
record. A second run finds the row and skips it; a run at the same moment as another waits on the
other's row and then skips it (the insert fails on the constraint and is rolled back to a savepoint).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mobilize.core.audit import audit_record
from mobilize.lifecycle.models import Reminder
from mobilize.lifecycle.selectors.reminders import DueReminder, reminder_recipients, reminders_due
from mobilize.lifecycle.services.common import tell

MESSAGES: dict[str, Any] = {
    Reminder.Kind.THREE_MONTHS: gettext_lazy(
        "%(reference)s (%(volunteer)s) ends on %(end)s, in three months: request an extension or "
        "start the end of assignment."
    ),
    Reminder.Kind.TWO_MONTHS: gettext_lazy(
        "%(reference)s (%(volunteer)s) ends on %(end)s, in two months: request an extension or start "
        "the end of assignment."
    ),
    Reminder.Kind.ESCALATION: gettext_lazy(
        "%(reference)s (%(volunteer)s) ends on %(end)s and nobody has requested an extension or started "
        "the end of assignment."
    ),
}


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    skipped: int
    """Due, but already sent by another run meanwhile."""


def reminder_send(*, due: DueReminder) -> Reminder | None:
    """Send one due reminder; None when it was already sent (by an earlier or a concurrent run)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    assignment=due.assignment, kind=due.kind, planned_end=due.planned_end, due_on=due.due_on
                )
        except IntegrityError:
            return None
        recipients = reminder_recipients(due)
        tell(
            recipients=recipients,
            verb=f"lifecycle.reminder.{due.kind}",
            target=due.assignment,
            assignment=due.assignment,
            message=MESSAGES[due.kind],
            actor=None,
            end=due.planned_end.isoformat(),
        )
        reminder.recipients = len(recipients)
        reminder.save(update_fields=["recipients"])
        audit_record(
            actor=None,
            verb="reminder.sent",
            target=reminder,
            changes={"kind": [None, due.kind], "planned_end": [None, due.planned_end.isoformat()]},
        )
    return reminder


def reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """Send every reminder due on ``today`` (default: today) that was not sent yet."""
    day = today or timezone.localdate()
    sent = skipped = 0
    for due in reminders_due(today=day):
        if reminder_send(due=due) is None:
            skipped += 1
        else:
            sent += 1
    return ReminderRun(sent=sent, skipped=skipped)
