"""Filter and edit forms for host entities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import User
from mobilize.core.forms import VersionedFormMixin
from mobilize.geo.models import Country
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.partners.permissions import hostentity_types_for
from mobilize.partners.selectors import hostentity_placeable_countries

ANY = ("", _("Any"))


def yes_no_any(label: Any) -> forms.NullBooleanField:
    """A filter that is either unset, true or false (``?name=true``), like the API's query booleans."""
    return forms.NullBooleanField(
        label=label,
        required=False,
        widget=forms.Select(choices=[ANY, ("true", _("Yes")), ("false", _("No"))]),
    )


class HostEntityFilterForm(forms.Form):
    """The list's filters; a value that does not parse is dropped rather than shown as an error."""

    search = forms.CharField(label=_("Acronym or name"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[ANY, *HostEntity.Type.choices])
    reporting_group = forms.ModelChoiceField(
        label=_("Reporting group"),
        required=False,
        queryset=ReportingGroup.objects.order_by("sort_order", "code"),
        empty_label=_("Any"),
    )
    is_un = yes_no_any(_("UN entity"))
    active = yes_no_any(_("Active"))

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        group = cleaned.get("reporting_group")
        return {
            "entity_type": cleaned.get("type") or None,
            "reporting_group_id": group.pk if group is not None else None,
            "is_un": cleaned.get("is_un"),
            "is_active": cleaned.get("active"),
            "search": cleaned.get("search") or None,
        }


class HostEntityForm(forms.Form):
    acronym = forms.CharField(label=_("Acronym"), max_length=30)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=HostEntity.Type.choices)
    reporting_group = forms.ModelChoiceField(
        label=_("Reporting group"), queryset=ReportingGroup.objects.order_by("sort_order", "code")
    )
    parent = forms.ModelChoiceField(
        label=_("Parent entity"),
        required=False,
        queryset=HostEntity.objects.order_by("acronym"),
        help_text=_("E.g. a mission's parent department."),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.none(),
        help_text=_("Where a national body or NGO is based; empty for UN entities."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user: User, entity: HostEntity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = hostentity_types_for(user)
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [(value, label) for value, label in HostEntity.Type.choices if value in allowed]
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ModelChoiceField)
        country_field.queryset = hostentity_placeable_countries(user=user)
        if entity is not None:
            parent_field = self.fields["parent"]
            assert isinstance(parent_field, forms.ModelChoiceField)
            parent_field.queryset = HostEntity.objects.exclude(pk=entity.pk).order_by("acronym")

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class HostEntityEditForm(VersionedFormMixin, HostEntityForm):
    @staticmethod
    def initial_for(entity: HostEntity) -> dict[str, Any]:
        return {
            "acronym": entity.acronym,
            "name_en": entity.name_en,
            "name_fr": entity.name_fr,
            "name_es": entity.name_es,
            "name_zh": entity.name_zh,
            "type": entity.type,
            "reporting_group": entity.reporting_group_id,
            "parent": entity.parent_id,
            "country": entity.country_id,
            "is_active": entity.is_active,
            "version": entity.version,
        }
