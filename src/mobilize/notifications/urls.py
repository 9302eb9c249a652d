from django.urls import path

from mobilize.notifications import views

app_name = "notifications"
urlpatterns = [
    path("tasks/", views.my_tasks_view, name="my_tasks"),
    path("inbox/", views.inbox_view, name="inbox"),
    path("inbox/read-all/", views.notification_read_all_view, name="notification_read_all"),
    path("inbox/<int:notification_id>/read/", views.notification_read_view, name="notification_read"),
]
