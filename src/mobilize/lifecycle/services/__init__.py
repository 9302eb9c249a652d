"""Writes of the lifecycle, by topic: ``extensions``, ``reminders``, ``separations`` (resignation,
early termination), ``reassignments``, ``endings`` (end of assignment), ``closures`` (consent,
mission closure, redeployment) and ``replays`` (a closure replayed from published figures).
Import from here."""

from mobilize.lifecycle.services.closures import (
    mission_close,
    redeployment_conclude,
    redeployment_consent_give,
    redeployment_record,
)
from mobilize.lifecycle.services.endings import (
    checklist_item_tick,
    end_of_assignment_start,
    final_clearance_grant,
    performance_assess,
)
from mobilize.lifecycle.services.extensions import (
    extension_approve,
    extension_confirm_funding,
    extension_refuse,
    extension_request,
)
from mobilize.lifecycle.services.reassignments import reassignment_answer, reassignment_request
from mobilize.lifecycle.services.reminders import ReminderRun, reminder_send, reminders_send
from mobilize.lifecycle.services.replays import closure_replay
from mobilize.lifecycle.services.separations import (
    resignation_accept,
    resignation_return,
    resignation_submit,
    termination_record,
)

__all__ = [
    "ReminderRun",
    "checklist_item_tick",
    "closure_replay",
    "end_of_assignment_start",
    "extension_approve",
    "extension_confirm_funding",
    "extension_refuse",
    "extension_request",
    "final_clearance_grant",
    "mission_close",
    "performance_assess",
    "reassignment_answer",
    "reassignment_request",
    "redeployment_conclude",
    "redeployment_consent_give",
    "redeployment_record",
    "reminder_send",
    "reminders_send",
    "resignation_accept",
    "resignation_return",
    "resignation_submit",
    "termination_record",
]
