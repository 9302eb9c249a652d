from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mobilize.notifications"
    label = "notifications"
    verbose_name = "Notifications and tasks"
