"""Admin for the reference lists: headquarters edits, every save validated (``full_clean``, so an
overlapping rule is refused on ``effective_from``), versioned and audited; nobody deletes (people,
requests and assignments refer to these rows). The loader's memory is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from mobilize.accounts.models import Role
from mobilize.core.writes import create_validated, update_validated
from mobilize.reference.models import CategoryRule, ExpertiseArea, Language, LoadedRow, Sdg, VolunteerCategory

TIMESTAMPS = ["version", "created_at", "updated_at"]


def _is_hq(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", None) == Role.HQ))


class HeadquartersAdmin(admin.ModelAdmin):
    audit_name = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        if not change:
            create_validated(instance=obj, actor=request.user, verb=f"{self.audit_name}.created")
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        update_validated(instance=obj, data=data, actor=request.user, verb=f"{self.audit_name}.updated")


@admin.register(Language)
class LanguageAdmin(HeadquartersAdmin):
    audit_name = "language"
    list_display = ["code", "name_en", "name_zh", "is_un_official"]
    list_filter = ["is_un_official"]
    search_fields = ["code", "name_en", "name_zh"]
    readonly_fields = TIMESTAMPS


@admin.register(Sdg)
class SdgAdmin(HeadquartersAdmin):
    audit_name = "sdg"
    list_display = ["number", "name_en", "name_zh"]
    search_fields = ["name_en", "name_zh"]
    readonly_fields = TIMESTAMPS


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(HeadquartersAdmin):
    audit_name = "expertisearea"
    list_display = ["code", "name_en", "name_zh"]
    search_fields = ["code", "name_en", "name_zh"]
    readonly_fields = TIMESTAMPS


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
class VolunteerCategoryAdmin(HeadquartersAdmin):
    audit_name = "volunteercategory"
    list_display = ["code", "name_en", "modality", "is_youth", "is_university", "is_community", "is_refugee"]
    list_filter = ["modality", "is_youth", "is_university", "is_community", "is_refugee"]
    search_fields = ["code", "name_en", "name_zh"]
    readonly_fields = TIMESTAMPS
    inlines = [CategoryRuleInline]


@admin.register(CategoryRule)
class CategoryRuleAdmin(HeadquartersAdmin):
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
    readonly_fields = TIMESTAMPS


@admin.register(LoadedRow)
class LoadedRowAdmin(admin.ModelAdmin):
    list_display = ["model_label", "natural_key", "loaded_at"]
    list_filter = ["model_label"]
    search_fields = ["natural_key"]
    readonly_fields = ["model_label", "natural_key", "values", "loaded_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
