from django.urls import path

from mobilize.web import views

app_name = "web"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("audit/", views.audit_list_view, name="audit_list"),
]
