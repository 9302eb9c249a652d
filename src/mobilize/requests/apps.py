from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "mobilize.requests"
    label = "requests"
    verbose_name = "Requests (DoA)"
