"""Writes of recruitment, by topic: ``applications`` (apply, withdraw, invite, add from the pool,
shortlist, clearances, submit to the host, assess, select) and ``offers`` (offers, onboarding,
entry on duty). Import from here."""

from mobilize.recruitment.services.applications import (
    MAX_SHORTLIST_PER_POSITION,
    application_invite,
    application_select,
    application_shortlist,
    application_source,
    application_submit,
    application_submit_to_host,
    application_withdraw,
    assessment_record,
    clearance_decide,
)
from mobilize.recruitment.services.offers import (
    offer_accept,
    offer_decline,
    offer_enter_on_duty,
    offer_expire_overdue,
    offer_make,
    offer_withdraw,
    onboarding_task_return,
    onboarding_task_submit,
    onboarding_task_verify,
)

__all__ = [
    "MAX_SHORTLIST_PER_POSITION",
    "application_invite",
    "application_select",
    "application_shortlist",
    "application_source",
    "application_submit",
    "application_submit_to_host",
    "application_withdraw",
    "assessment_record",
    "clearance_decide",
    "offer_accept",
    "offer_decline",
    "offer_enter_on_duty",
    "offer_expire_overdue",
    "offer_make",
    "offer_withdraw",
    "onboarding_task_return",
    "onboarding_task_submit",
    "onboarding_task_verify",
]
