from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "mobilize.geo"
    label = "geo"
