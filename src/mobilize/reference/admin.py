"""Admin for the reference lists: headquarters edits, every save validated (``full_clean``, so an
overlapping rule is refused on ``effective_from``), versioned and audited; nobody deletes (people,
requests and assignments refer to these rows). The loader's memory is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mobilize.core.admin import ReadOnlyAdmin, ValidatedAdmin
from mobilize.reference.models import (
    CategoryRule,
    ExpertiseArea,
    Language,
    LoadedRow,
    ReportingYear,
    Sdg,
    VolunteerCategory,
)


@admin.register(Language)
class LanguageAdmin(ValidatedAdmin):
    audit_name = "language"
    list_display = ["code", "name_en", "name_zh", "is_un_official"]
    list_filter = ["is_un_official"]
    search_fields = ["code", "name_en", "name_zh"]


@admin.register(Sdg)
class SdgAdmin(ValidatedAdmin):
    audit_name = "sdg"
    list_display = ["number", "name_en", "name_zh"]
    search_fields = ["name_en", "name_zh"]


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(ValidatedAdmin):
    audit_name = "expertisearea"
    list_display = ["code", "name_en", "name_zh"]
    search_fields = ["code", "name_en", "name_zh"]


class CategoryRuleInline(admin.TabularInline):
    """The category's rules, for reading; each is edited on its own page so that it is validated alone."""

    model = CategoryRule
    extra = 0
    show_change_link = True
    fields = ["effective_from", "effective_to", "min_age", "max_age", "min_experience_months"]
    readonly_fields = ["effective_from", "effective_to", "min_age", "max_age", "min_experience_months"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(VolunteerCategory)
class VolunteerCategoryAdmin(ValidatedAdmin):
    audit_name = "volunteercategory"
    list_display = ["code", "name_en", "modality", "is_youth", "is_university", "is_community", "is_refugee"]
    list_filter = ["modality", "is_youth", "is_university", "is_community", "is_refugee"]
    search_fields = ["code", "name_en", "name_zh"]
    inlines = [CategoryRuleInline]


@admin.register(CategoryRule)
class CategoryRuleAdmin(ValidatedAdmin):
    audit_name = "categoryrule"
    list_display = [
        "category",
        "effective_from",
        "effective_to",
        "min_age",
        "max_age",
        "min_experience_months",
    ]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["category__code", "category__name_en", "notes"]
    date_hierarchy = "effective_from"


@admin.register(LoadedRow)
class LoadedRowAdmin(ReadOnlyAdmin):
    list_display = ["model_label", "natural_key", "loaded_at"]
    list_filter = ["model_label"]
    search_fields = ["natural_key"]
    readonly_fields = ["model_label", "natural_key", "values", "loaded_at"]


@admin.register(ReportingYear)
class ReportingYearAdmin(ValidatedAdmin):
    audit_name = "reportingyear"
    list_display = ["year", "complete", "note"]
    list_filter = ["complete"]
