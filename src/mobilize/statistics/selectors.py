"""The figures of a programme year, each computed by aggregation in the database.

Every function here takes a year and runs ONE query over the onsite assignments active in that
year (never a loop over rows in Python); ``statistics_for_year`` composes them into the document of
format "mobilize-statistics/1" (docs/statistics.md says what each figure means and which function
computes it). Counts are ``int``; shares and means are ``Decimal``: exact (28 significant digits)
with ``exact=True``, else rounded half-up to 4 places (shares) and 2 places (means) as printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
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
from django.utils.translation import gettext as _

from mobilize.assignments.models import Assignment
from mobilize.assignments.selectors import active_in_year_q
from mobilize.core.expressions import DateNumber, DayNumber
from mobilize.geo.models import Country, Region
from mobilize.partners.models import ReportingGroup
from mobilize.reference.models import Modality, ReportingYear, VolunteerCategory
from mobilize.talent.models import Gender

FORMAT = "mobilize-statistics/1"
MIN_YEAR, MAX_YEAR = 1901, 9999
"""The years a document can be asked for (the previous year must be a valid date too)."""

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("18-24", 18, 24),
    ("25-29", 25, 29),
    ("30-34", 30, 34),
    ("35-39", 35, 39),
    ("40-44", 40, 44),
    ("45-49", 45, 49),
    ("50-54", 50, 54),
    ("55-59", 55, 59),
    ("60+", 60, None),
)
"""The bands of ``age.distribution``: (label, first age, last age or None for open-ended)."""

LEAD_TIME_STARTS = {"doa_approved": "position__doa__approved_at"}
"""The events a lead time may start from (setting ``MOBILIZE_LEAD_TIME_START``) and their field."""
LEAD_TIME_ENDS = {"entry_on_duty": "entry_on_duty"}
"""The events a lead time may end at (setting ``MOBILIZE_LEAD_TIME_END``); the year is the end's."""

SHARE_PLACES = Decimal("0.0001")
MEAN_PLACES = Decimal("0.01")

# A person's nationality is that of their latest active assignment (by entry on duty). The
# database picks it with one MAX over a number that orders by entry on duty first and carries the
# nationality's Global South flag and id in its low digits.
_NATIONALITY_ID_SPAN = 10**9
_FLAG_SPAN = 10 * _NATIONALITY_ID_SPAN


def _flag(condition: Q) -> Case:
    """1 where ``condition`` holds for the row, else 0 (for MAX: "at least one row")."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def active_assignments(year: int) -> QuerySet[Assignment]:
    """The onsite assignments active in ``year`` (entry on duty on or before 31 December, end, actual
    else planned, on or after 1 January, not cancelled), unscoped and unordered: the base of
    every figure."""
    return Assignment.objects.filter(active_in_year_q(year)).order_by()


def _share(count: int, total: int) -> Decimal | None:
    return Decimal(count) / Decimal(total) if total else None


def _mean(total: int | None, count: int) -> Decimal | None:
    return Decimal(total or 0) / Decimal(count) if count else None


def _people(year: int) -> QuerySet[Assignment, dict[str, Any]]:
    """One row per volunteer active in ``year`` (GROUP BY volunteer) with what is counted per person:
    ``assignments``; ``national``, ``international``, ``youth`` (at least one such assignment);
    ``intl_in_gs`` (an international assignment in a Global South duty country); ``nationality``
    and ``gs`` (its Global South flag) of the latest assignment; ``female``; ``disabled`` (a
    disclosure with a disability); ``age`` on the last day served in the year; ``region_<code>``
    for each region (an assignment in a duty country of that region)."""
    last_day = Value(dt.date(year, 12, 31))
    nationality_key = Max(
        Cast(DateNumber("entry_on_duty"), BigIntegerField()) * _FLAG_SPAN
        + _flag(Q(nationality__is_global_south=True)) * _NATIONALITY_ID_SPAN
        + F("nationality_id")
    )
    last_served = Least(Max(Coalesce("actual_end", "planned_end")), last_day)
    return (
        active_assignments(year)
        .values("volunteer")
        .annotate(
            assignments=Count("pk"),
            national=Max(_flag(Q(modality=Modality.NATIONAL))),
            international=Max(_flag(Q(modality=Modality.INTERNATIONAL))),
            youth=Max(_flag(Q(category__is_youth=True))),
            intl_in_gs=Max(_flag(Q(modality=Modality.INTERNATIONAL, duty_country__is_global_south=True))),
            nationality_key=nationality_key,
            female=Max(_flag(Q(volunteer__gender=Gender.FEMALE))),
            disabled=Max(_flag(Q(volunteer__disability__has_disability=True))),
            age=(DateNumber(last_served) - DateNumber(Max("volunteer__date_of_birth"))) / Value(10000),
            **{f"region_{region}": Max(_flag(Q(duty_country__region=region))) for region in Region.values},
        )
        .annotate(
            gs=F("nationality_key") / Value(_NATIONALITY_ID_SPAN) % Value(10),
            nationality=F("nationality_key") % Value(_NATIONALITY_ID_SPAN),
        )
    )


def _band_alias(label: str) -> str:
    return "band_" + label.replace("-", "_").replace("+", "_plus")


def _mobilized_aggregates() -> dict[str, Any]:
    bands = {
        _band_alias(label): Count("volunteer", filter=Q(age__gte=low) & (Q(age__lte=high) if high else Q()))
        for label, low, high in AGE_BANDS
    }
    return {
        "total": Count("volunteer"),
        "total_assignments": Sum("assignments"),
        "with_national": Count("volunteer", filter=Q(national=1)),
        "with_international": Count("volunteer", filter=Q(international=1)),
        "with_youth": Count("volunteer", filter=Q(youth=1)),
        "distinct_nationalities": Count("nationality", distinct=True),
        "gs_count": Count("volunteer", filter=Q(gs=1)),
        "gs_national": Count("volunteer", filter=Q(gs=1, national=1)),
        "gs_international_in_gs": Count("volunteer", filter=Q(gs=1, intl_in_gs=1)),
        "women": Count("volunteer", filter=Q(female=1)),
        "disclosed": Count("volunteer", filter=Q(disabled=1)),
        "age_sum": Sum("age"),
        "age_min": Min("age"),
        "age_max": Max("age"),
        "aged_60_plus": Count("volunteer", filter=Q(age__gte=60)),
        **bands,
    }


def _mobilized_figures(row: dict[str, Any]) -> dict[str, Any]:
    total = int(row["total"])
    return {
        "volunteers": total,
        "assignments": int(row["total_assignments"] or 0),
        "nationalities": int(row["distinct_nationalities"]),
        "national": int(row["with_national"]),
        "international": int(row["with_international"]),
        "global_south": {
            "count": int(row["gs_count"]),
            "share": _share(int(row["gs_count"]), total),
            "national": int(row["gs_national"]),
            "international_in_global_south": int(row["gs_international_in_gs"]),
        },
        "women": {"count": int(row["women"]), "share": _share(int(row["women"]), total)},
        "age": {
            "mean": _mean(row["age_sum"], total),
            "min": None if row["age_min"] is None else int(row["age_min"]),
            "max": None if row["age_max"] is None else int(row["age_max"]),
            "aged_60_plus": int(row["aged_60_plus"]),
            "distribution": {label: int(row[_band_alias(label)]) for label, _low, _high in AGE_BANDS},
        },
        "youth": int(row["with_youth"]),
        "with_disabilities": int(row["disclosed"]),
    }


def volunteers_mobilized(year: int) -> dict[str, Any]:
    """Everything counted once per volunteer: the volunteers and their assignments; those with a
    national, an international, a youth assignment; and the breakdowns by a person's attributes
    (nationalities, Global South with national volunteers and international ones serving in
    another Global South country, women, age, disclosed disability)."""
    return _mobilized_figures(_people(year).aggregate(**_mobilized_aggregates()))


def _region_aggregates() -> dict[str, Any]:
    aggregates = {}
    for region in Region.values:
        aggregates[f"in_{region}"] = Count("volunteer", filter=Q(**{f"region_{region}": 1}))
        aggregates[f"women_in_{region}"] = Count(
            "volunteer", filter=Q(**{f"region_{region}": 1, "female": 1})
        )
    return aggregates


def _region_figures(row: dict[str, Any]) -> dict[str, Any]:
    by_region = {region: int(row[f"in_{region}"]) for region in Region.values}
    women_by_region = {
        region: {
            "count": int(row[f"women_in_{region}"]),
            "volunteers": volunteers,
            "share": _share(int(row[f"women_in_{region}"]), volunteers),
        }
        for region, volunteers in by_region.items()
        if volunteers
    }
    return {"by_region": by_region, "women_by_region": women_by_region}


def volunteers_by_region(year: int) -> dict[str, Any]:
    """Volunteers by the region of the duty country (every region, zero included) and, in each region
    where someone served, the women among them: a volunteer counts once under each region."""
    return _region_figures(_people(year).aggregate(**_region_aggregates()))


def volunteers_per_person(year: int) -> dict[str, Any]:
    """``volunteers_mobilized`` and ``volunteers_by_region`` in one pass (both count per volunteer)."""
    row = _people(year).aggregate(**_mobilized_aggregates(), **_region_aggregates())
    return {**_mobilized_figures(row), **_region_figures(row)}


def volunteers_by_country(year: int) -> dict[str, int]:
    """Volunteers by duty country (ISO alpha-2), once per country they served in."""
    rows = (
        active_assignments(year)
        .values(code=F("duty_country__iso2"))
        .annotate(volunteers=Count("volunteer", distinct=True))
        .order_by("code")
    )
    return {row["code"]: row["volunteers"] for row in rows}


def volunteers_by_category(year: int) -> dict[str, int]:
    """Volunteers by volunteer category (its code), once per category they served under."""
    rows = (
        active_assignments(year)
        .values(code=F("category__code"))
        .annotate(volunteers=Count("volunteer", distinct=True))
        .order_by("code")
    )
    return {row["code"]: row["volunteers"] for row in rows}


def volunteers_by_host_group(year: int) -> dict[str, dict[str, int]]:
    """Volunteers by the host entity's reporting group, with the number of duty countries the group's
    volunteers served in."""
    rows = (
        active_assignments(year)
        .values(code=F("host_entity__reporting_group__code"))
        .annotate(
            volunteers=Count("volunteer", distinct=True), countries=Count("duty_country", distinct=True)
        )
        .order_by("code")
    )
    return {row["code"]: {"volunteers": row["volunteers"], "countries": row["countries"]} for row in rows}


def volunteers_by_host_entity(year: int) -> dict[str, dict[str, int]]:
    """Volunteers by host entity (its acronym), with the number of duty countries served."""
    rows = (
        active_assignments(year)
        .values(code=F("host_entity__acronym"))
        .annotate(
            volunteers=Count("volunteer", distinct=True), countries=Count("duty_country", distinct=True)
        )
        .order_by("code")
    )
    return {row["code"]: {"volunteers": row["volunteers"], "countries": row["countries"]} for row in rows}


def volunteers_by_host_type(year: int) -> dict[str, dict[str, int]]:
    """Volunteers by the type of host entity, and among them national and international ones."""
    rows = (
        active_assignments(year)
        .values(code=F("host_entity__type"))
        .annotate(
            volunteers=Count("volunteer", distinct=True),
            national=Count("volunteer", distinct=True, filter=Q(modality=Modality.NATIONAL)),
            international=Count("volunteer", distinct=True, filter=Q(modality=Modality.INTERNATIONAL)),
        )
        .order_by("code")
    )
    return {
        row["code"]: {
            "volunteers": row["volunteers"],
            "national": row["national"],
            "international": row["international"],
        }
        for row in rows
    }


def lead_time_events() -> tuple[str, str]:
    """The configured (start, end) events of the deployment lead time; ImproperlyConfigured if unknown."""
    start = getattr(settings, "MOBILIZE_LEAD_TIME_START", "doa_approved")
    end = getattr(settings, "MOBILIZE_LEAD_TIME_END", "entry_on_duty")
    if start not in LEAD_TIME_STARTS:
        raise ImproperlyConfigured(
            f"MOBILIZE_LEAD_TIME_START must be one of {sorted(LEAD_TIME_STARTS)}, not {start!r}."
        )
    if end not in LEAD_TIME_ENDS:
        raise ImproperlyConfigured(
            f"MOBILIZE_LEAD_TIME_END must be one of {sorted(LEAD_TIME_ENDS)}, not {end!r}."
        )
    return start, end


def lead_time_days(year: int) -> dict[str, dict[str, Any]]:
    """Mean calendar days from the start event (DoA approved for sourcing) to the end event (entry on
    duty) over the assignments whose end event falls in ``year``, national and international apart.
    Assignments without a start (no position, DoA or approval) are left out of the mean and counted
    as ``without_approval``."""
    start, end = lead_time_events()
    start_field, end_field = LEAD_TIME_STARTS[start], LEAD_TIME_ENDS[end]
    has_start = Q(**{f"{start_field}__isnull": False})
    days = DayNumber(end_field) - DayNumber(start_field)
    aggregates: dict[str, Any] = {}
    for modality in Modality:
        of_modality = Q(modality=modality)
        aggregates[f"{modality.value}_days"] = Sum(days, filter=of_modality & has_start)
        aggregates[f"{modality.value}_with"] = Count("pk", filter=of_modality & has_start)
        aggregates[f"{modality.value}_without"] = Count("pk", filter=of_modality & ~has_start)
    row = (
        Assignment.objects.filter(**{f"{end_field}__year": year})
        .exclude(status=Assignment.Status.CANCELLED)
        .order_by()
        .aggregate(**aggregates)
    )
    return {
        modality.value: {
            "mean": _mean(row[f"{modality.value}_days"], row[f"{modality.value}_with"]),
            "assignments": row[f"{modality.value}_with"],
            "without_approval": row[f"{modality.value}_without"],
        }
        for modality in Modality
    }


def onsite_figures(year: int) -> dict[str, Any]:
    """Every onsite figure of ``year`` (the ``onsite`` part of the document), in key order of the
    format. Countries and host entities served are the number of keys of their breakdowns."""
    people = volunteers_per_person(year)
    by_country = volunteers_by_country(year)
    by_host_entity = volunteers_by_host_entity(year)
    return {
        "volunteers": people["volunteers"],
        "assignments": people["assignments"],
        "countries_served": len(by_country),
        "nationalities": people["nationalities"],
        "host_entities_served": len(by_host_entity),
        "national": people["national"],
        "international": people["international"],
        "global_south": people["global_south"],
        "women": people["women"],
        "women_by_region": people["women_by_region"],
        "age": people["age"],
        "youth": people["youth"],
        "with_disabilities": people["with_disabilities"],
        "by_region": people["by_region"],
        "by_country": by_country,
        "by_category": volunteers_by_category(year),
        "by_host_group": volunteers_by_host_group(year),
        "by_host_entity": by_host_entity,
        "by_host_type": volunteers_by_host_type(year),
        "lead_time_days": lead_time_days(year),
    }


def years_with_data() -> list[int]:
    """The years in which at least one onsite assignment was active, oldest first."""
    spans = (
        Assignment.objects.exclude(status=Assignment.Status.CANCELLED)
        .order_by()
        .values(
            first=DateNumber("entry_on_duty") / Value(10000),
            last=DateNumber(Coalesce("actual_end", "planned_end")) / Value(10000),
        )
        .distinct()
    )
    years: set[int] = set()
    for span in spans:  # one row per distinct (first year, last year): a handful, not one per assignment
        years.update(range(span["first"], span["last"] + 1))
    return sorted(years)


def _relative(current: int, previous: int) -> Decimal | None:
    return (Decimal(current) - Decimal(previous)) / Decimal(previous) if previous else None


def _points(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    return None if current is None or previous is None else current - previous


CHANGE_COUNTS = (
    "volunteers",
    "assignments",
    "countries_served",
    "nationalities",
    "host_entities_served",
    "national",
    "international",
    "youth",
    "with_disabilities",
)


def figures_change(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The change from ``previous`` to ``current`` (two ``onsite`` parts), under the same paths as the
    figures: counts as a relative change (0.05 = 5 % more; null where the previous count was 0),
    shares as a difference in points of the fraction (0.012 = 1.2 points; null where either share
    is undefined)."""
    change: dict[str, Any] = {name: _relative(current[name], previous[name]) for name in CHANGE_COUNTS}
    for name in ("global_south", "women"):
        change[name] = {
            "count": _relative(current[name]["count"], previous[name]["count"]),
            "share": _points(current[name]["share"], previous[name]["share"]),
        }
    groups = sorted(set(current["by_host_group"]) | set(previous["by_host_group"]))
    change["by_host_group"] = {
        code: {
            "volunteers": _relative(
                current["by_host_group"].get(code, {}).get("volunteers", 0),
                previous["by_host_group"].get(code, {}).get("volunteers", 0),
            )
        }
        for code in groups
    }
    return change


def _rounded(value: Any, key: str = "") -> Any:
    """``value`` with every mean rounded half-up to 2 places and every other fraction (shares and
    changes) to 4."""
    if isinstance(value, dict):
        return {name: _rounded(item, name) for name, item in value.items()}
    if isinstance(value, Decimal):
        return value.quantize(MEAN_PLACES if key == "mean" else SHARE_PLACES, rounding=ROUND_HALF_UP)
    return value


def previous_year_comparable(year: int) -> bool:
    """Whether ``year`` is compared with the year before: it had active assignments and is not
    marked incomplete (``reference.ReportingYear``)."""
    if ReportingYear.objects.filter(year=year - 1, complete=False).exists():
        return False
    return active_assignments(year - 1).exists()


def statistics_for_year(*, year: int, exact: bool = False) -> dict[str, Any]:
    """The document of format "mobilize-statistics/1" for ``year``: the onsite figures, the same
    figures for the previous year (null when no assignment was active then) and the change on it.

    Shares and means are rounded half-up to 4 and 2 places as printed; ``exact=True`` keeps them
    exact (to compare with a profile that gives more places, or to avoid rounding twice)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": [_("Give a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}]}
        )
    current = onsite_figures(year)
    previous = onsite_figures(year - 1) if previous_year_comparable(year) else None
    document = {
        "format": FORMAT,
        "year": year,
        "onsite": current,
        "previous_year": previous,
        "change": figures_change(current, previous) if previous is not None else None,
    }
    return document if exact else _rounded(document)


@dataclass(frozen=True)
class FigureLabels:
    """Names to show for the codes a document uses (reporting groups, categories, countries)."""

    host_groups: dict[str, str]
    categories: dict[str, str]
    countries: dict[str, str]


def figure_labels() -> FigureLabels:
    """The display names of every reporting group, volunteer category and country, by code."""
    return FigureLabels(
        host_groups={group.code: group.name_en for group in ReportingGroup.objects.order_by("code")},
        categories={category.code: str(category) for category in VolunteerCategory.objects.order_by("code")},
        countries={country.iso2: country.name for country in Country.objects.order_by("iso2")},
    )
