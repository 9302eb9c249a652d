from django.urls import path

from mobilize.recruitment import views

app_name = "recruitment"
urlpatterns = [
    # candidates
    path("opportunities/", views.opportunity_list_view, name="opportunity_list"),
    path("opportunities/<int:doa_id>/", views.opportunity_detail_view, name="opportunity_detail"),
    path("opportunities/<int:doa_id>/apply/", views.application_create_view, name="application_create"),
    path("my/applications/", views.my_applications_view, name="my_applications"),
    path("my/invitations/", views.my_invitations_view, name="my_invitations"),
    path("my/offers/", views.my_offers_view, name="my_offers"),
    path("my/onboarding/", views.my_onboarding_view, name="my_onboarding"),
    # recruiters (and, read-only, auditors and field units)
    path("sourcing/", views.sourcing_board_view, name="sourcing_board"),
    path("doas/<int:doa_id>/", views.doa_recruitment_view, name="doa_recruitment"),
    path("doas/<int:doa_id>/add/", views.application_source_view, name="application_source"),
    path("doas/<int:doa_id>/invite/", views.application_invite_view, name="application_invite"),
    # hosts
    path("host/candidates/", views.host_candidates_view, name="host_candidates"),
    # one application
    path("applications/<int:application_id>/", views.application_detail_view, name="application_detail"),
    path(
        "applications/<int:application_id>/withdraw/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path(
        "applications/<int:application_id>/shortlist/",
        views.application_shortlist_view,
        name="application_shortlist",
    ),
    path(
        "applications/<int:application_id>/submit-to-host/",
        views.application_submit_to_host_view,
        name="application_submit_to_host",
    ),
    path("applications/<int:application_id>/assess/", views.assessment_view, name="assessment"),
    path(
        "applications/<int:application_id>/select/", views.application_select_view, name="application_select"
    ),
    path("applications/<int:application_id>/offer/", views.offer_create_view, name="offer_create"),
    path("clearances/<int:clearance_id>/decide/", views.clearance_decide_view, name="clearance_decide"),
    # offers and onboarding
    path("offers/<int:offer_id>/", views.offer_detail_view, name="offer_detail"),
    path("offers/<int:offer_id>/letter/", views.offer_letter_view, name="offer_letter"),
    path("offers/<int:offer_id>/accept/", views.offer_accept_view, name="offer_accept"),
    path("offers/<int:offer_id>/decline/", views.offer_decline_view, name="offer_decline"),
    path("offers/<int:offer_id>/withdraw/", views.offer_withdraw_view, name="offer_withdraw"),
    path("offers/<int:offer_id>/enter-on-duty/", views.offer_enter_on_duty_view, name="offer_enter_on_duty"),
    path("onboarding/<int:task_id>/", views.onboarding_task_view, name="onboarding_task"),
    path("onboarding/<int:task_id>/document/", views.onboarding_document_view, name="onboarding_document"),
    path(
        "onboarding/<int:task_id>/verify/", views.onboarding_task_verify_view, name="onboarding_task_verify"
    ),
    path(
        "onboarding/<int:task_id>/return/", views.onboarding_task_return_view, name="onboarding_task_return"
    ),
]
