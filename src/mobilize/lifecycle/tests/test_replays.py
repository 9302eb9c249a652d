"""The demo's replay of the 2023 MINUSMA closure: once, whatever how often it is called."""

import datetime as dt

import pytest

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.models import Assignment
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
from mobilize.lifecycle.models import MissionClosure, Redeployment
from mobilize.lifecycle.services import minusma_closure_replay
from mobilize.lifecycle.tests.factories import bulk_assignments
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import VolunteerCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(db):
    return UserFactory(username="hq", role=Role.HQ)


def test_nothing_to_replay_without_minusma(hq):
    assert minusma_closure_replay(actor=hq) is None
    assert not MissionClosure.objects.exists()


def test_replay_ends_every_open_assignment_and_records_fifty_redeployed(hq):
    # given MINUSMA in Mali with 60 serving international volunteers, and two receiving missions
    minusma = HostEntityFactory(acronym="MINUSMA", name_en="MINUSMA")
    HostEntityFactory(acronym="MINUSCA", name_en="MINUSCA")
    HostEntityFactory(acronym="UNMISS", name_en="UNMISS")
    mali = CountryFactory(iso2="ML", iso3="MLI", m49="466", name_en="Mali")
    senegal = CountryFactory(iso2="SN", iso3="SEN", m49="686", name_en="Senegal")
    category = VolunteerCategoryFactory(
        code="international-specialist",
        name_en="International UN Volunteer Specialist",
        modality=Modality.INTERNATIONAL,
    )
    bulk_assignments(
        count=60,
        host_entity=minusma,
        duty_station=DutyStationFactory(name="Bamako", country=mali),
        category=category,
        nationality=senegal,
        start=dt.date(2023, 3, 1),
        planned_end=dt.date(2024, 2, 29),
    )
    # when
    replay = minusma_closure_replay(actor=hq)
    # then
    assert (replay.created, replay.ended, replay.redeployed) == (True, 60, 50)
    assert replay.ended_difference == -234
    assert "60 assignments ended (report: 294), 50 volunteers redeployed (report: 50)" in replay.summary()
    assert not Assignment.objects.filter(host_entity=minusma, status__in=Assignment.OPEN_STATUSES).exists()
    assert Assignment.objects.filter(host_entity=minusma, actual_end=dt.date(2023, 12, 31)).count() == 60
    receiving = list(
        Redeployment.objects.order_by("assignment__reference").values_list("host_entity__acronym", flat=True)[
            :3
        ]
    )
    assert receiving == ["MINUSCA", "UNMISS", "MINUSCA"]
    assert set(Redeployment.objects.values_list("status", flat=True)) == {"redeployed"}
    # and a second call changes nothing
    again = minusma_closure_replay(actor=hq)
    assert (again.created, again.ended, again.redeployed, again.closure) == (False, 60, 50, replay.closure)
    assert MissionClosure.objects.count() == 1
    assert Redeployment.objects.count() == 50
