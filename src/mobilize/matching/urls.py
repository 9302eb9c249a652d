from django.urls import path

from mobilize.matching import views

app_name = "matching"
urlpatterns = [
    path("doas/<int:doa_id>/ranking/", views.doa_ranking_view, name="doa_ranking"),
    path(
        "doas/<int:doa_id>/eligibility/<int:candidate_id>/",
        views.eligibility_view,
        name="eligibility",
    ),
]
