"""The links between the duty-of-care pages, by what the user may open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mobilize.dutyofcare.permissions import (
    can_count_incidents,
    can_list_checkins,
    can_view_security_levels,
    can_view_whereabouts,
)


def section_links(user: Any, current: str) -> list[dict[str, Any]]:
    """The section's pages ``user`` may open (``current`` is the url name of this one)."""
    pages = [
        ("dutyofcare:whereabouts", _("Who is where"), can_view_whereabouts(user)),
        (
            "dutyofcare:security_level_list",
            _("Security levels"),
            can_view_whereabouts(user) and can_view_security_levels(user),
        ),
        ("dutyofcare:evacuation_list", _("Evacuations and relocations"), can_view_whereabouts(user)),
        ("dutyofcare:incident_list", _("Incidents"), can_count_incidents(user)),
        ("dutyofcare:checkin_list", _("Check-ins"), can_list_checkins(user)),
    ]
    return [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label, allowed in pages
        if allowed
    ]
