"""Forms of the DoA pages: the DoA itself, its language rows, position rows, and the list filters.

The forms only shape input; every rule is the services' (the pages show the services' messages
under the named fields and rows, as the API names them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import Role, User
from mobilize.core.errors import ApplicationError
from mobilize.core.forms import VersionedFormMixin, form_add_service_error
from mobilize.geo.models import Country, DutyStation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import FundingType, Language, VolunteerCategory
from mobilize.requests.models import Doa
from mobilize.requests.selectors import DoaFilters
from mobilize.requests.services import DOA_FIELDS, MAX_COMMENT_LENGTH, MAX_POSITIONS_PER_ADD, LanguageRow
from mobilize.talent.models import LanguageLevel

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# The order of the page: what is asked for, then what is done, then who is sought.
_FORM_FIELDS = [
    "title",
    "host_entity",
    "country",
    "category",
    "start_date",
    "end_date",
    "extension_possible",
    "funding_type",
    "sdg",
    "description",
    "expected_results",
    "education",
    "min_experience_months",
    "expertise",
    "driving_licence_required",
    "reserved_for_pwd",
    "reasonable_accommodation",
    "reference_checks_required",
    "clearances_required",
]


def _host_entities(user: User, doa: Doa | None) -> Any:
    qs = HostEntity.objects.filter(is_active=True)
    if user.has_role(Role.HOST_FOCAL_POINT):
        qs = qs.filter(pk__in=user.host_entity_ids())
    if doa is not None:
        qs = qs | HostEntity.objects.filter(pk=doa.host_entity_id)
    return qs.order_by("acronym")


def _countries(user: User) -> Any:
    if user.has_role(Role.FIELD_UNIT):
        return Country.objects.filter(pk__in=user.country_ids())
    return Country.objects.all()


class DoaForm(forms.Form):
    """The fields of a DoA its authors write; choices narrowed to the author's scope."""

    def __init__(self, *args: Any, user: User, doa: Doa | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Doa,
            fields=_FORM_FIELDS,
            widgets={
                "start_date": _DATE,
                "end_date": _DATE,
                "description": forms.Textarea(attrs={"rows": 6}),
                "expected_results": forms.Textarea(attrs={"rows": 4}),
            },
        )
        self.fields.update(fields)
        self.fields["host_entity"].queryset = _host_entities(user, doa)  # type: ignore[attr-defined]
        self.fields["country"].queryset = _countries(user)  # type: ignore[attr-defined]
        self.fields["min_experience_months"].widget.attrs["min"] = 0
        if doa is not None and not self.is_bound:
            from_doa: dict[str, Any] = {name: getattr(doa, name) for name in DOA_FIELDS}
            from_doa["expertise"] = [area.pk for area in doa.expertise.all()]
            from_doa["version"] = doa.version
            self.initial = {**from_doa, **self.initial}

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DOA_FIELDS}

    def expertise_ids(self) -> list[int]:
        return [area.pk for area in self.cleaned_data.get("expertise") or []]


class DoaEditForm(VersionedFormMixin, DoaForm):
    """A DoA form that carries the version the edit is based on."""


class LanguageRowForm(forms.Form):
    language = forms.ModelChoiceField(
        queryset=Language.objects.order_by("name_en"), required=False, label=_("Language")
    )
    level = forms.ChoiceField(choices=LanguageLevel.choices, initial=LanguageLevel.FLUENT, label=_("Level"))
    need = forms.ChoiceField(
        choices=[("required", _("Required")), ("desirable", _("Desirable"))],
        initial="required",
        label=_("Required or desirable"),
    )


LanguageFormSet = forms.formset_factory(LanguageRowForm, extra=3)


class PositionRowForm(forms.Form):
    duty_station = forms.ModelChoiceField(
        queryset=DutyStation.objects.none(), required=False, label=_("Duty station")
    )
    count = forms.IntegerField(
        min_value=1, max_value=MAX_POSITIONS_PER_ADD, initial=1, label=_("Number of volunteers")
    )

    def __init__(self, *args: Any, stations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duty_station"].queryset = (  # type: ignore[attr-defined]
            stations if stations is not None else DutyStation.objects.none()
        )


PositionFormSet = forms.formset_factory(PositionRowForm, extra=3)


def duty_stations_for(user: User) -> Any:
    """The duty stations a position may be placed at on the create page."""
    qs = DutyStation.objects.select_related("country")
    if user.has_role(Role.FIELD_UNIT):
        qs = qs.filter(country__in=user.country_ids())
    return qs


class PositionAddForm(forms.Form):
    """Add positions at one duty station in the DoA's country."""

    duty_station = forms.ModelChoiceField(queryset=DutyStation.objects.none(), label=_("Duty station"))
    count = forms.IntegerField(
        min_value=1, max_value=MAX_POSITIONS_PER_ADD, initial=1, label=_("Number of volunteers")
    )

    def __init__(self, *args: Any, doa: Doa, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "position")
        super().__init__(*args, **kwargs)
        self.fields["duty_station"].queryset = DutyStation.objects.filter(  # type: ignore[attr-defined]
            country_id=doa.country_id
        ).select_related("country")


def language_formset(data: Any = None, *, doa: Doa | None = None) -> Any:
    initial = (
        [
            {
                "language": row.language_id,
                "level": row.level,
                "need": "required" if row.required else "desirable",
            }
            for row in doa.languages.all()
        ]
        if doa is not None
        else []
    )
    return LanguageFormSet(data, initial=initial, prefix="languages")


def position_formset(data: Any = None, *, user: User) -> Any:
    return PositionFormSet(data, prefix="positions", form_kwargs={"stations": duty_stations_for(user)})


@dataclass(frozen=True)
class Rows:
    """Rows for a service, and for each the index of the form it came from (to put errors back)."""

    values: list[Any]
    form_index: list[int]


def language_rows(formset: Any) -> Rows:
    values: list[Any] = []
    index: list[int] = []
    for i, form in enumerate(formset.forms):
        language = form.cleaned_data.get("language")
        if language is None:
            continue
        values.append(
            LanguageRow(
                language_id=language.pk,
                level=form.cleaned_data["level"],
                required=form.cleaned_data["need"] == "required",
            )
        )
        index.append(i)
    return Rows(values=values, form_index=index)


def position_rows(formset: Any) -> Rows:
    """One duty station id per volunteer asked for (a row of three at Nairobi gives three ids)."""
    values: list[Any] = []
    index: list[int] = []
    for i, form in enumerate(formset.forms):
        station = form.cleaned_data.get("duty_station")
        if station is None:
            continue
        for _n in range(form.cleaned_data.get("count") or 1):
            values.append(station.pk)
            index.append(i)
    return Rows(values=values, form_index=index)


def doa_forms_add_service_error(
    *,
    form: forms.Form,
    exc: ValidationError | ApplicationError,
    languages: Any = None,
    language_index: Rows | None = None,
    positions: Any = None,
    position_index: Rows | None = None,
) -> None:
    """Put a service's error where the person will see it: ``languages.<i>.<column>`` on that
    language row, ``positions.<i>`` on that position row, a stale version at the top of the form,
    anything else under its field."""
    if isinstance(exc, ApplicationError):
        # A stale version is news about the whole form, not about a (hidden) field.
        field = exc.field if exc.field in form.fields and exc.field != "version" else None
        form.add_error(field, exc.message)
        return
    if not hasattr(exc, "error_dict"):
        form_add_service_error(form, exc)
        return
    rest: dict[str, list[str]] = {}
    for name, messages in exc.message_dict.items():
        parts = name.split(".")
        if parts[0] == "languages" and len(parts) == 3 and languages is not None and language_index:
            row = languages.forms[language_index.form_index[int(parts[1])]]
            column = "need" if parts[2] == "required" else parts[2]
            for message in messages:
                row.add_error(column if column in row.fields else None, message)
        elif parts[0] == "positions" and len(parts) == 2 and positions is not None and position_index:
            row = positions.forms[position_index.form_index[int(parts[1])]]
            for message in messages:
                if message not in row.errors.get("duty_station", []):  # a row of several volunteers
                    row.add_error("duty_station", message)
        else:
            rest[name] = messages
    if rest:
        form_add_service_error(form, ValidationError(rest))


class DoaFilterForm(forms.Form):
    """The list filters (a GET form); invalid values are ignored, not refused."""

    search = forms.CharField(required=False, label=_("Reference or title"))
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *Doa.Status.choices], required=False, label=_("Status")
    )
    host_entity = forms.ModelChoiceField(
        queryset=HostEntity.objects.none(), required=False, label=_("Host entity"), empty_label=_("Any host")
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Country"), empty_label=_("Any country")
    )
    category = forms.ModelChoiceField(
        queryset=VolunteerCategory.objects.all(),
        required=False,
        label=_("Category"),
        empty_label=_("Any category"),
    )
    funding_type = forms.ChoiceField(
        choices=[("", _("Any funding")), *FundingType.choices], required=False, label=_("Funding")
    )
    start_from = forms.DateField(required=False, label=_("Starting from"), widget=_DATE)
    start_to = forms.DateField(required=False, label=_("Starting by"), widget=_DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = HostEntity.objects.order_by("acronym")
        if user.has_role(Role.HOST_FOCAL_POINT):
            hosts = hosts.filter(pk__in=user.host_entity_ids())
        self.fields["host_entity"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["country"].queryset = _countries(user)  # type: ignore[attr-defined]

    def filters(self) -> DoaFilters:
        if not self.is_bound:
            return DoaFilters()
        self.is_valid()  # cleaned_data keeps the valid filters; an invalid one is left out
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            obj = data.get(name)
            return obj.pk if obj is not None else None

        return DoaFilters(
            status=data.get("status") or None,
            host_entity_id=pk("host_entity"),
            country_id=pk("country"),
            category_id=pk("category"),
            funding_type=data.get("funding_type") or None,
            search=data.get("search") or "",
            start_from=data.get("start_from"),
            start_to=data.get("start_to"),
        )


# --- the workflow ---------------------------------------------------------------------------

_COMMENT = forms.Textarea(attrs={"rows": 3})


class DoaRequestEditsForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"), widget=_COMMENT, max_length=MAX_COMMENT_LENGTH, strip=True
    )


class DoaResubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("What changed (optional)"),
        widget=_COMMENT,
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        strip=True,
    )


class DoaCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=_COMMENT, max_length=MAX_COMMENT_LENGTH, strip=True
    )


class DoaCommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=_COMMENT, max_length=MAX_COMMENT_LENGTH, strip=True)


class DoaCopyForm(forms.Form):
    """Where a copy goes: a host entity and a country in the author's scope; headquarters may make
    the copy a template."""

    host_entity = forms.ModelChoiceField(queryset=HostEntity.objects.none(), label=_("Host entity"))
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        label=_("Country"),
        help_text=_("Positions are copied only when the country stays the same."),
    )
    as_template = forms.BooleanField(
        required=False,
        label=_("Make it a template"),
        help_text=_("Offered to every host as a starting point."),
    )

    def __init__(
        self, *args: Any, user: User, source: Doa, allow_template: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_entity"].queryset = _host_entities(user, None)  # type: ignore[attr-defined]
        self.fields["country"].queryset = _countries(user).order_by("name_en")  # type: ignore[attr-defined]
        if not allow_template:
            del self.fields["as_template"]
        if not self.is_bound:
            self.initial = {
                "host_entity": source.host_entity_id,
                "country": source.country_id,
                **self.initial,
            }
