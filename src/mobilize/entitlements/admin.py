"""The rate tables in the admin: headquarters adds and corrects rows, each save validated
(``full_clean``: a period overlapping another row of the same key is refused on ``effective_from``),
versioned and audited; nobody deletes (past statements were worked out from them). To change a rate
from a date here, first end the row in force, then add the new one; the pages do both in one step."""

from __future__ import annotations

from django.contrib import admin

from mobilize.core.admin import TIMESTAMPS, ValidatedAdmin
from mobilize.entitlements.models import RATE_MODELS, EffectiveRate


class RateAdmin(ValidatedAdmin):
    readonly_fields = TIMESTAMPS
    date_hierarchy = "effective_from"
    search_fields = ["notes"]


def _admin_for(model: type[EffectiveRate]) -> type[RateAdmin]:
    keys = list(model.KEY_FIELDS)
    values = list(model.VALUE_FIELDS)
    related = [name for name in keys if model._meta.get_field(name).is_relation]
    attrs = {
        "audit_name": model._meta.model_name,
        "list_display": ["__str__", *keys, *values, "effective_from", "effective_to"],
        "list_filter": [name for name in keys if not model._meta.get_field(name).is_relation],
        "list_select_related": [f"{name}__country" if name == "duty_station" else name for name in related],
        "raw_id_fields": related,
        "search_fields": [
            *(["duty_station__name", "duty_station__country__name_en"] if "duty_station" in keys else []),
            *(["country__name_en", "country__iso2"] if "country" in keys else []),
            "notes",
        ],
        "fields": [*keys, *values, "effective_from", "effective_to", "notes", *TIMESTAMPS],
    }
    return type(f"{model.__name__}Admin", (RateAdmin,), attrs)


for _model in RATE_MODELS.values():
    admin.site.register(_model, _admin_for(_model))
