"""Who may see and change the reference lists.

Every signed-in user reads the volunteer categories, their rules, languages, SDGs and expertise areas.
Only headquarters adds an eligibility rule (and edits the lists in the admin).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role, User
from mobilize.reference.models import VolunteerCategory


def _every_row_if_signed_in(user: Any) -> Q:
    signed_in = getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
    return Q() if signed_in else Q(pk__in=[])


def category_scope(user: User) -> Q:
    """Every signed-in user sees every volunteer category and its rules."""
    return _every_row_if_signed_in(user)


def language_scope(user: User) -> Q:
    return _every_row_if_signed_in(user)


def sdg_scope(user: User) -> Q:
    return _every_row_if_signed_in(user)


def expertisearea_scope(user: User) -> Q:
    return _every_row_if_signed_in(user)


def category_access(*, user: User, category_id: int) -> VolunteerCategory:
    try:
        return VolunteerCategory.objects.filter(category_scope(user)).get(pk=category_id)
    except VolunteerCategory.DoesNotExist:
        raise Http404 from None


def can_create_categoryrule(user: User, category: VolunteerCategory) -> bool:
    """Eligibility rules are programme policy: headquarters sets them."""
    return user.has_role(Role.HQ)
