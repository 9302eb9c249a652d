"""Admin for countries and duty stations: headquarters edits, every save validated, versioned and audited;
nobody deletes (records are referenced by people and assignments)."""

from __future__ import annotations

from django.contrib import admin

from mobilize.core.admin import ValidatedAdmin
from mobilize.geo.models import Country, DutyStation


@admin.register(Country)
class CountryAdmin(ValidatedAdmin):
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


@admin.register(DutyStation)
class DutyStationAdmin(ValidatedAdmin):
    audit_name = "dutystation"
    list_display = ["name", "country", "hardship_class", "is_family", "is_capital"]
    list_filter = ["hardship_class", "is_family", "is_capital", "country__region"]
    search_fields = ["name", "country__name_en", "country__iso2"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
