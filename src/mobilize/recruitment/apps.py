from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "mobilize.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"
