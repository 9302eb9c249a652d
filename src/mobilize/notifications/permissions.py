"""Who sees which notifications: each person sees only their own, whatever their role.

Marking one's own notifications read is not a change to the programme's records, so every signed-in
person may do it (auditors included); nobody sees or marks anyone else's, and another person's
notification answers exactly like a missing one (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.notifications.models import Notification


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def notification_scope(user: Any) -> Q:
    """The notifications ``user`` may see, as a filter on Notification."""
    if not signed_in(user):
        return Q(pk__in=[])
    return Q(recipient_id=user.pk)


def notification_access(*, user: Any, notification_id: int) -> Notification:
    """``user``'s notification ``notification_id``; ``Http404`` if missing or someone else's."""
    try:
        return Notification.objects.filter(notification_scope(user)).get(pk=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
