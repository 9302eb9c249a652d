"""The score's components and their weights (``MOBILIZE_MATCHING_WEIGHTS``).

A score is out of 100 points. Each component gets a share of the 100 in proportion to its weight;
inside the code the shares are whole hundredths of a point ("units", 10,000 in all) so that the
database, Python and the NumPy reference compute exactly the same integer and order ties the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

COMPONENTS: dict[str, Any] = {
    "expertise": _("Expertise"),
    "languages": _("Languages"),
    "experience": _("Experience"),
    "education": _("Education"),
    "availability": _("Availability"),
    "duty_station": _("Duty-station fit"),
    "performance": _("Earlier assignments"),
}
"""Component name -> its label, in the order pages and the API show them."""

DEFAULT_WEIGHTS: dict[str, float] = {
    "expertise": 30,
    "languages": 20,
    "experience": 15,
    "education": 10,
    "availability": 10,
    "duty_station": 5,
    "performance": 10,
}

TOTAL_UNITS = 10_000
"""A perfect score, in hundredths of a point."""


def weight_errors(value: Any) -> list[str]:
    """What is wrong with ``value`` as ``MOBILIZE_MATCHING_WEIGHTS`` (empty if nothing)."""
    if not isinstance(value, Mapping):
        return ["MOBILIZE_MATCHING_WEIGHTS must be a dict of component name to weight."]
    errors = []
    unknown = sorted(set(value) - set(COMPONENTS), key=str)
    missing = [name for name in COMPONENTS if name not in value]
    if unknown:
        errors.append(f"MOBILIZE_MATCHING_WEIGHTS names unknown components: {', '.join(map(str, unknown))}.")
    if missing:
        errors.append(f"MOBILIZE_MATCHING_WEIGHTS lacks a weight for: {', '.join(missing)}.")
    numbers = []
    for name in COMPONENTS:
        weight = value.get(name)
        if name not in value:
            continue
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight != weight:
            errors.append(f"MOBILIZE_MATCHING_WEIGHTS[{name!r}] must be a number, not {weight!r}.")
        elif weight < 0 or weight == float("inf"):
            errors.append(f"MOBILIZE_MATCHING_WEIGHTS[{name!r}] must be zero or more and finite.")
        else:
            numbers.append(weight)
    if not errors and sum(numbers) <= 0:
        errors.append("MOBILIZE_MATCHING_WEIGHTS must give at least one component a weight above zero.")
    return errors


def matching_weights() -> dict[str, float]:
    """The configured weights (the defaults unless the setting says otherwise), in component order."""
    value = getattr(settings, "MOBILIZE_MATCHING_WEIGHTS", DEFAULT_WEIGHTS)
    errors = weight_errors(value)
    if errors:
        raise ImproperlyConfigured(" ".join(errors))
    return {name: float(value[name]) for name in COMPONENTS}


def point_allocation(weights: Mapping[str, float]) -> dict[str, int]:
    """Each component's share of ``TOTAL_UNITS`` in proportion to its weight, in whole units that add
    up to exactly ``TOTAL_UNITS`` (largest remainder; ties to the component listed first)."""
    total = sum(weights.values())
    exact = {name: weights[name] * TOTAL_UNITS / total for name in COMPONENTS}
    units = {name: int(share) for name, share in exact.items()}
    short = TOTAL_UNITS - sum(units.values())
    by_remainder = sorted(
        COMPONENTS, key=lambda name: (-(exact[name] - units[name]), list(COMPONENTS).index(name))
    )
    for name in by_remainder[:short]:
        units[name] += 1
    return units
