"""The JSON API at /api/v1/assignments/: every endpoint over the whole cast, and the rules."""

import datetime as dt

import pytest

from conftest import CAST
from mobilize.assignments.models import Assignment
from mobilize.core.models import AuditRecord
from mobilize.requests.models import Position
from mobilize.requests.tests.factories import PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/assignments/assignments"


def _payload(world, **overrides):
    volunteer = CandidateFactory(given_name="Nadia", family_name="Njeri", nationality=world.country)
    data = {
        "volunteer": volunteer.pk,
        "category": world.category.pk,
        "host_entity": world.host.pk,
        "duty_station": world.station.pk,
        "funding_type": "host",
        "entry_on_duty": "2024-01-01",
        "planned_end": "2024-12-31",
    }
    data.update(overrides)
    return data


def _fields(response):
    return sorted(e["field"] for e in response.json()["errors"])


# --- permissions over the cast ---------------------------------------------------------------

LIST_SEES = {
    "hq": {"assignment", "other_assignment"},
    "recruiter": {"assignment", "other_assignment"},
    "auditor": {"assignment", "other_assignment"},
    "focal": {"assignment"},
    "other_focal": {"other_assignment"},
    "field_in": {"assignment"},
    "field_out": {"other_assignment"},
    "volunteer": {"assignment"},
    "other_volunteer": {"other_assignment"},
    "donor": set(),
}
DETAIL = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 200,
    "focal": 200,
    "other_focal": 404,
    "field_in": 200,
    "field_out": 404,
    "volunteer": 200,
    "other_volunteer": 404,
    "donor": 404,
    "anonymous": 401,
}
CREATE = {
    "hq": 201,
    "recruiter": 201,
    "auditor": 403,
    "focal": 403,
    "other_focal": 403,
    "field_in": 201,
    "field_out": 422,  # the Kenyan volunteer is not in its scope (nor Nairobi in its countries)
    "volunteer": 403,
    "other_volunteer": 403,
    "donor": 403,
    "anonymous": 401,
}
UPDATE = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 403,
    "focal": 403,
    "other_focal": 404,
    "field_in": 200,
    "field_out": 404,
    "volunteer": 403,
    "other_volunteer": 404,
    "donor": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_list_permissions(api_as, cast, world, who):
    response = api_as(cast[who], "get", BASE)
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    expected = {getattr(world, name).reference for name in LIST_SEES[who]}
    assert {item["reference"] for item in response.json()["items"]} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("who", CAST)
def test_detail_permissions(api_as, cast, world, who):
    response = api_as(cast[who], "get", f"{BASE}/{world.assignment.pk}")
    assert response.status_code == DETAIL[who]
    if response.status_code == 200:
        assert response.json()["reference"] == world.assignment.reference


@pytest.mark.parametrize("who", CAST)
def test_create_permissions(api_as, cast, world, who):
    before = Assignment.objects.count()
    response = api_as(cast[who], "post", BASE, _payload(world))
    assert response.status_code == CREATE[who]
    assert Assignment.objects.count() == before + (1 if response.status_code == 201 else 0)
    if who == "field_out":
        assert _fields(response) == ["volunteer"]


@pytest.mark.parametrize("who", CAST)
def test_update_permissions(api_as, cast, world, who):
    response = api_as(
        cast[who], "patch", f"{BASE}/{world.assignment.pk}", {"version": 1, "funding_type": "svf"}
    )
    assert response.status_code == UPDATE[who]
    world.assignment.refresh_from_db()
    assert world.assignment.funding_type == ("svf" if response.status_code == 200 else "host")


def test_focal_point_asking_for_another_entitys_assignment_gets_404(api_as, cast, world):
    response = api_as(cast["focal"], "get", f"{BASE}/{world.other_assignment.pk}")
    assert response.status_code == 404
    missing = api_as(cast["focal"], "get", f"{BASE}/999999")
    assert response.json() == missing.json()


# --- create -----------------------------------------------------------------------------------


def test_create_returns_the_assignment(api_as, cast, world):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    response = api_as(cast["hq"], "post", BASE, _payload(world, position=position.pk, funding_type="svf"))
    assert response.status_code == 201
    body = response.json()
    created = Assignment.objects.get(pk=body["id"])
    assert body["reference"] == f"ASG-2024-{created.pk:06d}"
    assert body["volunteer_name"] == "Nadia Njeri"
    assert body["position"] == position.pk
    assert body["modality"] == "national"
    assert body["duty_country"] == world.country.pk
    assert body["duty_country_name"] == "Kenya"
    assert body["host_entity_acronym"] == "HOSTA"
    assert body["funding_type"] == "svf"
    assert body["status"] == "active"
    assert body["version"] == 1
    position.refresh_from_db()
    assert position.status == Position.Status.FILLED


def test_create_with_end_before_start_is_422_naming_planned_end_and_writes_nothing(api_as, cast, world):
    before = Assignment.objects.count()
    response = api_as(cast["hq"], "post", BASE, _payload(world, planned_end="2023-12-31"))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "planned_end", "message": "The planned end cannot be before the entry on duty."}
    ]
    assert Assignment.objects.count() == before
    assert not AuditRecord.objects.filter(target_type="assignments.assignment").exists()


def test_create_with_a_national_category_abroad_is_422_naming_category(api_as, cast, world):
    peruvian = CandidateFactory(nationality=world.other_country)
    response = api_as(cast["hq"], "post", BASE, _payload(world, volunteer=peruvian.pk))
    assert response.status_code == 422
    assert _fields(response) == ["category"]
    assert "national category" in response.json()["errors"][0]["message"]


def test_create_with_a_duration_too_long_is_422_naming_planned_end(api_as, cast, world):
    response = api_as(cast["hq"], "post", BASE, _payload(world, planned_end="2030-01-01"))
    assert response.status_code == 422
    assert _fields(response) == ["planned_end"]


def test_create_for_a_position_already_filled_is_409(api_as, cast, world):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    assert api_as(cast["hq"], "post", BASE, _payload(world, position=position.pk)).status_code == 201
    before = Assignment.objects.count()
    response = api_as(cast["hq"], "post", BASE, _payload(world, position=position.pk))
    assert response.status_code == 409
    assert _fields(response) == ["position"]
    assert Assignment.objects.count() == before


def test_create_names_every_unknown_reference(api_as, cast, world):
    response = api_as(
        cast["hq"], "post", BASE, _payload(world, volunteer=999999, category=999999, position=999999)
    )
    assert response.status_code == 422
    assert _fields(response) == ["category", "position", "volunteer"]


def test_create_with_a_malformed_date_names_it(api_as, cast, world):
    response = api_as(cast["hq"], "post", BASE, _payload(world, entry_on_duty="first of May"))
    assert response.status_code == 422
    assert _fields(response) == ["entry_on_duty"]


def test_field_unit_placing_outside_its_countries_is_422_naming_duty_station(api_as, cast, world):
    # a Peruvian the Peru field unit may see, placed in Nairobi
    peruvian = CandidateFactory(nationality=world.other_country)
    response = api_as(cast["field_out"], "post", BASE, _payload(world, volunteer=peruvian.pk))
    assert response.status_code == 422
    assert _fields(response) == ["duty_station"]


# --- update ---------------------------------------------------------------------------------


def test_update_changes_the_given_fields_only(api_as, cast, world):
    response = api_as(
        cast["hq"],
        "patch",
        f"{BASE}/{world.assignment.pk}",
        {"version": 1, "status": "completed", "actual_end": "2024-02-29"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["actual_end"], body["planned_end"], body["version"]) == (
        "completed",
        "2024-02-29",
        "2024-02-29",
        2,
    )


def test_update_with_end_before_start_is_422_naming_planned_end_and_writes_nothing(api_as, cast, world):
    response = api_as(
        cast["hq"], "patch", f"{BASE}/{world.assignment.pk}", {"version": 1, "planned_end": "2023-01-01"}
    )
    assert response.status_code == 422
    assert _fields(response) == ["planned_end"]
    world.assignment.refresh_from_db()
    assert (world.assignment.planned_end, world.assignment.version) == (dt.date(2024, 2, 29), 1)
    assert not AuditRecord.objects.filter(target_type="assignments.assignment").exists()


def test_update_on_a_stale_version_is_409(api_as, cast, world):
    url = f"{BASE}/{world.assignment.pk}"
    assert api_as(cast["hq"], "patch", url, {"version": 1, "funding_type": "svf"}).status_code == 200
    response = api_as(cast["recruiter"], "patch", url, {"version": 1, "funding_type": "single_source"})
    assert response.status_code == 409
    assert _fields(response) == ["version"]
    world.assignment.refresh_from_db()
    assert world.assignment.funding_type == "svf"


def test_editing_a_completed_assignment_is_409(api_as, cast, world):
    url = f"{BASE}/{world.assignment.pk}"
    api_as(cast["hq"], "patch", url, {"version": 1, "status": "completed", "actual_end": "2024-02-29"})
    response = api_as(cast["hq"], "patch", url, {"version": 2, "planned_end": "2024-01-31"})
    assert response.status_code == 409
    assert "can no longer be edited" in response.json()["message"]


def test_update_cannot_empty_a_required_field(api_as, cast, world):
    response = api_as(
        cast["hq"], "patch", f"{BASE}/{world.assignment.pk}", {"version": 1, "planned_end": None}
    )
    assert response.status_code == 422
    assert _fields(response) == ["planned_end"]


def test_update_needs_the_version(api_as, cast, world):
    response = api_as(cast["hq"], "patch", f"{BASE}/{world.assignment.pk}", {"funding_type": "svf"})
    assert response.status_code == 422
    assert _fields(response) == ["version"]


# --- list filters ---------------------------------------------------------------------------


def test_list_takes_the_page_filters(api_as, cast, world):
    def refs(query):
        response = api_as(cast["hq"], "get", f"{BASE}?{query}")
        assert response.status_code == 200
        return {item["reference"] for item in response.json()["items"]}

    assert refs(f"host_entity={world.other_host.pk}") == {world.other_assignment.reference}
    assert refs(f"duty_country={world.country.pk}") == {world.assignment.reference}
    assert refs("search=otto") == {world.other_assignment.reference}
    assert refs("active_in_year=2022") == set()
    assert refs("active_in_year=2024&status=active&modality=national&funding_type=host") == {
        world.assignment.reference,
        world.other_assignment.reference,
    }


@pytest.mark.parametrize(
    ("query", "field"), [("status=sleeping", "status"), ("active_in_year=0", "active_in_year")]
)
def test_list_refuses_a_bad_filter_naming_it(api_as, cast, world, query, field):
    response = api_as(cast["hq"], "get", f"{BASE}?{query}")
    assert response.status_code == 422
    assert _fields(response) == [field]


def test_volunteer_asking_for_mine_gets_their_own(api_as, cast, world):
    response = api_as(cast["volunteer"], "get", f"{BASE}?mine=1")
    assert [item["reference"] for item in response.json()["items"]] == [world.assignment.reference]
