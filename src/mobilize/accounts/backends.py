"""Model permissions follow the role: headquarters may use the whole admin.

Django's admin asks ``user.has_perm("app.change_model")``; rather than keeping a second copy of
each role in permission groups, this backend answers from the role itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from mobilize.accounts.models import Role


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if getattr(user_obj, "is_active", False) and getattr(user_obj, "role", None) == Role.HQ:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if getattr(user_obj, "is_active", False) and getattr(user_obj, "role", None) == Role.HQ:
            return True
        return super().has_module_perms(user_obj, app_label)
