"""Entitlements over JSON (``/api/v1/entitlements/``): the rate tables, statements and costs, the
pro-forma cost of a DoA, and an assignment's dependants. Money is a decimal string in US dollars.

Each rate table has the same four operations under ``/rates/<table>``, with its own schemas (made
from the table's fields below). (No ``from __future__ import annotations``: django-ninja reads the
annotations of the generated functions, which must be the schema classes themselves.)
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.assignments.models import Assignment, Dependant
from mobilize.assignments.permissions import assignment_access
from mobilize.assignments.services import dependant_add, dependant_update
from mobilize.entitlements.calculation import Line, LineCode, Missing, MonthlyStatement
from mobilize.entitlements.models import RATE_MODELS, EffectiveRate, rate_field
from mobilize.entitlements.permissions import (
    can_edit_rates,
    can_read_dependants,
    can_read_rates,
    can_view_cost,
    dependant_access,
    doa_cost_access,
    statement_access,
)
from mobilize.entitlements.selectors import (
    assignment_life_cost,
    assignment_statement,
    dependant_list,
    doa_pro_forma,
    rate_get,
    rate_list,
    rate_tables_summary,
)
from mobilize.entitlements.services import rate_create, rate_update
from mobilize.reference.models import FundingType

router = Router(tags=["entitlements"])


# --- rate tables ------------------------------------------------------------------------------


class RateTableOut(Schema):
    table: str
    name: str
    key_fields: list[str]
    value_fields: list[str]
    rows: int
    in_force_today: int


@router.get("/rates", response={200: list[RateTableOut], **ERROR_RESPONSES})
def rate_table_list_api(request: AuthedRequest) -> list[dict[str, Any]]:
    if not can_read_rates(request.user):
        raise PermissionDenied
    return [
        {
            "table": s.slug,
            "name": s.name,
            "key_fields": list(s.table.KEY_FIELDS),
            "value_fields": list(s.table.VALUE_FIELDS),
            "rows": s.rows,
            "in_force_today": s.in_force,
        }
        for s in rate_tables_summary(on=timezone.localdate())
    ]


def _type_of(field: models.Field) -> Any:
    if field.is_relation:
        return int
    if field.choices:
        return Literal[tuple(value for value, _label in field.flatchoices)]
    if isinstance(field, models.DecimalField):
        return Decimal
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.IntegerField):
        return int
    return str


def _schemas(table: type[EffectiveRate]) -> tuple[type[Schema], type[Schema], type[Schema], type[Schema]]:
    """The table's Out, page, create and update schemas, from its key and value fields."""
    name = table.__name__
    keys = {n: (_type_of(rate_field(table, n)), ...) for n in table.KEY_FIELDS}
    values = {n: (_type_of(rate_field(table, n)), ...) for n in table.VALUE_FIELDS}
    period: dict[str, Any] = {"effective_from": (dt.date, ...), "effective_to": (dt.date | None, None)}
    out = create_model(  # type: ignore[call-overload]
        f"{name}Out",
        __base__=Schema,
        id=(int, ...),
        **keys,
        key_label=(str, ...),
        **values,
        **period,
        notes=(str, ""),
        version=(int, ...),
    )
    page = create_model(f"{name}PageOut", __base__=Schema, items=(list[out], ...), count=(int, ...))  # type: ignore[valid-type]
    create = create_model(  # type: ignore[call-overload]
        f"{name}CreateIn", __base__=Schema, **keys, **values, **period, notes=(str, "")
    )
    optional = {n: (t | None, None) for n, (t, _req) in values.items()}
    update = create_model(  # type: ignore[call-overload]
        f"{name}UpdateIn",
        __base__=Schema,
        version=(int, ...),
        **optional,
        effective_from=(dt.date | None, None),
        effective_to=(dt.date | None, None),
        notes=(str | None, None),
    )
    return out, page, create, update


def _row_out(row: EffectiveRate) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": row.pk,
        "key_label": row.key_label(),
        "effective_from": row.effective_from,
        "effective_to": row.effective_to,
        "notes": row.notes,
        "version": row.version,
    }
    for name in row.KEY_FIELDS:
        data[name] = row.key_value(name)
    for name in row.VALUE_FIELDS:
        data[name] = getattr(row, name)
    return data


class RateFilterIn(Schema):
    on: dt.date | None = Field(None, description="Only the rows in force on this day.")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


def _require_reader(request: AuthedRequest) -> None:
    if not can_read_rates(request.user):
        raise PermissionDenied


def _resolve_keys(table: type[EffectiveRate], data: dict[str, Any]) -> dict[str, Any]:
    """Foreign keys given by id become ``<name>_id`` (an unknown id is named by validation)."""
    resolved = dict(data)
    for name in table.KEY_FIELDS:
        field = rate_field(table, name)
        if field.is_relation and name in resolved:
            resolved[field.attname] = resolved.pop(name)
    return resolved


def _register(table: type[EffectiveRate]) -> None:
    out, page, create_in, update_in = _schemas(table)
    slug = table.slug
    ident = table._meta.model_name

    def list_rows(request: AuthedRequest, filters: Query[RateFilterIn]) -> dict[str, Any]:
        _require_reader(request)
        rows = rate_list(table=table, on=filters.on)
        return {
            "items": [_row_out(r) for r in rows[filters.offset : filters.offset + filters.limit]],
            "count": rows.count(),
        }

    def get_row(request: AuthedRequest, row_id: int) -> dict[str, Any]:
        _require_reader(request)
        return _row_out(rate_get(table=table, row_id=row_id))

    def create_row(request: AuthedRequest, payload: create_in) -> Status[dict[str, Any]]:  # type: ignore[valid-type]
        if not can_edit_rates(request.user):
            raise PermissionDenied
        data = _resolve_keys(table, payload.dict())  # type: ignore[attr-defined]
        row = rate_create(table=table, data=data, actor=request.user)
        return Status(201, _row_out(rate_get(table=table, row_id=row.pk)))

    def update_row(request: AuthedRequest, row_id: int, payload: update_in) -> dict[str, Any]:  # type: ignore[valid-type]
        if not can_edit_rates(request.user):
            raise PermissionDenied
        row = rate_get(table=table, row_id=row_id)
        data = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
        version = data.pop("version")
        rate_update(row=row, data=data, expected_version=version, actor=request.user)
        return _row_out(rate_get(table=table, row_id=row_id))

    for func, verb in ((list_rows, "list"), (get_row, "get"), (create_row, "create"), (update_row, "update")):
        func.__name__ = f"{ident}_{verb}_api"
    router.get(f"/rates/{slug}", response={200: page, **ERROR_RESPONSES}, summary=f"List {slug} rates")(
        list_rows
    )
    router.post(f"/rates/{slug}", response={201: out, **ERROR_RESPONSES}, summary=f"Add a {slug} rate")(
        create_row
    )
    router.get(
        f"/rates/{slug}/{{row_id}}", response={200: out, **ERROR_RESPONSES}, summary=f"One {slug} rate"
    )(get_row)
    router.patch(
        f"/rates/{slug}/{{row_id}}", response={200: out, **ERROR_RESPONSES}, summary=f"Correct a {slug} rate"
    )(update_row)


for _table in RATE_MODELS.values():
    _register(_table)


# --- statements and costs ---------------------------------------------------------------------


class MissingOut(Schema):
    table: str
    start: dt.date
    end: dt.date


class PieceOut(Schema):
    start: dt.date
    end: dt.date
    days: int
    rate: Decimal
    per_days: int
    dependants: int | None
    missing: list[str]


class LineOut(Schema):
    code: LineCode
    label: str
    amount: Decimal
    unit: str
    pieces: list[PieceOut]


class StatementOut(Schema):
    assignment: int
    year: int
    month: int
    start: dt.date
    end: dt.date
    days_served: int
    days_in_month: int
    lines: list[LineOut]
    total: Decimal
    leave_days: Decimal
    missing: list[MissingOut]


class StatementSummaryOut(Schema):
    year: int
    month: int
    start: dt.date
    end: dt.date
    days_served: int
    total: Decimal
    leave_days: Decimal


class MonthCostOut(StatementSummaryOut):
    fee: Decimal
    cost: Decimal


class LineTotalOut(Schema):
    code: LineCode
    label: str
    amount: Decimal


class AssignmentCostOut(Schema):
    assignment: int
    funding_type: FundingType
    months: list[MonthCostOut]
    lines: list[LineTotalOut]
    direct: Decimal
    fee: Decimal
    total: Decimal
    leave_days: Decimal
    missing: list[MissingOut]


def _missing(items: tuple[Missing, ...]) -> list[dict[str, Any]]:
    return [{"table": m.table, "start": m.start, "end": m.end} for m in items]


def _line(line: Line) -> dict[str, Any]:
    return {
        "code": line.code,
        "label": line.label,
        "amount": line.amount,
        "unit": line.unit,
        "pieces": [
            {
                "start": p.start,
                "end": p.end,
                "days": p.days,
                "rate": p.rate,
                "per_days": p.per_days,
                "dependants": p.count,
                "missing": list(p.missing),
            }
            for p in line.pieces
        ],
    }


def _summary(statement: MonthlyStatement) -> dict[str, Any]:
    return {
        "year": statement.year,
        "month": statement.month,
        "start": statement.period.start,
        "end": statement.period.end,
        "days_served": statement.period.days,
        "total": statement.total,
        "leave_days": statement.leave.amount,
    }


@router.get(
    "/assignments/{assignment_id}/statements",
    response={200: list[StatementSummaryOut], **ERROR_RESPONSES},
)
def statement_list_api(request: AuthedRequest, assignment_id: int) -> list[dict[str, Any]]:
    """Every month of the assignment with its total of allowances (the volunteer sees their own)."""
    assignment = statement_access(user=request.user, assignment_id=assignment_id)
    return [_summary(m.statement) for m in assignment_life_cost(assignment=assignment).months]


@router.get(
    "/assignments/{assignment_id}/statements/{year}/{month}",
    response={200: StatementOut, **ERROR_RESPONSES},
)
def statement_detail_api(request: AuthedRequest, assignment_id: int, year: int, month: int) -> dict[str, Any]:
    """One month's statement, line by line with how each was worked out; 404 for a month not served."""
    assignment = statement_access(user=request.user, assignment_id=assignment_id)
    statement = assignment_statement(assignment=assignment, year=year, month=month)
    return {
        **_summary(statement),
        "assignment": assignment.pk,
        "days_in_month": statement.days_in_month,
        "lines": [_line(line) for line in statement.lines],
        "missing": _missing(statement.missing),
    }


@router.get("/assignments/{assignment_id}/cost", response={200: AssignmentCostOut, **ERROR_RESPONSES})
def assignment_cost_api(request: AuthedRequest, assignment_id: int) -> dict[str, Any]:
    """The cost over the life of the assignment (not for the volunteer: 403)."""
    assignment = statement_access(user=request.user, assignment_id=assignment_id)
    if not can_view_cost(request.user):
        raise PermissionDenied
    cost = assignment_life_cost(assignment=assignment)
    return {
        "assignment": assignment.pk,
        "funding_type": cost.funding_type,
        "months": [{**_summary(m.statement), "fee": m.fee.amount, "cost": m.total} for m in cost.months],
        "lines": [
            {"code": code, "label": str(LineCode(code).label), "amount": amount}
            for code, amount in cost.by_line().items()
        ],
        "direct": cost.direct,
        "fee": cost.fee,
        "total": cost.total,
        "leave_days": cost.leave_days,
        "missing": _missing(cost.missing),
    }


class PositionCostOut(Schema):
    position: int
    duty_station: int
    duty_station_name: str
    hardship_class: str
    direct: Decimal
    fee: Decimal
    total: Decimal


class MonthTotalOut(Schema):
    year: int
    month: int
    direct: Decimal
    fee: Decimal
    total: Decimal


class FundingTotalOut(Schema):
    funding_type: FundingType
    direct: Decimal
    fee: Decimal
    total: Decimal


class DoaCostOut(Schema):
    doa: int
    start_date: dt.date
    end_date: dt.date
    positions: list[PositionCostOut]
    months: list[MonthTotalOut]
    by_funding: list[FundingTotalOut]
    direct: Decimal
    fee: Decimal
    total: Decimal
    missing: list[MissingOut]


@router.get("/doas/{doa_id}/cost", response={200: DoaCostOut, **ERROR_RESPONSES})
def doa_cost_api(request: AuthedRequest, doa_id: int) -> dict[str, Any]:
    """The pro-forma cost of a DoA: its positions over its dates, without dependants."""
    doa = doa_cost_access(user=request.user, doa_id=doa_id)
    pro_forma = doa_pro_forma(doa=doa)
    return {
        "doa": doa.pk,
        "start_date": doa.start_date,
        "end_date": doa.end_date,
        "positions": [
            {
                "position": p.position.pk,
                "duty_station": p.position.duty_station_id,
                "duty_station_name": p.position.duty_station.name,
                "hardship_class": p.position.duty_station.hardship_class,
                "direct": p.cost.direct,
                "fee": p.cost.fee,
                "total": p.cost.total,
            }
            for p in pro_forma.positions
        ],
        "months": [
            {"year": m.year, "month": m.month, "direct": m.direct, "fee": m.fee, "total": m.total}
            for m in pro_forma.months
        ],
        "by_funding": [
            {"funding_type": f.funding_type, "direct": f.direct, "fee": f.fee, "total": f.total}
            for f in pro_forma.by_funding
        ],
        "direct": pro_forma.direct,
        "fee": pro_forma.fee,
        "total": pro_forma.total,
        "missing": _missing(pro_forma.missing),
    }


# --- dependants -------------------------------------------------------------------------------


class DependantOut(Schema):
    id: int
    assignment: int
    given_name: str
    family_name: str
    relationship: Dependant.Relationship
    date_of_birth: dt.date | None
    accompanying: bool
    recognized_from: dt.date
    recognized_until: dt.date | None
    version: int

    @staticmethod
    def resolve_assignment(obj: Dependant) -> int:
        return obj.assignment_id


class DependantCreateIn(Schema):
    given_name: str
    family_name: str
    relationship: Dependant.Relationship
    date_of_birth: dt.date | None = None
    accompanying: bool = True
    recognized_from: dt.date
    recognized_until: dt.date | None = None


class DependantUpdateIn(Schema):
    version: int
    given_name: str | None = None
    family_name: str | None = None
    relationship: Dependant.Relationship | None = None
    date_of_birth: dt.date | None = None
    accompanying: bool | None = None
    recognized_from: dt.date | None = None
    recognized_until: dt.date | None = None


def _readable_assignment(request: AuthedRequest, assignment_id: int) -> Assignment:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    if not can_read_dependants(request.user, assignment):
        raise PermissionDenied
    return assignment


@router.get("/assignments/{assignment_id}/dependants", response={200: list[DependantOut], **ERROR_RESPONSES})
def dependant_list_api(request: AuthedRequest, assignment_id: int) -> list[Dependant]:
    """The recognized dependants (the volunteer sees their own; a host focal point: 403)."""
    assignment = _readable_assignment(request, assignment_id)
    return dependant_list(viewer=request.user, assignment=assignment)


@router.post("/assignments/{assignment_id}/dependants", response={201: DependantOut, **ERROR_RESPONSES})
def dependant_create_api(
    request: AuthedRequest, assignment_id: int, payload: DependantCreateIn
) -> Status[Dependant]:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    return Status(201, dependant_add(assignment=assignment, data=payload.dict(), actor=request.user))


@router.patch(
    "/assignments/{assignment_id}/dependants/{dependant_id}", response={200: DependantOut, **ERROR_RESPONSES}
)
def dependant_update_api(
    request: AuthedRequest, assignment_id: int, dependant_id: int, payload: DependantUpdateIn
) -> Dependant:
    assignment = _readable_assignment(request, assignment_id)
    dependant = dependant_access(user=request.user, assignment=assignment, dependant_id=dependant_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return dependant_update(dependant=dependant, data=data, expected_version=version, actor=request.user)
