"""Races on PostgreSQL: two runs of send_reminders, two extension requests for one assignment, two
closures of one host, each pair in its own threads, transactions and connections, held by a barrier
until both have started. Exactly one of each is written.

SQLite serializes writers, so there is no race to test there. Run:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/mobilize_life pytest -m postgres src/mobilize/lifecycle``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from mobilize.assignments.models import Assignment
from mobilize.core.errors import ApplicationError
from mobilize.lifecycle.models import Extension, MissionClosure, Reminder
from mobilize.lifecycle.services import extension_request, mission_close, reminders_send
from mobilize.notifications.models import Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite serializes writers")


def race(*actions: Callable[[], Any], atomic: bool = True) -> list[Any]:
    barrier = threading.Barrier(len(actions), timeout=30)
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            if atomic:
                with transaction.atomic():
                    connection.cursor().execute("SELECT 1")
                    barrier.wait()
                    results[index] = action()
            else:
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


def test_two_reminder_runs_at_once_send_each_reminder_once(cast, world):
    Assignment.objects.filter(pk=world.other_assignment.pk).update(planned_end=dt.date(2026, 12, 31))
    # both runs find the reminder due before either writes it
    results = race(*(lambda: reminders_send(today=dt.date(2023, 11, 29)) for _ in range(2)), atomic=False)
    assert sorted(run.sent for run in results) == [0, 1]
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(verb="lifecycle.reminder.three_months").count() == 2  # focal, field_in


def test_two_extension_requests_at_once_one_is_written(cast, world):
    results = race(
        lambda: extension_request(
            assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["focal"]
        ),
        lambda: extension_request(
            assignment=world.assignment, new_planned_end=dt.date(2024, 6, 30), actor=cast["field_in"]
        ),
    )
    assert sorted(type(r).__name__ for r in results) == ["ApplicationError", "Extension"]
    assert Extension.objects.count() == 1


def test_two_closures_of_one_host_at_once_one_is_committed(cast, world):
    results = race(
        *(
            lambda: mission_close(
                host_entity=world.host, closure_date=dt.date(2023, 12, 31), actor=cast["hq"]
            )
            for _ in range(2)
        )
    )
    assert sorted(type(r).__name__ for r in results) == ["ApplicationError", "MissionClosure"]
    assert isinstance(next(r for r in results if not isinstance(r, MissionClosure)), ApplicationError)
    assert MissionClosure.objects.count() == 1
    world.assignment.refresh_from_db()
    assert world.assignment.actual_end == dt.date(2023, 12, 31)
