from django.urls import path

from mobilize.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.doa_list_view, name="doa_list"),
    path("new/", views.doa_create_view, name="doa_create"),
    path("<int:doa_id>/", views.doa_detail_view, name="doa_detail"),
    path("<int:doa_id>/edit/", views.doa_edit_view, name="doa_edit"),
    path("<int:doa_id>/positions/add/", views.position_add_view, name="position_add"),
    path(
        "<int:doa_id>/positions/<int:position_id>/remove/",
        views.position_remove_view,
        name="position_remove",
    ),
]
