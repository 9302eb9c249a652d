"""Loading the reference data files of ``reference/data/`` into the database.

The files hold countries and territories, duty stations, the report's reporting groups, host
entities, languages, SDGs, expertise areas, and the volunteer categories with their rules.
Loading is idempotent: rows are matched by natural key (ISO2 code, "ISO2/name" for a duty station,
code, acronym, SDG number, "category/first day" for a rule); missing rows are created, changed
fields updated, nothing is deleted. It runs in one transaction with bulk writes; a bad row stops
everything and names the file, the row and the field.

Headquarters may edit the loaded rows afterwards (say, a country's Global South flag or a duty
station's hardship class). ``LoadedRow`` remembers what the files said at the last load, so a field
whose stored value differs from that is an edit: it is kept (and counted) unless ``overwrite``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from mobilize.core.models import AuditRecord
from mobilize.geo.models import Country, DutyStation
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.reference.models import CategoryRule, ExpertiseArea, Language, LoadedRow, Sdg, VolunteerCategory

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ACTOR_LABEL = "load_reference"
_MISSING = object()
_TRUE = {"yes", "true", "1"}
_FALSE = {"no", "false", "0", ""}


class ReferenceDataError(Exception):
    """A data file is wrong; the message names the file, the row and the field."""


@dataclass(frozen=True)
class ModelCounts:
    """What one load did to one model. ``kept``: rows where an edit made since the last load was kept."""

    label: str
    created: int
    updated: int
    unchanged: int
    kept: int


@dataclass(frozen=True)
class LoadReport:
    counts: tuple[ModelCounts, ...]

    def total(self, what: str) -> int:
        return sum(getattr(c, what) for c in self.counts)

    def of(self, label: str) -> ModelCounts:
        return next(c for c in self.counts if c.label == label)


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0


@dataclass(frozen=True)
class _Row:
    key: str
    values: dict[str, Any]
    where: str


@dataclass
class _Loader:
    data_dir: Path
    overwrite: bool
    now: dt.datetime = field(default_factory=timezone.now)
    tallies: dict[str, _Tally] = field(default_factory=dict)
    states: dict[tuple[str, str], LoadedRow] = field(default_factory=dict)
    new_states: list[LoadedRow] = field(default_factory=list)
    changed_states: list[LoadedRow] = field(default_factory=list)
    audits: list[AuditRecord] = field(default_factory=list)

    # --- the generic part: match, merge, write in bulk -------------------------------------------

    def sync(
        self,
        model: type[models.Model],
        rows: Sequence[_Row],
        *,
        key_of: Callable[[Any], str],
        existing: Iterable[models.Model] | None = None,
    ) -> dict[str, Any]:
        """Create the missing rows of ``model``, update the changed ones; return every row by key.
        The stored rows are locked first, so an edit made meanwhile is not lost."""
        label = model._meta.label_lower
        tally = self.tallies.setdefault(label, _Tally())
        _refuse_duplicates(rows)
        if existing is None:
            existing = model._default_manager.select_for_update()
        stored = {key_of(obj): obj for obj in existing}
        to_create: list[tuple[Any, _Row]] = []
        to_update: list[tuple[Any, _Row, dict[str, list[Any]]]] = []
        result: dict[str, Any] = {}
        for row in rows:
            state = self.states.get((label, row.key))
            obj: Any = stored.get(row.key)
            if obj is None:
                obj = model(**row.values)
                _validate(obj, row)
                to_create.append((obj, row))
                tally.created += 1
            else:
                changes, kept = self._merge(obj, row, state)
                tally.kept += int(kept)
                if changes:
                    _validate(obj, row)
                    obj.version += 1
                    obj.updated_at = self.now
                    to_update.append((obj, row, changes))
                    tally.updated += 1
                else:
                    tally.unchanged += 1
            result[row.key] = obj
            self._remember(label, row, state)
        model._default_manager.bulk_create([obj for obj, _ in to_create])
        if to_update:
            names = sorted({name for _, _, changes in to_update for name in changes})
            model._default_manager.bulk_update(
                [obj for obj, _, _ in to_update], [*names, "version", "updated_at"]
            )
        for obj, row in to_create:
            self._audit(label, obj, row, "created", {k: [None, _plain(v)] for k, v in row.values.items()})
        for obj, row, changes in to_update:
            self._audit(label, obj, row, "updated", changes)
        return result

    def _merge(self, obj: Any, row: _Row, state: LoadedRow | None) -> tuple[dict[str, list[Any]], bool]:
        """Apply the file's values to ``obj``, except fields edited since the last load."""
        changes: dict[str, list[Any]] = {}
        kept = False
        for name, new in row.values.items():
            current = getattr(obj, name)
            if current == new:
                continue
            edited = state is not None and name in state.values and _plain(current) != state.values[name]
            if edited and not self.overwrite:
                kept = True
                continue
            changes[name] = [_plain(current), _plain(new)]
            setattr(obj, name, new)
        return changes, kept

    def _remember(self, label: str, row: _Row, state: LoadedRow | None) -> None:
        values = {name: _plain(value) for name, value in row.values.items()}
        if state is None:
            self.new_states.append(LoadedRow(model_label=label, natural_key=row.key, values=values))
        elif state.values != values:
            state.values = values
            state.loaded_at = self.now
            self.changed_states.append(state)

    def _audit(self, label: str, obj: Any, row: _Row, what: str, changes: dict[str, list[Any]]) -> None:
        self.audits.append(
            AuditRecord(
                actor_label=ACTOR_LABEL,
                kind=AuditRecord.Kind.WRITE,
                verb=f"{obj._meta.model_name}.{what}",
                target_type=label,
                target_id=str(obj.pk),
                target_repr=row.key[:200],
                changes=changes,
                detail=row.where[:200],
            )
        )

    def finish(self) -> LoadReport:
        LoadedRow.objects.bulk_create(self.new_states)
        LoadedRow.objects.bulk_update(self.changed_states, ["values", "loaded_at"])
        AuditRecord.objects.bulk_create(self.audits)
        return LoadReport(
            counts=tuple(
                ModelCounts(
                    label=label, created=t.created, updated=t.updated, unchanged=t.unchanged, kept=t.kept
                )
                for label, t in self.tallies.items()
            )
        )

    # --- the files, in dependency order --------------------------------------------------------

    def run(self) -> LoadReport:
        self.states = {(s.model_label, s.natural_key): s for s in LoadedRow.objects.select_for_update()}
        groups = self.sync(
            ReportingGroup,
            self._plain_rows(ReportingGroup, "reporting_groups.yaml", "code"),
            key_of=_attr("code"),
        )
        countries = self.sync(
            Country, self._plain_rows(Country, "countries.csv", "iso2"), key_of=_attr("iso2")
        )
        self._duty_stations(countries)
        self._host_entities(groups, countries)
        self.sync(Language, self._plain_rows(Language, "languages.csv", "code"), key_of=_attr("code"))
        self.sync(Sdg, self._plain_rows(Sdg, "sdgs.csv", "number"), key_of=lambda sdg: str(sdg.number))
        self.sync(
            ExpertiseArea,
            self._plain_rows(ExpertiseArea, "expertise_areas.csv", "code"),
            key_of=_attr("code"),
        )
        self._categories()
        return self.finish()

    def _plain_rows(self, model: type[models.Model], name: str, key: str) -> list[_Row]:
        """Rows of a file whose columns are exactly fields of ``model`` (no foreign keys)."""
        fields = _data_fields(model)
        rows = []
        for where, raw in self._read(name, allowed=set(fields)):
            values = _values(model, fields, raw, where)
            rows.append(_Row(key=str(values[key]), values=values, where=where))
        return rows

    def _duty_stations(self, countries: Mapping[str, Country]) -> None:
        fields = ["name", "is_capital", "is_family", "hardship_class"]
        rows = []
        for where, raw in self._read("duty_stations.csv", allowed={"country", *fields}):
            country = _resolve(countries, raw.get("country"), where, "country", "countries.csv")
            values = {"country_id": country.pk, **_values(DutyStation, fields, raw, where)}
            rows.append(_Row(key=f"{country.iso2}/{values['name']}", values=values, where=where))
        self.sync(
            DutyStation,
            rows,
            key_of=lambda station: f"{station.country.iso2}/{station.name}",
            existing=DutyStation.objects.select_related("country").select_for_update(of=("self",)),
        )

    def _host_entities(self, groups: Mapping[str, ReportingGroup], countries: Mapping[str, Country]) -> None:
        """Entities in waves, parents first, so that every parent has its id when its children are written."""
        names = ["acronym", "type", "name_en", "name_fr", "name_es", "name_zh"]
        pending: list[tuple[_Row, str | None]] = []
        for where, raw in self._read(
            "host_entities.yaml", allowed={*names, "group", "parent", "country", "active"}
        ):
            group = _resolve(groups, raw.get("group"), where, "group", "reporting_groups.yaml")
            country = None
            if raw.get("country"):
                country = _resolve(countries, raw["country"], where, "country", "countries.csv")
            values = {
                **_values(HostEntity, names, raw, where),
                "reporting_group_id": group.pk,
                "country_id": country.pk if country else None,
                "is_active": _bool(raw.get("active", True), where, "active"),
            }
            pending.append((_Row(key=values["acronym"], values=values, where=where), raw.get("parent")))
        _refuse_duplicates([row for row, _ in pending])
        _refuse_parent_cycles(pending)
        known = dict(HostEntity.objects.values_list("acronym", "pk"))
        while pending:
            ready = [(row, parent) for row, parent in pending if parent is None or parent in known]
            if not ready:
                row, parent = pending[0]
                raise ReferenceDataError(f"{row.where}: parent: no host entity {parent!r}.")
            wave = [
                _Row(row.key, {**row.values, "parent_id": known[parent] if parent else None}, row.where)
                for row, parent in ready
            ]
            written = self.sync(HostEntity, wave, key_of=_attr("acronym"))
            known.update({key: obj.pk for key, obj in written.items()})
            pending = [item for item in pending if item not in ready]

    def _categories(self) -> None:
        category_fields = _data_fields(VolunteerCategory)
        rule_fields = [name for name in _data_fields(CategoryRule) if name != "category"]
        categories, rules = [], []
        for where, raw in self._read("categories.yaml", allowed={*category_fields, "rules"}):
            values = _values(VolunteerCategory, category_fields, raw, where)
            categories.append(_Row(key=values["code"], values=values, where=where))
            if not raw.get("rules"):
                raise ReferenceDataError(f"{where}: rules: a category needs at least one rule.")
            for index, raw_rule in enumerate(raw["rules"], start=1):
                rule_where = f"{where} rule {index}"
                _refuse_unknown(raw_rule, set(rule_fields), rule_where)
                rules.append(
                    (values["code"], _values(CategoryRule, rule_fields, raw_rule, rule_where), rule_where)
                )
        written = self.sync(VolunteerCategory, categories, key_of=_attr("code"))
        self.sync(
            CategoryRule,
            [
                _Row(
                    key=f"{code}/{values['effective_from']}",
                    values={"category_id": written[code].pk, **values},
                    where=w,
                )
                for code, values, w in rules
            ],
            key_of=lambda rule: f"{rule.category.code}/{rule.effective_from}",
            existing=CategoryRule.objects.select_related("category").select_for_update(of=("self",)),
        )
        _refuse_overlapping_rules()

    def _read(self, name: str, *, allowed: set[str]) -> list[tuple[str, dict[str, Any]]]:
        """(where, raw row) for each row of a CSV or YAML file; unknown columns or keys are refused."""
        path = self.data_dir / name
        if not path.exists():
            raise ReferenceDataError(f"{name}: the file is missing from {self.data_dir}.")
        with path.open(encoding="utf-8", newline="") as handle:
            if name.endswith(".csv"):
                reader = csv.DictReader(handle)
                rows = [(f"{name} row {number}", dict(raw)) for number, raw in enumerate(reader, start=2)]
            else:
                items = yaml.safe_load(handle) or []
                if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                    raise ReferenceDataError(f"{name}: expected a list of mappings.")
                rows = [(f"{name} item {number}", item) for number, item in enumerate(items, start=1)]
        for where, raw in rows:
            _refuse_unknown(raw, allowed, where)
        return rows


# --- helpers ----------------------------------------------------------------------------------


def _attr(name: str) -> Callable[[Any], str]:
    return lambda obj: str(getattr(obj, name))


def _data_fields(model: type[models.Model]) -> list[str]:
    """The fields a data file may set: concrete, not the id, timestamps or version."""
    skip = {"id", "created_at", "updated_at", "version"}
    return [f.name for f in model._meta.concrete_fields if f.name not in skip]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _bool(raw: Any, where: str, name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ReferenceDataError(f"{where}: {name}: {raw!r} is not yes or no.")


def _values(
    model: type[models.Model], names: Sequence[str], raw: Mapping[str, Any], where: str
) -> dict[str, Any]:
    """The typed values of ``names`` from a raw row; a missing value takes the field's default."""
    values: dict[str, Any] = {}
    for name in names:
        model_field = model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        value = raw.get(name, _MISSING)
        if value is _MISSING or value is None:
            values[name] = model_field.get_default()
        elif isinstance(model_field, models.BooleanField):
            values[name] = _bool(value, where, name)
        elif value == "" and model_field.null:
            values[name] = None
        else:
            try:
                values[name] = model_field.to_python(value)
            except ValidationError as exc:
                raise ReferenceDataError(f"{where}: {name}: {' '.join(exc.messages)}") from None
    return values


def _validate(obj: models.Model, row: _Row) -> None:
    """Field-level checks (types, lengths, choices); database constraints back them up on write."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.clean_fields(exclude=relations)
    except ValidationError as exc:
        detail = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
        raise ReferenceDataError(f"{row.where}: {detail}") from None


def _resolve(known: Mapping[str, Any], key: Any, where: str, name: str, source: str) -> Any:
    try:
        return known[str(key)]
    except KeyError:
        raise ReferenceDataError(f"{where}: {name}: no {key!r} in {source}.") from None


def _refuse_unknown(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        raise ReferenceDataError(f"{where}: unknown column or key {', '.join(unknown)}.")


def _refuse_duplicates(rows: Sequence[_Row]) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        if row.key in seen:
            raise ReferenceDataError(f"{row.where}: {row.key!r} is already given in {seen[row.key]}.")
        seen[row.key] = row.where


def _refuse_parent_cycles(pending: Sequence[tuple[_Row, str | None]]) -> None:
    parents = {row.key: parent for row, parent in pending}
    for row, _ in pending:
        seen = {row.key}
        parent = parents.get(row.key)
        while parent is not None and parent in parents:
            if parent in seen:
                raise ReferenceDataError(f"{row.where}: parent: {row.key} is its own ancestor.")
            seen.add(parent)
            parent = parents[parent]


def _refuse_overlapping_rules() -> None:
    """No two rules of a category in force on the same day, after the files and earlier edits meet."""
    previous: CategoryRule | None = None
    for rule in CategoryRule.objects.select_related("category").order_by("category_id", "effective_from"):
        if (
            previous is not None
            and previous.category_id == rule.category_id
            and (previous.effective_to is None or previous.effective_to >= rule.effective_from)
        ):
            raise ReferenceDataError(
                f"categories.yaml: {rule.category.code}: the rule from {previous.effective_from} is still in "
                f"force when the rule from {rule.effective_from} starts."
            )
        previous = rule


def reference_load(
    *, overwrite: bool = False, dry_run: bool = False, data_dir: Path = DATA_DIR
) -> LoadReport:
    """Load every reference data file in one transaction; ``dry_run`` reports and rolls back."""
    with transaction.atomic():
        report = _Loader(data_dir=data_dir, overwrite=overwrite).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
