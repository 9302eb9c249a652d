"""The category rules an extension must still meet, in words: the rule in force on the entry on
duty (the contract's rule, as ``assignments.services`` checks the duration) bounds the new
duration; the service limit counts every day served under the modality; a youth category's age
bound holds through the new planned end. The rule is named the way matching names it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from mobilize.assignments.models import Assignment
from mobilize.matching.rules import REASON_LABELS
from mobilize.talent.models import age_on


def volunteer_days_served(
    *, volunteer_id: int, modality: str, exclude_assignment_id: int | None = None
) -> int:
    """Days a volunteer served (or is planned to serve) under ``modality``, counted as matching
    counts them: every assignment not cancelled, from entry on duty to its end (actual, else
    planned), both days included."""
    qs = Assignment.objects.filter(volunteer_id=volunteer_id, modality=modality).exclude(
        status=Assignment.Status.CANCELLED
    )
    if exclude_assignment_id is not None:
        qs = qs.exclude(pk=exclude_assignment_id)
    rows = qs.values_list("entry_on_duty", "planned_end", "actual_end")
    return sum(((actual or planned) - start).days + 1 for start, planned, actual in rows)


def _named(code: str, message: str) -> str:
    return _("%(rule)s: %(reason)s") % {"rule": REASON_LABELS[code], "reason": message}


def extension_errors(*, assignment: Assignment, new_planned_end: dt.date) -> dict[str, list[str]]:
    """Every rule the new planned end breaks, on ``planned_end`` (empty: the extension may go on)."""
    messages: list[str] = []
    category = assignment.category
    if not assignment.is_open:
        return {"planned_end": [_("Only a planned or serving assignment is extended.")]}
    if new_planned_end <= assignment.planned_end:
        return {
            "planned_end": [
                _("An extension moves the planned end later than %(end)s.")
                % {"end": assignment.planned_end.isoformat()}
            ]
        }
    rule = category.rule_on(assignment.entry_on_duty)
    if rule is None:
        message = _("No eligibility rule of the %(category)s category is in force on %(date)s.") % {
            "category": category,
            "date": assignment.entry_on_duty.isoformat(),
        }
        return {"planned_end": [_named("rule", message)]}
    days = (new_planned_end - assignment.entry_on_duty).days + 1
    if not rule.min_duration_days <= days <= rule.max_duration_days:
        message = _(
            "the assignment would last %(days)d days; the %(category)s category allows %(min)d to "
            "%(max)d days."
        ) % {"days": days, "category": category, "min": rule.min_duration_days, "max": rule.max_duration_days}
        messages.append(_named("rule", message))
    born = assignment.volunteer.date_of_birth
    if rule.service_limit_days is not None:
        extension_starts = assignment.planned_end + dt.timedelta(days=1)
        age = age_on(born, extension_starts)
        exempt = rule.service_limit_exempt_age is not None and age >= rule.service_limit_exempt_age
        if not exempt:
            served = volunteer_days_served(
                volunteer_id=assignment.volunteer_id,
                modality=assignment.modality,
                exclude_assignment_id=assignment.pk,
            )
            total = served + days
            if total > rule.service_limit_days:
                if assignment.modality == "national":
                    message = _(
                        "%(served)s days served in other assignments under the national modality and "
                        "%(days)s for this one with the extension make %(total)s: the limit is %(limit)s."
                    )
                else:
                    message = _(
                        "%(served)s days served in other assignments under the international modality and "
                        "%(days)s for this one with the extension make %(total)s: the limit is %(limit)s."
                    )
                values = {"served": served, "days": days, "total": total, "limit": rule.service_limit_days}
                messages.append(_named("service_limit", message % values))
    if rule.max_age is not None and rule.age_applies_through_end:
        age_at_end = age_on(born, new_planned_end)
        if age_at_end > rule.max_age:
            message = _(
                "age %(age)s at the new planned end: the %(category)s category takes %(min)s to %(max)s, "
                "through the planned end."
            ) % {"age": age_at_end, "category": category, "min": rule.min_age, "max": rule.max_age}
            messages.append(_named("age", message))
    return {"planned_end": messages} if messages else {}
