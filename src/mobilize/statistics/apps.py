from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "mobilize.statistics"
    label = "statistics"

    def ready(self) -> None:
        from mobilize.statistics import checks  # noqa: F401  (registers the settings check)
