from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "mobilize.lifecycle"
    label = "lifecycle"
    verbose_name = "Lifecycle"
