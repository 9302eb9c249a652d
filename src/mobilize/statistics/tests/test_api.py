"""The JSON API at /api/v1/statistics/: both endpoints over the whole cast, and the document."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import CAST

pytestmark = pytest.mark.django_db

READERS = {"hq", "recruiter", "auditor", "donor"}


def _expected(who):
    if who == "anonymous":
        return 401
    return 200 if who in READERS else 403


@pytest.mark.parametrize("who", CAST)
def test_statistics_of_a_year_over_the_cast(who, cast, world, api_as):
    response = api_as(cast[who], "get", "/api/v1/statistics/2023")

    assert response.status_code == _expected(who)
    if response.status_code == 200:
        assert response.json()["onsite"]["volunteers"] == 2


@pytest.mark.parametrize("who", CAST)
def test_years_with_data_over_the_cast(who, cast, world, api_as):
    response = api_as(cast[who], "get", "/api/v1/statistics/years")

    assert response.status_code == _expected(who)
    if response.status_code == 200:
        # the world's two assignments: 2023-03-01 to 2024-02-29 and the factory's default dates
        assert response.json() == {"years": [2023, 2024]}


def test_the_api_answers_the_bytes_the_command_prints(cast, world, api_as):
    out = StringIO()
    call_command("stats", "--year", "2023", "--format", "json", stdout=out)

    response = api_as(cast["hq"], "get", "/api/v1/statistics/2023")

    assert response["Content-Type"] == "application/json"
    assert response.content.decode() == out.getvalue()
    assert '"share": 1.0000' in out.getvalue()
    assert json.loads(out.getvalue())["format"] == "mobilize-statistics/1"


def test_a_year_outside_the_calendar_is_422_naming_the_year(cast, world, api_as):
    response = api_as(cast["hq"], "get", "/api/v1/statistics/1900")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["year"]
