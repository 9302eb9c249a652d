"""Writes on DoAs: create, edit while draft or returned for edits, language requirements, positions.

Every write runs in one transaction, validates everything before it writes anything (a refused
write leaves no DoA, no position, no language row and no audit record), and is audited. The
workflow is in ``workflow``, copies (templates, duplicates) in ``copies``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mobilize.accounts.models import Role, User
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import check_version, create_validated, locked, update_validated
from mobilize.geo.models import Country, DutyStation
from mobilize.reference.models import ExpertiseArea, Language
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.permissions import can_create_doa, can_edit_doa, can_place_doa
from mobilize.talent.models import LanguageLevel

# The fields of a DoA its authors write; the workflow's fields (status, time stamps, cancellation)
# and the reference are the services' own.
DOA_FIELDS = (
    "title",
    "host_entity",
    "country",
    "category",
    "description",
    "expected_results",
    "start_date",
    "end_date",
    "extension_possible",
    "funding_type",
    "sdg",
    "education",
    "min_experience_months",
    "driving_licence_required",
    "reserved_for_pwd",
    "reasonable_accommodation",
    "reference_checks_required",
    "clearances_required",
)
_FOREIGN_KEYS = frozenset({"host_entity", "country", "category", "sdg"})
MAX_YEARS_AHEAD = 2
MAX_EXPERIENCE_MONTHS = 600
MAX_POSITIONS_PER_ADD = 50

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class LanguageRow:
    """One language requirement: required, or else desirable."""

    language_id: int
    level: str = LanguageLevel.FLUENT
    required: bool = True


def _attname(name: str) -> str:
    """The attribute a DoA field is read and written by (``host_entity`` -> ``host_entity_id``)."""
    return f"{name}_id" if name in _FOREIGN_KEYS else name


def _normalize(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` keyed by attribute: a foreign key may come as an object (``country``) or an id
    (``country_id``). Anything that is not an author's field is a programming error."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in DOA_FIELDS:
            if key in _FOREIGN_KEYS:
                values[_attname(key)] = value.pk if value is not None else None
            else:
                values[key] = value
        elif key.endswith("_id") and key[:-3] in _FOREIGN_KEYS:
            values[key] = value
        else:
            raise TypeError(f"{key!r} is not a field a DoA's author writes")
    return values


def _add(errors: Errors, field: str, message: str, *, replace: bool = False) -> None:
    if replace or field not in errors:
        errors[field] = [message]
    else:
        errors[field].append(message)


def _two_years_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return day.replace(year=day.year + MAX_YEARS_AHEAD, day=28)


def _doa_errors(*, doa: Doa, actor: User, changed: set[str]) -> Errors:
    """Everything wrong with ``doa`` as ``actor`` would save it; ``changed`` names the fields the
    write sets, so that rules about a choice (scope, an active host, the horizon) judge only new
    choices and a DoA entered long ago stays editable."""
    errors: Errors = {}
    try:
        doa.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors[name] = list(messages)

    if {"host_entity", "country"} & changed and not can_place_doa(
        actor, host_entity_id=doa.host_entity_id, country_id=doa.country_id
    ):
        # Outside the author's scope looks exactly like a missing entity or country.
        if actor.has_role(Role.HOST_FOCAL_POINT):
            _add(errors, "host_entity", _("Choose one of your entities."), replace=True)
        else:
            _add(errors, "country", _("Choose one of your countries."), replace=True)
    if "host_entity" in changed and "host_entity" not in errors and not doa.host_entity.is_active:
        _add(errors, "host_entity", _("This host entity is no longer active."))

    dates_ok = not {"start_date", "end_date"} & set(errors)
    if "start_date" in changed and dates_ok and doa.start_date > _two_years_after(timezone.localdate()):
        _add(errors, "start_date", _("The start date can be at most two years ahead."))
    if {"category", "start_date", "end_date"} & changed and dates_ok and "category" not in errors:
        rule = doa.category.rule_on(doa.start_date)
        if rule is None:
            _add(errors, "category", _("This category has no rule in force on the start date."))
        elif not rule.min_duration_days <= doa.duration_days <= rule.max_duration_days:
            _add(
                errors,
                "end_date",
                _("An assignment in this category lasts %(min)s to %(max)s days; this one lasts %(days)s.")
                % {"min": rule.min_duration_days, "max": rule.max_duration_days, "days": doa.duration_days},
            )

    if "min_experience_months" not in errors and doa.min_experience_months > MAX_EXPERIENCE_MONTHS:
        _add(
            errors,
            "min_experience_months",
            _("At most %(max)s months.") % {"max": MAX_EXPERIENCE_MONTHS},
        )
    if (
        "country" in changed
        and "country" not in errors
        and doa.pk is not None
        and doa.positions.exclude(duty_station__country_id=doa.country_id).exists()
    ):
        _add(errors, "country", _("Remove the positions in the old country before changing the country."))
    return errors


def _expertise_errors(expertise_ids: Sequence[int]) -> Errors:
    found = set(ExpertiseArea.objects.filter(pk__in=expertise_ids).values_list("pk", flat=True))
    if set(expertise_ids) - found:
        return {"expertise": [_("Choose expertise areas from the list.")]}
    return {}


def _language_errors(rows: Sequence[LanguageRow], *, field: str) -> Errors:
    """Per row, named ``<field>.<index>.<column>`` (the index counts from 0, as in the request)."""
    errors: Errors = {}
    known = set(Language.objects.filter(pk__in=[r.language_id for r in rows]).values_list("pk", flat=True))
    seen: set[int] = set()
    for index, row in enumerate(rows):
        if row.language_id not in known:
            _add(errors, f"{field}.{index}.language", _("Choose a language from the list."))
        elif row.language_id in seen:
            _add(errors, f"{field}.{index}.language", _("This language is listed more than once."))
        seen.add(row.language_id)
        if row.level not in LanguageLevel.values:
            _add(errors, f"{field}.{index}.level", _("Choose a level from the list."))
    return errors


def _position_errors(duty_station_ids: Sequence[int], *, country: Country | None, field: str) -> Errors:
    """Each duty station must exist and be in the DoA's country (not judged while the country
    itself is in error)."""
    errors: Errors = {}
    stations = DutyStation.objects.select_related("country").in_bulk(list(set(duty_station_ids)))
    for index, station_id in enumerate(duty_station_ids):
        station = stations.get(station_id)
        name = f"{field}.{index}" if field != "duty_station" else field
        if station is None:
            _add(errors, name, _("Choose a duty station from the list."))
        elif country is not None and station.country_id != country.pk:
            _add(errors, name, _("Choose a duty station in %(country)s.") % {"country": country.name})
    return errors


def _merge(errors: Errors, more: Errors) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)


def _language_labels(doa: Doa) -> list[str]:
    rows = doa.languages.select_related("language").order_by("pk")
    return [f"{r.language.code}:{r.level}:{'required' if r.required else 'desirable'}" for r in rows]


def _replace_languages(doa: Doa, rows: Sequence[LanguageRow]) -> list[list[str]]:
    """Replace ``doa``'s language requirements by ``rows`` (already validated); [before, after]."""
    before = _language_labels(doa)
    doa.languages.all().delete()
    DoaLanguage.objects.bulk_create(
        DoaLanguage(doa=doa, language_id=r.language_id, level=r.level, required=r.required) for r in rows
    )
    return [before, _language_labels(doa)]


def _lock_for_edit(*, doa: Doa, actor: User) -> Doa:
    """``doa`` locked, once ``actor`` may edit it and its status allows (403, else 409)."""
    current = locked(doa)
    if not can_edit_doa(actor, current):
        raise PermissionDenied(_("You may not change this DoA."))
    if not current.is_editable:
        raise ApplicationError(
            _("This DoA is %(status)s: only a draft or a DoA returned for edits can be changed.")
            % {"status": current.get_status_display()},
            field="status",
            code="not_editable",
        )
    return current


def _provisional_reference() -> str:
    return f"DOA-NEW-{uuid.uuid4().hex[:20]}"


@transaction.atomic
def doa_reference_assign(*, doa: Doa) -> Doa:
    """Save a new (already validated) DoA and give it its reference, ``DOA-<year>-<id:06d>``, in
    the same transaction: the id is only known once the row exists."""
    if doa.pk is None:
        doa.reference = _provisional_reference()
        doa.save()
    doa.reference = f"DOA-{timezone.localdate().year}-{doa.pk:06d}"
    doa.save(update_fields=["reference"])
    return doa


@transaction.atomic
def doa_create(
    *,
    actor: User,
    data: Mapping[str, Any],
    expertise_ids: Sequence[int] = (),
    languages: Sequence[LanguageRow] = (),
    duty_station_ids: Sequence[int] = (),
) -> Doa:
    """Create a draft DoA with its language requirements and positions (one per duty station id;
    repeat an id for several volunteers at one station), all or nothing. Its reference is
    ``DOA-<year>-<id:06d>``. A DoA may be saved without positions, but needs one to be submitted."""
    if not can_create_doa(actor):
        raise PermissionDenied(_("You may not create DoAs."))
    doa = Doa(reference=_provisional_reference(), created_by=actor, status=Doa.Status.DRAFT)
    for name, value in _normalize(data).items():
        setattr(doa, name, value)
    errors = _doa_errors(doa=doa, actor=actor, changed=set(DOA_FIELDS))
    _merge(errors, _expertise_errors(expertise_ids))
    _merge(errors, _language_errors(languages, field="languages"))
    country = doa.country if "country" not in errors else None
    _merge(errors, _position_errors(duty_station_ids, country=country, field="positions"))
    if errors:
        raise ValidationError(errors)

    doa_reference_assign(doa=doa)
    doa.expertise.set(expertise_ids)
    languages_change = _replace_languages(doa, languages)
    positions = [Position.objects.create(doa=doa, duty_station_id=sid) for sid in duty_station_ids]
    changes: dict[str, Any] = diff({}, snapshot(doa))
    changes["expertise"] = [[], sorted(expertise_ids)]
    changes["languages"] = languages_change
    changes["positions"] = [[], [p.duty_station_id for p in positions]]
    audit_record(actor=actor, verb="doa.created", target=doa, changes=changes)
    return doa


@transaction.atomic
def doa_update(
    *,
    doa: Doa,
    actor: User,
    data: Mapping[str, Any],
    expected_version: int | None,
    expertise_ids: Sequence[int] | None = None,
    languages: Sequence[LanguageRow] | None = None,
) -> Doa:
    """Change a draft DoA or one returned for edits; ``data`` holds only the fields to change.
    With ``languages``, the language requirements are replaced in the same transaction."""
    current = _lock_for_edit(doa=doa, actor=actor)
    check_version(current, expected_version)
    values = _normalize(data)
    before = {name: getattr(current, _attname(name)) for name in DOA_FIELDS}
    for name, value in values.items():
        setattr(current, name, value)
    changed = {name for name in DOA_FIELDS if getattr(current, _attname(name)) != before[name]}
    errors = _doa_errors(doa=current, actor=actor, changed=changed)
    if expertise_ids is not None:
        _merge(errors, _expertise_errors(expertise_ids))
    if languages is not None:
        _merge(errors, _language_errors(languages, field="languages"))
    if errors:
        raise ValidationError(errors)

    updated = update_validated(
        instance=current,
        data=values,
        actor=actor,
        verb="doa.updated",
        expected_version=expected_version,
        m2m={"expertise": list(expertise_ids)} if expertise_ids is not None else None,
    )
    if languages is not None:
        change = _replace_languages(updated, languages)
        if change[0] != change[1]:
            audit_record(actor=actor, verb="doa.languages_set", target=updated, changes={"languages": change})
    return updated


@transaction.atomic
def doa_languages_set(
    *, doa: Doa, actor: User, rows: Sequence[LanguageRow], expected_version: int | None = None
) -> Doa:
    """Replace the DoA's language requirements by ``rows``; a language may appear once."""
    current = _lock_for_edit(doa=doa, actor=actor)
    check_version(current, expected_version)
    errors = _language_errors(rows, field="languages")
    if errors:
        raise ValidationError(errors)
    change = _replace_languages(current, rows)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit_record(actor=actor, verb="doa.languages_set", target=current, changes={"languages": change})
    return current


@transaction.atomic
def position_add(*, doa: Doa, actor: User, duty_station_id: int, count: int = 1) -> list[Position]:
    """Add ``count`` positions at one duty station in the DoA's country."""
    current = _lock_for_edit(doa=doa, actor=actor)
    errors = _position_errors([duty_station_id], country=current.country, field="duty_station")
    if not 1 <= count <= MAX_POSITIONS_PER_ADD:
        _add(
            errors, "count", _("Add from 1 to %(max)s positions at a time.") % {"max": MAX_POSITIONS_PER_ADD}
        )
    if errors:
        raise ValidationError(errors)
    return [
        create_validated(
            instance=Position(doa=current, duty_station_id=duty_station_id),
            actor=actor,
            verb="position.added",
        )
        for _index in range(count)
    ]


@transaction.atomic
def position_remove(*, position: Position, actor: User) -> None:
    """Remove a position from a DoA that can still be edited, unless someone is assigned to it."""
    _lock_for_edit(doa=position.doa, actor=actor)
    position = locked(position)
    if position.assignments.exists():
        raise ApplicationError(
            _("This position has an assignment and cannot be removed."), field="position", code="assigned"
        )
    audit_record(
        actor=actor,
        verb="position.removed",
        target=position,
        changes={"duty_station": [position.duty_station_id, None]},
    )
    position.delete()
