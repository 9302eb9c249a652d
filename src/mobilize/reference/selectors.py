"""Reads of the reference lists: every signed-in user sees all of them, in a fixed order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from mobilize.accounts.models import User
from mobilize.reference.models import CategoryRule, ExpertiseArea, Language, Sdg, VolunteerCategory
from mobilize.reference.permissions import category_scope, expertisearea_scope, language_scope, sdg_scope


def _rules_newest_first() -> Prefetch[str]:
    return Prefetch("rules", queryset=CategoryRule.objects.order_by("-effective_from", "-pk"))


def category_list(*, viewer: User, modality: str | None = None) -> QuerySet[VolunteerCategory]:
    """The categories with their rules (newest first) prefetched: two queries however many."""
    qs = VolunteerCategory.objects.filter(category_scope(viewer)).prefetch_related(_rules_newest_first())
    if modality:
        qs = qs.filter(modality=modality)
    return qs.order_by("sort_order", "code")


def category_with_rules(*, category: VolunteerCategory) -> VolunteerCategory:
    """``category`` (fetched through ``category_access``) with its rules prefetched, newest first."""
    prefetch_related_objects([category], _rules_newest_first())
    return category


def rule_in_force(rules: Iterable[CategoryRule], day: dt.date) -> CategoryRule | None:
    """The rule of ``rules`` in force on ``day`` (the latest start wins), without a query when
    ``rules`` is prefetched; ``VolunteerCategory.rule_on`` asks the database instead."""
    in_force = [
        rule
        for rule in rules
        if rule.effective_from <= day and (rule.effective_to is None or rule.effective_to >= day)
    ]
    return max(in_force, key=lambda rule: rule.effective_from, default=None)


def language_list(
    *, viewer: User, is_un_official: bool | None = None, search: str | None = None
) -> QuerySet[Language]:
    qs = Language.objects.filter(language_scope(viewer))
    if is_un_official is not None:
        qs = qs.filter(is_un_official=is_un_official)
    if search:
        qs = qs.filter(Q(code__iexact=search) | Q(name_en__icontains=search) | Q(name_zh__icontains=search))
    return qs.order_by("name_en", "code")


def sdg_list(*, viewer: User) -> QuerySet[Sdg]:
    return Sdg.objects.filter(sdg_scope(viewer)).order_by("number")


def expertise_area_list(*, viewer: User, search: str | None = None) -> QuerySet[ExpertiseArea]:
    qs = ExpertiseArea.objects.filter(expertisearea_scope(viewer))
    if search:
        qs = qs.filter(
            Q(code__icontains=search) | Q(name_en__icontains=search) | Q(name_zh__icontains=search)
        )
    return qs.order_by("name_en", "code")
