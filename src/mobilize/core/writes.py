"""Helpers that services share for validated, version-checked, audited writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import StaleObjectError

M = TypeVar("M", bound=models.Model)


def locked(instance: M) -> M:
    """Re-read ``instance`` with a row lock (call inside ``transaction.atomic``)."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Refuse an edit made on a copy older than the stored one: two editors cannot both win."""
    current = getattr(instance, "version", None)
    if expected_version is not None and current is not None and current != expected_version:
        raise StaleObjectError(
            _("This record was changed by someone else since you opened it; reload it and try again.")
        )


def create_validated(*, instance: M, actor: Any, verb: str, m2m: Mapping[str, Any] | None = None) -> M:
    """``full_clean`` then save a new record, set its many-to-many fields, and audit it."""
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    audit_record(actor=actor, verb=verb, target=instance, changes=diff({}, snapshot(instance)))
    return instance


def update_validated(
    *,
    instance: M,
    data: Mapping[str, Any],
    actor: Any,
    verb: str,
    expected_version: int | None = None,
    m2m: Mapping[str, Any] | None = None,
) -> M:
    """Lock, check the version, apply ``data``, ``full_clean``, save, and audit what changed."""
    obj = locked(instance)
    check_version(obj, expected_version)
    before = snapshot(obj)
    for name, value in data.items():
        setattr(obj, name, value)
    obj.full_clean()
    if hasattr(obj, "version"):
        obj.version += 1
    obj.save()
    changes = diff(before, snapshot(obj))
    changes.pop("version", None)
    for name, values in (m2m or {}).items():
        old = sorted(getattr(obj, name).values_list("pk", flat=True))
        getattr(obj, name).set(values)
        new = sorted(getattr(obj, name).values_list("pk", flat=True))
        if old != new:
            changes[name] = [old, new]
    audit_record(actor=actor, verb=verb, target=obj, changes=changes)
    return obj
