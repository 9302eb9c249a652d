"""The forms of the lifecycle pages; the rules live in the services, which name the field at fault."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.assignments.models import Assignment
from mobilize.geo.models import DutyStation
from mobilize.lifecycle.models import EndOfAssignment
from mobilize.lifecycle.selectors import ClosurePreview
from mobilize.partners.models import HostEntity


class DateInput(forms.DateInput):
    input_type = "date"


class ExtensionRequestForm(forms.Form):
    planned_end = forms.DateField(label=_("New planned end"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ResignationForm(forms.Form):
    last_day = forms.DateField(label=_("Last day"), widget=DateInput)
    leave_taken_days = forms.DecimalField(
        label=_("Leave already taken (days)"),
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal("0"),
        help_text=_("The leave days owing are worked out from the leave earned since your entry on duty."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, volunteer: bool = True, **kwargs: Any) -> None:
        """``volunteer``: the viewer is the volunteer; else staff record it on the volunteer's behalf."""
        super().__init__(*args, **kwargs)
        if not volunteer:
            self.fields["leave_taken_days"].help_text = _(
                "The leave days owing are worked out from the leave earned since the volunteer's entry on "
                "duty."
            )


class TerminationForm(forms.Form):
    last_day = forms.DateField(label=_("Last day"), widget=DateInput)
    leave_taken_days = forms.DecimalField(
        label=_("Leave already taken (days)"),
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        initial=0,
    )
    reason = forms.CharField(
        label=_("Reason for the early termination"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReassignmentForm(forms.Form):
    duty_station = forms.ModelChoiceField(
        label=_("New duty station"),
        queryset=DutyStation.objects.none(),
        help_text=_("A duty station of the same country; a move to another country is a new assignment."),
    )
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The other duty stations of the country (the service refuses any other, on the same field).
        stations = DutyStation.objects.filter(country_id=assignment.duty_country_id).exclude(
            pk=assignment.duty_station_id
        )
        self.fields["duty_station"].queryset = stations.order_by("name")  # type: ignore[attr-defined]


class ReassignmentAnswerForm(forms.Form):
    consents = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("I consent to the move")), ("no", _("I decline the move"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, volunteer: bool = True, **kwargs: Any) -> None:
        """``volunteer``: the viewer is the volunteer; else staff record the answer given in writing."""
        super().__init__(*args, **kwargs)
        if not volunteer:
            field = self.fields["consents"]
            field.label = _("The volunteer's answer")
            field.choices = [  # type: ignore[attr-defined]
                ("yes", _("The volunteer consents to the move")),
                ("no", _("The volunteer declines the move")),
            ]


class ConsentForm(forms.Form):
    consents = forms.TypedChoiceField(
        label=_("Should a mission closure end my assignment"),
        choices=[
            ("yes", _("I consent to be redeployed elsewhere")),
            ("no", _("I do not wish to be redeployed")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    preferences = forms.CharField(
        label=_("Preferences"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Regions, functions or dates you would prefer."),
    )

    def __init__(self, *args: Any, volunteer: bool = True, **kwargs: Any) -> None:
        """``volunteer``: the viewer is the volunteer; else staff record the answer given in writing."""
        super().__init__(*args, **kwargs)
        if not volunteer:
            field = self.fields["consents"]
            field.label = _("Should a mission closure end the volunteer's assignment")
            field.choices = [  # type: ignore[attr-defined]
                ("yes", _("The volunteer consents to be redeployed elsewhere")),
                ("no", _("The volunteer does not wish to be redeployed")),
            ]
            self.fields["preferences"].help_text = _(
                "Regions, functions or dates the volunteer would prefer."
            )


class AssessmentForm(forms.Form):
    rating = forms.ChoiceField(label=_("Performance"), choices=EndOfAssignment.Rating.choices)
    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 5}))


class ChecklistTickForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("yes", _("Done")), ("no", _("Not done"))], coerce=lambda value: value == "yes"
    )


class ClosurePreviewForm(forms.Form):
    """Which host closes, and when (a GET form: the preview writes nothing)."""

    host_entity = forms.ModelChoiceField(
        label=_("Host entity"), queryset=HostEntity.objects.order_by("acronym"), empty_label=_("Choose")
    )
    closure_date = forms.DateField(label=_("Closure date"), widget=DateInput)


NONE = ""


class ClosureCommitForm(forms.Form):
    """The closure itself, with a position (or none) for each consenting volunteer."""

    host_entity = forms.ModelChoiceField(queryset=HostEntity.objects.all(), widget=forms.HiddenInput)
    closure_date = forms.DateField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=_("I have checked the preview: end these assignments and start the redeployments.")
    )

    def __init__(self, *args: Any, preview: ClosurePreview | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_fields: list[str] = []
        if preview is None:
            return
        defaults = preview.default_choices()
        for option in preview.options:
            name = f"redeploy_{option.assignment.pk}"
            choices = [(NONE, _("No redeployment"))] + [
                (
                    str(p.pk),
                    " · ".join(
                        (p.doa.reference, p.doa.title, p.doa.host_entity.acronym, p.duty_station.name)
                    ),
                )
                for p in option.positions
            ]
            default = defaults.get(option.assignment.pk)
            self.fields[name] = forms.ChoiceField(
                label=f"{option.assignment.reference} · {option.assignment.volunteer.full_name}",
                choices=choices,
                required=False,
                initial=str(default) if default else NONE,
            )
            self.option_fields.append(name)

    def redeployments(self) -> dict[int, int | None]:
        chosen: dict[int, int | None] = {}
        for name in self.option_fields:
            value = self.cleaned_data.get(name) or NONE
            chosen[int(name.removeprefix("redeploy_"))] = int(value) if value else None
        return chosen
