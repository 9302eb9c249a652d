from django.urls import path

from mobilize.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.doa_list_view, name="doa_list"),
    path("new/", views.doa_create_view, name="doa_create"),
    path("templates/", views.doa_template_list_view, name="doa_template_list"),
    path("templates/<int:template_id>/use/", views.doa_template_use_view, name="doa_template_use"),
    path("<int:doa_id>/", views.doa_detail_view, name="doa_detail"),
    path("<int:doa_id>/edit/", views.doa_edit_view, name="doa_edit"),
    path("<int:doa_id>/submit/", views.doa_submit_view, name="doa_submit"),
    path("<int:doa_id>/request-edits/", views.doa_request_edits_view, name="doa_request_edits"),
    path("<int:doa_id>/resubmit/", views.doa_resubmit_view, name="doa_resubmit"),
    path("<int:doa_id>/approve/", views.doa_approve_view, name="doa_approve"),
    path("<int:doa_id>/start-sourcing/", views.doa_start_sourcing_view, name="doa_start_sourcing"),
    path("<int:doa_id>/cancel/", views.doa_cancel_view, name="doa_cancel"),
    path("<int:doa_id>/duplicate/", views.doa_duplicate_view, name="doa_duplicate"),
    path("<int:doa_id>/comments/", views.doa_comment_create_view, name="doa_comment_create"),
    path("<int:doa_id>/positions/add/", views.position_add_view, name="position_add"),
    path(
        "<int:doa_id>/positions/<int:position_id>/remove/",
        views.position_remove_view,
        name="position_remove",
    ),
]
