from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mobilize.core"
    label = "core"
    verbose_name = "Core"
