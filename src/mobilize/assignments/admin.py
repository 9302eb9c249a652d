"""Assignments in the admin: read-mostly. New assignments are made through the pages, the API or
recruitment (the service derives the snapshots); here only the editable fields change, validated
by the same rules as the service (the form runs ``full_clean``) and written through it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

from mobilize.assignments.models import Assignment, Dependant
from mobilize.assignments.services import EDITABLE_FIELDS, assignment_check_update, assignment_update
from mobilize.core.errors import ApplicationError


class AssignmentAdminForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = sorted(EDITABLE_FIELDS)

    def clean(self) -> dict[str, Any]:
        """The service's rules, so that a refused change is shown on the form (nothing written)."""
        cleaned = super().clean() or {}
        changes = {name: cleaned[name] for name in self.changed_data if name in cleaned}
        if not changes:
            return cleaned
        try:
            assignment_check_update(assignment=self.instance, changes=changes)
        except ApplicationError as exc:
            field = exc.field if exc.field in self.fields else NON_FIELD_ERRORS
            raise ValidationError({field: [exc.message]}) from exc
        return cleaned


class DependantInline(admin.TabularInline):
    """Dependants are read here; they are recognized through the assignment's pages and API (the
    service checks the dates and audits the change)."""

    model = Dependant
    extra = 0
    can_delete = False
    fields = (
        "given_name",
        "family_name",
        "relationship",
        "date_of_birth",
        "accompanying",
        "recognized_from",
        "recognized_until",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    inlines = [DependantInline]
    form = AssignmentAdminForm
    list_display = [
        "reference",
        "volunteer",
        "category",
        "modality",
        "host_entity",
        "duty_country",
        "entry_on_duty",
        "planned_end",
        "actual_end",
        "status",
    ]
    list_filter = ["status", "modality", "host_entity", "funding_type"]
    search_fields = ["reference", "volunteer__given_name", "volunteer__family_name"]
    list_select_related = ["volunteer", "category", "host_entity", "duty_country"]
    date_hierarchy = "entry_on_duty"
    readonly_fields = [
        "reference",
        "volunteer",
        "position",
        "category",
        "modality",
        "host_entity",
        "duty_station",
        "duty_country",
        "nationality",
        "home_country",
        "displacement",
        "entry_on_duty",
        "version",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Assignment | None = None) -> list[str]:
        if obj is not None and not obj.is_open:
            return [*self.readonly_fields, *sorted(EDITABLE_FIELDS)]
        return list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Assignment, form: forms.ModelForm, change: bool) -> None:
        """Write through ``assignment_update`` (lock, version, audit); the form checked the rules."""
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if not data:
            return
        assignment_update(assignment=obj, data=data, expected_version=obj.version, actor=request.user)
