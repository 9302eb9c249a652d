"""The filter, create and edit forms of the assignment pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.assignments.models import Assignment
from mobilize.assignments.selectors import (
    AssignmentFilters,
    assignment_eligible_volunteers,
    assignment_fillable_positions,
    assignment_placeable_stations,
)
from mobilize.assignments.services import TRANSITIONS
from mobilize.core.forms import VersionedFormMixin
from mobilize.geo.models import Country, DutyStation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import FundingType, Modality, VolunteerCategory
from mobilize.requests.models import Position
from mobilize.talent.models import Candidate

ANY = ("", _("Any"))


class DateInput(forms.DateInput):
    input_type = "date"


class AssignmentFilterForm(forms.Form):
    """The list filters, as a GET form; an invalid value is dropped and named, the rest apply."""

    search = forms.CharField(label=_("Reference or volunteer name"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[ANY, *Assignment.Status.choices])
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
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=VolunteerCategory.objects.all(), empty_label=_("Any")
    )
    modality = forms.ChoiceField(label=_("Modality"), required=False, choices=[ANY, *Modality.choices])
    funding_type = forms.ChoiceField(label=_("Funding"), required=False, choices=[ANY, *FundingType.choices])
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
            status=data.get("status") or None,
            host_entity_id=pk("host_entity"),
            duty_country_id=pk("duty_country"),
            category_id=pk("category"),
            modality=data.get("modality") or None,
            funding_type=data.get("funding_type") or None,
            active_in_year=data.get("active_in_year"),
            search=data.get("search") or None,
        )


class AssignmentCreateForm(forms.Form):
    """Make an assignment: the choices are what ``user`` may use (candidates they may see, duty
    stations and open positions in their countries)."""

    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=Candidate.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=VolunteerCategory.objects.all())
    host_entity = forms.ModelChoiceField(
        label=_("Host entity"), queryset=HostEntity.objects.filter(is_active=True).order_by("acronym")
    )
    duty_station = forms.ModelChoiceField(label=_("Duty station"), queryset=DutyStation.objects.none())
    position = forms.ModelChoiceField(
        label=_("Position"),
        queryset=Position.objects.none(),
        required=False,
        help_text=_("The open position of a request (DoA) this assignment fills, if any."),
    )
    funding_type = forms.ChoiceField(
        label=_("Funding"), choices=FundingType.choices, initial=FundingType.HOST
    )
    entry_on_duty = forms.DateField(label=_("Entry on duty"), widget=DateInput)
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = assignment_eligible_volunteers(user=user)  # type: ignore[attr-defined]
        self.fields["duty_station"].queryset = assignment_placeable_stations(user=user)  # type: ignore[attr-defined]
        self.fields["position"].queryset = assignment_fillable_positions(user=user)  # type: ignore[attr-defined]


class AssignmentEditForm(VersionedFormMixin, forms.Form):
    """Change the dates, funding or status of an open assignment; the status offers only the moves
    allowed from the current one."""

    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput)
    actual_end = forms.DateField(
        label=_("Actual end"),
        widget=DateInput,
        required=False,
        help_text=_("Required when the assignment is completed or ended early; empty otherwise."),
    )
    funding_type = forms.ChoiceField(label=_("Funding"), choices=FundingType.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Assignment.Status.choices)

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {assignment.status, *TRANSITIONS[assignment.status]}
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Assignment.Status.choices if value in allowed
        ]
        self.assignment = assignment

    @classmethod
    def initial_for(cls, assignment: Assignment) -> dict[str, Any]:
        names = ["planned_end", "actual_end", "funding_type", "status", "version"]
        return {name: getattr(assignment, name) for name in names}

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the stored one."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and value != getattr(self.assignment, name)
        }
