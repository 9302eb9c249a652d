from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyOfCareConfig(AppConfig):
    name = "mobilize.dutyofcare"
    label = "dutyofcare"
    verbose_name = _("Duty of care")
