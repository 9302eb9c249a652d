"""The audit trail in the admin (read-only), and the base every app's validated admin extends."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from mobilize.core.models import AuditRecord
from mobilize.core.writes import create_validated, update_validated

TIMESTAMPS = ["version", "created_at", "updated_at"]


class ValidatedAdmin(admin.ModelAdmin):
    """Records edited in the admin as a service edits them: every save goes through ``full_clean``,
    bumps the version and writes the audit trail (``<audit_name>.created`` / ``.updated``); nobody
    deletes (other records refer to them). Who may view, add and change is Django's model permission,
    which the role backend grants to headquarters (and Django to superusers)."""

    audit_name = ""
    readonly_fields = TIMESTAMPS

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        if not change:
            create_validated(instance=obj, actor=request.user, verb=f"{self.audit_name}.created")
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        update_validated(instance=obj, data=data, actor=request.user, verb=f"{self.audit_name}.updated")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody changes in the admin: those who may view them read them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "kind", "verb", "target_type", "target_id", "target_repr"]
    list_filter = ["kind", "target_type"]
    search_fields = ["verb", "target_repr", "actor_label", "target_id"]
    readonly_fields = [f.name for f in AuditRecord._meta.fields]
