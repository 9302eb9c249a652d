"""Writes: headquarters adds and corrects rows of the rate tables; the default rates ship in
``entitlements/data/`` and ``entitlements_load_defaults`` loads them (idempotent).

Each write runs in one transaction: the rows of the same key are locked first (two editors of one
key take turns), then the row is validated (``full_clean``: the period, the values, no overlap with
another row of the key) and saved, and the change is audited. A refused write leaves nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.writes import create_validated, update_validated
from mobilize.entitlements.models import RATE_MODELS, EffectiveRate, NationalRate, PostAdjustment, rate_field
from mobilize.entitlements.permissions import can_edit_rates
from mobilize.geo.models import Country, DutyStation

PERIOD_FIELDS = ("effective_from", "effective_to", "notes")
DATA_DIR = Path(__file__).resolve().parent / "data"


def _verb(table: type[EffectiveRate], what: str) -> str:
    return f"{table._meta.model_name}.{what}"


def _refuse_unknown(names: set[str], allowed: set[str], message: str) -> None:
    unknown = sorted(names - allowed)
    if unknown:
        raise ValidationError({name: [message] for name in unknown})


def _lock_key(row: EffectiveRate) -> None:
    """Lock the stored rows of ``row``'s key (when the key is complete; else validation names it),
    and the duty station or country the key points at, so that two editors of one key take turns
    even before the key has a row."""
    if any(row.key_value(name) is None for name in row.KEY_FIELDS):
        return
    for name in row.KEY_FIELDS:
        field = rate_field(type(row), name)
        if field.related_model is not None:
            related: Any = field.related_model
            list(related._default_manager.order_by().select_for_update().filter(pk=row.key_value(name)))
    list(
        type(row)._default_manager.order_by().select_for_update().filter(**row.key_filter()).values_list("pk")
    )


@transaction.atomic
def rate_create(*, table: type[EffectiveRate], data: Mapping[str, Any], actor: Any) -> EffectiveRate:
    """Add a row to ``table`` (headquarters).

    A row without an end is a change of rate: the row of the same key that was in force without an
    end from an earlier day is closed the day before (audited ``<table>.closed``). Any other overlap
    is refused naming ``effective_from``, and nothing is written.
    """
    if not can_edit_rates(actor):
        raise PermissionDenied
    keys = {*table.KEY_FIELDS, *(rate_field(table, name).attname for name in table.KEY_FIELDS)}
    _refuse_unknown(
        set(data), {*keys, *table.VALUE_FIELDS, *PERIOD_FIELDS}, _("This field cannot be set on this table.")
    )
    row = table(**data)
    _lock_key(row)
    key_complete = all(row.key_value(name) is not None for name in row.KEY_FIELDS)
    if row.effective_to is None and row.effective_from is not None and key_complete:
        previous = (
            table._default_manager.filter(
                **row.key_filter(), effective_to__isnull=True, effective_from__lt=row.effective_from
            )
            .order_by("-effective_from")
            .first()
        )
        if previous is not None:
            update_validated(
                instance=previous,
                data={"effective_to": row.effective_from - dt.timedelta(days=1)},
                actor=actor,
                verb=_verb(table, "closed"),
            )
    return create_validated(instance=row, actor=actor, verb=_verb(table, "created"))


@transaction.atomic
def rate_update(
    *, row: EffectiveRate, data: Mapping[str, Any], expected_version: int | None, actor: Any
) -> EffectiveRate:
    """Correct a row: its values, its period or its notes (headquarters). The key does not change
    (a rate for another key is another row); an overlap is refused naming ``effective_from``; an
    edit based on a stale copy is refused (409)."""
    if not can_edit_rates(actor):
        raise PermissionDenied
    table = type(row)
    _refuse_unknown(
        set(data) & set(table.KEY_FIELDS),
        set(),
        _("The key of a rate does not change: add a row for the other key instead."),
    )
    _refuse_unknown(
        set(data), {*table.VALUE_FIELDS, *PERIOD_FIELDS}, _("This field cannot be changed on this table.")
    )
    _lock_key(row)
    return update_validated(
        instance=row, data=data, actor=actor, verb=_verb(table, "updated"), expected_version=expected_version
    )


# --- the default rates ------------------------------------------------------------------------


class EntitlementsDataError(Exception):
    """A data file is wrong; the message names the file, the row and the field."""


@dataclass
class TableCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DefaultsReport:
    counts: dict[str, TableCounts]

    def total(self, what: str) -> int:
        return sum(len(c.skipped) if what == "skipped" else getattr(c, what) for c in self.counts.values())


def _decimal(value: Any, where: str, name: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise EntitlementsDataError(f"{where}: {name}: {value!r} is not a number.") from None


def _date(value: Any, where: str, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise EntitlementsDataError(f"{where}: {name}: {value!r} is not a date (YYYY-MM-DD).") from None


def _rows() -> list[tuple[type[EffectiveRate], dict[str, Any], str]]:
    """Every default row as (table, raw values, where it is), tables in ``RATE_MODELS`` order."""
    rows: list[tuple[type[EffectiveRate], dict[str, Any], str]] = []
    with (DATA_DIR / "rates.yaml").open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle) or {}
    unknown = sorted(set(document) - set(RATE_MODELS))
    if unknown:
        raise EntitlementsDataError(f"rates.yaml: unknown table {unknown[0]!r}.")
    for slug, entries in document.items():
        for index, entry in enumerate(entries or [], start=1):
            rows.append((RATE_MODELS[slug], dict(entry), f"rates.yaml {slug} row {index}"))
    for table, name in ((PostAdjustment, "post_adjustments.csv"), (NationalRate, "national_rates.csv")):
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            for index, entry in enumerate(csv.DictReader(handle), start=2):
                rows.append((table, dict(entry), f"{name} row {index}"))
    rows.sort(key=lambda r: list(RATE_MODELS.values()).index(r[0]))
    return rows


def _values(
    table: type[EffectiveRate],
    raw: dict[str, Any],
    where: str,
    countries: Mapping[str, Country],
    stations: Mapping[tuple[str, str], DutyStation],
) -> dict[str, Any] | str:
    """The model values of one file row, or why it is skipped (its country or station is not here)."""
    raw = dict(raw)
    values: dict[str, Any] = {}
    if table is PostAdjustment:
        iso2, name = raw.pop("country", ""), raw.pop("duty_station", "")
        station = stations.get((iso2, name))
        if station is None:
            return f"{where}: no duty station {name} in {iso2}"
        values["duty_station"] = station
    if table is NationalRate:
        iso2 = raw.pop("country", "")
        country = countries.get(iso2)
        if country is None:
            return f"{where}: no country {iso2}"
        values["country"] = country
    allowed = {*table.KEY_FIELDS, *table.VALUE_FIELDS, *PERIOD_FIELDS}
    for name, value in raw.items():
        if name not in allowed:
            raise EntitlementsDataError(f"{where}: unknown field {name!r}.")
        field_type = rate_field(table, name).get_internal_type()
        if name in ("effective_from", "effective_to"):
            values[name] = _date(value, where, name)
        elif field_type == "DecimalField":
            values[name] = _decimal(value, where, name)
        elif field_type == "PositiveIntegerField":
            values[name] = int(value)
        else:
            values[name] = "" if value is None else str(value)
    return values


@transaction.atomic
def entitlements_load_defaults(*, overwrite: bool = False, dry_run: bool = False) -> DefaultsReport:
    """Load the default rates of ``entitlements/data/`` (``rates.yaml``, ``post_adjustments.csv``,
    ``national_rates.csv``). Idempotent: a row is matched by its key and first day; a missing row is
    created, an existing one left as it is (headquarters' edits are kept) unless ``overwrite``. A
    row whose duty station or country is not in the database, or that would overlap a row
    headquarters recorded, is skipped and reported. A malformed row stops the load, names the file,
    the row and the field, and writes nothing. Run it after ``load_reference``."""
    countries = {c.iso2: c for c in Country.objects.all()}
    stations = {(s.country.iso2, s.name): s for s in DutyStation.objects.select_related("country")}
    counts: dict[str, TableCounts] = {slug: TableCounts() for slug in RATE_MODELS}
    stored: dict[str, dict[tuple[Any, ...], EffectiveRate]] = {}
    for table, raw, where in _rows():
        tally = counts[table.slug]
        values = _values(table, raw, where, countries, stations)
        if isinstance(values, str):
            tally.skipped.append(values)
            continue
        if table.slug not in stored:  # the table's rows, locked, read once
            stored[table.slug] = {
                _natural_key(row): row for row in table._default_manager.order_by().select_for_update()
            }
        probe = table(**values)
        existing = stored[table.slug].get(_natural_key(probe))
        if existing is None:
            tally.created += _create_default(probe, where, tally)
        elif overwrite and any(getattr(existing, k) != v for k, v in values.items()):
            _overwrite_default(existing, values, where)
            tally.updated += 1
        else:
            tally.unchanged += 1
    if dry_run:
        transaction.set_rollback(True)
    return DefaultsReport(counts=counts)


def _natural_key(row: EffectiveRate) -> tuple[Any, ...]:
    return (*(row.key_value(name) for name in row.KEY_FIELDS), row.effective_from)


def _create_default(row: EffectiveRate, where: str, tally: TableCounts) -> int:
    try:
        row.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
        if set(errors) == {"effective_from"}:
            tally.skipped.append(f"{where}: {errors['effective_from'][0]}")
            return 0
        name, messages = next(iter(errors.items()))
        raise EntitlementsDataError(f"{where}: {name}: {messages[0]}") from None
    row.save()
    audit_record(
        actor=None,
        verb=_verb(type(row), "created"),
        target=row,
        changes=diff({}, snapshot(row)),
        detail=where,
    )
    return 1


def _overwrite_default(row: EffectiveRate, values: Mapping[str, Any], where: str) -> None:
    before = snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    try:
        row.full_clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise EntitlementsDataError(f"{where}: {name}: {messages[0]}") from None
    row.version += 1
    row.save()
    changes = diff(before, snapshot(row))
    changes.pop("version", None)
    audit_record(actor=None, verb=_verb(type(row), "updated"), target=row, changes=changes, detail=where)
