import pytest
from django.contrib.auth.models import AnonymousUser

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.geo.models import Region, RegionalOffice
from mobilize.geo.selectors import (
    country_list,
    dutystation_list,
    dutystation_name_taken,
    dutystation_placeable_countries,
)
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    return {
        "KE": CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya", name_fr="Kenya"),
        "PE": CountryFactory(
            iso2="PE",
            iso3="PER",
            m49="604",
            name_en="Peru",
            name_zh="秘鲁",
            region=Region.LATIN_AMERICA,
            regional_office=RegionalOffice.LATIN_AMERICA,
        ),
        "DE": CountryFactory(
            iso2="DE",
            iso3="DEU",
            m49="276",
            name_en="Germany",
            name_fr="Allemagne",
            region=Region.GLOBAL,
            regional_office=RegionalOffice.HEADQUARTERS,
            is_global_south=False,
        ),
    }


def names(qs):
    return [c.iso2 for c in qs]


def test_country_list_is_ordered_by_english_name_in_one_query(countries, django_assert_num_queries):
    viewer = UserFactory(role=Role.CANDIDATE)
    with django_assert_num_queries(1):
        assert names(country_list(viewer=viewer)) == ["DE", "KE", "PE"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": Region.LATIN_AMERICA}, ["PE"]),
        ({"regional_office": RegionalOffice.HEADQUARTERS}, ["DE"]),
        ({"is_global_south": True}, ["KE", "PE"]),
        ({"is_global_south": False}, ["DE"]),
        ({"search": "allem"}, ["DE"]),
        ({"search": "秘鲁"}, ["PE"]),
        ({"search": "ken"}, ["KE"]),
        ({"search": "per"}, ["PE"]),
        ({"search": "de"}, ["DE"]),
        ({"region": Region.AFRICA, "is_global_south": False}, []),
    ],
)
def test_country_list_filters(filters, expected, countries):
    viewer = UserFactory(role=Role.FIELD_UNIT)
    assert names(country_list(viewer=viewer, **filters)) == expected


def test_anonymous_sees_no_country(countries):
    assert names(country_list(viewer=AnonymousUser())) == []


def test_dutystation_list_joins_the_country_in_one_query(countries, django_assert_num_queries):
    # given
    viewer = UserFactory(role=Role.HOST_FOCAL_POINT)
    DutyStationFactory(country=countries["PE"], name="Lima")
    DutyStationFactory(country=countries["KE"], name="Nairobi")
    DutyStationFactory(country=countries["KE"], name="Kisumu")
    # when / then: ordered by country then name, the country's name read without another query
    with django_assert_num_queries(1):
        assert [(s.country.name, s.name) for s in dutystation_list(viewer=viewer)] == [
            ("Kenya", "Kisumu"),
            ("Kenya", "Nairobi"),
            ("Peru", "Lima"),
        ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"hardship_class": "E"}, ["Gao"]),
        ({"is_family": True}, ["Kisumu", "Nairobi"]),
        ({"is_family": False}, ["Gao"]),
        ({"search": "SUM"}, ["Kisumu"]),
    ],
)
def test_dutystation_list_filters(filters, expected, countries):
    viewer = UserFactory(role=Role.DONOR)
    DutyStationFactory(country=countries["KE"], name="Nairobi")
    DutyStationFactory(country=countries["KE"], name="Kisumu")
    DutyStationFactory(country=countries["PE"], name="Gao", hardship_class="E", is_family=False)
    assert [s.name for s in dutystation_list(viewer=viewer, **filters)] == expected


def test_dutystation_list_by_country(countries, django_assert_num_queries):
    viewer = UserFactory(role=Role.HQ)
    DutyStationFactory(country=countries["KE"], name="Nairobi")
    DutyStationFactory(country=countries["PE"], name="Lima")
    with django_assert_num_queries(1):
        assert [s.name for s in dutystation_list(viewer=viewer, country_id=countries["PE"].pk)] == ["Lima"]


def test_placeable_countries_follow_the_role(countries, django_assert_num_queries):
    hq = UserFactory(role=Role.HQ)
    field = UserFactory(role=Role.FIELD_UNIT, countries=[countries["PE"]])
    recruiter = UserFactory(role=Role.RECRUITER)
    assert names(dutystation_placeable_countries(user=hq)) == ["DE", "KE", "PE"]
    assert names(dutystation_placeable_countries(user=recruiter)) == []
    with django_assert_num_queries(2):  # the field unit's countries, then the list
        assert names(dutystation_placeable_countries(user=field)) == ["PE"]


def test_name_taken_ignores_case_and_the_station_itself(countries):
    station = DutyStationFactory(country=countries["KE"], name="Nairobi")
    assert dutystation_name_taken(country=countries["KE"], name="NAIROBI") is True
    assert dutystation_name_taken(country=countries["KE"], name="Nairobi", exclude_id=station.pk) is False
    assert dutystation_name_taken(country=countries["PE"], name="Nairobi") is False
