from django.urls import path

from mobilize.assignments import views

app_name = "assignments"
urlpatterns = [
    path("", views.assignment_list_view, name="assignment_list"),
    path("new/", views.assignment_create_view, name="assignment_create"),
    path("<int:assignment_id>/", views.assignment_detail_view, name="assignment_detail"),
    path("<int:assignment_id>/edit/", views.assignment_edit_view, name="assignment_edit"),
]
