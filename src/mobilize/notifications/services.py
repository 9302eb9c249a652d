"""Writes: notify people, and mark notifications read.

``notify`` is what domain services call, inside their own transaction: the notifications are
written with the domain change (a refused change leaves none), and each recipient's email is
enqueued only once that transaction commits (a rolled-back change sends nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mobilize.notifications.models import Notification
from mobilize.notifications.tasks import notification_email_task, recipient_language


def _is_local_path(url: str) -> bool:
    return url == "" or (url.startswith("/") and not url.startswith("//"))


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    verb: str,
    target: models.Model,
    message: str | Promise,
    url: str,
    params: Mapping[str, Any] | None = None,
    actor: Any = None,
) -> list[Notification]:
    """Tell each of ``recipients`` (once each; inactive people and ``actor`` left out) that ``verb``
    happened to ``target``. ``message`` is a translatable text, with ``%(name)s`` placeholders
    filled from ``params``, written in each recipient's language; ``url`` is the path where they
    act. One email per notification is enqueued once the caller's transaction commits."""
    if not _is_local_path(url):
        raise ValidationError({"url": [_("The link must be a path on this site.")]})
    actor_pk = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    people.pop(actor_pk, None)
    rows = []
    for pk in sorted(people):
        with translation.override(recipient_language(people[pk])):
            text = str(message) % dict(params) if params else str(message)
        rows.append(
            Notification(
                recipient=people[pk],
                actor_id=actor_pk,
                verb=verb,
                target_type=f"{target._meta.app_label}.{target._meta.model_name}",
                target_id=str(target.pk),
                message=text,
                url=url,
            )
        )
    created = Notification.objects.bulk_create(rows)
    for notification in created:
        transaction.on_commit(partial(notification_email_task.enqueue, notification_id=notification.pk))
    return created


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor: Any) -> Notification:
    """Mark ``actor``'s own notification read (reading it twice keeps the first time)."""
    current = Notification.objects.select_for_update().get(pk=notification.pk, recipient_id=actor.pk)
    if current.read_at is None:
        current.read_at = timezone.now()
        current.save(update_fields=["read_at"])
    return current


@transaction.atomic
def notification_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of ``actor`` read; how many were."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
