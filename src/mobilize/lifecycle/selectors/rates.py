"""The two figures the lifecycle takes from the conditions of service, each in one small function:

* ``leave_owing``: annual leave earned from the entry on duty to a last day, less the days taken.
  The days earned are ``mobilize.entitlements``' own arithmetic (each month: the days-per-month
  rate x days served / days in the month) on its ``LeaveAccrualRate`` table, which headquarters
  edits. When that table has no row in force for the modality on some day of the period, the
  figures are left out (None), as entitlements leaves out a figure whose rate is missing: never
  guessed.
* ``closure_costs``: what ending assignments early no longer pays: the months of allowance (from
  the day after the closure through the planned end) and, from ``mobilize.entitlements``' life cost
  of the assignment, the amount in USD (the cost to the planned end less the cost to the closure
  date; None where a rate table has a gap).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from mobilize.assignments.models import Assignment, Dependant
from mobilize.entitlements.calculation import management_fee, monthly_statement
from mobilize.entitlements.calculation import months_between as calendar_months
from mobilize.entitlements.selectors import (
    RateBook,
    RatePeriod,
    ServiceTerms,
    assignment_terms,
    life_cost,
    rate_book_load,
)

CENT = Decimal("0.01")


def completed_months(*, first_day: dt.date, last_day: dt.date) -> int:
    """Whole months from ``first_day`` through ``last_day`` (both served): 1 March to 31 August is
    6, 15 March to 13 September is 5 (the sixth month would end on 14 September)."""
    after = last_day + dt.timedelta(days=1)
    months = (after.year - first_day.year) * 12 + after.month - first_day.month
    if after.day < first_day.day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class Leave:
    """Rate, accrued and owing are None when the leave-accrual table has no row in force on some day
    from the entry on duty through the last day."""

    rate: Decimal | None
    """Days per month in force on the last day."""
    accrued: Decimal | None
    taken: Decimal
    owing: Decimal | None


def _covered(series: tuple[RatePeriod, ...], first: dt.date, last: dt.date) -> bool:
    """Whether ``series`` has a row in force on every day from ``first`` to ``last``."""
    day = first
    for row in sorted(series, key=lambda r: r.first):
        if row.first > day:
            return False
        if row.last is None or row.last >= last:
            return True
        day = max(day, row.last + dt.timedelta(days=1))
    return False


def _terms(assignment: Assignment, dependants: Iterable[Dependant] = ()) -> ServiceTerms:
    terms = assignment_terms(assignment=assignment, dependants=dependants)
    assert terms is not None  # only for assignments that were not cancelled
    return terms


def leave_owing(
    *, assignment: Assignment, last_day: dt.date, taken: Decimal, book: RateBook | None = None
) -> Leave:
    """Leave earned from the entry on duty through ``last_day``, less ``taken`` (never below zero);
    the figures are None when a day of the period has no leave-accrual rate in force. ``book``: the
    rate tables already loaded (for many assignments at once), else they are read."""
    terms = dataclasses.replace(_terms(assignment), end=last_day)
    if book is None:
        book = rate_book_load(countries={assignment.duty_country_id}, stations={assignment.duty_station_id})
    series = book.leave.get(assignment.modality, ())
    if not _covered(series, assignment.entry_on_duty, last_day):
        return Leave(rate=None, accrued=None, taken=taken.quantize(CENT), owing=None)
    leave_book = RateBook(leave={assignment.modality: series})
    accrued = life_cost(book=leave_book, terms=terms).leave_days.quantize(CENT, ROUND_HALF_UP)
    rate = next(row.value for row in series if row.covers(last_day))
    owing = max(accrued - taken, Decimal("0.00")).quantize(CENT, ROUND_HALF_UP)
    return Leave(rate=rate, accrued=accrued, taken=taken.quantize(CENT), owing=owing)


def months_between(*, after: dt.date, through: dt.date) -> Decimal:
    """Months from the day after ``after`` through ``through``: whole months, plus the days left
    over 30, to the cent. Zero when ``through`` is not after ``after``."""
    if through <= after:
        return Decimal("0.00")
    first = after + dt.timedelta(days=1)
    whole = completed_months(first_day=first, last_day=through)
    start = _add_months(first, whole)
    days = (through - start).days + 1 if start <= through else 0
    return (Decimal(whole) + Decimal(days) / Decimal(30)).quantize(CENT, ROUND_HALF_UP)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    return _add_months(day, -months)


@dataclass(frozen=True)
class CostImpact:
    months: Decimal
    """Months of allowance no longer paid (from the day after the closure through the planned end)."""
    amount: Decimal | None
    """The same in USD (living allowance, family allowance, well-being differential, exit allowance
    and management fee); None when a rate table has a gap over the assignment."""


def _month_cost(book: RateBook, terms: ServiceTerms, year: int, month: int) -> tuple[Decimal, bool]:
    """One month's direct cost and management fee; and whether a money rate is missing."""
    statement = monthly_statement(book=book, terms=terms, year=year, month=month)
    assert statement is not None  # every month from the first to the last is served
    fee = management_fee(
        book=book, funding_type=terms.funding_type, direct=statement.total, period=statement.period
    )
    gaps = [*(m for line in statement.lines for m in line.missing), *fee.missing]
    return statement.total + fee.amount, bool(gaps)


def closure_cost_impact(
    *, assignment: Assignment, closure_date: dt.date, book: RateBook, dependants: Iterable[Dependant] = ()
) -> CostImpact:
    """What ending ``assignment`` on ``closure_date`` instead of its planned end no longer pays (a
    planned one, cancelled, pays nothing of its planned period).

    The months before the closure's month cost the same either way, so only the months from the
    closure's to the planned end's are worked out: each as planned, less the closure's month as it
    ends (its days to the closure, and the exit allowance then paid on the months served)."""
    # Cancelled (or, refused by the closure, starting after it): none of its period is paid.
    planned = assignment.status == Assignment.Status.PLANNED or closure_date < assignment.entry_on_duty
    after = assignment.entry_on_duty - dt.timedelta(days=1) if planned else closure_date
    months = months_between(after=after, through=assignment.planned_end)
    terms = dataclasses.replace(_terms(assignment, dependants), end=assignment.planned_end)
    if not planned and closure_date >= assignment.planned_end:
        return CostImpact(months=months, amount=Decimal("0.00"))
    first = assignment.entry_on_duty if planned else closure_date
    amount, missing = Decimal("0.00"), False
    for year, month in calendar_months(first, assignment.planned_end):
        cost, gap = _month_cost(book, terms, year, month)
        amount, missing = amount + cost, missing or gap
    if not planned:
        cost, gap = _month_cost(
            book, dataclasses.replace(terms, end=closure_date), closure_date.year, closure_date.month
        )
        amount, missing = amount - cost, missing or gap
    return CostImpact(months=months, amount=None if missing else amount)


def closure_costs(*, assignments: list[Assignment], closure_date: dt.date) -> dict[int, CostImpact]:
    """``closure_cost_impact`` of each of ``assignments`` (by id), on one rate book."""
    if not assignments:
        return {}
    book = rate_book_load(
        countries={a.duty_country_id for a in assignments}, stations={a.duty_station_id for a in assignments}
    )
    spans: dict[int, list[Dependant]] = defaultdict(list)
    for dependant in Dependant.objects.filter(assignment__in=assignments).order_by("pk"):
        spans[dependant.assignment_id].append(dependant)
    return {
        a.pk: closure_cost_impact(assignment=a, closure_date=closure_date, book=book, dependants=spans[a.pk])
        for a in assignments
    }
