import pytest

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
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_ranking_permissions(who, cast, world, api_as):
    f.refresh()
    response = api_as(cast[who], "get", f"/api/v1/matching/doas/{world.doa.pk}/ranking")
    assert response.status_code == EXPECTED[who]
    if response.status_code == 200:
        assert [row["candidate"] for row in response.json()["results"]] == [world.volunteer.pk]


@pytest.mark.parametrize("who", CAST)
def test_eligibility_permissions(who, cast, world, api_as):
    response = api_as(
        cast[who], "get", f"/api/v1/matching/doas/{world.doa.pk}/eligibility/{world.volunteer.pk}"
    )
    assert response.status_code == EXPECTED[who]


def test_eligibility_answer(cast, world, api_as):
    response = api_as(
        cast["recruiter"], "get", f"/api/v1/matching/doas/{world.doa.pk}/eligibility/{world.volunteer.pk}"
    )

    body = response.json()
    assert (body["doa"], body["candidate"], body["candidate_name"], body["eligible"], body["rank"]) == (
        world.doa.pk,
        world.volunteer.pk,
        "Vera Volunteer",
        True,
        None,
    )
    assert [(r["code"], r["label"], r["passed"]) for r in body["reasons"]] == [
        ("age", "Age", True),
        ("nationality", "Nationality", True),
        ("experience", "Experience", True),
        ("service_limit", "Service limit", True),
    ]
    assert round(sum(c["points"] for c in body["components"]), 2) == body["score"]
    assert [c["name"] for c in body["components"]] == [
        "expertise",
        "languages",
        "experience",
        "education",
        "availability",
        "duty_station",
        "performance",
    ]


def test_eligibility_of_an_ineligible_candidate_names_the_rule(cast, world, api_as):
    response = api_as(
        cast["hq"], "get", f"/api/v1/matching/doas/{world.doa.pk}/eligibility/{world.other_volunteer.pk}"
    )

    body = response.json()
    assert (body["eligible"], body["score"], body["components"]) == (False, None, [])
    assert [r["message"] for r in body["reasons"] if not r["passed"]] == [
        "A national of Peru: national assignments in Kenya are for its nationals and for refugees and "
        "stateless "
        "persons resident there."
    ]


def test_field_unit_cannot_check_a_candidate_it_cannot_see(cast, world, api_as):
    response = api_as(
        cast["field_in"],
        "get",
        f"/api/v1/matching/doas/{world.doa.pk}/eligibility/{world.other_volunteer.pk}",
    )
    assert response.status_code == 404


def test_ranking_of_named_applicants(cast, world, api_as):
    named = f"candidate={world.other_volunteer.pk}&candidate={world.volunteer.pk}"
    path = f"/api/v1/matching/doas/{world.doa.pk}/ranking?scope=applicants&{named}"

    body = api_as(cast["recruiter"], "get", path).json()

    assert body["scope"] == "applicants"
    assert body["weights"]["expertise"] == 30.0
    assert [(r["candidate"], r["rank"], r["eligible"]) for r in body["results"]] == [
        (world.volunteer.pk, 1, True),
        (world.other_volunteer.pk, None, False),
    ]
    assert [r["code"] for r in body["results"][1]["reasons"] if not r["passed"]] == ["nationality"]


def test_naming_a_hidden_applicant_answers_404(cast, world, api_as):
    path = (
        f"/api/v1/matching/doas/{world.doa.pk}/ranking?scope=applicants&candidate={world.other_volunteer.pk}"
    )
    assert api_as(cast["field_in"], "get", path).status_code == 404


@pytest.mark.parametrize(
    ("query", "field"), [("limit=0", "limit"), ("limit=201", "limit"), ("scope=everyone", "scope")]
)
def test_bad_ranking_options_answer_422(cast, world, api_as, query, field):
    response = api_as(cast["hq"], "get", f"/api/v1/matching/doas/{world.doa.pk}/ranking?{query}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_missing_doa_answers_404(cast, api_as):
    assert api_as(cast["hq"], "get", "/api/v1/matching/doas/999999/ranking").status_code == 404
