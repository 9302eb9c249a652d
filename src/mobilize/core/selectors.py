"""Reads of the audit trail."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from mobilize.core.models import AuditRecord


def audit_list(
    *,
    kind: str | None = None,
    verb: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    actor: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditRecord]:
    """The audit trail, newest first, filtered. Visibility is decided by the caller's permission."""
    qs = AuditRecord.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if actor:
        qs = qs.filter(actor_label=actor)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-pk")
