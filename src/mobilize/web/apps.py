from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mobilize.web"
    label = "web"
