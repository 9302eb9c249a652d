"""The forms of the entitlement pages: a rate row (made from its table's fields), the filters of a
rate table and of the costs list, and a dependant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from mobilize.assignments.models import Dependant
from mobilize.assignments.selectors import AssignmentFilters
from mobilize.core.forms import VersionedFormMixin
from mobilize.entitlements.models import EffectiveRate
from mobilize.geo.models import Country, DutyStation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import FundingType

PERIOD_FIELDS = ["effective_from", "effective_to", "notes"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _narrow(fields: dict[str, Any]) -> None:
    """Readable, ordered choices for the keys that point at duty stations or countries."""
    if "duty_station" in fields:
        fields["duty_station"].queryset = DutyStation.objects.select_related("country").order_by(
            "country__name_en", "name"
        )
    if "country" in fields:
        fields["country"].queryset = Country.objects.order_by("name_en")


def rate_form_class(table: type[EffectiveRate], *, create: bool) -> type[forms.Form]:
    """The form of a row of ``table``: key, values and period to add one; values and period (and the
    version read) to correct one. A plain form: the service validates the row (overlaps included)."""
    names = (
        [*table.KEY_FIELDS, *table.VALUE_FIELDS, *PERIOD_FIELDS]
        if create
        else [
            *table.VALUE_FIELDS,
            *PERIOD_FIELDS,
        ]
    )
    fields = fields_for_model(
        table,
        fields=names,
        widgets={
            "effective_from": DateInput,
            "effective_to": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        },
    )
    _narrow(fields)
    bases: tuple[type, ...] = (forms.Form,) if create else (VersionedFormMixin, forms.Form)
    return type(f"{table.__name__}{'Create' if create else 'Edit'}Form", bases, dict(fields))


def rate_initial(row: EffectiveRate) -> dict[str, Any]:
    names = [*row.VALUE_FIELDS, *PERIOD_FIELDS, "version"]
    return {name: getattr(row, name) for name in names}


def rate_changes(form: forms.Form, row: EffectiveRate) -> dict[str, Any]:
    """The fields of an edit form whose value differs from the row's."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name != "version" and value != getattr(row, name)
    }


def rate_filter_form_class(table: type[EffectiveRate]) -> type[forms.Form]:
    """A GET form: in force on a day, and the table's key fields (each optional)."""
    fields: dict[str, Any] = {
        "on": forms.DateField(label=_("In force on"), required=False, widget=DateInput),
    }
    keys = fields_for_model(table, fields=list(table.KEY_FIELDS))
    _narrow(keys)
    for name, field in keys.items():
        field.required = False
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = _("Any")
        elif isinstance(field, forms.ChoiceField):
            choices = [(value, label) for value, label in field.choices if value != ""]  # type: ignore[union-attr,misc]
            field.choices = [("", _("Any")), *choices]
        fields[name] = field

    def filters(self: forms.Form) -> dict[str, Any]:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in table.KEY_FIELDS if data.get(name) not in (None, "")}

    def on(self: forms.Form) -> Any:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("on")

    return type(f"{table.__name__}FilterForm", (forms.Form,), {**fields, "filters": filters, "on_day": on})


class CostFilterForm(forms.Form):
    """The filters of the costs list (an invalid value is dropped and named, the rest apply)."""

    search = forms.CharField(label=_("Reference or volunteer name"), required=False, max_length=100)
    host_entity = forms.ModelChoiceField(
        label=_("Host entity"),
        required=False,
        queryset=HostEntity.objects.order_by("acronym"),
        empty_label=_("Any"),
    )
    duty_country = forms.ModelChoiceField(
        label=_("Duty country"),
        required=False,
        queryset=Country.objects.order_by("name_en"),
        empty_label=_("Any"),
    )
    funding_type = forms.ChoiceField(
        label=_("Funding"), required=False, choices=[("", _("Any")), *FundingType.choices]
    )
    active_in_year = forms.IntegerField(
        label=_("Active in year"), required=False, min_value=1950, max_value=2100
    )

    def filters(self) -> AssignmentFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return AssignmentFilters(
            host_entity_id=pk("host_entity"),
            duty_country_id=pk("duty_country"),
            funding_type=data.get("funding_type") or None,
            active_in_year=data.get("active_in_year"),
            search=data.get("search") or None,
        )


DEPENDANT_FIELDS = [
    "given_name",
    "family_name",
    "relationship",
    "date_of_birth",
    "accompanying",
    "recognized_from",
    "recognized_until",
]


class DependantForm(VersionedFormMixin, forms.Form):
    """Recognize a dependant, or change one; the service checks the dates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(
            Dependant,
            fields=DEPENDANT_FIELDS,
            widgets={"date_of_birth": DateInput, "recognized_from": DateInput, "recognized_until": DateInput},
        )
        version = self.fields.pop("version")
        self.fields.update(fields)
        self.fields["version"] = version

    @staticmethod
    def initial_for(dependant: Dependant) -> dict[str, Any]:
        return {name: getattr(dependant, name) for name in [*DEPENDANT_FIELDS, "version"]}

    def data_for_service(self, dependant: Dependant | None = None) -> dict[str, Any]:
        """The values to write: all of them for a new dependant, the changed ones for an edit."""
        values = {name: self.cleaned_data[name] for name in DEPENDANT_FIELDS}
        if dependant is None:
            return values
        return {name: value for name, value in values.items() if value != getattr(dependant, name)}
