"""The audit trail: every service write, and every staff read of personal data."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from mobilize.core.models import AuditRecord


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Manager):
        return None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys by id), to diff before and after a write."""
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in obj._meta.concrete_fields if f.attname not in {"created_at", "updated_at"}]
    )
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Field -> [before, after] for every field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    detail: str = "",
) -> AuditRecord:
    """Record that ``actor`` did ``verb`` to ``target``; call inside the service's transaction."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditRecord.objects.create(
        actor=actor if is_user else None,
        actor_label=getattr(actor, "username", "") if is_user else "system",
        kind=AuditRecord.Kind.WRITE,
        verb=verb,
        target_type=_label(target),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=dict(changes or {}),
        detail=detail[:200],
    )


def audit_personal_read(*, actor: Any, subject: models.Model, what: str) -> AuditRecord:
    """Record that a member of staff read personal data (``what``: documents, disability, ...)."""
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=getattr(actor, "username", ""),
        kind=AuditRecord.Kind.READ,
        verb=f"read.{what}",
        target_type=_label(subject),
        target_id=str(subject.pk),
        target_repr=str(subject)[:200],
        detail=what,
    )
