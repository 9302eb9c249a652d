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
    ("recruitment:opportunity_list", _("Opportunities"), frozenset({Role.CANDIDATE})),
    ("recruitment:my_applications", _("My applications"), frozenset({Role.CANDIDATE})),
    ("recruitment:my_offers", _("My offers"), frozenset({Role.CANDIDATE})),
    (
        "recruitment:sourcing_board",
        _("Sourcing"),
        frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT}),
    ),
    ("recruitment:host_candidates", _("Candidates to assess"), frozenset({Role.HOST_FOCAL_POINT})),
    ("assignments:assignment_list", _("Assignments"), frozenset(Role.values) - {Role.DONOR}),
    (
        "dutyofcare:whereabouts",
        _("Duty of care"),
        frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT}),
    ),
    ("dutyofcare:my_duty_of_care", _("My safety"), frozenset({Role.CANDIDATE})),
    (
        "lifecycle:ending",
        _("Extensions and ends"),
        frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT}),
    ),
    ("lifecycle:my_lifecycle", _("My service"), frozenset({Role.CANDIDATE})),
    ("lifecycle:closure_list", _("Mission closures"), frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR})),
    ("partners:hostentity_list", _("Host entities"), frozenset(Role.values) - {Role.CANDIDATE}),
    ("geo:dutystation_list", _("Duty stations"), frozenset(Role.values) - {Role.CANDIDATE}),
    ("geo:country_list", _("Countries"), frozenset(Role.values) - {Role.CANDIDATE}),
    (
        "entitlements:cost_list",
        _("Allowances and costs"),
        frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT}),
    ),
    ("entitlements:cost_list", _("My allowances"), frozenset({Role.CANDIDATE})),
    (
        "entitlements:rate_index",
        _("Rates"),
        frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT}),
    ),
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
