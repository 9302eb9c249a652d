"""Admin for reporting groups and host entities: headquarters edits; every save is validated, versioned
and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from mobilize.accounts.models import Role
from mobilize.core.writes import create_validated, update_validated
from mobilize.partners.models import HostEntity, ReportingGroup


class HeadquartersAdmin(admin.ModelAdmin):
    """Reference data in the admin: headquarters (and superusers) view, add and change; nobody deletes
    (entities are referenced by requests and assignments: deactivate instead); every save goes through
    ``full_clean``, bumps the version and writes the audit trail like a service does."""

    audit_name = ""

    def _is_hq(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(user.is_active and (user.is_superuser or getattr(user, "role", None) == Role.HQ))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_hq(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_hq(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_hq(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_hq(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        if not change:
            create_validated(instance=obj, actor=request.user, verb=f"{self.audit_name}.created")
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        update_validated(instance=obj, data=data, actor=request.user, verb=f"{self.audit_name}.updated")


@admin.register(ReportingGroup)
class ReportingGroupAdmin(HeadquartersAdmin):
    audit_name = "reportinggroup"
    list_display = ["code", "name_en", "sort_order"]
    search_fields = ["code", "name_en", "name_zh"]
    list_filter = ["sort_order"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(HostEntity)
class HostEntityAdmin(HeadquartersAdmin):
    audit_name = "hostentity"
    list_display = ["acronym", "name_en", "type", "reporting_group", "country", "is_active"]
    list_filter = ["type", "reporting_group", "is_active"]
    search_fields = ["acronym", "name_en", "name_fr", "name_es", "name_zh"]
    list_select_related = ["reporting_group", "country"]
    autocomplete_fields = ["parent", "country"]
    readonly_fields = ["version", "created_at", "updated_at"]
