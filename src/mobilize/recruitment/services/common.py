"""What the recruitment services share: refusals, texts, status moves with their time stamps,
links and who is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mobilize.core.audit import audit_record
from mobilize.core.errors import ApplicationError
from mobilize.matching.selectors import candidate_eligibility
from mobilize.notifications.services import notify
from mobilize.recruitment.models import Application
from mobilize.recruitment.selectors import application_url
from mobilize.requests.models import Doa
from mobilize.talent.models import Candidate

MAX_TEXT_LENGTH = 5000


def refuse(message: str | Promise) -> PermissionDenied:
    return PermissionDenied(str(message))


def text(value: str | None, *, field: str, required: bool = False, missing: str | Promise = "") -> str:
    """``value`` stripped; a required one must not be empty, none may be too long (422)."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError({field: [str(missing)]})
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise ValidationError({field: [_("At most %(max)s characters.") % {"max": MAX_TEXT_LENGTH}]})
    return cleaned


def raise_if(errors: Mapping[str, list[str]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def require_sourcing(doa: Doa) -> None:
    """Recruitment happens while the DoA is being sourced (409 otherwise)."""
    if doa.status != Doa.Status.SOURCING or doa.is_template:
        raise ApplicationError(
            _("This DoA is %(status)s: recruitment happens while it is being sourced.")
            % {"status": doa.get_status_display()},
            field="doa",
            code="doa_not_sourcing",
        )


def require_status(application: Application, allowed: Iterable[str], message: str | Promise) -> None:
    """Refuse (409) an action the application's status does not allow; ``message`` may name
    ``%(status)s``."""
    if application.status not in set(allowed):
        raise ApplicationError(
            str(message) % {"status": application.get_status_display()},
            field="status",
            code="invalid_transition",
        )


def eligibility_errors(*, candidate: Candidate, doa: Doa, on: dt.date | None = None) -> list[str]:
    """Each eligibility rule ``candidate`` fails for ``doa``, named and explained (empty: eligible)."""
    eligibility = candidate_eligibility(candidate=candidate, doa=doa, on=on)
    if eligibility.eligible:
        return []
    return [
        _("%(rule)s: %(reason)s") % {"rule": reason.label, "reason": reason.message}
        for reason in eligibility.failures
    ]


def require_eligible(*, candidate: Candidate, doa: Doa, on: dt.date | None = None) -> None:
    """Refuse an ineligible candidate (422 on ``candidate``), naming every rule they fail."""
    errors = eligibility_errors(candidate=candidate, doa=doa, on=on)
    if errors:
        raise ValidationError({"candidate": errors})


def move(
    application: Application,
    *,
    actor: Any,
    verb: str,
    status: str,
    stamp: str | None = None,
    close: bool = False,
    fields: Mapping[str, Any] | None = None,
    detail: str = "",
) -> Application:
    """Write ``application``'s new status (locked by the caller), its time stamp ``stamp`` (kept
    when already set: it marks the first time the stage was reached), ``closed_at`` when ``close``,
    and ``fields``; bump its version and audit the change."""
    now = timezone.now()
    changes: dict[str, list[Any]] = {}
    if application.status != status:
        changes["status"] = [application.status, status]
        application.status = status
    if stamp is not None and getattr(application, stamp) is None:
        setattr(application, stamp, now)
        changes[stamp] = [None, now.isoformat()]
    if close:
        application.closed_at = now
        changes["closed_at"] = [None, now.isoformat()]
    for name, value in (fields or {}).items():
        before = getattr(application, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(application, name, value)
    application.full_clean()
    application.version += 1
    application.save()
    audit_record(actor=actor, verb=verb, target=application, changes=changes, detail=detail)
    return application


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def candidate_users(*candidates: Candidate) -> list[Any]:
    """The accounts of ``candidates`` that have one (a profile made by staff may have none)."""
    return [c.user for c in candidates if c.user_id is not None and c.user is not None]


def tell(
    *,
    recipients: Iterable[Any],
    verb: str,
    target: models.Model,
    application: Application,
    message: str | Promise,
    actor: Any,
    url: str | None = None,
    **params: Any,
) -> None:
    """Notify ``recipients`` of ``verb`` on ``target``; ``message`` may name ``%(reference)s``,
    ``%(title)s`` and ``%(candidate)s`` besides ``params``."""
    doa = application.doa
    notify(
        recipients=recipients,
        verb=verb,
        target=target,
        message=message,
        url=application_url(application) if url is None else url,
        params={
            "reference": doa.reference,
            "title": doa.title,
            "candidate": application.candidate.full_name,
            **params,
        },
        actor=actor,
    )
