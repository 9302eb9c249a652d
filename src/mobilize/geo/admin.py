"""Admin for countries and duty stations: headquarters edits, every save validated, versioned and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from mobilize.accounts.models import Role
from mobilize.core.writes import create_validated, update_validated
from mobilize.geo.models import Country, DutyStation


class HeadquartersAdmin(admin.ModelAdmin):
    """Reference data in the admin: headquarters (and superusers) view, add and change; nobody deletes
    (records are referenced by people and assignments); every save goes through ``full_clean``, bumps
    the version and writes the audit trail like a service does."""

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


@admin.register(Country)
class CountryAdmin(HeadquartersAdmin):
    audit_name = "country"
    list_display = [
        "name_en",
        "iso2",
        "iso3",
        "m49",
        "region",
        "regional_office",
        "is_global_south",
        "is_territory",
    ]
    list_editable = ["region", "regional_office", "is_global_south"]
    list_filter = ["region", "regional_office", "is_global_south", "is_territory"]
    search_fields = ["name_en", "name_fr", "name_es", "name_zh", "iso2", "iso3", "m49"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(DutyStation)
class DutyStationAdmin(HeadquartersAdmin):
    audit_name = "dutystation"
    list_display = ["name", "country", "hardship_class", "is_family", "is_capital"]
    list_filter = ["hardship_class", "is_family", "is_capital", "country__region"]
    search_fields = ["name", "country__name_en", "country__iso2"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    readonly_fields = ["version", "created_at", "updated_at"]
