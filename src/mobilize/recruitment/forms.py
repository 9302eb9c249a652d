"""The forms of the recruitment pages (written with the pages, on top of ``services``).

The forms only shape input: every rule is the services'. Fields are named as the services name
them in their errors (``motivation``, ``available_from``, ``self_declaration``, ``candidate``,
``note``, ``status``, ``method``, ``result``, ``score``, ``as_``, ``reserve_rank``, ``position``,
``entry_on_duty``, ``planned_end``, ``respond_by``, ``offer``, ``file``, ``reason``), so that
``core.forms.form_add_service_error`` puts each refusal under its field. A button that takes no
input still carries, as a hidden field, what its service may refuse by name (``candidate`` when
shortlisting: the eligibility rules; ``offer`` when accepting: an overlap), so the refusal shows
where the button is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobilize.geo.models import Country
from mobilize.partners.models import HostEntity
from mobilize.recruitment.models import SELF_DECLARATION_TEXT, Assessment, Clearance
from mobilize.recruitment.selectors import OpportunityFilters
from mobilize.reference.models import ExpertiseArea, Language, Sdg, VolunteerCategory
from mobilize.requests.models import Doa, Position
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import candidate_access

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
_TEXT = forms.Textarea(attrs={"rows": 3})
_YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _pk(obj: Any) -> int | None:
    return obj.pk if obj is not None else None


# --- searching -------------------------------------------------------------------------------


class OpportunityFilterForm(forms.Form):
    """The opportunity search (a GET form); an invalid value is left out, not refused."""

    q = forms.CharField(required=False, label=_("Words in the title or description"))
    category = forms.ModelChoiceField(
        queryset=VolunteerCategory.objects.all(),
        required=False,
        label=_("Category"),
        empty_label=_("Any category"),
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), required=False, label=_("Country"), empty_label=_("Any country")
    )
    expertise = forms.ModelChoiceField(
        queryset=ExpertiseArea.objects.all(),
        required=False,
        label=_("Expertise"),
        empty_label=_("Any expertise"),
    )
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), required=False, label=_("Language"), empty_label=_("Any language")
    )
    sdg = forms.ModelChoiceField(
        queryset=Sdg.objects.all(),
        required=False,
        label=_("Sustainable Development Goal"),
        empty_label=_("Any"),
    )
    reserved_for_pwd = forms.ChoiceField(
        choices=_YES_NO_ANY, required=False, label=_("Reserved for persons with disabilities")
    )

    def filters(self) -> OpportunityFilters:
        if not self.is_bound:
            return OpportunityFilters()
        self.is_valid()  # cleaned_data keeps the valid filters
        data = self.cleaned_data
        reserved = {"yes": True, "no": False}.get(data.get("reserved_for_pwd") or "")
        return OpportunityFilters(
            category_id=_pk(data.get("category")),
            country_id=_pk(data.get("country")),
            expertise_id=_pk(data.get("expertise")),
            language_id=_pk(data.get("language")),
            sdg_id=_pk(data.get("sdg")),
            reserved_for_pwd=reserved,
            q=data.get("q") or "",
        )


class SourcingFilterForm(forms.Form):
    """The sourcing board's filters (a GET form)."""

    search = forms.CharField(required=False, label=_("Reference or title"))
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), required=False, label=_("Country"), empty_label=_("Any country")
    )
    host_entity = forms.ModelChoiceField(
        queryset=HostEntity.objects.order_by("acronym"),
        required=False,
        label=_("Host entity"),
        empty_label=_("Any host"),
    )

    def values(self) -> dict[str, Any]:
        if not self.is_bound:
            return {"search": "", "country_id": None, "host_entity_id": None}
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("search") or "",
            "country_id": _pk(data.get("country")),
            "host_entity_id": _pk(data.get("host_entity")),
        }


HOST_VIEWS = [
    ("to_assess", _("To assess")),
    ("to_choose", _("Assessed, to choose")),
    ("chosen", _("Chosen")),
    ("all", _("All submitted to you")),
]


class HostCandidatesFilterForm(forms.Form):
    show = forms.ChoiceField(choices=HOST_VIEWS, required=False, label=_("Show"))

    def show_value(self) -> str:
        if not self.is_bound or not self.is_valid():
            return "to_assess"
        return self.cleaned_data.get("show") or "to_assess"


# --- the candidate ---------------------------------------------------------------------------


class ApplyForm(forms.Form):
    """Apply (or accept an invitation): the service says what is missing, on each field."""

    motivation = forms.CharField(
        label=_("Why you apply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would bring to this assignment, in a few paragraphs."),
    )
    available_from = forms.DateField(label=_("Available from"), required=False, widget=_DATE)
    self_declaration = forms.BooleanField(label=SELF_DECLARATION_TEXT, required=False)


class ActionForm(forms.Form):
    """A button: no input; a refusal shows above it."""


class OfferAcceptForm(forms.Form):
    """Accept an offer; an overlap with another offer or assignment is refused on ``offer``."""

    offer = forms.CharField(widget=forms.HiddenInput, required=False)


class OfferDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining (optional)"), required=False, widget=_TEXT)


class OnboardingSubmitForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("PDF, JPEG or PNG. It is private: only you and UNV's recruitment staff can open it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)


# --- recruiters --------------------------------------------------------------------------------


class CandidateNumberForm(forms.Form):
    """A candidate of the talent pool by number (the "#" the rankings show), one the recruiter may
    see; ``candidate`` in ``cleaned_data`` is the Candidate."""

    candidate = forms.IntegerField(
        label=_("Candidate number"),
        min_value=1,
        help_text=_("The number shown after the name in the talent pool and the rankings."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_candidate(self) -> Candidate:
        number = self.cleaned_data["candidate"]
        try:
            return candidate_access(user=self.user, candidate_id=number)
        except Http404:
            raise forms.ValidationError(_("No candidate has this number.")) from None


class SourceForm(CandidateNumberForm):
    """Add a candidate from the talent pool to the DoA."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "source")
        super().__init__(*args, **kwargs)


class InviteForm(CandidateNumberForm):
    """Direct recruitment: invite one candidate to apply."""

    note = forms.CharField(label=_("Note to the candidate"), required=False, widget=_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)


class ShortlistForm(forms.Form):
    """Shortlist: an ineligible candidate is refused on ``candidate``, naming each rule."""

    candidate = forms.CharField(widget=forms.HiddenInput, required=False)


class ClearanceDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Clearance.Status.CLEARED, Clearance.Status.CLEARED.label),
            (Clearance.Status.FAILED, Clearance.Status.FAILED.label),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=_TEXT, help_text=_("Required when not cleared.")
    )

    def __init__(self, *args: Any, clearance: Clearance, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"clearance-{clearance.pk}")
        super().__init__(*args, **kwargs)


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("Position %(number)s at %(station)s") % {"number": obj.pk, "station": obj.duty_station}


class OfferMakeForm(forms.Form):
    """An offer of one open position of the DoA; the dates are proposed from the DoA's."""

    position = PositionChoiceField(
        queryset=Position.objects.none(),
        label=_("Position"),
        error_messages={"required": _("Choose a position of this DoA.")},
    )
    entry_on_duty = forms.DateField(label=_("Proposed entry on duty"), required=False, widget=_DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=_DATE)
    respond_by = forms.DateField(
        label=_("Respond by"),
        required=False,
        widget=_DATE,
        help_text=_("The last day the candidate may accept; on or before the entry on duty."),
    )

    def __init__(self, *args: Any, doa: Doa, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        positions = Position.objects.filter(doa=doa, status=Position.Status.OPEN).select_related(
            "duty_station"
        )
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        if not self.is_bound:
            today = timezone.localdate()
            start = max(doa.start_date, today + dt.timedelta(days=14))
            end = max(doa.end_date, start)
            self.initial = {
                "position": positions.first(),
                "entry_on_duty": start,
                "planned_end": end,
                "respond_by": min(today + dt.timedelta(days=7), start),
                **self.initial,
            }


class OfferWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), required=False, widget=_TEXT)


class EnterOnDutyForm(forms.Form):
    entry_on_duty = forms.DateField(
        label=_("Entry on duty"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty for the date of the offer."),
    )


class OnboardingReturnForm(forms.Form):
    note = forms.CharField(label=_("What is missing"), required=False, widget=_TEXT)


# --- the host ------------------------------------------------------------------------------------


class AssessmentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the candidate was assessed"),
        choices=[("", "---------"), *Assessment.Method.choices],
        required=False,
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("", _("No result (not to be assessed)")), *Assessment.Result.choices],
        required=False,
    )
    score = forms.IntegerField(
        label=_("Score (0 to 100)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class SelectForm(forms.Form):
    as_ = forms.ChoiceField(
        label=_("Choose the candidate as"),
        choices=[("preferred", _("Preferred candidate")), ("reserve", _("Reserve list"))],
        widget=forms.RadioSelect,
        initial="preferred",
        required=False,
    )
    reserve_rank = forms.IntegerField(
        label=_("Rank on the reserve list"),
        required=False,
        help_text=_("1 is offered first; empty: after the last."),
    )
