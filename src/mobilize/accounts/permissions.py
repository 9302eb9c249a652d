"""Who may read the audit trail."""

from __future__ import annotations

from typing import Any

from mobilize.accounts.models import Role


def can_read_audit(user: Any) -> bool:
    """Headquarters and auditors read the whole trail."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.HQ, Role.AUDITOR)
