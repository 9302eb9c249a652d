"""What the figures count, defined once over the assignments, and the upkeep of the fact tables.

``people`` and ``places`` are the definitions: for a year, one row per volunteer (what is counted
once per person) and one row per distinct place of service of a volunteer. ``facts_write`` stores
them, for some volunteers or all, with one ``INSERT ... SELECT`` per table and year: the database
computes every row (no Python loop over rows), with the same expressions the figures were defined
with before the tables existed, so that reading the tables gives the figures the definitions give.

``facts_catch_up`` is the guard against stale rows: database triggers (migration 0002) list in
``StaleVolunteer`` every volunteer whose records change, by whatever path; before counting, the
selectors recompute the rows of the volunteers listed (usually none: the services recompute the
rows of what they write, ``services.statistics_facts_refresh``). It writes only this app's own
derived tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least

from mobilize.assignments.models import Assignment
from mobilize.assignments.selectors import active_in_year_q
from mobilize.core.expressions import DateNumber, DayNumber
from mobilize.geo.models import Region
from mobilize.reference.models import Modality
from mobilize.statistics.models import REGION_FIELDS, StaleVolunteer, VolunteerPlace, VolunteerYear
from mobilize.talent.models import Gender

LEAD_TIME_STARTS = {"doa_approved": "position__doa__approved_at"}
"""The events a lead time may start from (setting ``MOBILIZE_LEAD_TIME_START``) and their field."""
LEAD_TIME_ENDS = {"entry_on_duty": "entry_on_duty"}
"""The events a lead time may end at (setting ``MOBILIZE_LEAD_TIME_END``); the year is the end's.
With one event of each kind, the fact rows hold the lead time of that pair; a second event would
need a column per event (or a rebuild when the setting changes)."""

CHUNK = 5_000
"""Volunteers recomputed per statement (the ids go into ``IN (...)``; SQLite allows 32,766)."""

# A person's nationality is that of their latest active assignment (by entry on duty). The
# database picks it with one MAX over a number that orders by entry on duty first and carries the
# nationality's Global South flag and id in its low digits.
_NATIONALITY_ID_SPAN = 10**9
_FLAG_SPAN = 10 * _NATIONALITY_ID_SPAN


def flag(condition: Q) -> Case:
    """1 where ``condition`` holds for the row, else 0 (for MAX: "at least one row")."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def active_assignments(year: int) -> QuerySet[Assignment]:
    """The onsite assignments active in ``year`` (entry on duty on or before 31 December, end, actual
    else planned, on or after 1 January, not cancelled), unscoped and unordered: the base of
    every figure."""
    return Assignment.objects.filter(active_in_year_q(year)).order_by()


def _lead_time(year: int) -> dict[str, Any]:
    """Per volunteer, for each modality, over the assignments whose end event (entry on duty) is in
    ``year``: the days from the start event (DoA approved) summed over those that have one, their
    number, and the number without one."""
    start_field = LEAD_TIME_STARTS["doa_approved"]
    end_field = LEAD_TIME_ENDS["entry_on_duty"]
    ends_in_year = Q(**{f"{end_field}__year": year})
    has_start = Q(**{f"{start_field}__isnull": False})
    days = DayNumber(end_field) - DayNumber(start_field)
    columns: dict[str, Any] = {}
    for modality in Modality:
        of_modality = Q(modality=modality) & ends_in_year
        columns[f"lead_{modality.value}_days"] = Coalesce(
            Sum(days, filter=of_modality & has_start), Value(0), output_field=IntegerField()
        )
        columns[f"lead_{modality.value}_with"] = Count("pk", filter=of_modality & has_start)
        columns[f"lead_{modality.value}_without"] = Count("pk", filter=of_modality & ~has_start)
    return columns


def people(year: int, volunteer_ids: Sequence[int] | None = None) -> QuerySet[Assignment, dict[str, Any]]:
    """One row per volunteer active in ``year`` (GROUP BY volunteer) with what is counted per person:
    ``assignments``; ``national``, ``international``, ``youth`` (at least one such assignment);
    ``intl_in_gs`` (an international assignment in a Global South duty country); ``nationality``
    and ``gs`` (its Global South flag) of the latest assignment; ``female``; ``disabled`` (a
    disclosure with a disability); ``age`` on the last day served in the year; ``in_<region>``
    for each region (an assignment in a duty country of that region); and the lead time of the
    assignments that began in the year. These are the columns of ``VolunteerYear``."""
    last_day = Value(dt.date(year, 12, 31))
    nationality_key = Max(
        Cast(DateNumber("entry_on_duty"), BigIntegerField()) * _FLAG_SPAN
        + flag(Q(nationality__is_global_south=True)) * _NATIONALITY_ID_SPAN
        + F("nationality_id")
    )
    last_served = Least(Max(Coalesce("actual_end", "planned_end")), last_day)
    rows = active_assignments(year)
    if volunteer_ids is not None:
        rows = rows.filter(volunteer_id__in=volunteer_ids)
    return (
        rows.values(person=F("volunteer_id"))
        .annotate(
            assignments=Count("pk"),
            national=Max(flag(Q(modality=Modality.NATIONAL))),
            international=Max(flag(Q(modality=Modality.INTERNATIONAL))),
            youth=Max(flag(Q(category__is_youth=True))),
            intl_in_gs=Max(flag(Q(modality=Modality.INTERNATIONAL, duty_country__is_global_south=True))),
            nationality_key=nationality_key,
            female=Max(flag(Q(volunteer__gender=Gender.FEMALE))),
            disabled=Max(flag(Q(volunteer__disability__has_disability=True))),
            age=(DateNumber(last_served) - DateNumber(Max("volunteer__date_of_birth"))) / Value(10000),
            **{REGION_FIELDS[region]: Max(flag(Q(duty_country__region=region))) for region in Region.values},
            **_lead_time(year),
        )
        .annotate(
            gs=F("nationality_key") / Value(_NATIONALITY_ID_SPAN) % Value(10),
            nationality_of=F("nationality_key") % Value(_NATIONALITY_ID_SPAN),
        )
    )


def places(year: int, volunteer_ids: Sequence[int] | None = None) -> QuerySet[Assignment, Any]:
    """The distinct places of service (duty country, host entity with its reporting group and
    type, category, modality) of each volunteer active in ``year``."""
    rows = active_assignments(year)
    if volunteer_ids is not None:
        rows = rows.filter(volunteer_id__in=volunteer_ids)
    return rows.values(
        person=F("volunteer_id"),
        p_country=F("duty_country_id"),
        p_entity=F("host_entity_id"),
        p_group=F("host_entity__reporting_group_id"),
        p_type=F("host_entity__type"),
        p_category=F("category_id"),
        p_national=flag(Q(modality=Modality.NATIONAL)),
    ).distinct()


_YEAR_COLUMNS = [
    ("volunteer_id", "person"),
    ("assignments", "assignments"),
    ("national", "national"),
    ("international", "international"),
    ("youth", "youth"),
    ("intl_in_gs", "intl_in_gs"),
    ("nationality", "nationality_of"),
    ("gs", "gs"),
    ("female", "female"),
    ("disabled", "disabled"),
    ("age", "age"),
    *[(column, column) for column in REGION_FIELDS.values()],
    *[
        (f"lead_{modality}_{part}", f"lead_{modality}_{part}")
        for modality in Modality.values
        for part in ("days", "with", "without")
    ],
]
"""(column of ``VolunteerYear``, column of ``people``)."""

_FIRST_OF = {
    "first_in_country": "p.p_country",
    "first_in_category": "p.p_category",
    "first_in_entity": "p.p_entity",
    "first_in_group": "p.p_group",
    "first_in_type": "p.p_type",
    "first_in_type_modality": "p.p_type, p.p_national",
}
"""Each ``first_*`` flag of ``VolunteerPlace`` and what it is the first row of, per volunteer."""


def _insert_year(year: int, volunteer_ids: Sequence[int] | None) -> None:
    """Write the ``VolunteerYear`` and ``VolunteerPlace`` rows of ``year`` (of ``volunteer_ids``, or
    of everyone): two ``INSERT ... SELECT``, computed by the database."""
    quote = connection.ops.quote_name
    year_sql, year_params = people(year, volunteer_ids).query.sql_with_params()
    year_table = quote(VolunteerYear._meta.db_table)
    targets = ", ".join(quote(column) for column, _source in _YEAR_COLUMNS)
    sources = ", ".join(f"p.{quote(source)}" for _column, source in _YEAR_COLUMNS)
    place_sql, place_params = places(year, volunteer_ids).query.sql_with_params()
    firsts = ", ".join(
        f"CASE WHEN ROW_NUMBER() OVER (PARTITION BY p.person, {over} ORDER BY p.p_country, p.p_entity,"
        " p.p_category, p.p_national) = 1 THEN 1 ELSE 0 END"
        for over in _FIRST_OF.values()
    )
    place_columns = [
        "year",
        "volunteer_id",
        "duty_country_id",
        "host_entity_id",
        "host_group_id",
        "host_type",
        "category_id",
        "national",
        *_FIRST_OF,
    ]
    place_table = quote(VolunteerPlace._meta.db_table)
    place_targets = ", ".join(quote(column) for column in place_columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {year_table} (year, {targets}) SELECT {int(year)}, {sources} FROM ({year_sql}) p",  # noqa: S608 (names come from the models, the year is an int)
            year_params,
        )
        cursor.execute(
            f"INSERT INTO {place_table} ({place_targets})"  # noqa: S608
            f" SELECT {int(year)}, p.person, p.p_country, p.p_entity, p.p_group, p.p_type, p.p_category,"
            f" p.p_national, {firsts} FROM ({place_sql}) p",
            place_params,
        )


def fact_years(volunteer_ids: Sequence[int] | None = None) -> range:
    """The years in which ``volunteer_ids`` (or anyone) had an onsite assignment active: from the
    first entry on duty to the last end, actual else planned (one query)."""
    rows = Assignment.objects.exclude(status=Assignment.Status.CANCELLED).order_by()
    if volunteer_ids is not None:
        rows = rows.filter(volunteer_id__in=volunteer_ids)
    span = rows.aggregate(
        first=Min(DateNumber("entry_on_duty")), last=Max(DateNumber(Coalesce("actual_end", "planned_end")))
    )
    if span["first"] is None:
        return range(0)
    return range(span["first"] // 10000, span["last"] // 10000 + 1)


def facts_write(volunteer_ids: Iterable[int]) -> int:
    """Recompute the fact rows of ``volunteer_ids`` (every year) from their records: delete theirs,
    insert the new, ``CHUNK`` volunteers per statement. Returns the number of volunteers."""
    ids = sorted(set(volunteer_ids))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            VolunteerYear.objects.filter(volunteer_id__in=chunk).delete()
            VolunteerPlace.objects.filter(volunteer_id__in=chunk).delete()
            for year in fact_years(chunk):
                _insert_year(year, chunk)
    return len(ids)


def facts_write_all(progress: Callable[[int], None] | None = None) -> int:
    """Recompute every fact row, a year at a time; ``progress`` is told each year done. The stale
    list is claimed first (a write that commits meanwhile stays listed, for the next catch-up).
    Returns the number of volunteer-year rows."""
    with transaction.atomic():
        facts_claim_stale()
        VolunteerYear.objects.all().delete()
        VolunteerPlace.objects.all().delete()
        for year in fact_years():
            _insert_year(year, None)
            if progress is not None:
                progress(year)
        count = VolunteerYear.objects.count()
    facts_analyze()
    return count


def facts_analyze() -> None:
    """Refresh the planner's statistics of the fact tables after a bulk write (SQLite and
    PostgreSQL then read the covering indexes with the right estimates); on PostgreSQL, outside a
    transaction, also VACUUM them, so that the reads are index-only scans at once rather than after
    autovacuum comes by (at scale 10: 0.24 s instead of 0.55 s)."""
    tables = [VolunteerYear._meta.db_table, VolunteerPlace._meta.db_table]
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {connection.ops.quote_name(table)}")


def facts_claim_stale(volunteer_ids: Sequence[int] | None = None) -> list[int]:
    """Remove from the stale list the marks of ``volunteer_ids`` (or every mark), returning the
    volunteers they named, in one statement: a mark added by a write that commits later is not seen
    and stays for the next catch-up. Call it in the transaction that then recomputes them."""
    table = connection.ops.quote_name(StaleVolunteer._meta.db_table)
    statements: list[tuple[str, list[int]]]
    if volunteer_ids is None:
        statements = [(f"DELETE FROM {table} RETURNING volunteer_id", [])]  # noqa: S608
    else:
        ids = sorted(set(volunteer_ids))
        statements = [
            (
                f"DELETE FROM {table} WHERE volunteer_id IN ({', '.join(['%s'] * len(chunk))})"  # noqa: S608
                " RETURNING volunteer_id",
                chunk,
            )
            for chunk in (ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK))
        ]
    claimed: set[int] = set()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            claimed.update(row[0] for row in cursor.fetchall())
    return sorted(claimed)


def facts_catch_up() -> int:
    """Bring the fact rows of every volunteer on the stale list up to date; returns how many
    volunteers were recomputed. One cheap query when the list is empty, the usual case."""
    if not StaleVolunteer.objects.exists():
        return 0
    with transaction.atomic():
        return facts_write(facts_claim_stale())
