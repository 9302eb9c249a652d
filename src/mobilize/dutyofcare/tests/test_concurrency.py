"""Two people moving one person at the same moment, on PostgreSQL where the row locks are real:
exactly one wins, the other is told the record changed (409); nothing is half-written."""

import threading

import pytest
from django.db import connection, connections

from mobilize.core.errors import StaleObjectError
from mobilize.dutyofcare.models import EvacuationMove, EvacuationPerson
from mobilize.dutyofcare.services import evacuation_person_move, evacuation_start
from mobilize.dutyofcare.tests.factories import DAY

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_two_movers_at_once_one_wins(cast, world):
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    person = evacuation.people.get()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def move(who: str, status: str) -> None:
        try:
            barrier.wait()
            evacuation_person_move(
                person=EvacuationPerson.objects.get(pk=person.pk),
                status=status,
                expected_version=1,
                actor=cast[who],
            )
            outcomes[who] = "moved"
        except StaleObjectError:
            outcomes[who] = "stale"
        except Exception as exc:  # any other failure is named in the assertion below
            outcomes[who] = repr(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=("hq", "in_transit")),
        threading.Thread(target=move, args=("field_in", "safe")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["moved", "stale"]
    person.refresh_from_db()
    assert person.version == 2
    assert EvacuationMove.objects.filter(person=person).count() == 1
