"""The recruitment pages, by who uses them: ``candidate`` (opportunities, applying, my
applications, invitations, offers and onboarding), ``staff`` (the sourcing board, a DoA's
recruitment, the recruiters' actions), ``host`` (candidates to assess, the assessment, the
choice), ``offers`` (an offer, its letter and its onboarding tasks); ``pages`` builds the pages
the actions come back to (and shows an application)."""

from mobilize.recruitment.views.candidate import (
    application_create_view,
    application_withdraw_view,
    my_applications_view,
    my_invitations_view,
    my_offers_view,
    my_onboarding_view,
    opportunity_detail_view,
    opportunity_list_view,
)
from mobilize.recruitment.views.host import (
    application_select_view,
    assessment_view,
    host_candidates_view,
)
from mobilize.recruitment.views.offers import (
    offer_accept_view,
    offer_decline_view,
    offer_detail_view,
    offer_enter_on_duty_view,
    offer_letter_view,
    offer_withdraw_view,
    onboarding_document_view,
    onboarding_task_return_view,
    onboarding_task_verify_view,
    onboarding_task_view,
)
from mobilize.recruitment.views.pages import application_detail_view
from mobilize.recruitment.views.staff import (
    application_invite_view,
    application_shortlist_view,
    application_source_view,
    application_submit_to_host_view,
    clearance_decide_view,
    doa_recruitment_view,
    offer_create_view,
    sourcing_board_view,
)

__all__ = [
    "application_create_view",
    "application_detail_view",
    "application_invite_view",
    "application_select_view",
    "application_shortlist_view",
    "application_source_view",
    "application_submit_to_host_view",
    "application_withdraw_view",
    "assessment_view",
    "clearance_decide_view",
    "doa_recruitment_view",
    "host_candidates_view",
    "my_applications_view",
    "my_invitations_view",
    "my_offers_view",
    "my_onboarding_view",
    "offer_accept_view",
    "offer_create_view",
    "offer_decline_view",
    "offer_detail_view",
    "offer_enter_on_duty_view",
    "offer_letter_view",
    "offer_withdraw_view",
    "onboarding_document_view",
    "onboarding_task_return_view",
    "onboarding_task_verify_view",
    "onboarding_task_view",
    "opportunity_detail_view",
    "opportunity_list_view",
    "sourcing_board_view",
]
