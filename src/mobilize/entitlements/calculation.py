"""The arithmetic of the conditions of service: pure functions over ``Decimal``, one per figure, no
database. The selectors load a ``RateBook`` and the ``ServiceTerms`` of an assignment or of a DoA's
position and call these.

Conventions (``docs/entitlements.md`` works an example of each):

- **Calendar days.** A monthly amount is paid for a month in proportion to the days served in it:
  ``monthly amount x days served / days in that month`` (28 to 31). The entry on duty and the last
  day served both count.
- **Rates split by period, day-weighted.** When a rate (or the number of dependants) changes inside
  a month, each run of days with the same figures (a *piece*) contributes
  ``monthly figure x its days / days in the month``.
- **Rounding.** Half up to the cent, once per line, after adding up its pieces; totals add rounded
  lines. The monthly figure of an international living allowance (``base x (1 + multiplier/100)``)
  is not rounded before it is pro-rated.
- **Missing rates.** A day for which a table has no row in force contributes nothing to its line
  and is reported in ``Line.missing``: a figure is never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ONE_DAY = dt.timedelta(days=1)
NATIONAL = "national"


class LineCode(models.TextChoices):
    LIVING_ALLOWANCE = "living_allowance", _("Living allowance")
    FAMILY_ALLOWANCE = "family_allowance", _("Family allowance")
    WELLBEING_DIFFERENTIAL = "wellbeing_differential", _("Well-being differential")
    ENTRY_LUMP_SUM = "entry_lump_sum", _("Entry lump sum")
    EXIT_ALLOWANCE = "exit_allowance", _("Exit allowance")
    LEAVE_ACCRUAL = "leave_accrual", _("Annual leave accrued")
    MANAGEMENT_FEE = "management_fee", _("Management fee")


def round_cents(value: Decimal) -> Decimal:
    """Half up to the cent (also used for days of leave, to the hundredth)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_period(year: int, month: int) -> Period:
    return Period(dt.date(year, month, 1), dt.date(year, month, days_in_month(year, month)))


def served_in_month(*, start: dt.date, end: dt.date, year: int, month: int) -> Period | None:
    """The days of ``year``-``month`` within ``start``..``end``; ``None`` if there are none."""
    whole = month_period(year, month)
    first, last = max(start, whole.start), min(end, whole.end)
    return Period(first, last) if first <= last else None


def months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """Every (year, month) from ``start``'s to ``end``'s, in order."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _split(period: Period, cuts: Iterable[dt.date]) -> list[Period]:
    """``period`` cut before each day of ``cuts`` that falls inside it."""
    parts = []
    start = period.start
    for cut in sorted({c for c in cuts if period.start < c <= period.end}):
        parts.append(Period(start, cut - ONE_DAY))
        start = cut
    parts.append(Period(start, period.end))
    return parts


# --- the rates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatePeriod:
    """One row of a rate table: its values, in force from ``first`` to ``last`` (``None``: no end)."""

    first: dt.date
    last: dt.date | None
    values: tuple[Decimal, ...]

    @property
    def value(self) -> Decimal:
        return self.values[0]

    def covers(self, day: dt.date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


Series = tuple[RatePeriod, ...]


def in_force(series: Series, day: dt.date) -> RatePeriod | None:
    """The row of ``series`` in force on ``day`` (the tables allow at most one)."""
    return next((row for row in series if row.covers(day)), None)


def _cuts(*series: Series) -> set[dt.date]:
    """The days on which a row of any of ``series`` starts, or the day after one ends."""
    days: set[dt.date] = set()
    for rows in series:
        for row in rows:
            days.add(row.first)
            if row.last is not None:
                days.add(row.last + ONE_DAY)
    return days


@dataclass(frozen=True)
class RateBook:
    """Every rate table, by key; ``capital_of`` maps a country to its capital's duty station, whose
    post adjustment a duty station without one of its own takes."""

    base: Series = ()
    post_adjustment: Mapping[int, Series] = field(default_factory=dict)
    capital_of: Mapping[int, int] = field(default_factory=dict)
    national: Mapping[int, Series] = field(default_factory=dict)
    family: Mapping[str, Series] = field(default_factory=dict)
    entry_lump_sum: Mapping[tuple[str, int], Series] = field(default_factory=dict)
    wellbeing: Mapping[tuple[str, str], Series] = field(default_factory=dict)
    exit: Mapping[str, Series] = field(default_factory=dict)
    leave: Mapping[str, Series] = field(default_factory=dict)
    fee: Mapping[str, Series] = field(default_factory=dict)


# --- what is calculated on --------------------------------------------------------------------


@dataclass(frozen=True)
class DependantSpan:
    """The days a dependant is recognized (``last`` ``None``: still recognized)."""

    first: dt.date
    last: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class ServiceTerms:
    """What the figures depend on, for an assignment or a DoA's position.

    ``end`` is the last day served (the actual end, else the planned end); ``planned_days`` the
    planned duration, both ends counted, which picks the entry lump sum.
    """

    modality: str
    duty_station_id: int
    duty_country_id: int
    hardship_class: str
    funding_type: str
    start: dt.date
    end: dt.date
    planned_days: int
    dependants: tuple[DependantSpan, ...] = ()


# --- lines ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of days with the same figures: it contributes ``rate x days / per_days``.

    For a monthly line ``rate`` is the monthly figure and ``per_days`` the days of the month; for a
    one-time line both ``days`` and ``per_days`` are 1. ``missing`` names the tables without a row
    in force on these days (the piece then contributes nothing).
    """

    start: dt.date
    end: dt.date
    rate: Decimal
    per_days: int
    missing: tuple[str, ...] = ()
    count: int | None = None  # the recognized dependants, for the family allowance

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Missing:
    table: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Line:
    code: str
    amount: Decimal
    pieces: tuple[Piece, ...] = ()
    unit: str = "USD"

    @property
    def missing(self) -> tuple[Missing, ...]:
        return tuple(Missing(table, p.start, p.end) for p in self.pieces for table in p.missing)

    @property
    def label(self) -> str:
        return str(LineCode(self.code).label)


def _total(pieces: Iterable[Piece]) -> Decimal:
    """Sum of ``rate x days / per_days``, dividing once per divisor so the sum is the hand-worked one."""
    numerators: dict[int, Decimal] = defaultdict(Decimal)
    for piece in pieces:
        numerators[piece.per_days] += piece.rate * piece.days
    return sum((num / per for per, num in numerators.items()), ZERO)


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Join neighbouring pieces with the same figures (cuts of a table that did not change them)."""
    merged: list[Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.end + ONE_DAY == piece.start
            and (last.rate, last.per_days, last.missing, last.count)
            == (piece.rate, piece.per_days, piece.missing, piece.count)
        ):
            merged[-1] = Piece(last.start, piece.end, last.rate, last.per_days, last.missing, last.count)
        else:
            merged.append(piece)
    return tuple(merged)


MonthlyFigure = Callable[[dt.date], tuple[Decimal, tuple[str, ...], int | None]]


def _monthly_pieces(period: Period, cuts: Iterable[dt.date], figure: MonthlyFigure) -> list[Piece]:
    """``period`` (inside one month) in pieces, each with the monthly figure in force on it."""
    per = days_in_month(period.start.year, period.start.month)
    pieces = []
    for part in _split(period, cuts):
        rate, missing, count = figure(part.start)
        pieces.append(Piece(part.start, part.end, ZERO if missing else rate, per, missing, count))
    return pieces


def _line(code: str, pieces: Iterable[Piece], unit: str = "USD") -> Line:
    merged = _merge(list(pieces))
    return Line(code=code, amount=round_cents(_total(merged)), pieces=merged, unit=unit)


def _simple(series: Series, table: str) -> MonthlyFigure:
    def figure(day: dt.date) -> tuple[Decimal, tuple[str, ...], int | None]:
        row = in_force(series, day)
        return (ZERO, (table,), None) if row is None else (row.value, (), None)

    return figure


# --- the figures ------------------------------------------------------------------------------


def living_allowance(*, book: RateBook, terms: ServiceTerms, period: Period) -> Line:
    """The monthly living allowance for the days of ``period`` (one month).

    International: ``base rate x (1 + post-adjustment multiplier / 100)``, with the multiplier of
    the duty station, or of its country's capital when the station has none in force. National:
    the national rate of the duty country.
    """
    if terms.modality == NATIONAL:
        series = book.national.get(terms.duty_country_id, ())
        pieces = _monthly_pieces(period, _cuts(series), _simple(series, "national-rate"))
        return _line(LineCode.LIVING_ALLOWANCE, pieces)
    own = book.post_adjustment.get(terms.duty_station_id, ())
    capital_id = book.capital_of.get(terms.duty_country_id)
    capital: Series = ()
    if capital_id is not None and capital_id != terms.duty_station_id:
        capital = book.post_adjustment.get(capital_id, ())

    def figure(day: dt.date) -> tuple[Decimal, tuple[str, ...], int | None]:
        base = in_force(book.base, day)
        multiplier = in_force(own, day) or in_force(capital, day)
        missing = tuple(
            table
            for table, row in (("living-allowance-base", base), ("post-adjustment", multiplier))
            if row is None
        )
        if base is None or multiplier is None:
            return ZERO, missing, None
        return base.value * (1 + multiplier.value / HUNDRED), (), None

    return _line(LineCode.LIVING_ALLOWANCE, _monthly_pieces(period, _cuts(book.base, own, capital), figure))


def dependants_on(terms: ServiceTerms, day: dt.date) -> int:
    """How many dependants are recognized on ``day``."""
    return sum(1 for span in terms.dependants if span.covers(day))


def family_allowance(*, book: RateBook, terms: ServiceTerms, period: Period) -> Line:
    """The family allowance for the days of ``period``: nothing without a recognized dependant, the
    one-dependant amount for one, the two-or-more amount for two or more, day by day."""
    series = book.family.get(terms.modality, ())
    cuts = _cuts(series) | {span.first for span in terms.dependants}
    cuts |= {span.last + ONE_DAY for span in terms.dependants if span.last is not None}

    def figure(day: dt.date) -> tuple[Decimal, tuple[str, ...], int | None]:
        count = dependants_on(terms, day)
        if count == 0:
            return ZERO, (), 0
        row = in_force(series, day)
        if row is None:
            return ZERO, ("family-allowance",), count
        return (row.values[0] if count == 1 else row.values[1]), (), count

    return _line(LineCode.FAMILY_ALLOWANCE, _monthly_pieces(period, cuts, figure))


def wellbeing_differential(*, book: RateBook, terms: ServiceTerms, period: Period) -> Line:
    """The well-being differential of the duty station's hardship class for the days of ``period``."""
    series = book.wellbeing.get((terms.modality, terms.hardship_class), ())
    pieces = _monthly_pieces(period, _cuts(series), _simple(series, "wellbeing-differential"))
    return _line(LineCode.WELLBEING_DIFFERENTIAL, pieces)


def leave_accrual(*, book: RateBook, terms: ServiceTerms, period: Period) -> Line:
    """Days of annual leave earned over ``period``: days per month x days served / days in month."""
    series = book.leave.get(terms.modality, ())
    pieces = _monthly_pieces(period, _cuts(series), _simple(series, "leave-accrual"))
    return _line(LineCode.LEAVE_ACCRUAL, pieces, unit="days")


def entry_lump_sum(*, book: RateBook, terms: ServiceTerms) -> Line:
    """The entry lump sum, once, in force on the entry on duty: of the rows of the modality whose
    ``min_duration_days`` the planned duration reaches, the one with the longest."""
    bands = sorted(
        (
            (min_days, series)
            for (modality, min_days), series in book.entry_lump_sum.items()
            if modality == terms.modality and min_days <= terms.planned_days
        ),
        key=lambda band: band[0],
        reverse=True,
    )
    for _min_days, series in bands:
        row = in_force(series, terms.start)
        if row is not None:
            return _line(LineCode.ENTRY_LUMP_SUM, [Piece(terms.start, terms.start, row.value, 1)])
    missing = Piece(terms.start, terms.start, ZERO, 1, ("entry-lump-sum",))
    return _line(LineCode.ENTRY_LUMP_SUM, [missing])


def exit_allowance(*, book: RateBook, terms: ServiceTerms) -> Line:
    """The exit allowance, paid once at the end: every day served earns the rate in force that day
    divided by the days of its month, i.e. the rate per month served, pro-rated by calendar days."""
    series = book.exit.get(terms.modality, ())
    figure = _simple(series, "exit-allowance")
    pieces: list[Piece] = []
    for year, month in months_between(terms.start, terms.end):
        period = served_in_month(start=terms.start, end=terms.end, year=year, month=month)
        assert period is not None  # every month between the first and the last is served
        pieces.extend(_monthly_pieces(period, _cuts(series), figure))
    return _line(LineCode.EXIT_ALLOWANCE, pieces)


def management_fee(*, book: RateBook, funding_type: str, direct: Decimal, period: Period) -> Line:
    """The management fee on ``direct`` costs of ``period``: ``direct x rate``, the rate weighted by
    the days of ``period`` it is in force (``direct x sum(rate x days) / days``)."""
    series = book.fee.get(funding_type, ())
    pieces = []
    for part in _split(period, _cuts(series)):
        row = in_force(series, part.start)
        if row is None:
            pieces.append(Piece(part.start, part.end, ZERO, period.days, ("management-fee",)))
        else:
            pieces.append(Piece(part.start, part.end, direct * row.value, period.days))
    return _line(LineCode.MANAGEMENT_FEE, pieces)


# --- statements and costs ---------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyStatement:
    """What a volunteer is entitled to for one month: the money lines and the leave earned."""

    year: int
    month: int
    period: Period
    lines: tuple[Line, ...]
    leave: Line

    @property
    def days_in_month(self) -> int:
        return days_in_month(self.year, self.month)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def missing(self) -> tuple[Missing, ...]:
        return tuple(m for line in (*self.lines, self.leave) for m in line.missing)

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.code == code), None)


def monthly_statement(
    *, book: RateBook, terms: ServiceTerms, year: int, month: int
) -> MonthlyStatement | None:
    """The statement of ``year``-``month``: living allowance, family allowance and well-being
    differential pro-rated by the days served; the entry lump sum in the month of the entry on
    duty and the exit allowance in the month of the last day served. ``None`` if no day of the
    month was served."""
    period = served_in_month(start=terms.start, end=terms.end, year=year, month=month)
    if period is None:
        return None
    lines = [
        living_allowance(book=book, terms=terms, period=period),
        family_allowance(book=book, terms=terms, period=period),
        wellbeing_differential(book=book, terms=terms, period=period),
    ]
    if period.start == terms.start:
        lines.append(entry_lump_sum(book=book, terms=terms))
    if period.end == terms.end:
        lines.append(exit_allowance(book=book, terms=terms))
    leave = leave_accrual(book=book, terms=terms, period=period)
    return MonthlyStatement(year=year, month=month, period=period, lines=tuple(lines), leave=leave)


@dataclass(frozen=True)
class MonthCost:
    statement: MonthlyStatement
    fee: Line

    @property
    def direct(self) -> Decimal:
        return self.statement.total

    @property
    def total(self) -> Decimal:
        return self.statement.total + self.fee.amount


@dataclass(frozen=True)
class LifeCost:
    """The cost of an assignment over its life: each month's statement and management fee."""

    funding_type: str
    months: tuple[MonthCost, ...]

    @property
    def direct(self) -> Decimal:
        return sum((m.direct for m in self.months), ZERO)

    @property
    def fee(self) -> Decimal:
        return sum((m.fee.amount for m in self.months), ZERO)

    @property
    def total(self) -> Decimal:
        return self.direct + self.fee

    @property
    def leave_days(self) -> Decimal:
        return sum((m.statement.leave.amount for m in self.months), ZERO)

    @property
    def missing(self) -> tuple[Missing, ...]:
        return tuple(x for m in self.months for x in (*m.statement.missing, *m.fee.missing))

    def by_line(self) -> dict[str, Decimal]:
        """Total of each money line over the life, management fee included, in ``LineCode`` order."""
        totals: dict[str, Decimal] = {}
        for code in LineCode.values:
            if code == LineCode.LEAVE_ACCRUAL:
                continue
            amounts = [
                line.amount for m in self.months for line in (*m.statement.lines, m.fee) if line.code == code
            ]
            if amounts:
                totals[code] = sum(amounts, ZERO)
        return totals


def life_cost(*, book: RateBook, terms: ServiceTerms) -> LifeCost:
    """Every month from the entry on duty to the last day served, each with its management fee on
    that month's direct cost (the statement's total)."""
    months = []
    for year, month in months_between(terms.start, terms.end):
        statement = monthly_statement(book=book, terms=terms, year=year, month=month)
        assert statement is not None
        fee = management_fee(
            book=book, funding_type=terms.funding_type, direct=statement.total, period=statement.period
        )
        months.append(MonthCost(statement=statement, fee=fee))
    return LifeCost(funding_type=terms.funding_type, months=tuple(months))


@dataclass(frozen=True)
class MonthTotal:
    year: int
    month: int
    direct: Decimal
    fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.direct + self.fee


@dataclass(frozen=True)
class FundingTotal:
    funding_type: str
    direct: Decimal
    fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.direct + self.fee


def monthly_totals(costs: Iterable[LifeCost]) -> tuple[MonthTotal, ...]:
    """Several costs added month by month (a DoA's positions), in calendar order."""
    sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for cost in costs:
        for m in cost.months:
            entry = sums[(m.statement.year, m.statement.month)]
            entry[0] += m.direct
            entry[1] += m.fee.amount
    return tuple(MonthTotal(y, mo, d, f) for (y, mo), (d, f) in sorted(sums.items()))


def totals_by_funding(costs: Iterable[LifeCost]) -> tuple[FundingTotal, ...]:
    """Several costs added by who funds them, in the order of first appearance."""
    sums: dict[str, list[Decimal]] = {}
    for cost in costs:
        entry = sums.setdefault(cost.funding_type, [ZERO, ZERO])
        entry[0] += cost.direct
        entry[1] += cost.fee
    return tuple(FundingTotal(f, d, fee) for f, (d, fee) in sums.items())
