import pytest

from mobilize.geo.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_a_made_country_never_takes_a_code_a_test_gave():
    # given Kenya with its real M49 code, and the factory's sequence at the number that gives it
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya")
    CountryFactory.reset_sequence(496)
    # when a country is made (the matching tests failed so, depending on the tests run before)
    made = CountryFactory()
    # then it takes the next free code
    assert made.m49 != kenya.m49
    assert made.m49 == "403"
