"""Filter and edit forms for countries and duty stations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import User
from mobilize.core.forms import VersionedFormMixin
from mobilize.geo.models import Country, DutyStation, Region, RegionalOffice
from mobilize.geo.selectors import dutystation_placeable_countries

ANY = ("", _("Any"))


def yes_no_any(label: Any) -> forms.NullBooleanField:
    """A filter that is either unset, true or false (``?name=true``), like the API's query booleans."""
    return forms.NullBooleanField(
        label=label,
        required=False,
        widget=forms.Select(choices=[ANY, ("true", _("Yes")), ("false", _("No"))]),
    )


class FilterForm(forms.Form):
    """A GET filter form: invalid values are dropped rather than shown as errors."""

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in (None, "")}


class CountryFilterForm(FilterForm):
    search = forms.CharField(label=_("Name or ISO code"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[ANY, *Region.choices])
    regional_office = forms.ChoiceField(
        label=_("Regional office"), required=False, choices=[ANY, *RegionalOffice.choices]
    )
    is_global_south = yes_no_any(_("Global South"))


class CountryEditForm(VersionedFormMixin, forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    region = forms.ChoiceField(label=_("Reporting region"), choices=Region.choices)
    regional_office = forms.ChoiceField(label=_("Regional office"), choices=RegionalOffice.choices)
    is_global_south = forms.BooleanField(label=_("Global South"), required=False)
    is_territory = forms.BooleanField(label=_("Territory"), required=False)

    @classmethod
    def initial_for(cls, country: Country) -> dict[str, Any]:
        names = [name for name in cls.base_fields if name != "version"]
        return {**{name: getattr(country, name) for name in names}, "version": country.version}

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class DutyStationFilterForm(FilterForm):
    search = forms.CharField(label=_("Name"), required=False, max_length=100)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.order_by("name_en"), empty_label=_("Any")
    )
    hardship = forms.ChoiceField(
        label=_("Hardship class"), required=False, choices=[ANY, *DutyStation.Hardship.choices]
    )
    family = yes_no_any(_("Family duty station"))

    def filters(self) -> dict[str, Any]:
        """The valid filters as ``dutystation_list`` arguments."""
        cleaned = super().filters()
        return {
            "country_id": cleaned["country"].pk if "country" in cleaned else None,
            "hardship_class": cleaned.get("hardship"),
            "is_family": cleaned.get("family"),
            "search": cleaned.get("search"),
        }


class DutyStationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    hardship_class = forms.ChoiceField(label=_("Hardship class"), choices=DutyStation.Hardship.choices)
    is_family = forms.BooleanField(label=_("Family duty station"), required=False, initial=True)
    is_capital = forms.BooleanField(label=_("Capital city"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ModelChoiceField)
        country_field.queryset = dutystation_placeable_countries(user=user)

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class DutyStationEditForm(VersionedFormMixin, DutyStationForm):
    @staticmethod
    def initial_for(station: DutyStation) -> dict[str, Any]:
        return {
            "name": station.name,
            "country": station.country_id,
            "hardship_class": station.hardship_class,
            "is_family": station.is_family,
            "is_capital": station.is_capital,
            "version": station.version,
        }
