from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "mobilize.assignments"
    label = "assignments"
