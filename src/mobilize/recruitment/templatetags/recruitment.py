"""Template tags of recruitment for other apps' pages:

- ``{% doa_recruitment_link doa %}`` on the DoA page: a link to the DoA's recruitment page, for
  those who follow it (``permissions.follows_recruitment``).
"""

from __future__ import annotations

from typing import Any

from django import template

from mobilize.recruitment.permissions import follows_recruitment

register = template.Library()


@register.inclusion_tag("recruitment/_doa_recruitment_link.html", takes_context=True)
def doa_recruitment_link(context: template.Context, doa: Any) -> dict[str, Any]:
    return {"doa": doa, "visible": follows_recruitment(context["request"].user, doa)}
