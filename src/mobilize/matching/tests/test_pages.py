import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.matching.tests import factories as f

pytestmark = pytest.mark.django_db

EXPECTED = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 200,
    "focal": 403,
    "other_focal": 404,
    "field_in": 200,
    "field_out": 404,
    "volunteer": 404,
    "other_volunteer": 404,
    "donor": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", CAST)
def test_ranking_page_permissions(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("matching:doa_ranking", kwargs={"doa_id": world.doa.pk}))
    assert response.status_code == EXPECTED[who]


@pytest.mark.parametrize("who", CAST)
def test_eligibility_page_permissions(who, cast, world, client_for):
    url = reverse("matching:eligibility", kwargs={"doa_id": world.doa.pk, "candidate_id": world.volunteer.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == EXPECTED[who]


def test_ranking_page_shows_every_component(cast, world, client_for):
    f.refresh()

    response = client_for(cast["recruiter"]).get(
        reverse("matching:doa_ranking", kwargs={"doa_id": world.doa.pk})
    )

    html = response.content.decode()
    assert "Vera Volunteer" in html
    for label in (
        "Expertise",
        "Languages",
        "Experience",
        "Education",
        "Availability",
        "Duty-station fit",
        "Earlier assignments",
    ):
        assert f'<th scope="col">{label}</th>' in html
    assert "No availability date given: counted as available now." in html
    assert "Not eligible" not in html


def test_ranking_page_lists_ineligible_applicants_with_reasons(cast, world, client_for):
    url = reverse("matching:doa_ranking", kwargs={"doa_id": world.doa.pk})

    response = client_for(cast["hq"]).get(
        url, {"scope": "applicants", "candidates": f"{world.volunteer.pk}, {world.other_volunteer.pk}"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Eligible applicants" in html and "Not eligible" in html
    assert "A national of Peru: national assignments in Kenya are for its nationals" in html


def test_ranking_page_shows_bad_options_and_ranks_the_pool_meanwhile(cast, world, client_for):
    url = reverse("matching:doa_ranking", kwargs={"doa_id": world.doa.pk})

    response = client_for(cast["hq"]).get(url, {"limit": "0", "candidates": "twelve"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in html
    assert "Give candidate numbers only, e.g. 12, 40, 77." in html
    assert "Best in the talent pool" in html


def test_ranking_page_htmx_gets_the_results_only(cast, world, client_for):
    url = reverse("matching:doa_ranking", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast["hq"]).get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')


def test_eligibility_page_shows_reasons_and_score(cast, world, client_for):
    url = reverse("matching:eligibility", kwargs={"doa_id": world.doa.pk, "candidate_id": world.volunteer.pk})

    html = client_for(cast["auditor"]).get(url).content.decode()

    assert "Eligible. Score:" in html
    assert "A national of Kenya: national assignments there are for its nationals." in html
    assert '<th scope="row">Service limit</th>' in html


def test_eligibility_page_of_an_ineligible_candidate(cast, world, client_for):
    url = reverse(
        "matching:eligibility", kwargs={"doa_id": world.doa.pk, "candidate_id": world.other_volunteer.pk}
    )

    html = client_for(cast["hq"]).get(url).content.decode()

    assert "Not eligible." in html
    assert "<h2>Score</h2>" not in html


@pytest.mark.parametrize(("who", "shown"), [("recruiter", True), ("hq", True), ("focal", False)])
def test_doa_page_links_to_the_ranking_for_those_who_may_rank(who, shown, cast, world, client_for):
    from django.urls import reverse

    page = client_for(cast[who]).get(reverse("requests:doa_detail", kwargs={"doa_id": world.doa.pk}))
    assert page.status_code == 200
    link = reverse("matching:doa_ranking", kwargs={"doa_id": world.doa.pk})
    assert (link in page.content.decode()) is shown
