from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mobilize.api"
    label = "mobilize_api"
    verbose_name = "API"
