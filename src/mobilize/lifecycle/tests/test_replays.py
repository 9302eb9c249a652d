"""Replaying a closure from its published figures (what the generator does for a profile's
``onsite.mission_closures``): every open assignment ends, the first volunteers consent and are
recorded as redeployed to missions of the receiving types in turn; all or nothing."""

import datetime as dt

import pytest

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.models import Assignment
from mobilize.core.errors import ApplicationError
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
from mobilize.lifecycle.models import MissionClosure, Redeployment, RedeploymentConsent
from mobilize.lifecycle.services import closure_replay
from mobilize.lifecycle.tests.factories import bulk_assignments
from mobilize.partners.models import HostEntity
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.statistics.selectors import mission_closures

pytestmark = pytest.mark.django_db
CLOSURE = dt.date(2023, 12, 31)


@pytest.fixture
def hq(db):
    return UserFactory(username="hq", role=Role.HQ)


@pytest.fixture
def mission(db):
    """A mission in Mali with 60 serving international volunteers; two receiving missions and an
    agency that does not receive."""
    minusma = HostEntityFactory(acronym="MINUSMA", name_en="MINUSMA", type=HostEntity.Type.PEACEKEEPING)
    HostEntityFactory(acronym="UNMISS", name_en="UNMISS", type=HostEntity.Type.PEACEKEEPING)
    HostEntityFactory(acronym="UNAMA", name_en="UNAMA", type=HostEntity.Type.POLITICAL_MISSION)
    HostEntityFactory(acronym="UNDP", name_en="UNDP", type=HostEntity.Type.FUND_PROGRAMME)
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
    return minusma


def _replay(host, hq, redeployed):
    return closure_replay(
        host_entity=host,
        closure_date=CLOSURE,
        redeployed=redeployed,
        receiving_types=(HostEntity.Type.PEACEKEEPING, HostEntity.Type.POLITICAL_MISSION),
        actor=hq,
        note="replayed",
    )


def test_replay_ends_every_open_assignment_and_records_the_redeployed(mission, hq):
    # when
    closure = _replay(mission, hq, redeployed=50)
    # then every assignment ended on the closure date, and the closure counts them
    assert closure.ended_count == 60
    assert not Assignment.objects.filter(host_entity=mission, status__in=Assignment.OPEN_STATUSES).exists()
    assert Assignment.objects.filter(host_entity=mission, actual_end=CLOSURE).count() == 60
    # and the first 50 (by reference) consented and went to the receiving missions in turn
    assert RedeploymentConsent.objects.filter(consents=True).count() == 50
    receiving = list(
        Redeployment.objects.order_by("assignment__reference").values_list("host_entity__acronym", flat=True)
    )
    assert receiving[:3] == ["UNAMA", "UNMISS", "UNAMA"]
    assert len(receiving) == 50
    assert set(Redeployment.objects.values_list("status", flat=True)) == {"redeployed"}
    # and the statistics of the year count the closure from these records
    assert mission_closures(2023) == {"MINUSMA": {"assignments_ended": 60, "redeployed": 50}}
    assert mission_closures(2024) == {}


def test_more_to_redeploy_than_serve_is_refused_and_nothing_is_written(mission, hq):
    with pytest.raises(ApplicationError) as refused:
        _replay(mission, hq, redeployed=61)
    assert refused.value.field == "redeployed"
    assert "61 volunteers are to be redeployed but 60 serve at MINUSMA" in refused.value.message
    assert not MissionClosure.objects.exists()
    assert not RedeploymentConsent.objects.exists()


def test_a_host_closed_once_cannot_be_replayed_again(mission, hq):
    _replay(mission, hq, redeployed=5)
    with pytest.raises(ApplicationError) as refused:
        _replay(mission, hq, redeployed=0)
    assert refused.value.field == "host_entity"
    assert MissionClosure.objects.count() == 1
