"""Two headquarters editors at once on PostgreSQL: two overlapping rates for one key. Each runs in
its own thread, transaction and connection; a barrier holds both inside their transaction until each
has started. Exactly one row is written; the other editor is refused on ``effective_from``.

SQLite serializes writers, so there is no race to test there. Run:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/mobilize_ent pytest -m postgres src/mobilize/entitlements``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.entitlements.models import PostAdjustment
from mobilize.entitlements.services import rate_create
from mobilize.geo.tests.factories import DutyStationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite serializes writers")


def race(*actions: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(actions), timeout=30)
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            with transaction.atomic():
                connection.cursor().execute("SELECT 1")
                barrier.wait()
                results[index] = action()
        except Exception as exc:  # the loser's error is its result
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.parametrize("existing", [False, True], ids=["first-rows-of-the-key", "key-with-a-row"])
def test_two_overlapping_rates_for_one_key_at_once_exactly_one_is_written(existing):
    station = DutyStationFactory()
    if existing:
        PostAdjustment.objects.create(
            duty_station=station,
            effective_from=dt.date(2019, 1, 1),
            effective_to=dt.date(2022, 12, 31),
            multiplier=30,
        )
    editors = [UserFactory(username=f"hq{i}", role=Role.HQ) for i in range(2)]

    def add(actor: Any, start: dt.date, end: dt.date) -> Callable[[], PostAdjustment]:
        def act() -> PostAdjustment:
            data = {
                "duty_station": station,
                "effective_from": start,
                "effective_to": end,
                "multiplier": Decimal(40),
            }
            return rate_create(table=PostAdjustment, data=data, actor=actor)  # type: ignore[return-value]

        return act

    results = race(
        add(editors[0], dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        add(editors[1], dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
    )

    written = [r for r in results if isinstance(r, PostAdjustment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(written), len(refused)) == (1, 1), results
    assert list(refused[0].message_dict) == ["effective_from"]
    assert PostAdjustment.objects.filter(duty_station=station, effective_from__year=2023).count() == 1
