"""Statements, costs and the DoA pro-forma from the database, against hand-worked figures, including
a change of rate made through the service in the middle of an assignment; query counts pinned."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from mobilize.assignments.tests.factories import AssignmentFactory, DependantFactory
from mobilize.entitlements.models import RATE_MODELS, LivingAllowanceBaseRate
from mobilize.entitlements.selectors import (
    assignment_cost_rows,
    assignment_life_cost,
    assignment_statement,
    doa_pro_forma,
    rate_book_load,
    rate_list,
    rate_tables_summary,
)
from mobilize.entitlements.services import rate_create
from mobilize.entitlements.tests.factories import standard_rates
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.requests.models import Position
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(world):
    world.station.is_capital = True  # Nairobi: other Kenyan stations take its multiplier
    world.station.save()
    standard_rates(stations=[world.station], countries=[world.country, world.other_country])


def _international(world, **extra):
    """A Peruvian serving in Nairobi (class B), 17 March to 10 May 2023, host-funded."""
    category = VolunteerCategoryFactory(code="international-specialist", modality=Modality.INTERNATIONAL)
    volunteer = CandidateFactory(nationality=world.other_country)
    values = {
        "volunteer": volunteer,
        "category": category,
        "modality": Modality.INTERNATIONAL,
        "host_entity": world.host,
        "duty_station": world.station,
        "entry_on_duty": dt.date(2023, 3, 17),
        "planned_end": dt.date(2023, 5, 10),
        **extra,
    }
    return AssignmentFactory(**values)


def test_national_statement_of_a_full_month(world, rates):
    # world.assignment: national, Kenya (800.00 a month), class B, from 1 March 2023
    statement = assignment_statement(assignment=world.assignment, year=2023, month=3)
    amounts = {line.code: line.amount for line in statement.lines}
    assert amounts == {
        "living_allowance": Decimal("800.00"),
        "family_allowance": Decimal("0.00"),
        "wellbeing_differential": Decimal("0.00"),
        "entry_lump_sum": Decimal("0.00"),
    }
    assert (statement.total, statement.leave.amount, statement.missing) == (
        Decimal("800.00"),
        Decimal("2.50"),
        (),
    )


def test_national_life_cost(world, rates):
    # 12 full months, March 2023 to February 2024: living 12 x 800 = 9,600.00; exit 12 x 150 = 1,800.00
    # (paid in February); entry lump sum 0 -> direct 11,400.00.
    # fee 8%: 11 months x 64.00 = 704.00, February (800 + 1,800) x 0.08 = 208.00 -> 912.00; total 12,312.00
    cost = assignment_life_cost(assignment=world.assignment)
    assert len(cost.months) == 12
    assert (cost.direct, cost.fee, cost.total) == (
        Decimal("11400.00"),
        Decimal("912.00"),
        Decimal("12312.00"),
    )
    assert cost.months[-1].fee.amount == Decimal("208.00")
    assert cost.leave_days == Decimal("30.00")


def test_family_allowance_from_recognized_dependants(world, rates):
    # one dependant from 16 June 2023, a second from 1 September:
    # June 250 x 15/30 = 125.00; July and August 250.00 each; September to February 6 x 450.00 = 2,700.00
    DependantFactory(assignment=world.assignment, recognized_from=dt.date(2023, 6, 16))
    DependantFactory(assignment=world.assignment, recognized_from=dt.date(2023, 9, 1), given_name="Bo")
    june = assignment_statement(assignment=world.assignment, year=2023, month=6)
    assert june.line("family_allowance").amount == Decimal("125.00")
    cost = assignment_life_cost(assignment=world.assignment)
    assert cost.by_line()["family_allowance"] == Decimal("3325.00")


def test_a_change_of_rate_in_the_middle_of_an_assignment(world, rates, cast):
    # Headquarters raises the base rate to 1,800.00 from 16 April 2023
    # (the service closes 1,736.00 on 15 April).
    # March (15/31): 2,329.712 x 15/31 = 1,127.28 + entry lump sum 2,000.00 (55 days planned) = 3,127.28
    # April: (2,329.712 x 15 + 2,415.6 x 15) / 30 = 2,372.656 -> 2,372.66
    # May (10/31): 2,415.6 x 10/31 = 779.23 + exit 150 x (15/31 + 30/30 + 10/31) = 270.97 -> 1,050.20
    # direct 6,550.14; fee 8% month by month 250.18 + 189.81 + 84.02 = 524.01; total 7,074.15
    assignment = _international(world)
    rate_create(
        table=LivingAllowanceBaseRate,
        data={"effective_from": dt.date(2023, 4, 16), "monthly_amount": Decimal("1800.00")},
        actor=cast["hq"],
    )
    cost = assignment_life_cost(assignment=assignment)
    assert [m.direct for m in cost.months] == [Decimal("3127.28"), Decimal("2372.66"), Decimal("1050.20")]
    assert (cost.direct, cost.fee, cost.total) == (Decimal("6550.14"), Decimal("524.01"), Decimal("7074.15"))
    april = assignment_statement(assignment=assignment, year=2023, month=4)
    pieces = april.line("living_allowance").pieces
    assert [(p.start, p.end) for p in pieces] == [
        (dt.date(2023, 4, 1), dt.date(2023, 4, 15)),
        (dt.date(2023, 4, 16), dt.date(2023, 4, 30)),
    ]


def test_the_actual_end_ends_the_statements(world, rates):
    # ended early on 10 April 2023: the exit allowance is paid in April
    # for March (31/31) and 10 of April's 30 days: 150 + 150 x 10/30 = 200.00
    world.assignment.status = "terminated"
    world.assignment.actual_end = dt.date(2023, 4, 10)
    world.assignment.save()
    cost = assignment_life_cost(assignment=world.assignment)
    assert len(cost.months) == 2
    april = cost.months[-1].statement
    assert april.line("exit_allowance").amount == Decimal("200.00")
    # living 800 x 10/30 = 266.67
    assert april.line("living_allowance").amount == Decimal("266.67")


def test_a_month_not_served_and_a_cancelled_assignment(world, rates):
    with pytest.raises(Http404):
        assignment_statement(assignment=world.assignment, year=2024, month=3)
    with pytest.raises(Http404):
        assignment_statement(assignment=world.assignment, year=2023, month=13)
    with pytest.raises(Http404):
        assignment_statement(assignment=world.assignment, year=0, month=1)
    world.assignment.status = "cancelled"
    world.assignment.save()
    assert assignment_life_cost(assignment=world.assignment).months == ()
    with pytest.raises(Http404):
        assignment_statement(assignment=world.assignment, year=2023, month=3)


def test_missing_rates_are_reported(world):
    cost = assignment_life_cost(assignment=world.assignment)
    assert cost.total == Decimal("0.00")
    tables = {m.table for m in cost.missing}
    assert tables == {
        "national-rate",
        "wellbeing-differential",
        "entry-lump-sum",
        "exit-allowance",
        "leave-accrual",
        "management-fee",
    }


def test_statement_query_count(world, rates, django_assert_num_queries):
    # dependants, then the rate book: capitals, post adjustments, national rates and the seven other tables
    with django_assert_num_queries(11):
        assignment_statement(assignment=world.assignment, year=2023, month=3)


def test_cost_rows_share_one_rate_book(world, rates, django_assert_num_queries):
    assignments = [world.assignment, world.other_assignment, _international(world)]
    with django_assert_num_queries(11):
        rows = assignment_cost_rows(assignments=assignments)
    assert [r.assignment for r in rows] == assignments
    assert rows[0].cost.total == Decimal("12312.00")


def test_doa_pro_forma_of_a_national_doa(world, rates):
    # world.doa: national specialist, Kenya, 2024-01-01 to 2024-12-31, host-funded, one position at Nairobi:
    # living 12 x 800 = 9,600.00 + exit 12 x 150 = 1,800.00 -> 11,400.00;
    # fee 11 x 64 + (800 + 1,800) x 0.08 = 912.00
    pro_forma = doa_pro_forma(doa=world.doa)
    assert (pro_forma.direct, pro_forma.fee, pro_forma.total) == (
        Decimal("11400.00"),
        Decimal("912.00"),
        Decimal("12312.00"),
    )
    assert [(m.year, m.month) for m in pro_forma.months][:2] == [(2024, 1), (2024, 2)]
    assert len(pro_forma.months) == 12
    assert [(f.funding_type, f.total) for f in pro_forma.by_funding] == [("host", Decimal("12312.00"))]


def test_doa_pro_forma_with_two_positions_by_month(world, rates, django_assert_num_queries):
    # International specialists, Kenya, 1 January to 30 June 2024 (182 days: entry lump sum 4,000.00),
    # SVF (no fee).
    # Nairobi (class B): living 6 x 2,329.71 = 13,978.26 + 4,000.00 + exit 6 x 150 = 900.00 -> 18,878.26
    # Kisumu (class D, no multiplier of its own: Nairobi's): 13,978.26 + well-being 6 x 300 = 1,800.00
    #   + 4,000.00 + 900.00 -> 20,678.26
    # January: 2 x 2,329.71 + 2 x 4,000.00 + 300.00 = 12,959.42
    category = VolunteerCategoryFactory(code="international-specialist", modality=Modality.INTERNATIONAL)
    doa = DoaFactory(
        host_entity=world.host,
        country=world.country,
        category=category,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 6, 30),
        funding_type="svf",
    )
    PositionFactory(doa=doa, duty_station=world.station)
    PositionFactory(
        doa=doa, duty_station=DutyStationFactory(name="Kisumu", country=world.country, hardship_class="D")
    )
    PositionFactory(doa=doa, duty_station=world.station, status=Position.Status.CANCELLED)
    with django_assert_num_queries(11):
        pro_forma = doa_pro_forma(doa=doa)
    assert [p.cost.direct for p in pro_forma.positions] == [Decimal("18878.26"), Decimal("20678.26")]
    assert pro_forma.months[0].direct == Decimal("12959.42")
    assert (pro_forma.fee, pro_forma.total) == (Decimal("0.00"), Decimal("39556.52"))
    assert [(f.funding_type, f.direct) for f in pro_forma.by_funding] == [("svf", Decimal("39556.52"))]
    assert pro_forma.missing == ()


def test_world_capital_needs_is_capital(world):
    # the rate book maps a country to its capital; world's stations are not capitals
    world.station.is_capital = True
    world.station.save()
    assert rate_book_load().capital_of == {world.country.pk: world.station.pk}


def test_rate_list_in_force_on_a_day(world, rates, cast):
    rate_create(
        table=LivingAllowanceBaseRate,
        data={"effective_from": dt.date(2023, 4, 16), "monthly_amount": Decimal("1800.00")},
        actor=cast["hq"],
    )
    table = LivingAllowanceBaseRate
    assert [r.monthly_amount for r in rate_list(table=table)] == [Decimal("1800.00"), Decimal("1736.00")]
    assert [r.monthly_amount for r in rate_list(table=table, on=dt.date(2023, 4, 15))] == [Decimal("1736.00")]


def test_rate_tables_summary_counts_each_table_in_one_query(world, rates, django_assert_num_queries):
    LivingAllowanceBaseRate.objects.update(effective_to=dt.date(2023, 12, 31))
    with django_assert_num_queries(len(RATE_MODELS)):
        summary = {s.slug: (s.rows, s.in_force) for s in rate_tables_summary(on=dt.date(2024, 1, 1))}
    rows = LivingAllowanceBaseRate.objects.count()
    assert rows > 0 and summary["living-allowance-base"] == (rows, 0)
    assert summary["national-rate"][0] == summary["national-rate"][1] > 0
