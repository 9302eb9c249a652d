"""Reads on accounts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mobilize.accounts.models import ApiToken, User


def user_for_token(*, raw: str) -> User | None:
    """The active user a bearer token belongs to, or None; marks the token used."""
    parts = raw.split("_")
    if len(parts) < 3 or parts[0] != "mob":
        return None
    try:
        token = ApiToken.objects.select_related("user").get(prefix=parts[1], revoked_at__isnull=True)
    except ApiToken.DoesNotExist:
        return None
    if not _constant_time_equal(token.key_hash, ApiToken.hash_secret(raw)) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _constant_time_equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a, b)
