from django.urls import path

from mobilize.partners import views

app_name = "partners"
urlpatterns = [
    path("host-entities/", views.hostentity_list_view, name="hostentity_list"),
    path("host-entities/new/", views.hostentity_create_view, name="hostentity_create"),
    path("host-entities/<int:hostentity_id>/", views.hostentity_detail_view, name="hostentity_detail"),
    path("host-entities/<int:hostentity_id>/edit/", views.hostentity_edit_view, name="hostentity_edit"),
]
