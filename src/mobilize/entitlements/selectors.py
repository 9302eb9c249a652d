"""Reads: the rate tables, the rate book the arithmetic runs on, and the statements and costs of an
assignment or a DoA. The arithmetic itself is in ``calculation`` (pure); these load what it needs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from mobilize.assignments.models import Assignment, Dependant
from mobilize.core.audit import audit_personal_read
from mobilize.entitlements.calculation import (
    ZERO,
    DependantSpan,
    FundingTotal,
    LifeCost,
    Missing,
    MonthlyStatement,
    MonthTotal,
    RateBook,
    RatePeriod,
    Series,
    ServiceTerms,
    life_cost,
    monthly_statement,
    monthly_totals,
    totals_by_funding,
)
from mobilize.entitlements.models import (
    RATE_MODELS,
    EffectiveRate,
    EntryLumpSum,
    ExitAllowanceRate,
    FamilyAllowanceRate,
    LeaveAccrualRate,
    LivingAllowanceBaseRate,
    ManagementFeeRate,
    NationalRate,
    PostAdjustment,
    WellbeingDifferential,
    rate_field,
)
from mobilize.entitlements.permissions import can_read_dependants
from mobilize.geo.models import DutyStation
from mobilize.requests.models import Doa, Position

# --- rate tables ------------------------------------------------------------------------------

RELATED: dict[str, tuple[str, ...]] = {
    "post-adjustment": ("duty_station__country",),
    "national-rate": ("country",),
}


def rate_table(slug: str) -> type[EffectiveRate]:
    """The rate table named ``slug``; 404 for an unknown name."""
    try:
        return RATE_MODELS[slug]
    except KeyError:
        raise Http404 from None


def in_force_q(day: dt.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def rate_list(
    *, table: type[EffectiveRate], on: dt.date | None = None, keys: dict[str, Any] | None = None
) -> QuerySet[Any]:
    """The rows of ``table`` (those in force ``on`` a day, if given; narrowed by key values), by key
    then latest first."""
    qs = table._default_manager.select_related(*RELATED.get(table.slug, ()))
    if on is not None:
        qs = qs.filter(in_force_q(on))
    for name, value in (keys or {}).items():
        if value not in (None, ""):
            qs = qs.filter(**{rate_field(table, name).attname: getattr(value, "pk", value)})
    return qs.order_by(*(table._meta.ordering or []), "pk")


def rate_get(*, table: type[EffectiveRate], row_id: int) -> Any:
    try:
        return table._default_manager.select_related(*RELATED.get(table.slug, ())).get(pk=row_id)
    except table.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class TableSummary:
    table: type[EffectiveRate]
    rows: int
    in_force: int

    @property
    def slug(self) -> str:
        return self.table.slug

    @property
    def name(self) -> str:
        return str(self.table._meta.verbose_name_plural)


def rate_tables_summary(*, on: dt.date) -> list[TableSummary]:
    """Each table with how many rows it has and how many are in force ``on`` (one query a table)."""
    summaries = []
    for table in RATE_MODELS.values():
        in_force = Count("pk", filter=in_force_q(on))
        counts = table._default_manager.aggregate(rows=Count("pk"), in_force=in_force)
        summaries.append(TableSummary(table=table, rows=counts["rows"], in_force=counts["in_force"]))
    return summaries


# --- the rate book ----------------------------------------------------------------------------


def _period(row: EffectiveRate, *values: Decimal) -> RatePeriod:
    return RatePeriod(first=row.effective_from, last=row.effective_to, values=tuple(values))


def _grouped(rows: Iterable[Any], key: Any, *fields: str) -> dict[Any, Series]:
    groups: dict[Any, list[RatePeriod]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(_period(row, *(getattr(row, f) for f in fields)))
    return {k: tuple(sorted(v, key=lambda p: p.first)) for k, v in groups.items()}


def rate_book_load(
    *, countries: Collection[int] | None = None, stations: Collection[int] | None = None
) -> RateBook:
    """Every rate table in memory (ten queries). ``countries`` and ``stations``, when given, limit
    the national rates and post adjustments loaded to those needed (with the countries' capitals)."""
    capitals_qs = DutyStation.objects.filter(is_capital=True).order_by("pk")
    pam_qs = PostAdjustment.objects.order_by("effective_from")
    national_qs = NationalRate.objects.order_by("effective_from")
    if countries is not None:
        capitals_qs = capitals_qs.filter(country_id__in=countries)
        national_qs = national_qs.filter(country_id__in=countries)
    capital_of: dict[int, int] = {}
    for country_id, station_id in capitals_qs.values_list("country_id", "pk"):
        capital_of.setdefault(country_id, station_id)
    if stations is not None:
        pam_qs = pam_qs.filter(duty_station_id__in={*stations, *capital_of.values()})
    return RateBook(
        base=_grouped(LivingAllowanceBaseRate.objects.order_by(), lambda r: 0, "monthly_amount").get(0, ()),
        post_adjustment=_grouped(pam_qs, lambda r: r.duty_station_id, "multiplier"),
        capital_of=capital_of,
        national=_grouped(national_qs, lambda r: r.country_id, "monthly_amount"),
        family=_grouped(
            FamilyAllowanceRate.objects.order_by(), lambda r: r.modality, "one_dependant", "two_or_more"
        ),
        entry_lump_sum=_grouped(
            EntryLumpSum.objects.order_by(), lambda r: (r.modality, r.min_duration_days), "amount"
        ),
        wellbeing=_grouped(
            WellbeingDifferential.objects.order_by(),
            lambda r: (r.modality, r.hardship_class),
            "monthly_amount",
        ),
        exit=_grouped(ExitAllowanceRate.objects.order_by(), lambda r: r.modality, "amount_per_month"),
        leave=_grouped(LeaveAccrualRate.objects.order_by(), lambda r: r.modality, "days_per_month"),
        fee=_grouped(ManagementFeeRate.objects.order_by(), lambda r: r.funding_type, "rate"),
    )


def _book_for(assignments: Iterable[Assignment]) -> RateBook:
    items = list(assignments)
    return rate_book_load(
        countries={a.duty_country_id for a in items}, stations={a.duty_station_id for a in items}
    )


# --- assignments ------------------------------------------------------------------------------


def assignment_terms(*, assignment: Assignment, dependants: Iterable[Dependant] = ()) -> ServiceTerms | None:
    """What an assignment's figures depend on; ``None`` for one cancelled before entry on duty (it
    never served). Uses the duty station's hardship class and the funding type as they are now."""
    if assignment.status == Assignment.Status.CANCELLED:
        return None
    return ServiceTerms(
        modality=assignment.modality,
        duty_station_id=assignment.duty_station_id,
        duty_country_id=assignment.duty_country_id,
        hardship_class=assignment.duty_station.hardship_class,
        funding_type=assignment.funding_type,
        start=assignment.entry_on_duty,
        end=assignment.end,
        planned_days=(assignment.planned_end - assignment.entry_on_duty).days + 1,
        dependants=tuple(DependantSpan(d.recognized_from, d.recognized_until) for d in dependants),
    )


def _terms(assignment: Assignment) -> ServiceTerms | None:
    return assignment_terms(assignment=assignment, dependants=assignment.dependants.order_by("pk"))


def assignment_life_cost(*, assignment: Assignment, book: RateBook | None = None) -> LifeCost:
    """The cost of ``assignment`` from its entry on duty to its end (actual, else planned): each
    month's statement and management fee. The caller has checked the viewer may see it."""
    terms = _terms(assignment)
    if terms is None:
        return LifeCost(funding_type=assignment.funding_type, months=())
    return life_cost(book=book or _book_for([assignment]), terms=terms)


def assignment_statement(*, assignment: Assignment, year: int, month: int) -> MonthlyStatement:
    """The statement of one month; 404 for a month not served (or a cancelled assignment)."""
    terms = _terms(assignment)
    statement = None
    if terms is not None and 1 <= month <= 12 and dt.MINYEAR <= year <= dt.MAXYEAR:
        statement = monthly_statement(book=_book_for([assignment]), terms=terms, year=year, month=month)
    if statement is None:
        raise Http404
    return statement


@dataclass(frozen=True)
class AssignmentCostRow:
    assignment: Assignment
    cost: LifeCost


def assignment_cost_rows(*, assignments: Iterable[Assignment]) -> list[AssignmentCostRow]:
    """The life cost of each of ``assignments`` (one page of a list), on one rate book."""
    items = list(assignments)
    if not items:
        return []
    spans: dict[int, list[Dependant]] = defaultdict(list)
    for dependant in Dependant.objects.filter(assignment__in=items).order_by("pk"):
        spans[dependant.assignment_id].append(dependant)
    book = _book_for(items)
    rows = []
    for assignment in items:
        terms = assignment_terms(assignment=assignment, dependants=spans[assignment.pk])
        cost = (
            LifeCost(funding_type=assignment.funding_type, months=())
            if terms is None
            else life_cost(book=book, terms=terms)
        )
        rows.append(AssignmentCostRow(assignment=assignment, cost=cost))
    return rows


# --- DoA pro-forma ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionCost:
    position: Position
    cost: LifeCost


@dataclass(frozen=True)
class ProForma:
    """The estimated cost of a DoA: each (not cancelled) position at its duty station over the DoA's
    dates, without dependants; added up by month and by who funds it."""

    doa: Doa
    positions: tuple[PositionCost, ...]
    months: tuple[MonthTotal, ...]
    by_funding: tuple[FundingTotal, ...]

    @property
    def direct(self) -> Decimal:
        return sum((p.cost.direct for p in self.positions), ZERO)

    @property
    def fee(self) -> Decimal:
        return sum((p.cost.fee for p in self.positions), ZERO)

    @property
    def total(self) -> Decimal:
        return self.direct + self.fee

    @property
    def missing(self) -> tuple[Missing, ...]:
        seen: dict[tuple[str, dt.date, dt.date], Missing] = {}
        for p in self.positions:
            for m in p.cost.missing:
                seen.setdefault((m.table, m.start, m.end), m)
        return tuple(seen.values())


def doa_position_terms(*, doa: Doa, position: Position) -> ServiceTerms:
    """A DoA's position as if served from the DoA's start to its end, with no dependants."""
    return ServiceTerms(
        modality=doa.category.modality,
        duty_station_id=position.duty_station_id,
        duty_country_id=position.duty_station.country_id,
        hardship_class=position.duty_station.hardship_class,
        funding_type=doa.funding_type,
        start=doa.start_date,
        end=doa.end_date,
        planned_days=doa.duration_days,
    )


def doa_pro_forma(*, doa: Doa) -> ProForma:
    """The pro-forma cost of ``doa`` (fetched through ``doa_cost_access``)."""
    positions = list(
        doa.positions.exclude(status=Position.Status.CANCELLED)
        .select_related("duty_station__country")
        .order_by("pk")
    )
    book = rate_book_load(
        countries={p.duty_station.country_id for p in positions},
        stations={p.duty_station_id for p in positions},
    )
    costs = tuple(
        PositionCost(position=p, cost=life_cost(book=book, terms=doa_position_terms(doa=doa, position=p)))
        for p in positions
    )
    lives = [c.cost for c in costs]
    return ProForma(
        doa=doa, positions=costs, months=monthly_totals(lives), by_funding=totals_by_funding(lives)
    )


# --- dependants -------------------------------------------------------------------------------


def dependant_list(*, viewer: Any, assignment: Assignment) -> list[Dependant]:
    """The dependants of ``assignment`` (which ``viewer`` sees and may read the family of); a read
    by anyone but the volunteer is recorded in the audit trail when there is someone to show."""
    if not can_read_dependants(viewer, assignment):
        return []
    dependants = list(assignment.dependants.order_by("family_name", "given_name", "pk"))
    if dependants and assignment.volunteer.user_id != viewer.pk:
        audit_personal_read(actor=viewer, subject=assignment, what="dependants")
    return dependants
