from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "mobilize.partners"
    label = "partners"
