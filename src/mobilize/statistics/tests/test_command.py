"""``mobilize stats --year Y --format json|table|csv``."""

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mobilize.geo.models import Region
from mobilize.statistics.tests.builders import country, person, serve
from mobilize.talent.models import Gender

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    """2022: one woman in Kenya; 2023: she stays into 2023, a man joins in Jordan."""
    kenya, jordan = country("KE"), country("JO", Region.ARAB_STATES)
    serve(person(kenya, gender=Gender.FEMALE), kenya, start=dt.date(2022, 6, 1), end=dt.date(2023, 5, 31))
    serve(person(kenya, gender=Gender.MALE), jordan, start=dt.date(2023, 2, 1), end=dt.date(2024, 1, 31))


def _run(*args):
    out = StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_json_has_sorted_keys_and_fixed_places(programme):
    text = _run("--year", "2023", "--format", "json")

    document = json.loads(text)
    assert list(document) == ["change", "format", "onsite", "previous_year", "year"]
    assert list(document["onsite"]) == sorted(document["onsite"])
    assert document["onsite"]["volunteers"] == 2
    assert '"share": 0.5000' in text
    assert '"mean": null' in text
    assert document["change"]["volunteers"] == 1.0


def test_exact_json_keeps_every_digit(programme):
    serve(person(country("KE"), gender=Gender.MALE), country("KE"))

    document = json.loads(_run("--year", "2023", "--exact"))

    assert document["onsite"]["women"]["share"] == pytest.approx(1 / 3, abs=1e-20)


def test_csv_has_one_row_per_figure_path(programme):
    rows = list(csv.reader(StringIO(_run("--year", "2023", "--format", "csv"))))

    assert rows[0] == ["path", "value"]
    values = dict(rows[1:])
    assert values["onsite.volunteers"] == "2"
    assert values["onsite.by_region.arab_states"] == "1"
    assert values["onsite.women.share"] == "0.5000"
    assert values["onsite.lead_time_days.national.mean"] == ""
    assert values["previous_year.volunteers"] == "1"
    assert values["format"] == "mobilize-statistics/1"
    assert [path for path, _value in rows[1:]] == sorted(path for path, _value in rows[1:])


def test_table_is_readable_with_the_previous_year(programme):
    text = _run("--year", "2023", "--format", "table")

    lines = text.splitlines()
    assert lines[0] == "Onsite UN Volunteers, 2023 (mobilize-statistics/1)"
    assert lines[2].split() == ["figure", "2023", "2022", "change"]
    assert "volunteers" in text and "+100.00 %" in text
    assert any(line.split()[:3] == ["women.share", "50.00", "%"] for line in lines)


def test_a_year_without_data_prints_zeros_and_no_previous_year(db):
    document = json.loads(_run("--year", "2030"))

    assert document["onsite"]["volunteers"] == 0
    assert document["onsite"]["women"]["share"] is None
    assert document["previous_year"] is None


def test_a_bad_year_is_an_error():
    with pytest.raises(CommandError, match="1901"):
        _run("--year", "12")
