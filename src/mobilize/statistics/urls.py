from django.urls import path

from mobilize.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.statistics_overview_view, name="overview"),
]
