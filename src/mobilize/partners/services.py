"""Writes on host entities: permission, validation, version check and audit in one transaction each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobilize.accounts.models import User
from mobilize.core.writes import check_version, create_validated, locked, update_validated
from mobilize.geo.models import Country
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.partners.permissions import (
    can_create_hostentity,
    can_edit_hostentity,
    can_place_hostentity_in,
    hostentity_types_for,
)
from mobilize.partners.selectors import hostentity_acronym_taken, hostentity_ancestor_ids

HOSTENTITY_EDITABLE_FIELDS = frozenset(
    {
        "acronym",
        "name_en",
        "name_fr",
        "name_es",
        "name_zh",
        "type",
        "parent",
        "reporting_group",
        "country",
        "is_active",
    }
)


def _check_type(*, actor: User, entity_type: str) -> None:
    if entity_type in HostEntity.Type.values and entity_type not in hostentity_types_for(actor):
        raise ValidationError({"type": [_("Only headquarters may register UN entities.")]})


def _check_country(*, actor: User, country: Country | None) -> None:
    if not can_place_hostentity_in(actor, country.pk if country is not None else None):
        raise ValidationError({"country": [_("Choose one of your own countries.")]})


def _check_acronym(*, acronym: str, exclude_id: int | None = None) -> None:
    if acronym and hostentity_acronym_taken(acronym=acronym, exclude_id=exclude_id):
        raise ValidationError({"acronym": [_("Another host entity already uses this acronym.")]})


def _check_parent(*, entity: HostEntity, parent: HostEntity | None) -> None:
    if (
        parent is not None
        and entity.pk is not None
        and entity.pk in hostentity_ancestor_ids(hostentity_id=parent.pk)
    ):
        message = _("An entity cannot sit under itself or under one of its own units.")
        raise ValidationError({"parent": [message]})


@transaction.atomic
def hostentity_create(
    *,
    actor: User,
    acronym: str,
    name_en: str,
    type: str,
    reporting_group: ReportingGroup,
    name_fr: str = "",
    name_es: str = "",
    name_zh: str = "",
    parent: HostEntity | None = None,
    country: Country | None = None,
    is_active: bool = True,
) -> HostEntity:
    """Register a host entity: headquarters any type; recruiters and field units organizations
    outside the UN system, a field unit only in its own countries."""
    if not can_create_hostentity(actor):
        raise PermissionDenied(_("You may not register host entities."))
    _check_type(actor=actor, entity_type=type)
    _check_country(actor=actor, country=country)
    acronym = acronym.strip()
    _check_acronym(acronym=acronym)
    entity = HostEntity(
        acronym=acronym,
        name_en=name_en.strip(),
        name_fr=name_fr.strip(),
        name_es=name_es.strip(),
        name_zh=name_zh.strip(),
        type=type,
        reporting_group=reporting_group,
        parent=parent,
        country=country,
        is_active=is_active,
    )
    return create_validated(instance=entity, actor=actor, verb="hostentity.created")


@transaction.atomic
def hostentity_update(
    *, entity: HostEntity, actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> HostEntity:
    """Change a host entity: UN entities only by headquarters; a field unit only organizations based in
    its own countries."""
    current = locked(entity)
    check_version(current, expected_version)
    if not can_edit_hostentity(actor, current):
        raise PermissionDenied(_("You may not change this host entity."))
    unknown = sorted(set(data) - HOSTENTITY_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    changes: dict[str, Any] = {
        name: value.strip() if isinstance(value, str) else value for name, value in data.items()
    }
    if "type" in changes and changes["type"] != current.type:
        _check_type(actor=actor, entity_type=changes["type"])
    if "country" in changes and changes["country"] != current.country:
        _check_country(actor=actor, country=changes["country"])
    if isinstance(changes.get("acronym"), str):
        _check_acronym(acronym=changes["acronym"], exclude_id=current.pk)
    if "parent" in changes:
        _check_parent(entity=current, parent=changes["parent"])
    return update_validated(
        instance=current,
        data=changes,
        actor=actor,
        verb="hostentity.updated",
        expected_version=expected_version,
    )
