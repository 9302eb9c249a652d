"""The forms of the duty-of-care pages; the choices offered are those the user may use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import Role
from mobilize.assignments.models import Assignment
from mobilize.core.forms import VersionedFormMixin
from mobilize.dutyofcare.models import Answer, Evacuation, Incident, PersonStatus, SecurityLevel
from mobilize.dutyofcare.permissions import evacuation_scope
from mobilize.dutyofcare.selectors import IncidentFilters, WhereaboutsFilters, incident_assignments_for
from mobilize.geo.models import Country, DutyStation, Region
from mobilize.partners.models import HostEntity

ANY = ("", _("Any"))


class DateInput(forms.DateInput):
    input_type = "date"


def countries_for(user: Any) -> QuerySet[Country]:
    """The countries ``user`` acts in (a field unit: its own; others: all)."""
    qs = Country.objects.order_by("name_en")
    return qs.filter(pk__in=user.country_ids()) if user.has_role(Role.FIELD_UNIT) else qs


def stations_for(user: Any) -> QuerySet[DutyStation]:
    return (
        DutyStation.objects.filter(country__in=countries_for(user))
        .select_related("country")
        .order_by("country__name_en", "name")
    )


def _pk(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    return value.pk if value is not None else None


class WhereaboutsFilterForm(forms.Form):
    """Who is where: the day (today unless told), and optional country, region and host entity."""

    day = forms.DateField(label=_("On"), required=False, widget=DateInput)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.none(), empty_label=_("Any")
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[ANY, *Region.choices])
    host_entity = forms.ModelChoiceField(
        label=_("Host entity"),
        required=False,
        queryset=HostEntity.objects.order_by("acronym"),
        empty_label=_("Any"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_for(user)  # type: ignore[attr-defined]
        if user.has_role(Role.HOST_FOCAL_POINT):
            self.fields["host_entity"].queryset = HostEntity.objects.filter(  # type: ignore[attr-defined]
                pk__in=user.host_entity_ids()
            ).order_by("acronym")

    def filters(self) -> WhereaboutsFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return WhereaboutsFilters(
            day=data.get("day") or timezone.localdate(),
            country_id=_pk(data, "country"),
            region=data.get("region") or None,
            host_entity_id=_pk(data, "host_entity"),
        )


class DayForm(forms.Form):
    day = forms.DateField(label=_("On"), required=False, widget=DateInput)

    def day_or_today(self) -> dt.date:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("day") or timezone.localdate()


class SecurityLevelForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    duty_station = forms.ModelChoiceField(
        label=_("Duty station"),
        queryset=DutyStation.objects.none(),
        required=False,
        help_text=_("Leave empty for the whole country."),
    )
    level = forms.TypedChoiceField(label=_("Security level"), choices=SecurityLevel.choices, coerce=int)
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=300, help_text=_("E.g. the UNDSS decision.")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_for(user)  # type: ignore[attr-defined]
        self.fields["duty_station"].queryset = stations_for(user)  # type: ignore[attr-defined]


class EvacuationStartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Evacuation.Kind.choices, initial=Evacuation.Kind.EVACUATION
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Made from the kind, country and day if empty."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    duty_stations = forms.ModelMultipleChoiceField(
        label=_("Duty stations"),
        queryset=DutyStation.objects.none(),
        required=False,
        help_text=_("Leave empty for the whole country."),
    )
    as_of = forms.DateField(
        label=_("People present on"), widget=DateInput, help_text=_("Everyone there on this day is listed.")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_for(user)  # type: ignore[attr-defined]
        self.fields["duty_stations"].queryset = stations_for(user)  # type: ignore[attr-defined]
        self.initial.setdefault("as_of", timezone.localdate())


class EvacuationMoveForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=PersonStatus.choices)
    location = forms.CharField(label=_("Where now"), required=False, max_length=200)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why close it now"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class IncidentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[ANY, *Incident.Status.choices])
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[ANY, *Incident.Kind.choices])
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[ANY, *Incident.Severity.choices]
    )

    def filters(self) -> IncidentFilters:
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return IncidentFilters(
            status=data.get("status") or None,
            kind=data.get("kind") or None,
            severity=data.get("severity") or None,
        )


class IncidentReportForm(forms.Form):
    """A volunteer chooses one of their assignments; staff give the assignment's reference."""

    assignment = forms.ModelChoiceField(label=_("Assignment"), queryset=Assignment.objects.none())
    reference = forms.CharField(
        label=_("Assignment reference"), max_length=30, help_text=_("E.g. ASG-2023-000123.")
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Incident.Kind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Incident.Severity.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own = user.has_role(Role.CANDIDATE)
        if self.own:
            del self.fields["reference"]
            self.fields["assignment"].queryset = incident_assignments_for(user=user)  # type: ignore[attr-defined]
        else:
            del self.fields["assignment"]

    def data_for_service(self) -> dict[str, Any]:
        names = ("kind", "severity", "occurred_on", "place", "description")
        return {name: self.cleaned_data[name] for name in names}


class IncidentUpdateForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Incident.Status.choices)
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done; needed to mark it followed up or closed."),
    )


class CheckInSendForm(forms.Form):
    evacuation = forms.ModelChoiceField(
        label=_("The volunteers of an evacuation or relocation"),
        queryset=Evacuation.objects.none(),
        required=False,
        help_text=_("Or choose a country (and a duty station) below."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none(), required=False)
    duty_station = forms.ModelChoiceField(
        label=_("Duty station"), queryset=DutyStation.objects.none(), required=False
    )
    as_of = forms.DateField(
        label=_("Volunteers present on"), required=False, widget=DateInput, help_text=_("Today if empty.")
    )
    message = forms.CharField(label=_("Message"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_for(user)  # type: ignore[attr-defined]
        self.fields["duty_station"].queryset = stations_for(user)  # type: ignore[attr-defined]
        events = Evacuation.objects.filter(evacuation_scope(user), status=Evacuation.Status.OPEN)
        if user.has_role(Role.FIELD_UNIT):
            events = events.filter(country__in=user.country_ids())
        self.fields["evacuation"].queryset = events.order_by("-as_of", "-pk")  # type: ignore[attr-defined]


class CheckInAnswerForm(VersionedFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(Answer.SAFE.value, Answer.SAFE.label), (Answer.NEED_HELP.value, Answer.NEED_HELP.label)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
