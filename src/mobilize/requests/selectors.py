"""Reads on DoAs: always scoped by the viewer, joins declared, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mobilize.accounts.models import User
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.permissions import doa_scope


@dataclass(frozen=True)
class DoaFilters:
    """What a DoA list may be narrowed by; ``None`` or empty means "any"."""

    status: str | None = None
    host_entity_id: int | None = None
    country_id: int | None = None
    category_id: int | None = None
    funding_type: str | None = None
    search: str = ""
    start_from: dt.date | None = None
    start_to: dt.date | None = None


def doa_list(*, viewer: User, filters: DoaFilters | None = None) -> QuerySet[Doa]:
    """The DoAs ``viewer`` may see, narrowed by ``filters``, with their position count
    (``position_count``); one query."""
    f = filters or DoaFilters()
    qs = Doa.objects.filter(doa_scope(viewer)).select_related("host_entity", "country", "category")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.host_entity_id is not None:
        qs = qs.filter(host_entity_id=f.host_entity_id)
    if f.country_id is not None:
        qs = qs.filter(country_id=f.country_id)
    if f.category_id is not None:
        qs = qs.filter(category_id=f.category_id)
    if f.funding_type:
        qs = qs.filter(funding_type=f.funding_type)
    if f.search.strip():
        term = f.search.strip()
        qs = qs.filter(Q(reference__icontains=term) | Q(title__icontains=term))
    if f.start_from is not None:
        qs = qs.filter(start_date__gte=f.start_from)
    if f.start_to is not None:
        qs = qs.filter(start_date__lte=f.start_to)
    return qs.annotate(position_count=Count("positions")).order_by("-created_at", "-pk")


def doa_get(*, viewer: User, doa_id: int) -> Doa:
    """One DoA with everything its page shows: its host, country, category and SDG, its expertise
    areas, its language requirements and its positions (four queries). ``Http404`` if missing or
    hidden from ``viewer``."""
    qs = (
        Doa.objects.filter(doa_scope(viewer))
        .select_related("host_entity", "country", "category", "sdg", "created_by")
        .prefetch_related(
            "expertise",
            Prefetch("languages", queryset=DoaLanguage.objects.select_related("language")),
            Prefetch(
                "positions",
                queryset=Position.objects.select_related("duty_station__country").annotate(
                    assignment_count=Count("assignments")
                ),
            ),
        )
    )
    try:
        return qs.get(pk=doa_id)
    except Doa.DoesNotExist:
        raise Http404 from None


def position_get(*, doa: Doa, position_id: int) -> Position:
    """A position of ``doa`` (already fetched with the viewer's permission); ``Http404`` if it is
    not one of its positions."""
    try:
        return doa.positions.select_related("doa", "duty_station").get(pk=position_id)
    except Position.DoesNotExist:
        raise Http404 from None
