"""Forms of the talent pages: the search, the profile with its language rows, uploads, disclosure."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.core.forms import VersionedFormMixin
from mobilize.geo.models import Country
from mobilize.reference.models import ExpertiseArea, Language
from mobilize.talent.models import Candidate, CandidateDocument, EducationLevel, Gender, LanguageLevel
from mobilize.talent.selectors import CandidateFilters
from mobilize.talent.services import PROFILE_FIELDS, LanguageRow


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CandidateFilterForm(forms.Form):
    """The talent-pool search (a GET form); every field is optional."""

    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    nationality = forms.ModelChoiceField(Country.objects.all(), label=_("Nationality"), required=False)
    residence = forms.ModelChoiceField(Country.objects.all(), label=_("Residence"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=_blank(_("Any")) + Gender.choices, required=False)
    expertise = forms.ModelChoiceField(ExpertiseArea.objects.all(), label=_("Expertise"), required=False)
    language = forms.ModelChoiceField(Language.objects.all(), label=_("Language"), required=False)
    language_level = forms.ChoiceField(
        label=_("At least at level"), choices=_blank(_("Any")) + LanguageLevel.choices, required=False
    )
    interest = forms.ChoiceField(
        label=_("Interested in"),
        choices=[
            *_blank(_("Either")),
            (Candidate.Interest.ONSITE, _("Onsite")),
            (Candidate.Interest.ONLINE, _("Online")),
        ],
        required=False,
    )
    education = forms.ChoiceField(
        label=_("Education at least"), choices=_blank(_("Any")) + EducationLevel.choices, required=False
    )
    experience_min = forms.IntegerField(label=_("Experience at least (months)"), min_value=0, required=False)
    age_min = forms.IntegerField(label=_("Age from"), min_value=0, max_value=130, required=False)
    age_max = forms.IntegerField(label=_("Age to"), min_value=0, max_value=130, required=False)
    age_on = forms.DateField(
        label=_("Age on"), required=False, widget=DateInput, help_text=_("Today if left empty.")
    )
    available_by = forms.DateField(label=_("Available by"), required=False, widget=DateInput)
    displacement = forms.ChoiceField(
        label=_("Refugee or stateless"),
        choices=_blank(_("Any")) + Candidate.Displacement.choices,
        required=False,
    )

    def filters(self) -> CandidateFilters:
        """The search from the fields that are valid (an invalid one is shown and ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        ids = {"nationality", "residence", "expertise", "language"}
        values = {
            name: (value.pk if name in ids else value)
            for name, value in data.items()
            if value not in (None, "")
        }
        return CandidateFilters(**values)


class CandidateForm(VersionedFormMixin, forms.ModelForm):
    """A profile: the fields of ``PROFILE_FIELDS`` and the areas of expertise."""

    class Meta:
        model = Candidate
        fields = [
            "given_name",
            "family_name",
            "email",
            "date_of_birth",
            "gender",
            "nationality",
            "residence",
            "displacement",
            "education",
            "experience_months",
            "expertise",
            "interest",
            "available_from",
            "has_driving_licence",
        ]
        widgets = {"date_of_birth": DateInput, "available_from": DateInput}
        labels = {
            "given_name": _("Given name"),
            "family_name": _("Family name"),
            "email": _("Email"),
            "date_of_birth": _("Date of birth"),
            "gender": _("Gender"),
            "nationality": _("Nationality"),
            "residence": _("Residence"),
            "education": _("Education"),
            "experience_months": _("Experience (months)"),
            "expertise": _("Expertise"),
            "interest": _("Interested in"),
            "available_from": _("Available from"),
            "has_driving_licence": _("Driving licence"),
        }
        help_texts = {
            "residence": _("For a refugee or stateless person: the country of legal residence."),
            "date_of_birth": _("Candidates must be at least 18 years old."),
        }

    def profile_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name in PROFILE_FIELDS}


class LanguageRowForm(forms.Form):
    """One language row; a row left empty is ignored, so emptying a row removes the language."""

    language = forms.ModelChoiceField(Language.objects.all(), label=_("Language"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=_blank("---------") + LanguageLevel.choices, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("language") and not data.get("level"):
            self.add_error("level", _("Choose a level for this language."))
        if data.get("level") and not data.get("language"):
            self.add_error("language", _("Choose the language of this level."))
        return data


class BaseLanguageFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[forms.Form, LanguageRow]]:
        """The filled rows in order, each with its form (to carry a service error back to it)."""
        return [
            (form, LanguageRow(language=form.cleaned_data["language"], level=form.cleaned_data["level"]))
            for form in self.forms
            if form.cleaned_data.get("language")
        ]


LanguageFormSet = cast(
    type[BaseLanguageFormSet], forms.formset_factory(LanguageRowForm, formset=BaseLanguageFormSet, extra=2)
)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=CandidateDocument.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class DisclosureForm(VersionedFormMixin, forms.Form):
    has_disability = forms.BooleanField(label=_("I have a disability"), required=False, initial=True)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what you wish to share."),
    )
    accommodation_needs = forms.CharField(
        label=_("Reasonable accommodation I may need"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
