"""The navigation each role sees."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import Role

# (url name, label, roles that see it)
NAVIGATION: list[tuple[str, Any, frozenset[str]]] = [
    ("web:home", _("Home"), frozenset(Role.values)),
    ("notifications:my_tasks", _("My tasks"), frozenset(Role.values)),
    ("notifications:inbox", _("Inbox"), frozenset(Role.values)),
    (
        "requests:doa_list",
        _("Requests (DoA)"),
        frozenset({Role.HQ, Role.RECRUITER, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT, Role.AUDITOR}),
    ),
    (
        "talent:candidate_list",
        _("Talent pool"),
        frozenset({Role.HQ, Role.RECRUITER, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT, Role.AUDITOR}),
    ),
    ("talent:my_profile", _("My profile"), frozenset({Role.CANDIDATE})),
    ("assignments:assignment_list", _("Assignments"), frozenset(Role.values) - {Role.DONOR}),
    ("partners:hostentity_list", _("Host entities"), frozenset(Role.values) - {Role.CANDIDATE}),
    ("geo:dutystation_list", _("Duty stations"), frozenset(Role.values) - {Role.CANDIDATE}),
    ("geo:country_list", _("Countries"), frozenset(Role.values) - {Role.CANDIDATE}),
    ("reference:category_list", _("Categories"), frozenset(Role.values)),
    ("statistics:overview", _("Statistics"), frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.DONOR})),
    ("web:audit_list", _("Audit trail"), frozenset({Role.HQ, Role.AUDITOR})),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, roles in NAVIGATION:
        if user.role in roles:
            url = reverse(name)
            items.append(
                {
                    "url": url,
                    "label": label,
                    "current": (request.path.startswith(url) and url != "/") or request.path == url,
                }
            )
    return {"nav_items": items}
