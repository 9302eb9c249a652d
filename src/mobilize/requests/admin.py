"""The DoA in the admin, with its language requirements and positions inline.

The admin's forms validate through the models (``full_clean``: the end date, a duty station in the
DoA's country, a language once). A new DoA gets its ``DOA-<year>-<id>`` reference as the services
give it, and every save is audited and bumps the version, so an edit open elsewhere is refused.
The workflow (status, its time stamps, the conversation under "DoA comments") is read-only here:
it moves only through its services, which notify the people concerned.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from mobilize.core.admin import ReadOnlyAdmin
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.requests.models import Doa, DoaComment, DoaLanguage, Position
from mobilize.requests.services import doa_reference_assign


class DoaLanguageInline(admin.TabularInline):
    model = DoaLanguage
    extra = 0
    raw_id_fields = ["language"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ["duty_station"]
    readonly_fields = ["created_at"]
    fields = ["duty_station", "status", "created_at"]


WORKFLOW_FIELDS = [
    "status",
    "copied_from",
    "submitted_at",
    "edits_requested_at",
    "resubmitted_at",
    "approved_at",
    "sourcing_started_at",
    "recruited_at",
    "cancelled_at",
    "cancel_reason",
]


@admin.register(Doa)
class DoaAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "host_entity",
        "country",
        "category",
        "status",
        "start_date",
        "end_date",
        "funding_type",
    ]
    list_filter = ["status", "funding_type", "category", "reserved_for_pwd", "is_template"]
    search_fields = ["reference", "title", "host_entity__acronym", "country__name_en"]
    list_select_related = ["host_entity", "country", "category"]
    date_hierarchy = "start_date"
    raw_id_fields = ["host_entity", "country", "sdg", "created_by"]
    filter_horizontal = ["expertise"]
    readonly_fields = ["reference", *WORKFLOW_FIELDS, "version", "created_at", "updated_at"]
    inlines = [DoaLanguageInline, PositionInline]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Doa, form: ModelForm, change: bool) -> None:
        before = snapshot(Doa.objects.get(pk=obj.pk)) if change else {}
        if change:
            obj.version += 1
            super().save_model(request, obj, form, change)
        else:
            obj.created_by = obj.created_by or request.user  # type: ignore[assignment]
            doa_reference_assign(doa=obj)
        changes = diff(before, snapshot(obj))
        changes.pop("version", None)
        audit_record(
            actor=request.user,
            verb="doa.updated" if change else "doa.created",
            target=obj,
            changes=changes,
            detail="admin",
        )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("host_entity", "country", "category")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "doa", "duty_station", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["doa__reference", "duty_station__name"]
    list_select_related = ["doa", "duty_station", "duty_station__country"]
    raw_id_fields = ["doa", "duty_station"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(DoaLanguage)
class DoaLanguageAdmin(admin.ModelAdmin):
    list_display = ["doa", "language", "level", "required"]
    list_filter = ["level", "required"]
    search_fields = ["doa__reference", "language__name_en", "language__code"]
    list_select_related = ["doa", "language"]
    raw_id_fields = ["doa", "language"]


@admin.register(DoaComment)
class DoaCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "doa", "author", "kind"]
    list_filter = ["kind"]
    search_fields = ["doa__reference", "author__username", "body"]
    list_select_related = ["doa", "author"]
    readonly_fields = [f.name for f in DoaComment._meta.fields]
