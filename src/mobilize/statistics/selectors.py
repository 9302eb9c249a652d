"""The figures of a programme year, each computed by aggregation in the database.

Every figure aggregates, in the database, the fact rows of the year (``models.VolunteerYear``, one
per volunteer active that year, and ``models.VolunteerPlace``, one per place they served at) over
a covering index, never looping over people in Python; ``facts`` defines the rows over the
assignments, and each public function here first brings the rows of any volunteer listed as stale
up to date (``facts.facts_catch_up``).
``statistics_for_year`` composes the figures into the document of format "mobilize-statistics/1"
(docs/statistics.md says what each figure means and which function computes it). Counts are
``int``; shares and means are ``Decimal``: exact (28 significant digits) with ``exact=True``, else
rounded half-up to 4 places (shares) and 2 places (means) as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from mobilize.assignments.models import Assignment
from mobilize.geo.models import Country, Region
from mobilize.lifecycle.models import ClosedAssignment, MissionClosure, Redeployment, Separation
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.reference.models import Modality, ReportingYear, VolunteerCategory
from mobilize.statistics.facts import (
    LEAD_TIME_ENDS,
    LEAD_TIME_STARTS,
    active_assignments,
    facts_catch_up,
)
from mobilize.statistics.models import KIND_FLAGS, REGION_FIELDS, VolunteerPlace, VolunteerYear

__all__ = ["LEAD_TIME_ENDS", "LEAD_TIME_STARTS", "active_assignments"]

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

SHARE_PLACES = Decimal("0.0001")
MEAN_PLACES = Decimal("0.01")


def _int(value: Any) -> int:
    """An aggregate as an int (``SUM`` over no row is NULL: 0)."""
    return int(value or 0)


def _share(count: int, total: int) -> Decimal | None:
    return Decimal(count) / Decimal(total) if total else None


def _mean(total: int | None, count: int) -> Decimal | None:
    return Decimal(total or 0) / Decimal(count) if count else None


def _people(year: int) -> QuerySet[VolunteerYear]:
    """The volunteer-year rows of ``year``: one per volunteer active then, with what is counted per
    person (``facts.people`` defines each column)."""
    return VolunteerYear.objects.filter(year=year).order_by()


def _places(year: int) -> QuerySet[VolunteerPlace]:
    """The places of service of the volunteers active in ``year`` (``facts.places``)."""
    return VolunteerPlace.objects.filter(year=year).order_by()


@dataclass(frozen=True)
class _Kinds:
    """The volunteers of a year grouped by their flags (``VolunteerYear.kinds``): how many have
    every flag of a set. The groups are a few hundred whatever the size of the programme (one per
    combination of flags that occurs), so counting over them is not a loop over people."""

    groups: list[tuple[int, int]]

    def count(self, *flags: str) -> int:
        mask = sum(1 << KIND_FLAGS.index(flag) for flag in flags)
        return sum(people for kinds, people in self.groups if kinds & mask == mask)


def _per_person(year: int) -> dict[str, Any]:
    """The figures counted once per volunteer, from four reads of the year's rows, each over a
    covering index: the groups by flags (with the assignments), the ages, the distinct
    nationalities."""
    by_kinds = list(
        _people(year).values_list("kinds").annotate(people=Count("pk"), total=Sum("assignments")).order_by()
    )
    kinds = _Kinds(groups=[(row[0], row[1]) for row in by_kinds])
    by_age = list(_people(year).values_list("age").annotate(people=Count("pk")).order_by())
    nationalities = _people(year).aggregate(n=Count("nationality", distinct=True))["n"]
    total = sum(people for _kinds, people in kinds.groups)
    gs_count, women = kinds.count("gs"), kinds.count("female")
    ages = [age for age, _people in by_age]
    by_region = {region: kinds.count(REGION_FIELDS[region]) for region in Region.values}
    return {
        "volunteers": total,
        "assignments": sum(_int(row[2]) for row in by_kinds),
        "nationalities": _int(nationalities),
        "national": kinds.count("national"),
        "international": kinds.count("international"),
        "global_south": {
            "count": gs_count,
            "share": _share(gs_count, total),
            "national": kinds.count("gs", "national"),
            "international_in_global_south": kinds.count("gs", "intl_in_gs"),
        },
        "women": {"count": women, "share": _share(women, total)},
        "age": {
            "mean": _mean(sum(age * people for age, people in by_age), total),
            "min": min(ages, default=None),
            "max": max(ages, default=None),
            "aged_60_plus": sum(people for age, people in by_age if age >= 60),
            "distribution": {
                label: sum(people for age, people in by_age if low <= age and (high is None or age <= high))
                for label, low, high in AGE_BANDS
            },
        },
        "youth": kinds.count("youth"),
        "with_disabilities": kinds.count("disabled"),
        "by_region": by_region,
        "women_by_region": {
            region: {
                "count": kinds.count(REGION_FIELDS[region], "female"),
                "volunteers": volunteers,
                "share": _share(kinds.count(REGION_FIELDS[region], "female"), volunteers),
            }
            for region, volunteers in by_region.items()
            if volunteers
        },
    }


_MOBILIZED = (
    "volunteers",
    "assignments",
    "nationalities",
    "national",
    "international",
    "global_south",
    "women",
    "age",
    "youth",
    "with_disabilities",
)


def volunteers_mobilized(year: int) -> dict[str, Any]:
    """Everything counted once per volunteer: the volunteers and their assignments; those with a
    national, an international, a youth assignment; and the breakdowns by a person's attributes
    (nationalities, Global South with national volunteers and international ones serving in
    another Global South country, women, age, disclosed disability)."""
    facts_catch_up()
    figures = _per_person(year)
    return {name: figures[name] for name in _MOBILIZED}


def volunteers_by_region(year: int) -> dict[str, Any]:
    """Volunteers by the region of the duty country (every region, zero included) and, in each region
    where someone served, the women among them: a volunteer counts once under each region."""
    facts_catch_up()
    figures = _per_person(year)
    return {"by_region": figures["by_region"], "women_by_region": figures["women_by_region"]}


def volunteers_per_person(year: int) -> dict[str, Any]:
    """``volunteers_mobilized`` and ``volunteers_by_region`` in one pass (both count per volunteer)."""
    facts_catch_up()
    return _per_person(year)


def _labelled(rows: list[dict[str, Any]], labels: dict[int, str]) -> list[tuple[str, dict[str, Any]]]:
    """Breakdown rows grouped by a reference id, as (code, row) in the order of the codes. The
    database groups by the id over a covering index; the codes of the few groups are read apart
    (joining the reference per row first would cost the index order and a lookup per row)."""
    return sorted(((labels[row["key"]], row) for row in rows), key=lambda pair: pair[0])


def _by_country(year: int) -> dict[str, int]:
    rows = list(
        _places(year).values(key=F("duty_country")).annotate(volunteers=Sum("first_in_country")).order_by()
    )
    labels = dict(Country.objects.filter(pk__in=[row["key"] for row in rows]).values_list("pk", "iso2"))
    return {code: row["volunteers"] for code, row in _labelled(rows, labels)}


def volunteers_by_country(year: int) -> dict[str, int]:
    """Volunteers by duty country (ISO alpha-2), once per country they served in."""
    facts_catch_up()
    return _by_country(year)


def _by_category(year: int) -> dict[str, int]:
    rows = list(
        _places(year).values(key=F("category")).annotate(volunteers=Sum("first_in_category")).order_by()
    )
    labels = dict(
        VolunteerCategory.objects.filter(pk__in=[row["key"] for row in rows]).values_list("pk", "code")
    )
    return {code: row["volunteers"] for code, row in _labelled(rows, labels)}


def volunteers_by_category(year: int) -> dict[str, int]:
    """Volunteers by volunteer category (its code), once per category they served under."""
    facts_catch_up()
    return _by_category(year)


def _by_host_group(year: int) -> dict[str, dict[str, int]]:
    rows = list(
        _places(year)
        .values(key=F("host_group"))
        .annotate(volunteers=Sum("first_in_group"), countries=Count("duty_country", distinct=True))
        .order_by()
    )
    labels = dict(
        ReportingGroup.objects.filter(pk__in=[row["key"] for row in rows]).values_list("pk", "code")
    )
    return {
        code: {"volunteers": row["volunteers"], "countries": row["countries"]}
        for code, row in _labelled(rows, labels)
    }


def volunteers_by_host_group(year: int) -> dict[str, dict[str, int]]:
    """Volunteers by the host entity's reporting group, with the number of duty countries the group's
    volunteers served in."""
    facts_catch_up()
    return _by_host_group(year)


def _by_host_entity(year: int) -> dict[str, dict[str, int]]:
    rows = list(
        _places(year)
        .values(key=F("host_entity"))
        .annotate(volunteers=Sum("first_in_entity"), countries=Count("duty_country", distinct=True))
        .order_by()
    )
    labels = dict(HostEntity.objects.filter(pk__in=[row["key"] for row in rows]).values_list("pk", "acronym"))
    return {
        code: {"volunteers": row["volunteers"], "countries": row["countries"]}
        for code, row in _labelled(rows, labels)
    }


def volunteers_by_host_entity(year: int) -> dict[str, dict[str, int]]:
    """Volunteers by host entity (its acronym), with the number of duty countries served."""
    facts_catch_up()
    return _by_host_entity(year)


def _by_host_type(year: int) -> dict[str, dict[str, int]]:
    rows = (
        _places(year)
        .values(code=F("host_type"))
        .annotate(
            volunteers=Sum("first_in_type"),
            with_national=Sum("first_in_type_modality", filter=Q(national=1)),
            with_international=Sum("first_in_type_modality", filter=Q(national=0)),
        )
        .order_by("code")
    )
    return {
        row["code"]: {
            "volunteers": _int(row["volunteers"]),
            "national": _int(row["with_national"]),
            "international": _int(row["with_international"]),
        }
        for row in rows
    }


def volunteers_by_host_type(year: int) -> dict[str, dict[str, int]]:
    """Volunteers by the type of host entity, and among them national and international ones."""
    facts_catch_up()
    return _by_host_type(year)


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


def _lead_time(year: int) -> dict[str, dict[str, Any]]:
    lead_time_events()
    aggregates: dict[str, Any] = {}
    for modality in Modality.values:
        for part in ("days", "with", "without"):
            aggregates[f"{modality}_{part}"] = Sum(f"lead_{modality}_{part}")
    row = _people(year).aggregate(**aggregates)
    return {
        modality: {
            "mean": _mean(row[f"{modality}_days"], _int(row[f"{modality}_with"])),
            "assignments": _int(row[f"{modality}_with"]),
            "without_approval": _int(row[f"{modality}_without"]),
        }
        for modality in Modality.values
    }


def lead_time_days(year: int) -> dict[str, dict[str, Any]]:
    """Mean calendar days from the start event (DoA approved for sourcing) to the end event (entry on
    duty) over the assignments whose end event falls in ``year``, national and international apart.
    Assignments without a start (no position, DoA or approval) are left out of the mean and counted
    as ``without_approval``. (An assignment is active in the year it enters on duty, so its
    volunteer-year row of that year carries its lead time.)"""
    facts_catch_up()
    return _lead_time(year)


def _count_per_closure(queryset: QuerySet[Any]) -> Subquery:
    """The number of rows of ``queryset`` (filtered on the outer closure), as a subquery."""
    return Subquery(queryset.order_by().values("closure").annotate(n=Count("pk")).values("n"))


def mission_closures(year: int) -> dict[str, dict[str, int]]:
    """The host entities closed in ``year`` (by acronym): the assignments each closure ended (not
    those it cancelled before they started) and the volunteers recorded as redeployed. One query;
    each count is its own subquery, since joining both relations would multiply their rows."""
    ended = ClosedAssignment.objects.filter(closure=OuterRef("pk")).exclude(
        new_status=Assignment.Status.CANCELLED
    )
    redeployed = Redeployment.objects.filter(closure=OuterRef("pk"), status=Redeployment.Status.REDEPLOYED)
    rows = (
        MissionClosure.objects.filter(closure_date__year=year)
        .annotate(
            ended=Coalesce(_count_per_closure(ended), 0),
            redeployed_count=Coalesce(_count_per_closure(redeployed), 0),
        )
        .values_list("host_entity__acronym", "ended", "redeployed_count")
        .order_by("host_entity__acronym", "pk")
    )
    closures: dict[str, dict[str, int]] = {}
    for acronym, ended_count, redeployed_count in rows:  # one row per closure: a handful a year
        figures = closures.setdefault(acronym, {"assignments_ended": 0, "redeployed": 0})
        figures["assignments_ended"] += ended_count
        figures["redeployed"] += redeployed_count
    return closures


SEPARATION_KEYS = {Separation.Kind.RESIGNATION: "resignations", Separation.Kind.TERMINATION: "terminations"}


def separations(year: int) -> dict[str, int]:
    """The assignments that ended early in ``year``: ``resignations`` (accepted by the host) and
    ``terminations`` (early terminations), each counted once, by the year of its last day. One
    query over the separation records."""
    rows = (
        Separation.objects.filter(status=Separation.Status.ACCEPTED, last_day__year=year)
        .values("kind")
        .annotate(assignments=Count("assignment", distinct=True))
        .order_by("kind")
    )
    counts = dict.fromkeys(SEPARATION_KEYS.values(), 0)
    for row in rows:
        counts[SEPARATION_KEYS[row["kind"]]] = row["assignments"]
    return counts


def onsite_figures(year: int) -> dict[str, Any]:
    """Every onsite figure of ``year`` (the ``onsite`` part of the document), in key order of the
    format. Countries and host entities served are the number of keys of their breakdowns."""
    facts_catch_up()
    return _onsite(year)


def _onsite(year: int) -> dict[str, Any]:
    people = _per_person(year)
    by_country = _by_country(year)
    by_host_entity = _by_host_entity(year)
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
        "by_category": _by_category(year),
        "by_host_group": _by_host_group(year),
        "by_host_entity": by_host_entity,
        "by_host_type": _by_host_type(year),
        "lead_time_days": _lead_time(year),
        "mission_closures": mission_closures(year),
        "separations": separations(year),
    }


def years_with_data() -> list[int]:
    """The years in which at least one onsite assignment was active, oldest first."""
    facts_catch_up()
    return list(VolunteerYear.objects.order_by("year").values_list("year", flat=True).distinct())


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
    facts_catch_up()
    return _previous_comparable(year)


def _previous_comparable(year: int) -> bool:
    if ReportingYear.objects.filter(year=year - 1, complete=False).exists():
        return False
    return _people(year - 1).exists()


def statistics_for_year(*, year: int, exact: bool = False) -> dict[str, Any]:
    """The document of format "mobilize-statistics/1" for ``year``: the onsite figures, the same
    figures for the previous year (null when no assignment was active then) and the change on it.

    Shares and means are rounded half-up to 4 and 2 places as printed; ``exact=True`` keeps them
    exact (to compare with a profile that gives more places, or to avoid rounding twice)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": [_("Give a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}]}
        )
    facts_catch_up()
    current = _onsite(year)
    previous = _onsite(year - 1) if _previous_comparable(year) else None
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
