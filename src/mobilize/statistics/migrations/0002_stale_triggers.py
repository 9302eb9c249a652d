"""Database triggers that list in ``statistics_stalevolunteer`` every volunteer whose fact rows a write
may have changed, whoever makes the write (a service, the admin, a factory, a bulk ``update()``, raw
SQL): the statistics recompute the rows of the volunteers listed before they count.

What is watched is what the fact rows are computed from (``statistics.facts``): the assignment, the
volunteer's gender and date of birth, the disability disclosure, and the reference attributes the
rows copy (a country's region and Global South flag, a category's youth flag, a host entity's type
and reporting group, a DoA's approval and a position's DoA). An update that changes none of the
watched columns marks nobody (a ``save()`` rewrites every column, mostly unchanged). The names of
tables and columns are read from the models, so a renamed column renames here on the next
migration that recreates the triggers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import migrations

STALE = "statistics_stalevolunteer"


@dataclass(frozen=True)
class Watch:
    """A table whose writes can change fact rows: ``volunteers`` selects the volunteers concerned by
    one row (``{row}`` is OLD or NEW); ``columns`` are the fields whose update matters; ``moves``,
    the column naming the volunteer, when an update can move the row to another volunteer (then
    the old one is listed too, only when it did move)."""

    name: str
    model: str
    events: tuple[str, ...]
    columns: tuple[str, ...]
    volunteers: str
    moves: str = ""


def _watches(apps: Any) -> list[Watch]:
    def table(label: str) -> str:
        return apps.get_model(label)._meta.db_table

    def column(label: str, field: str) -> str:
        return apps.get_model(label)._meta.get_field(field).column

    assignment = table("assignments.Assignment")
    volunteer = column("assignments.Assignment", "volunteer")
    of_assignments = f"SELECT {volunteer} FROM {assignment} WHERE "
    everything = ("INSERT", "UPDATE", "DELETE")
    return [
        Watch(
            "assignment",
            "assignments.Assignment",
            everything,
            tuple(
                column("assignments.Assignment", name)
                for name in (
                    "volunteer",
                    "position",
                    "category",
                    "modality",
                    "host_entity",
                    "duty_country",
                    "nationality",
                    "entry_on_duty",
                    "planned_end",
                    "actual_end",
                    "status",
                )
            ),
            f"SELECT {{row}}.{volunteer}",
            moves=volunteer,
        ),
        Watch(
            "candidate",
            "talent.Candidate",
            ("UPDATE",),
            (column("talent.Candidate", "gender"), column("talent.Candidate", "date_of_birth")),
            "SELECT {row}.id",
        ),
        Watch(
            "disclosure",
            "talent.DisabilityDisclosure",
            everything,
            (
                column("talent.DisabilityDisclosure", "candidate"),
                column("talent.DisabilityDisclosure", "has_disability"),
            ),
            f"SELECT {{row}}.{column('talent.DisabilityDisclosure', 'candidate')}",
            moves=column("talent.DisabilityDisclosure", "candidate"),
        ),
        Watch(
            "country",
            "geo.Country",
            ("UPDATE",),
            (column("geo.Country", "region"), column("geo.Country", "is_global_south")),
            of_assignments
            + f"{column('assignments.Assignment', 'duty_country')} = {{row}}.id"
            + f" OR {column('assignments.Assignment', 'nationality')} = {{row}}.id",
        ),
        Watch(
            "category",
            "reference.VolunteerCategory",
            ("UPDATE",),
            (column("reference.VolunteerCategory", "is_youth"),),
            of_assignments + f"{column('assignments.Assignment', 'category')} = {{row}}.id",
        ),
        Watch(
            "host_entity",
            "partners.HostEntity",
            ("UPDATE",),
            (column("partners.HostEntity", "type"), column("partners.HostEntity", "reporting_group")),
            of_assignments + f"{column('assignments.Assignment', 'host_entity')} = {{row}}.id",
        ),
        Watch(
            "doa",
            "requests.Doa",
            ("UPDATE",),
            (column("requests.Doa", "approved_at"),),
            of_assignments
            + f"{column('assignments.Assignment', 'position')} IN (SELECT id FROM {table('requests.Position')}"
            + f" WHERE {column('requests.Position', 'doa')} = {{row}}.id)",
        ),
        Watch(
            "position",
            "requests.Position",
            ("UPDATE",),
            (column("requests.Position", "doa"),),
            of_assignments + f"{column('assignments.Assignment', 'position')} = {{row}}.id",
        ),
    ]


def _mark(watch: Watch, row: str, where: str = "") -> str:
    return f"INSERT INTO {STALE} (volunteer_id) {watch.volunteers.format(row=row)}{where};"


def _changed(watch: Watch, different: str) -> str:
    return " OR ".join(f"OLD.{name} {different} NEW.{name}" for name in watch.columns)


def _sqlite(watch: Watch, table: str) -> list[str]:
    statements = []
    for event in watch.events:
        name = f"statistics_stale_{watch.name}_{event.lower()}"
        when = f" WHEN {_changed(watch, 'IS NOT')}" if event == "UPDATE" else ""
        if event == "INSERT":
            body = _mark(watch, "NEW")
        elif event == "DELETE":
            body = _mark(watch, "OLD")
        else:
            moved = f" WHERE OLD.{watch.moves} IS NOT NEW.{watch.moves}"
            body = _mark(watch, "NEW") + (f" {_mark(watch, 'OLD', moved)}" if watch.moves else "")
        statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN {body} END")
    return statements


def _postgresql(watch: Watch, table: str) -> list[str]:
    function = f"statistics_stale_{watch.name}"
    moved = f"OLD.{watch.moves} IS DISTINCT FROM NEW.{watch.moves}" if watch.moves else "FALSE"
    old = f"IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {moved}) THEN {_mark(watch, 'OLD')} END IF;"
    new = f"IF TG_OP <> 'DELETE' THEN {_mark(watch, 'NEW')} END IF;"
    statements = [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {old} {new} RETURN NULL; END $$"
    ]
    writes = [event for event in watch.events if event != "UPDATE"]
    if writes:
        statements.append(
            f"CREATE TRIGGER {function}_write AFTER {' OR '.join(writes)} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    if "UPDATE" in watch.events:
        statements.append(
            f"CREATE TRIGGER {function}_update AFTER UPDATE ON {table} FOR EACH ROW"
            f" WHEN ({_changed(watch, 'IS DISTINCT FROM')}) EXECUTE FUNCTION {function}()"
        )
    return statements


def _drop(watch: Watch, table: str, vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP FUNCTION IF EXISTS statistics_stale_{watch.name}() CASCADE"]
    return [f"DROP TRIGGER IF EXISTS statistics_stale_{watch.name}_{event.lower()}" for event in watch.events]


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    build = {"sqlite": _sqlite, "postgresql": _postgresql}.get(vendor)
    if build is None:
        raise NotImplementedError(f"statistics: no stale-marking triggers for {vendor}")
    for watch in _watches(apps):
        table = apps.get_model(watch.model)._meta.db_table
        for statement in build(watch, table):
            schema_editor.execute(statement)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for watch in _watches(apps):
        for statement in _drop(watch, apps.get_model(watch.model)._meta.db_table, vendor):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0001_initial"),
        ("assignments", "0002_dependant"),
        ("talent", "0001_initial"),
        ("geo", "0001_initial"),
        ("reference", "0002_reporting_year"),
        ("partners", "0001_initial"),
        ("requests", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
