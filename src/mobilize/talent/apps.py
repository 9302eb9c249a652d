from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "mobilize.talent"
    label = "talent"
