"""A system check: the lead-time settings name events that exist (``mobilize check`` reports it)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from mobilize.statistics.selectors import lead_time_events


@register()
def lead_time_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        lead_time_events()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="statistics.E001")]
    return []
