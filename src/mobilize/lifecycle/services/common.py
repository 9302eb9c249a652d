"""What the lifecycle services share: texts, refusals, and who is told."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mobilize.assignments.models import Assignment
from mobilize.lifecycle.selectors.links import lifecycle_url
from mobilize.notifications.services import notify

MAX_TEXT_LENGTH = 5000


def refuse(message: str | Promise = "") -> PermissionDenied:
    return PermissionDenied(str(message) if message else _("You may not do this."))


def text(value: str | None, *, field: str, required: bool = False) -> str:
    """``value`` stripped; a required one must not be empty, none may be too long (422)."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError({field: [_("This field is required.")]})
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise ValidationError({field: [_("At most %(max)s characters.") % {"max": MAX_TEXT_LENGTH}]})
    return cleaned


def volunteer_users(*assignments: Assignment) -> list[Any]:
    """The accounts of the assignments' volunteers that have one."""
    return [a.volunteer.user for a in assignments if a.volunteer.user_id is not None]


def tell(
    *,
    recipients: Iterable[Any],
    verb: str,
    target: models.Model,
    assignment: Assignment,
    message: str | Promise,
    actor: Any,
    url: str | None = None,
    **params: Any,
) -> None:
    """Notify ``recipients`` about ``assignment`` (``%(reference)s`` and ``%(volunteer)s`` are
    filled in for the message, with ``params``)."""
    notify(
        recipients=list(recipients),
        verb=verb,
        target=target,
        message=message,
        url=lifecycle_url(assignment) if url is None else url,
        params={"reference": assignment.reference, "volunteer": assignment.volunteer.full_name, **params},
        actor=actor,
    )
