"""Reads of the lifecycle, by topic: ``lists`` (scoped records for pages and the API), ``rules``
(what an extension must still meet), ``reminders`` (what is due on a day), ``closures`` (the
preview of a mission closure), ``rates`` (leave accrual and the cost of ending early). Import from
here."""

from mobilize.lifecycle.selectors.closures import (
    ClosureLine,
    ClosurePreview,
    RedeploymentOption,
    closure_lines,
    mission_closure_preview,
    redeployment_positions,
)
from mobilize.lifecycle.selectors.links import lifecycle_url
from mobilize.lifecycle.selectors.lists import (
    AssignmentLifecycle,
    assignment_lifecycle,
    assignments_ending,
    closure_lines_ended,
    closure_list,
    end_of_assignment_list,
    extension_list,
    my_assignments,
    reassignment_list,
    redeployment_list,
    separation_list,
)
from mobilize.lifecycle.selectors.rates import (
    CostImpact,
    Leave,
    closure_cost_impact,
    closure_costs,
    completed_months,
    leave_owing,
    months_before,
    months_between,
)
from mobilize.lifecycle.selectors.reminders import DueReminder, reminder_recipients, reminders_due
from mobilize.lifecycle.selectors.rules import extension_errors, volunteer_days_served
from mobilize.lifecycle.selectors.tasks import lifecycle_tasks_for

__all__ = [
    "AssignmentLifecycle",
    "ClosureLine",
    "ClosurePreview",
    "CostImpact",
    "DueReminder",
    "Leave",
    "RedeploymentOption",
    "assignment_lifecycle",
    "assignments_ending",
    "closure_cost_impact",
    "closure_costs",
    "closure_lines",
    "closure_lines_ended",
    "closure_list",
    "completed_months",
    "end_of_assignment_list",
    "extension_errors",
    "extension_list",
    "leave_owing",
    "lifecycle_tasks_for",
    "lifecycle_url",
    "mission_closure_preview",
    "months_before",
    "months_between",
    "my_assignments",
    "reassignment_list",
    "redeployment_list",
    "redeployment_positions",
    "reminder_recipients",
    "reminders_due",
    "separation_list",
    "volunteer_days_served",
]
