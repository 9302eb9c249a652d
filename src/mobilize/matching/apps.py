from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "mobilize.matching"
    label = "matching"

    def ready(self) -> None:
        from mobilize.matching import checks  # noqa: F401  (registers the weights check)
