"""Reads on host entities and reporting groups: scoped by the viewer, with their joins, in a fixed order."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mobilize.accounts.models import User
from mobilize.geo.models import Country
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.partners.permissions import hostentity_country_scope, hostentity_scope, reportinggroup_scope


def hostentity_list(
    *,
    viewer: User,
    entity_type: str | None = None,
    reporting_group_id: int | None = None,
    is_un: bool | None = None,
    is_active: bool | None = None,
    parent_id: int | None = None,
    search: str | None = None,
) -> QuerySet[HostEntity]:
    """Host entities by acronym, each with its reporting group, parent and country; ``search``
    matches the acronym or a name in any language."""
    qs = HostEntity.objects.filter(hostentity_scope(viewer)).select_related(
        "reporting_group", "parent", "country"
    )
    if entity_type:
        qs = qs.filter(type=entity_type)
    if reporting_group_id is not None:
        qs = qs.filter(reporting_group_id=reporting_group_id)
    if is_un is True:
        qs = qs.filter(type__in=HostEntity.UN_TYPES)
    elif is_un is False:
        qs = qs.exclude(type__in=HostEntity.UN_TYPES)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(acronym__icontains=term)
            | Q(name_en__icontains=term)
            | Q(name_fr__icontains=term)
            | Q(name_es__icontains=term)
            | Q(name_zh__icontains=term)
        )
    return qs.order_by("acronym", "pk")


def reportinggroup_list(*, viewer: User) -> QuerySet[ReportingGroup]:
    """The reporting groups in the order the annual report lists them."""
    return ReportingGroup.objects.filter(reportinggroup_scope(viewer)).order_by("sort_order", "code", "pk")


def hostentity_placeable_countries(*, user: User) -> QuerySet[Country]:
    """The countries where ``user`` may place a host entity."""
    return Country.objects.filter(hostentity_country_scope(user)).order_by("name_en", "pk")


def hostentity_acronym_taken(*, acronym: str, exclude_id: int | None = None) -> bool:
    """Whether another host entity already uses ``acronym`` (ignoring case)."""
    qs = HostEntity.objects.filter(acronym__iexact=acronym.strip())
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.exists()


def hostentity_ancestor_ids(*, hostentity_id: int) -> list[int]:
    """The ids of the entity and of its parents up the chain, as stored (stops at a loop)."""
    seen: list[int] = []
    current: int | None = hostentity_id
    while current is not None and current not in seen:
        seen.append(current)
        current = HostEntity.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return seen
