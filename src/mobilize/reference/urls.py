from django.urls import path

from mobilize.reference import views

app_name = "reference"
urlpatterns = [
    path("categories/", views.category_list_view, name="category_list"),
    path("categories/<int:category_id>/", views.category_detail_view, name="category_detail"),
    path("categories/<int:category_id>/rules/new/", views.categoryrule_create_view, name="rule_create"),
]
