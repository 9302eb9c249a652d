from django.urls import path

from mobilize.entitlements import views

app_name = "entitlements"
urlpatterns = [
    path("costs/", views.cost_list_view, name="cost_list"),
    path("rates/", views.rate_index_view, name="rate_index"),
    path("rates/<slug:table>/", views.rate_list_view, name="rate_list"),
    path("rates/<slug:table>/new/", views.rate_create_view, name="rate_create"),
    path("rates/<slug:table>/<int:row_id>/edit/", views.rate_edit_view, name="rate_edit"),
    path(
        "assignments/<int:assignment_id>/", views.assignment_entitlements_view, name="assignment_entitlements"
    ),
    path(
        "assignments/<int:assignment_id>/<int:year>/<int:month>/",
        views.statement_view,
        name="statement",
    ),
    path(
        "assignments/<int:assignment_id>/dependants/new/",
        views.dependant_create_view,
        name="dependant_create",
    ),
    path(
        "assignments/<int:assignment_id>/dependants/<int:dependant_id>/edit/",
        views.dependant_edit_view,
        name="dependant_edit",
    ),
    path("doas/<int:doa_id>/", views.doa_cost_view, name="doa_cost"),
]
