"""The date arithmetic of the lifecycle, by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from mobilize.lifecycle.selectors import completed_months, months_before, months_between


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (dt.date(2023, 3, 1), dt.date(2023, 8, 31), 6),
        (dt.date(2023, 3, 15), dt.date(2023, 9, 14), 6),
        (dt.date(2023, 3, 15), dt.date(2023, 9, 13), 5),
        (dt.date(2023, 3, 1), dt.date(2023, 3, 30), 0),
        (dt.date(2023, 3, 1), dt.date(2023, 3, 31), 1),
    ],
)
def test_completed_months(first, last, months):
    assert completed_months(first_day=first, last_day=last) == months


@pytest.mark.parametrize(
    ("after", "through", "months"),
    [
        (dt.date(2023, 12, 31), dt.date(2024, 6, 30), Decimal("6.00")),
        (dt.date(2023, 12, 31), dt.date(2024, 7, 15), Decimal("6.50")),
        (dt.date(2023, 12, 31), dt.date(2024, 1, 10), Decimal("0.33")),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29), Decimal("0.00")),
        (dt.date(2024, 3, 1), dt.date(2024, 2, 29), Decimal("0.00")),
    ],
)
def test_months_between(after, through, months):
    assert months_between(after=after, through=through) == months


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_before(dt.date(2024, 2, 29), 3) == dt.date(2023, 11, 29)
    assert months_before(dt.date(2024, 5, 31), 3) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2024, 1, 15), 2) == dt.date(2023, 11, 15)
