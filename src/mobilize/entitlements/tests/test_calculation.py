"""The arithmetic, against hand-worked examples (no database). Each test writes out the sum it
checks; docs/entitlements.md works the same examples."""

import datetime as dt
from decimal import Decimal

from mobilize.entitlements.calculation import (
    DependantSpan,
    LineCode,
    RateBook,
    RatePeriod,
    ServiceTerms,
    days_in_month,
    entry_lump_sum,
    exit_allowance,
    family_allowance,
    leave_accrual,
    life_cost,
    living_allowance,
    management_fee,
    monthly_statement,
    monthly_totals,
    months_between,
    served_in_month,
    totals_by_funding,
    wellbeing_differential,
)

D = Decimal
NAIROBI, KISUMU, KENYA = 1, 2, 10
FROM = dt.date(2019, 1, 1)


def rp(value, first=FROM, last=None, *more):
    return RatePeriod(first=first, last=last, values=(D(value), *(D(m) for m in more)))


def book(**overrides):
    values = {
        "base": (rp("1736.00"),),
        "post_adjustment": {NAIROBI: (rp("34.200"),)},
        "capital_of": {KENYA: NAIROBI},
        "national": {KENYA: (rp("800.00"),)},
        "family": {
            "international": (RatePeriod(FROM, None, (D("250.00"), D("450.00"))),),
            "national": (RatePeriod(FROM, None, (D("250.00"), D("450.00"))),),
        },
        "entry_lump_sum": {
            ("international", 0): (rp("2000.00"),),
            ("international", 180): (rp("4000.00"),),
            ("national", 0): (rp("0.00"),),
        },
        "wellbeing": {("international", "B"): (rp("0.00"),), ("international", "D"): (rp("300.00"),)},
        "exit": {"international": (rp("150.00"),), "national": (rp("150.00"),)},
        "leave": {"international": (rp("2.50"),), "national": (rp("2.50"),)},
        "fee": {"host": (rp("0.0800"),), "svf": (rp("0.0000"),)},
    }
    values.update(overrides)
    return RateBook(**values)


def terms(**overrides):
    values = {
        "modality": "international",
        "duty_station_id": NAIROBI,
        "duty_country_id": KENYA,
        "hardship_class": "B",
        "funding_type": "host",
        "start": dt.date(2023, 3, 17),
        "end": dt.date(2023, 5, 10),
        "planned_days": 55,
        "dependants": (),
    }
    values.update(overrides)
    return ServiceTerms(**values)


def period(start, end):
    p = served_in_month(start=start, end=end, year=start.year, month=start.month)
    assert p is not None
    return p


MARCH = period(dt.date(2023, 3, 1), dt.date(2023, 3, 31))


# --- periods ---------------------------------------------------------------------------------


def test_calendar_days_and_months():
    assert [days_in_month(2023, m) for m in (2, 3, 4)] == [28, 31, 30]
    assert days_in_month(2024, 2) == 29
    assert months_between(dt.date(2023, 11, 5), dt.date(2024, 2, 1)) == [
        (2023, 11),
        (2023, 12),
        (2024, 1),
        (2024, 2),
    ]
    served = served_in_month(start=dt.date(2023, 3, 17), end=dt.date(2023, 5, 10), year=2023, month=3)
    assert (served.start, served.end, served.days) == (dt.date(2023, 3, 17), dt.date(2023, 3, 31), 15)
    assert served_in_month(start=dt.date(2023, 3, 17), end=dt.date(2023, 5, 10), year=2023, month=6) is None


# --- living allowance ------------------------------------------------------------------------


def test_international_living_allowance_full_month():
    # 1,736.00 x (1 + 34.2/100) = 1,736.00 x 1.342 = 2,329.712 -> 2,329.71 for all 31 days of March
    line = living_allowance(book=book(), terms=terms(), period=MARCH)
    assert line.amount == D("2329.71")
    assert line.code == LineCode.LIVING_ALLOWANCE
    assert [(p.rate, p.days, p.per_days) for p in line.pieces] == [(D("2329.712"), 31, 31)]


def test_international_living_allowance_partial_month_by_calendar_days():
    # entry on duty 17 March: 15 of March's 31 days -> 2,329.712 x 15 / 31 = 34,945.68 / 31 = 1,127.28
    line = living_allowance(
        book=book(), terms=terms(), period=period(dt.date(2023, 3, 17), dt.date(2023, 3, 31))
    )
    assert line.amount == D("1127.28")


def test_base_rate_change_in_the_middle_of_a_month_is_day_weighted():
    # 1-15 June at 1,736.00 x 1.342 = 2,329.712; 16-30 June at 1,800.00 x 1.342 = 2,415.600
    # (2,329.712 x 15 + 2,415.600 x 15) / 30 = (34,945.68 + 36,234.00) / 30
    #   = 71,179.68 / 30 = 2,372.656 -> 2,372.66
    base = (rp("1736.00", FROM, dt.date(2023, 6, 15)), rp("1800.00", dt.date(2023, 6, 16)))
    line = living_allowance(
        book=book(base=base),
        terms=terms(end=dt.date(2023, 12, 31)),
        period=period(dt.date(2023, 6, 1), dt.date(2023, 6, 30)),
    )
    assert line.amount == D("2372.66")
    assert [(p.start.day, p.end.day, p.rate) for p in line.pieces] == [
        (1, 15, D("2329.712")),
        (16, 30, D("2415.600")),
    ]


def test_post_adjustment_change_in_the_middle_of_a_month():
    # 1-9 March at 34.2 (1,736 x 1.342 = 2,329.712); 10-31 March at 40.0 (1,736 x 1.4 = 2,430.4)
    # (2,329.712 x 9 + 2,430.4 x 22) / 31 = (20,967.408 + 53,468.8) / 31
    #   = 74,436.208 / 31 = 2,401.1680 -> 2,401.17
    pam = {NAIROBI: (rp("34.200", FROM, dt.date(2023, 3, 9)), rp("40.000", dt.date(2023, 3, 10)))}
    line = living_allowance(book=book(post_adjustment=pam), terms=terms(), period=MARCH)
    assert line.amount == D("2401.17")


def test_a_station_without_a_multiplier_takes_its_capitals():
    # Kisumu has no row: Nairobi's 34.2 applies -> 2,329.71;
    # a row of its own (20.0) wins: 1,736 x 1.2 = 2,083.20
    line = living_allowance(book=book(), terms=terms(duty_station_id=KISUMU), period=MARCH)
    assert line.amount == D("2329.71")
    own = book(post_adjustment={NAIROBI: (rp("34.200"),), KISUMU: (rp("20.000"),)})
    assert living_allowance(book=own, terms=terms(duty_station_id=KISUMU), period=MARCH).amount == D(
        "2083.20"
    )


def test_national_living_allowance_is_the_countrys_rate():
    # 10 of April's 30 days at 800.00: 800 x 10 / 30 = 266.666... -> 266.67
    april = period(dt.date(2023, 4, 21), dt.date(2023, 4, 30))
    line = living_allowance(book=book(), terms=terms(modality="national"), period=april)
    assert line.amount == D("266.67")


def test_a_missing_rate_is_reported_not_guessed():
    line = living_allowance(book=book(post_adjustment={}), terms=terms(), period=MARCH)
    assert line.amount == D("0.00")
    assert [(m.table, m.start.day, m.end.day) for m in line.missing] == [("post-adjustment", 1, 31)]
    # the base rate ends on 15 March: the second half misses it
    base = (rp("1736.00", FROM, dt.date(2023, 3, 15)),)
    line = living_allowance(book=book(base=base), terms=terms(), period=MARCH)
    # 2,329.712 x 15 / 31 = 1,127.28 for the days with a rate
    assert line.amount == D("1127.28")
    assert [(m.table, m.start.day, m.end.day) for m in line.missing] == [("living-allowance-base", 16, 31)]


# --- family allowance ------------------------------------------------------------------------


def test_family_allowance_one_then_two_dependants_in_a_month():
    # 1-9 March: none (0); 10-19: one (250.00, 10 days); 20-31: two (450.00, 12 days)
    # (250 x 10 + 450 x 12) / 31 = (2,500 + 5,400) / 31 = 7,900 / 31 = 254.8387 -> 254.84
    spans = (DependantSpan(dt.date(2023, 3, 10), None), DependantSpan(dt.date(2023, 3, 20), None))
    line = family_allowance(book=book(), terms=terms(dependants=spans), period=MARCH)
    assert line.amount == D("254.84")
    assert [(p.start.day, p.end.day, p.count, p.rate) for p in line.pieces] == [
        (1, 9, 0, D("0")),
        (10, 19, 1, D("250.00")),
        (20, 31, 2, D("450.00")),
    ]


def test_family_allowance_one_dependant_full_month_and_three_is_two_or_more():
    one = (DependantSpan(dt.date(2023, 1, 1), None),)
    assert family_allowance(book=book(), terms=terms(dependants=one), period=MARCH).amount == D("250.00")
    three = one * 3
    assert family_allowance(book=book(), terms=terms(dependants=three), period=MARCH).amount == D("450.00")


def test_family_allowance_ends_with_recognition():
    # recognized until 10 March: 250 x 10 / 31 = 80.645 -> 80.65
    spans = (DependantSpan(dt.date(2023, 1, 1), dt.date(2023, 3, 10)),)
    assert family_allowance(book=book(), terms=terms(dependants=spans), period=MARCH).amount == D("80.65")


def test_no_dependant_needs_no_family_rate():
    line = family_allowance(book=book(family={}), terms=terms(), period=MARCH)
    assert (line.amount, line.missing) == (D("0.00"), ())


# --- well-being, leave, one-time lines ----------------------------------------------------------


def test_wellbeing_differential_by_hardship_class():
    # class D, 300.00 a month; 15 of 31 days: 300 x 15 / 31 = 145.161 -> 145.16
    line = wellbeing_differential(
        book=book(),
        terms=terms(hardship_class="D"),
        period=period(dt.date(2023, 3, 17), dt.date(2023, 3, 31)),
    )
    assert line.amount == D("145.16")
    assert wellbeing_differential(book=book(), terms=terms(hardship_class="B"), period=MARCH).amount == D(
        "0.00"
    )


def test_leave_accrual_in_days():
    # 2.5 days a month x 15 / 31 = 1.2097 -> 1.21 days
    line = leave_accrual(
        book=book(), terms=terms(), period=period(dt.date(2023, 3, 17), dt.date(2023, 3, 31))
    )
    assert (line.amount, line.unit) == (D("1.21"), "days")


def test_entry_lump_sum_by_planned_duration():
    # planned 55 days: only the band from 0 days reaches -> 2,000.00;
    # planned 365 days: the band from 180 -> 4,000.00
    assert entry_lump_sum(book=book(), terms=terms(planned_days=55)).amount == D("2000.00")
    assert entry_lump_sum(book=book(), terms=terms(planned_days=365)).amount == D("4000.00")
    assert entry_lump_sum(book=book(), terms=terms(planned_days=180)).amount == D("4000.00")
    assert entry_lump_sum(book=book(), terms=terms(modality="national")).amount == D("0.00")
    assert entry_lump_sum(book=book(entry_lump_sum={}), terms=terms()).missing[0].table == "entry-lump-sum"


def test_exit_allowance_per_month_served():
    # 17 March to 10 May at 150.00 a month: March 15/31, April 30/30, May 10/31
    # 150 x 15/31 + 150 x 30/30 + 150 x 10/31 = (2,250 + 1,500)/31 + 150 = 120.9677 + 150 = 270.9677 -> 270.97
    assert exit_allowance(book=book(), terms=terms()).amount == D("270.97")


def test_exit_allowance_with_a_rate_change():
    # 150.00 to 31 March, 160.00 from 1 April:
    # (150 x 15 + 160 x 10) / 31 + 160 x 30 / 30 = 3,850 / 31 + 160 = 124.1935 + 160 = 284.1935 -> 284.19
    rates = {"international": (rp("150.00", FROM, dt.date(2023, 3, 31)), rp("160.00", dt.date(2023, 4, 1)))}
    assert exit_allowance(book=book(exit=rates), terms=terms()).amount == D("284.19")


def test_management_fee_day_weighted():
    # 2,000.00 of direct costs in June; 8% to 10 June, 10% from 11 June:
    # 2,000 x (0.08 x 10 + 0.10 x 20) / 30 = (1,600 + 4,000) / 30 = 5,600 / 30 = 186.666 -> 186.67
    rates = {"host": (rp("0.0800", FROM, dt.date(2023, 6, 10)), rp("0.1000", dt.date(2023, 6, 11)))}
    june = period(dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    line = management_fee(book=book(fee=rates), funding_type="host", direct=D("2000.00"), period=june)
    assert line.amount == D("186.67")
    assert management_fee(book=book(), funding_type="svf", direct=D("2000.00"), period=june).amount == D(
        "0.00"
    )


# --- statements and the cost over the life ------------------------------------------------------


def test_monthly_statement_lines_and_one_time_items():
    t = terms()
    march = monthly_statement(book=book(), terms=t, year=2023, month=3)
    assert [line.code for line in march.lines] == [
        "living_allowance",
        "family_allowance",
        "wellbeing_differential",
        "entry_lump_sum",
    ]
    # 1,127.28 + 0 + 0 + 2,000.00
    assert march.total == D("3127.28")
    april = monthly_statement(book=book(), terms=t, year=2023, month=4)
    assert [line.code for line in april.lines] == [
        "living_allowance",
        "family_allowance",
        "wellbeing_differential",
    ]
    may = monthly_statement(book=book(), terms=t, year=2023, month=5)
    assert may.lines[-1].code == "exit_allowance"
    assert monthly_statement(book=book(), terms=t, year=2023, month=6) is None


def test_life_cost_with_a_rate_change_in_the_middle_of_the_assignment():
    # International, Nairobi (34.2), 17 March to 10 May 2023 (55 days planned), class B, host-funded (8%).
    # The base rate goes from 1,736.00 to 1,800.00 on 16 April.
    # March (15/31): living 2,329.712 x 15/31 = 1,127.28; entry lump sum 2,000.00 -> 3,127.28;
    #   fee 8% = 250.1824 -> 250.18
    # April (30/30): (2,329.712 x 15 + 2,415.6 x 15) / 30 = 2,372.656 -> 2,372.66; fee 189.8128 -> 189.81
    # May (10/31): living 2,415.6 x 10/31 = 779.2258 -> 779.23; exit 270.97 -> 1,050.20; fee 84.016 -> 84.02
    # direct 3,127.28 + 2,372.66 + 1,050.20 = 6,550.14; fee 250.18 + 189.81 + 84.02 = 524.01; total 7,074.15
    base = (rp("1736.00", FROM, dt.date(2023, 4, 15)), rp("1800.00", dt.date(2023, 4, 16)))
    cost = life_cost(book=book(base=base), terms=terms())
    assert [m.direct for m in cost.months] == [D("3127.28"), D("2372.66"), D("1050.20")]
    assert [m.fee.amount for m in cost.months] == [D("250.18"), D("189.81"), D("84.02")]
    assert (cost.direct, cost.fee, cost.total) == (D("6550.14"), D("524.01"), D("7074.15"))
    assert cost.by_line() == {
        "living_allowance": D("4279.17"),
        "family_allowance": D("0.00"),
        "wellbeing_differential": D("0.00"),
        "entry_lump_sum": D("2000.00"),
        "exit_allowance": D("270.97"),
        "management_fee": D("524.01"),
    }
    # leave: 2.5 x (15/31 -> 1.21) + 2.5 + 2.5 x (10/31 -> 0.81) = 4.52 days
    assert cost.leave_days == D("4.52")
    assert cost.missing == ()


def test_totals_by_month_and_by_funding():
    a = life_cost(book=book(), terms=terms())
    b = life_cost(book=book(), terms=terms(funding_type="svf"))
    months = monthly_totals([a, b])
    assert [(m.month, m.direct) for m in months] == [
        (3, a.months[0].direct * 2),
        (4, a.months[1].direct * 2),
        (5, a.months[2].direct * 2),
    ]
    assert [m.fee for m in months] == [a.months[i].fee.amount for i in range(3)]  # svf pays no fee
    funding = totals_by_funding([a, b])
    assert [(f.funding_type, f.total) for f in funding] == [("host", a.total), ("svf", b.direct)]
