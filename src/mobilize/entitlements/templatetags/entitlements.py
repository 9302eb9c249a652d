"""Template tags of the entitlement pages, and the two sections other apps' pages include:

- ``{% assignment_family_section assignment %}`` on the assignment page: its dependants (for those
  who may read them), with add and edit links for those who may change them, and a link to the
  allowances;
- ``{% doa_cost_section doa %}`` on the DoA page: the pro-forma total and a link to its detail, for
  those who may see the DoA's cost.
"""

from __future__ import annotations

from typing import Any

from django import template

from mobilize.entitlements.models import RATE_MODELS
from mobilize.entitlements.permissions import (
    can_edit_dependants,
    can_read_dependants,
    doa_cost_scope,
)
from mobilize.entitlements.selectors import dependant_list, doa_pro_forma

register = template.Library()


@register.filter
def table_name(slug: str) -> str:
    """A rate table's name from its slug (for the "missing rate" messages)."""
    model = RATE_MODELS.get(slug)
    return str(model._meta.verbose_name) if model is not None else slug


@register.filter
def value_of(row: Any, name: str) -> Any:
    return getattr(row, name)


@register.inclusion_tag("entitlements/_family_section.html", takes_context=True)
def assignment_family_section(context: template.Context, assignment: Any) -> dict[str, Any]:
    user = context["request"].user
    readable = can_read_dependants(user, assignment)
    return {
        "assignment": assignment,
        "readable": readable,
        "dependants": dependant_list(viewer=user, assignment=assignment) if readable else [],
        "can_edit": assignment.is_open and can_edit_dependants(user, assignment),
    }


@register.inclusion_tag("entitlements/_doa_cost_section.html", takes_context=True)
def doa_cost_section(context: template.Context, doa: Any) -> dict[str, Any]:
    user = context["request"].user
    visible = type(doa)._default_manager.filter(doa_cost_scope(user), pk=doa.pk).exists()
    return {"doa": doa, "visible": visible, "pro_forma": doa_pro_forma(doa=doa) if visible else None}
