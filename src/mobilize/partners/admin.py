"""Admin for reporting groups and host entities: headquarters edits; every save is validated, versioned
and audited; nobody deletes (entities are referenced by requests and assignments: deactivate instead)."""

from __future__ import annotations

from django.contrib import admin

from mobilize.core.admin import ValidatedAdmin
from mobilize.partners.models import HostEntity, ReportingGroup


@admin.register(ReportingGroup)
class ReportingGroupAdmin(ValidatedAdmin):
    audit_name = "reportinggroup"
    list_display = ["code", "name_en", "sort_order"]
    search_fields = ["code", "name_en", "name_zh"]
    list_filter = ["sort_order"]


@admin.register(HostEntity)
class HostEntityAdmin(ValidatedAdmin):
    audit_name = "hostentity"
    list_display = ["acronym", "name_en", "type", "reporting_group", "country", "is_active"]
    list_filter = ["type", "reporting_group", "is_active"]
    search_fields = ["acronym", "name_en", "name_fr", "name_es", "name_zh"]
    list_select_related = ["reporting_group", "country"]
    autocomplete_fields = ["parent", "country"]
