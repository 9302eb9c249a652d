from django.urls import path

from mobilize.geo import views

app_name = "geo"
urlpatterns = [
    path("countries/", views.country_list_view, name="country_list"),
    path("countries/<int:country_id>/", views.country_detail_view, name="country_detail"),
    path("countries/<int:country_id>/edit/", views.country_edit_view, name="country_edit"),
    path("duty-stations/", views.dutystation_list_view, name="dutystation_list"),
    path("duty-stations/new/", views.dutystation_create_view, name="dutystation_create"),
    path("duty-stations/<int:dutystation_id>/", views.dutystation_detail_view, name="dutystation_detail"),
    path("duty-stations/<int:dutystation_id>/edit/", views.dutystation_edit_view, name="dutystation_edit"),
]
