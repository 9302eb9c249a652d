from django.urls import path

from mobilize.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.candidate_list_view, name="candidate_list"),
    path("me/", views.my_profile_view, name="my_profile"),
    path("new/", views.candidate_create_view, name="candidate_create"),
    path("<int:candidate_id>/", views.candidate_detail_view, name="candidate_detail"),
    path("<int:candidate_id>/edit/", views.candidate_edit_view, name="candidate_edit"),
    path("<int:candidate_id>/consent/", views.consent_give_view, name="consent_give"),
    path("<int:candidate_id>/documents/", views.candidate_documents_view, name="candidate_documents"),
    path("<int:candidate_id>/documents/upload/", views.document_upload_view, name="document_upload"),
    path(
        "<int:candidate_id>/documents/<int:document_id>/download/",
        views.document_download_view,
        name="document_download",
    ),
    path(
        "<int:candidate_id>/documents/<int:document_id>/delete/",
        views.document_delete_view,
        name="document_delete",
    ),
    path("<int:candidate_id>/disclosure/", views.candidate_disclosure_view, name="candidate_disclosure"),
    path("<int:candidate_id>/disclosure/edit/", views.disclosure_edit_view, name="disclosure_edit"),
    path(
        "<int:candidate_id>/disclosure/withdraw/", views.disclosure_withdraw_view, name="disclosure_withdraw"
    ),
]
