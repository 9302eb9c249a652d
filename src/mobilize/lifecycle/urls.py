from django.urls import path

from mobilize.lifecycle import views

app_name = "lifecycle"
urlpatterns = [
    path("", views.ending_view, name="ending"),
    path("mine/", views.my_lifecycle_view, name="my_lifecycle"),
    path("assignments/<int:assignment_id>/", views.assignment_lifecycle_view, name="assignment_lifecycle"),
    path("assignments/<int:assignment_id>/extend/", views.extension_request_view, name="extension_request"),
    path("assignments/<int:assignment_id>/resign/", views.resignation_view, name="resignation"),
    path("assignments/<int:assignment_id>/terminate/", views.termination_view, name="termination"),
    path(
        "assignments/<int:assignment_id>/reassign/",
        views.reassignment_request_view,
        name="reassignment_request",
    ),
    path("assignments/<int:assignment_id>/consent/", views.consent_view, name="consent"),
    path("assignments/<int:assignment_id>/end/", views.end_start_view, name="end_start"),
    path(
        "extensions/<int:extension_id>/<slug:action>/", views.extension_action_view, name="extension_action"
    ),
    path(
        "separations/<int:separation_id>/<slug:action>/",
        views.separation_action_view,
        name="separation_action",
    ),
    path(
        "reassignments/<int:reassignment_id>/answer/",
        views.reassignment_answer_view,
        name="reassignment_answer",
    ),
    path("ends/<int:end_id>/items/<int:item_id>/", views.checklist_tick_view, name="checklist_tick"),
    path("ends/<int:end_id>/assessment/", views.assessment_view, name="assessment"),
    path("ends/<int:end_id>/clearance/", views.clearance_view, name="clearance"),
    path("ends/<int:end_id>/certificate.pdf", views.certificate_view, name="certificate"),
    path("closures/", views.closure_list_view, name="closure_list"),
    path("closures/new/", views.closure_new_view, name="closure_new"),
    path("closures/<int:closure_id>/", views.closure_detail_view, name="closure_detail"),
]
