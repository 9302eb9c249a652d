"""Writes on volunteer categories: a new effective-dated eligibility rule."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mobilize.accounts.models import User
from mobilize.core.writes import create_validated, locked, update_validated
from mobilize.reference.models import CategoryRule, VolunteerCategory
from mobilize.reference.permissions import can_create_categoryrule


@transaction.atomic
def categoryrule_create(
    *,
    category: VolunteerCategory,
    actor: User,
    effective_from: dt.date,
    min_age: int,
    min_duration_days: int,
    max_duration_days: int,
    effective_to: dt.date | None = None,
    max_age: int | None = None,
    age_applies_through_end: bool = False,
    min_experience_months: int = 0,
    service_limit_days: int | None = None,
    service_limit_exempt_age: int | None = None,
    requires_degree: bool = False,
    notes: str = "",
) -> CategoryRule:
    """Add an eligibility rule to ``category`` from ``effective_from``.

    A rule without an end closes the rule that was in force without an end before it, the day before
    it starts (a change of rule). Any other overlap with a rule of the category is refused, naming
    ``effective_from``; nothing is written then.
    """
    if not can_create_categoryrule(actor, category):
        raise PermissionDenied
    category = locked(category)
    rule = CategoryRule(
        category=category,
        effective_from=effective_from,
        effective_to=effective_to,
        min_age=min_age,
        max_age=max_age,
        age_applies_through_end=age_applies_through_end,
        min_experience_months=min_experience_months,
        min_duration_days=min_duration_days,
        max_duration_days=max_duration_days,
        service_limit_days=service_limit_days,
        service_limit_exempt_age=service_limit_exempt_age,
        requires_degree=requires_degree,
        notes=notes,
    )
    if effective_to is None and effective_from is not None:
        previous = (
            category.rules.filter(effective_to__isnull=True, effective_from__lt=effective_from)
            .order_by("-effective_from")
            .first()
        )
        if previous is not None:
            update_validated(
                instance=previous,
                data={"effective_to": effective_from - dt.timedelta(days=1)},
                actor=actor,
                verb="categoryrule.closed",
            )
    return create_validated(instance=rule, actor=actor, verb="categoryrule.created")
