"""Two people at once on PostgreSQL: two offers for one position, and one candidate accepting two
overlapping offers. Each race runs in two threads with their own connections; a barrier holds both
inside their transaction until each has started, so neither commits before the other is under way.
Exactly one wins; the other gets a ValidationError naming the field.

SQLite serializes writers (``IMMEDIATE`` transactions), so there is no race to test there.
Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/mobilize_rec pytest -m postgres``
``src/mobilize/recruitment``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from mobilize.recruitment import services
from mobilize.recruitment.models import Application, Offer, OnboardingTask
from mobilize.recruitment.tests.factories import OfferFactory, soon, sourcing, walk
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite serializes writers, so the "
            "two transactions cannot overlap"
        )


def race(*actions: Callable[[], Any]) -> list[Any]:
    """Run each action in its own thread, inside its own transaction on its own connection; the
    barrier lets none of them start its work before every transaction has begun. Each result is
    what the action returned, or the exception it raised."""
    barrier = threading.Barrier(len(actions), timeout=30)
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            with transaction.atomic():
                connection.cursor().execute("SELECT 1")  # the transaction has begun
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


def test_two_offers_for_one_position_at_once_exactly_one_is_made(world, cast, open_doa):
    # given two preferred candidates, each for one of two positions
    PositionFactory(doa=open_doa.doa, duty_station=world.station)
    first = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    second = walk(
        cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="preferred"
    )
    position_id = open_doa.position.pk

    def offer(application_id: int, actor: Any) -> Callable[[], Offer]:
        def act() -> Offer:
            return services.offer_make(
                application=Application.objects.get(pk=application_id),
                position=open_doa.position.__class__.objects.get(pk=position_id),
                actor=actor,
                entry_on_duty=soon(30),
                planned_end=soon(394),
                respond_by=soon(7),
            )

        return act

    # when two recruiters offer the same position at the same time
    results = race(offer(first.pk, cast["recruiter"]), offer(second.pk, cast["hq"]))

    # then exactly one offer is made, and the other is refused on the position
    made = [r for r in results if isinstance(r, Offer)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(made), len(refused)) == (1, 1), results
    assert list(refused[0].message_dict) == ["position"]
    assert Offer.objects.filter(position_id=position_id).count() == 1
    statuses = sorted(
        Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == ["offered", "preferred"]


def test_one_candidate_accepting_two_overlapping_offers_at_once_accepts_one(world, cast):
    # given two open offers to the volunteer, for two DoAs, whose dates overlap
    offers = [
        OfferFactory(
            application__doa=sourcing(DoaFactory(country=world.country, category=world.category)),
            application__candidate=world.volunteer,
            position__duty_station=world.station,
            entry_on_duty=soon(30 + shift),
            planned_end=soon(394 + shift),
        )
        for shift in (0, 60)
    ]

    def accept(offer_id: int) -> Callable[[], Offer]:
        return lambda: services.offer_accept(offer=Offer.objects.get(pk=offer_id), actor=cast["volunteer"])

    # when the candidate accepts both at the same time
    results = race(*(accept(o.pk) for o in offers))

    # then exactly one is accepted, with its onboarding; the other is refused on the offer
    accepted = [r for r in results if isinstance(r, Offer)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(accepted), len(refused)) == (1, 1), results
    assert list(refused[0].message_dict) == ["offer"]
    assert sorted(Offer.objects.filter(pk__in=[o.pk for o in offers]).values_list("status", flat=True)) == [
        "accepted",
        "open",
    ]
    assert OnboardingTask.objects.filter(offer=accepted[0]).count() == len(OnboardingTask.Kind.values)
    assert not OnboardingTask.objects.exclude(offer=accepted[0]).exists()
