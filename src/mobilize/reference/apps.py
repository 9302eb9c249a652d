from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "mobilize.reference"
    label = "reference"
