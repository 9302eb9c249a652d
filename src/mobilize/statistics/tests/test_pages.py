"""The statistics page over the whole cast, its year picker, charts and navigation."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import CAST
from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.models import Assignment
from mobilize.assignments.selectors import active_in_year_q
from mobilize.lifecycle.models import Separation
from mobilize.statistics.tests.builders import person, serve

pytestmark = pytest.mark.django_db

URL = reverse("statistics:overview")
READERS = {"hq", "recruiter", "auditor", "donor"}


@pytest.mark.parametrize("who", CAST)
def test_overview_over_the_cast(who, cast, world, client_for):
    response = client_for(cast[who]).get(URL, {"year": 2023})

    expected = 302 if who == "anonymous" else 200 if who in READERS else 403
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", CAST)
def test_navigation_shows_statistics_to_readers_only(who, cast, world, client_for):
    if who == "anonymous":
        return
    response = client_for(cast[who]).get(reverse("web:home"))

    assert (URL in response.content.decode()) == (who in READERS)


def test_overview_shows_tables_and_accessible_svg_charts(cast, world, client_for):
    response = client_for(cast["hq"]).get(URL, {"year": 2023})

    html = response.content.decode()
    assert "Onsite UN Volunteers in 2023" in html
    assert html.count('role="img"') == 4
    for slug in ("regions", "women", "host-groups", "ages"):
        assert f'<title id="chart-{slug}-title">' in html
        assert f'<desc id="chart-{slug}-desc">' in html
    assert "statistics/statistics.css" in html
    assert "style=" not in html
    assert "<script>" not in html
    # both of the world's volunteers are in Africa: the longest bar
    assert re.search(r'<rect class="chart-bar" x="230" y="10" width="330" height="20">', html)


def test_default_year_is_the_latest_begun_year_with_data(cast, world, client_for):
    response = client_for(cast["hq"]).get(URL)

    assert response.status_code == 200
    assert response.context["document"]["year"] == min(dt.date.today().year, 2024)


def test_previous_year_column_when_there_is_one(cast, world, client_for):
    serve(person(world.country), world.country, start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))

    html = client_for(cast["hq"]).get(URL, {"year": 2023}).content.decode()

    assert '<th scope="col">2022</th>' in html
    assert "+100.0 %" in html


def test_a_year_without_data_is_refused_by_the_picker(cast, world, client_for):
    response = client_for(cast["hq"]).get(URL, {"year": 1999})

    assert response.status_code == 422
    assert "document" not in response.context
    assert 'class="error"' in response.content.decode()


def test_no_data_at_all_says_so(client_for):
    response = client_for(UserFactory(role=Role.HQ)).get(URL)

    assert response.status_code == 200
    assert "No assignment has been recorded yet" in response.content.decode()


def test_overview_shows_the_assignments_ended_early_and_the_closures(cast, world, client_for):
    # given: one of the year's assignments ended early by a resignation the host accepted
    assignment = Assignment.objects.filter(active_in_year_q(2023)).order_by("pk").first()
    Separation.objects.create(
        assignment=assignment,
        kind=Separation.Kind.RESIGNATION,
        status=Separation.Status.ACCEPTED,
        last_day=dt.date(2023, 9, 30),
        leave_taken_days=0,
        submitted_at=timezone.now(),
    )
    # when
    html = client_for(cast["hq"]).get(URL, {"year": 2023}).content.decode()
    # then
    table = html[html.index('<table id="separations">') : html.index('<table id="closures">')]
    assert re.search(r'<th scope="row">Resignation</th><td class="number">1</td>', table)
    assert re.search(r'<th scope="row">Early termination</th><td class="number">0</td>', table)
    closures = html[html.index('<table id="closures">') :]
    assert "None." in closures[: closures.index("</table>")]
