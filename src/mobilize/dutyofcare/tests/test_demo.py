"""The duty-of-care demo: levels of 2023, Sudan's evacuation partly accounted for; idempotent."""

import datetime as dt

import pytest

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.models import AuditRecord
from mobilize.dutyofcare.demo import SUDAN_AS_OF, dutyofcare_demo_seed
from mobilize.dutyofcare.models import CheckIn, Evacuation, Incident, SecurityLevelChange
from mobilize.dutyofcare.selectors import security_level_on
from mobilize.dutyofcare.tests.factories import serving
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sudan(db):
    country = CountryFactory(iso2="SD", iso3="SDN", m49="729", name_en="Sudan")
    khartoum = DutyStationFactory(name="Khartoum", country=country)
    nyala = DutyStationFactory(name="Nyala", country=country)
    for n in range(4):
        serving(khartoum, name=f"K{n}", entry=dt.date(2023, 1, 1))
    serving(nyala, name="N0", entry=dt.date(2023, 1, 1))
    serving(nyala, name="Later", entry=dt.date(2023, 5, 1))  # arrived after the day: not listed
    return country, khartoum


def test_the_demo_is_made_through_the_services_and_once(sudan):
    country, khartoum = sudan
    UserFactory(username="hq", role=Role.HQ)
    # when
    first = dutyofcare_demo_seed(progress=lambda _line: None)
    # then: Sudan's three rows (the other countries of the file are not in this database)
    assert first.levels == 3
    assert security_level_on(day=SUDAN_AS_OF, country_id=country.pk, duty_station_id=khartoum.pk).level == 6
    assert security_level_on(day=dt.date(2023, 4, 14), country_id=country.pk).level == 4
    evacuation = Evacuation.objects.get()
    statuses = sorted(evacuation.people.values_list("status", flat=True))
    assert statuses == ["in_transit", "safe", "safe", "safe", "to_move"]
    assert (first.people, first.accounted, first.checkins, first.incidents) == (5, 3, 1, 2)
    assert evacuation.is_open
    assert CheckIn.objects.get().responses.count() == 5
    assert AuditRecord.objects.filter(verb="evacuation.person_moved").count() == 7
    # a second run changes nothing
    second = dutyofcare_demo_seed(progress=lambda _line: None)
    assert (second.levels, second.checkins, second.incidents) == (0, 0, 0)
    assert (second.people, second.accounted) == (5, 3)
    assert (SecurityLevelChange.objects.count(), Evacuation.objects.count(), Incident.objects.count()) == (
        3,
        1,
        2,
    )
    assert CheckIn.objects.count() == 1


def test_without_headquarters_nothing_is_made(sudan):
    result = dutyofcare_demo_seed(progress=lambda _line: None)
    assert result.levels == 0
    assert not Evacuation.objects.exists()
