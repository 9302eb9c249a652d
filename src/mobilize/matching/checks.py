"""A system check: ``MOBILIZE_MATCHING_WEIGHTS`` names every component with a usable weight
(``mobilize check`` and every start-up report it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from mobilize.matching.weights import DEFAULT_WEIGHTS, weight_errors


@register()
def matching_weights_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = getattr(settings, "MOBILIZE_MATCHING_WEIGHTS", DEFAULT_WEIGHTS)
    return [
        Error(message, hint="See docs/matching.md, 'Weights'.", id="matching.E001")
        for message in weight_errors(value)
    ]
