"""Writes on accounts: users, roles and scopes, tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from mobilize.accounts.models import ApiToken, Role, User
from mobilize.core.audit import audit_record


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    host_entity_ids: Iterable[int] = (),
    country_ids: Iterable[int] = (),
    actor: Any = None,
) -> User:
    """Create a user with a role and scope; HQ users may use the admin."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=role == Role.HQ,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.host_entities.set(list(host_entity_ids))
    user.countries.set(list(country_ids))
    audit_record(actor=actor, verb="user.created", target=user, changes={"role": [None, role]})
    return user


@transaction.atomic
def token_create(*, user: User, name: str = "", actor: Any = None) -> str:
    """Issue a new API token for ``user`` and return its secret; it is shown only this once."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    raw = f"mob_{prefix}_{secret}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=ApiToken.hash_secret(raw))
    audit_record(actor=actor, verb="token.created", target=token)
    return raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any = None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, verb="token.revoked", target=token)
