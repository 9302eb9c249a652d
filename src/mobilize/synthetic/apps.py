from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "mobilize.synthetic"
    label = "synthetic"
