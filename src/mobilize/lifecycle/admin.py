"""The lifecycle in the admin: read-only. Every step is taken through the pages or the API, whose
services check the rules, lock, notify and audit; here they are read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mobilize.core.admin import ReadOnlyAdmin
from mobilize.lifecycle.models import (
    ChecklistItem,
    ClosedAssignment,
    EndOfAssignment,
    Extension,
    MissionClosure,
    Reassignment,
    Redeployment,
    RedeploymentConsent,
    Reminder,
    Separation,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChecklistItemInline(ReadOnlyInline):
    model = ChecklistItem
    fields = ("kind", "done_at", "done_by", "note")
    readonly_fields = fields


class ClosedAssignmentInline(ReadOnlyInline):
    model = ClosedAssignment
    fields = ("assignment", "previous_status", "previous_planned_end", "new_status", "months_not_paid")
    readonly_fields = fields


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "previous_planned_end", "new_planned_end", "status", "requested_at"]
    list_filter = ["status"]
    search_fields = ["assignment__reference"]
    list_select_related = ["assignment"]


@admin.register(Separation)
class SeparationAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "kind", "status", "last_day", "leave_owing_days", "submitted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["assignment__reference"]
    list_select_related = ["assignment"]


@admin.register(Reassignment)
class ReassignmentAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "from_station", "to_station", "effective_date", "status"]
    list_filter = ["status"]
    search_fields = ["assignment__reference"]
    list_select_related = ["assignment", "from_station", "to_station"]


@admin.register(EndOfAssignment)
class EndOfAssignmentAdmin(ReadOnlyAdmin):
    inlines = [ChecklistItemInline]
    list_display = ["assignment", "last_day", "status", "rating", "certificate_number"]
    list_filter = ["status", "rating"]
    search_fields = ["assignment__reference", "certificate_number"]
    list_select_related = ["assignment"]


@admin.register(RedeploymentConsent)
class RedeploymentConsentAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "consents", "answered_at"]
    list_filter = ["consents"]
    search_fields = ["assignment__reference"]


@admin.register(MissionClosure)
class MissionClosureAdmin(ReadOnlyAdmin):
    inlines = [ClosedAssignmentInline]
    list_display = ["host_entity", "closure_date", "ended_count", "cancelled_count", "redeployment_count"]
    list_select_related = ["host_entity"]


@admin.register(Redeployment)
class RedeploymentAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "volunteer", "status", "host_entity", "position"]
    list_filter = ["status"]
    search_fields = ["assignment__reference"]
    list_select_related = ["assignment", "volunteer", "host_entity", "position"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "kind", "planned_end", "due_on", "sent_at", "recipients"]
    list_filter = ["kind"]
    search_fields = ["assignment__reference"]
    list_select_related = ["assignment"]
