"""The filter of the category list and the form that adds an eligibility rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.reference.models import Modality


class CategoryFilterForm(forms.Form):
    """A GET filter: an invalid value is dropped rather than shown as an error."""

    modality = forms.ChoiceField(
        label=_("Modality"), required=False, choices=[("", _("Any")), *Modality.choices]
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {"modality": getattr(self, "cleaned_data", {}).get("modality") or None}


def _date(label: Any, *, required: bool, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
    )


def _count(label: Any, *, required: bool, help_text: Any = "", minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=minimum, help_text=help_text)


class CategoryRuleForm(forms.Form):
    effective_from = _date(
        _("In force from"),
        required=True,
        help_text=_(
            "If the rule has no last day, the rule in force until now without a last day ends the day before."
        ),
    )
    effective_to = _date(
        _("Last day in force"), required=False, help_text=_("Leave empty while it is current.")
    )
    min_age = _count(_("Minimum age"), required=True)
    max_age = _count(_("Maximum age"), required=False, help_text=_("Inclusive; leave empty for no maximum."))
    age_applies_through_end = forms.BooleanField(
        label=_("The age bounds hold until the planned end of the assignment"), required=False
    )
    min_experience_months = _count(_("Minimum experience (months)"), required=True)
    min_duration_days = _count(_("Shortest assignment (days)"), required=True, minimum=1)
    max_duration_days = _count(_("Longest assignment (days)"), required=True, minimum=1)
    service_limit_days = _count(
        _("Service limit (days)"),
        required=False,
        help_text=_("Most days a person may serve under this modality in total; empty for none."),
    )
    service_limit_exempt_age = _count(
        _("No service limit from age"),
        required=False,
        help_text=_("Empty if the limit applies at every age."),
    )
    requires_degree = forms.BooleanField(label=_("A university degree is required"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the rule comes from."),
    )
