from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "mobilize.entitlements"
    label = "entitlements"
