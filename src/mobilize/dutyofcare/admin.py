"""Duty of care in the admin. Headquarters records security levels here as on the pages (through
the same service: checked, audited, never overwritten: a change is a new row). Evacuations,
incidents and check-ins are read here; they change only through the pages and the API, whose
services lock, check versions and notify."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from mobilize.core.admin import ReadOnlyAdmin
from mobilize.dutyofcare.models import (
    CheckIn,
    CheckInResponse,
    Evacuation,
    EvacuationPerson,
    Incident,
    SecurityLevelChange,
)
from mobilize.dutyofcare.services import security_level_record


@admin.register(SecurityLevelChange)
class SecurityLevelChangeAdmin(admin.ModelAdmin):
    list_display = ["country", "duty_station", "level", "effective_from", "note", "recorded_by"]
    list_filter = ["level"]
    search_fields = ["country__name_en", "duty_station__name", "note"]
    list_select_related = ["country", "duty_station", "recorded_by"]
    date_hierarchy = "effective_from"
    fields = ["country", "duty_station", "level", "effective_from", "note"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A recorded change is history: viewed, never edited (record a later one)."""
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        assert isinstance(obj, SecurityLevelChange) and not change
        saved = security_level_record(
            country=obj.country,
            duty_station=obj.duty_station,
            level=obj.level,
            effective_from=obj.effective_from,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = saved.pk


class EvacuationPersonInline(admin.TabularInline):
    model = EvacuationPerson
    extra = 0
    can_delete = False
    fields = ("name", "kind", "duty_station", "host_entity", "status", "status_changed_at", "location")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Evacuation)
class EvacuationAdmin(ReadOnlyAdmin):
    inlines = [EvacuationPersonInline]
    list_display = ["title", "kind", "country", "as_of", "status", "closed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "country__name_en"]
    list_select_related = ["country"]
    readonly_fields = [f.name for f in Evacuation._meta.fields] + ["duty_stations"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "kind", "severity", "country", "host_entity", "status"]
    list_filter = ["status", "kind", "severity"]
    list_select_related = ["country", "host_entity"]
    date_hierarchy = "occurred_on"
    readonly_fields = [f.name for f in Incident._meta.fields]


class CheckInResponseInline(admin.TabularInline):
    model = CheckInResponse
    extra = 0
    can_delete = False
    fields = ("volunteer", "duty_station", "answer", "answered_at", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    inlines = [CheckInResponseInline]
    list_display = ["created_at", "country", "duty_station", "evacuation", "status"]
    list_filter = ["status"]
    list_select_related = ["country", "duty_station", "evacuation"]
    readonly_fields = [f.name for f in CheckIn._meta.fields]
