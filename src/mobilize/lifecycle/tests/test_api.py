"""The JSON API at /api/v1/lifecycle/: every endpoint over the whole cast, and the error shape."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import CAST
from mobilize.core.models import AuditRecord
from mobilize.entitlements.models import LeaveAccrualRate
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.lifecycle.models import Extension, MissionClosure
from mobilize.lifecycle.services import (
    checklist_item_tick,
    end_of_assignment_start,
    extension_request,
    final_clearance_grant,
    mission_close,
    performance_assess,
    resignation_submit,
)
from mobilize.requests.models import Doa
from mobilize.requests.tests.factories import DoaFactory, PositionFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/lifecycle"
SEES = {"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"}


def _expect(who, allowed, *, ok):
    if who == "anonymous":
        return 401
    if who not in SEES:
        return 404
    return ok if who in allowed else 403


def _fields(response):
    return sorted(e["field"] for e in response.json()["errors"])


@pytest.mark.parametrize("who", CAST)
def test_lifecycle_detail(api_as, cast, world, who):
    response = api_as(cast[who], "get", f"{BASE}/assignments/{world.assignment.pk}")
    assert response.status_code == _expect(who, SEES, ok=200)
    if response.status_code == 200:
        body = response.json()
        assert (body["reference"], body["extensions"], body["end_of_assignment"]) == (
            world.assignment.reference,
            [],
            None,
        )


@pytest.mark.parametrize("who", CAST)
def test_extension_request(api_as, cast, world, who):
    response = api_as(
        cast[who],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/extensions",
        {"planned_end": "2024-08-31"},
    )
    allowed = {"hq", "recruiter", "field_in", "focal"}
    assert response.status_code == _expect(who, allowed, ok=201)
    if response.status_code == 201:
        assert response.json()["status"] == "requested"
        assert response.json()["previous_planned_end"] == "2024-02-29"


def test_extension_rule_is_a_422_naming_planned_end(api_as, cast, world):
    response = api_as(
        cast["hq"],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/extensions",
        {"planned_end": "2027-06-30"},
    )
    assert response.status_code == 422
    assert _fields(response) == ["planned_end", "planned_end"]
    assert response.json()["errors"][0]["message"].startswith("Category rule:")
    assert not Extension.objects.exists()


def test_extension_flow_and_a_conflict(api_as, cast, world):
    created = api_as(
        cast["field_in"],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/extensions",
        {"planned_end": "2024-08-31"},
    ).json()
    early = api_as(cast["hq"], "post", f"{BASE}/extensions/{created['id']}/approve", {})
    assert early.status_code == 409
    assert (
        api_as(cast["focal"], "post", f"{BASE}/extensions/{created['id']}/confirm-funding", {}).status_code
        == 200
    )
    approved = api_as(cast["field_in"], "post", f"{BASE}/extensions/{created['id']}/approve", {"note": "ok"})
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    world.assignment.refresh_from_db()
    assert world.assignment.planned_end == dt.date(2024, 8, 31)


@pytest.mark.parametrize("who", CAST)
def test_extension_list_is_scoped(api_as, cast, world, who):
    extension_request(assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["hq"])
    extension_request(
        assignment=world.other_assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["hq"]
    )
    response = api_as(cast[who], "get", f"{BASE}/extensions")
    if who == "anonymous":
        assert response.status_code == 401
        return
    references = {row["assignment_reference"] for row in response.json()["items"]}
    everything = {"hq", "recruiter", "auditor"}
    expected = (
        {world.assignment.reference, world.other_assignment.reference}
        if who in everything
        else {world.assignment.reference}
        if who in SEES
        else {world.other_assignment.reference}
        if who in {"other_focal", "field_out", "other_volunteer"}
        else set()
    )
    assert references == expected


@pytest.mark.parametrize("who", CAST)
def test_resignation_and_its_decision(api_as, cast, world, who):
    LeaveAccrualRate.objects.create(
        modality="national", days_per_month=Decimal("2.5"), effective_from=dt.date(2021, 10, 1)
    )
    response = api_as(
        cast[who],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/resignation",
        {"last_day": "2023-09-15", "leave_taken_days": "10"},
    )
    assert response.status_code == _expect(who, {"volunteer", "hq"}, ok=201)
    if response.status_code == 201:
        assert (response.json()["leave_accrued_days"], response.json()["leave_owing_days"]) == (
            "16.25",
            "6.25",
        )
        return
    separation = resignation_submit(
        assignment=world.assignment, actor=cast["volunteer"], last_day=dt.date(2023, 9, 15)
    )
    decided = api_as(cast[who], "post", f"{BASE}/separations/{separation.pk}/accept", {})
    assert decided.status_code == _expect(who, {"focal", "field_in", "hq"}, ok=200)


@pytest.mark.parametrize("who", CAST)
def test_termination(api_as, cast, world, who):
    response = api_as(
        cast[who],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/termination",
        {"last_day": "2023-10-31", "reason": "Misconduct"},
    )
    assert response.status_code == _expect(who, {"hq", "recruiter"}, ok=201)


@pytest.mark.parametrize("who", CAST)
def test_reassignment(api_as, cast, world, who):
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    response = api_as(
        cast[who],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/reassignments",
        {"duty_station": kisumu.pk, "effective_date": "2023-09-01"},
    )
    assert response.status_code == _expect(who, {"hq", "recruiter", "field_in", "focal"}, ok=201)
    if response.status_code == 201:
        answer = api_as(
            cast["volunteer"],
            "post",
            f"{BASE}/reassignments/{response.json()['id']}/answer",
            {"consents": True},
        )
        assert (answer.status_code, answer.json()["status"]) == (200, "done")


def test_reassignment_to_another_country_is_a_422_naming_duty_station(api_as, cast, world):
    response = api_as(
        cast["hq"],
        "post",
        f"{BASE}/assignments/{world.assignment.pk}/reassignments",
        {"duty_station": world.other_station.pk, "effective_date": "2023-09-01"},
    )
    assert (response.status_code, _fields(response)) == (422, ["duty_station"])


@pytest.mark.parametrize("who", CAST)
def test_consent(api_as, cast, world, who):
    response = api_as(
        cast[who], "put", f"{BASE}/assignments/{world.assignment.pk}/redeployment-consent", {"consents": True}
    )
    assert response.status_code == _expect(who, {"volunteer", "field_in", "hq"}, ok=200)


@pytest.mark.parametrize("who", CAST)
def test_end_of_assignment_and_certificate(api_as, cast, world, who):
    started = api_as(cast[who], "post", f"{BASE}/assignments/{world.assignment.pk}/end")
    assert started.status_code == _expect(who, {"hq", "recruiter", "field_in", "focal"}, ok=201)
    end = (
        world.assignment.end_of_assignment
        if started.status_code == 201
        else end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])
    )
    ticked = api_as(cast[who], "post", f"{BASE}/ends/{end.pk}/items/handover", {"done": True})
    assert ticked.status_code == _expect(who, {"volunteer", "focal", "hq", "recruiter", "field_in"}, ok=200)
    assessed = api_as(
        cast[who], "post", f"{BASE}/ends/{end.pk}/assessment", {"rating": "meets", "assessment": "Good."}
    )
    assert assessed.status_code == _expect(who, {"focal", "hq"}, ok=200)
    early = api_as(cast[who], "get", f"{BASE}/ends/{end.pk}/certificate")
    assert early.status_code == _expect(who, SEES, ok=409)
    for item in end.items.all():
        checklist_item_tick(item=item, actor=cast["hq"])
    performance_assess(end=end, actor=cast["focal"], rating="meets", assessment="Good.")
    cleared = api_as(cast[who], "post", f"{BASE}/ends/{end.pk}/clearance")
    assert cleared.status_code == _expect(who, {"field_in", "hq"}, ok=200)
    if cleared.status_code != 200:
        final_clearance_grant(end=end, actor=cast["hq"])
    pdf = api_as(cast[who], "get", f"{BASE}/ends/{end.pk}/certificate")
    assert pdf.status_code == _expect(who, SEES, ok=200)
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")


def test_checklist_422_names_what_is_left(api_as, cast, world):
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])
    response = api_as(cast["hq"], "post", f"{BASE}/ends/{end.pk}/clearance")
    assert (response.status_code, _fields(response)) == (422, ["checklist", "rating"])


@pytest.mark.parametrize("who", CAST)
def test_ending(api_as, cast, world, who):
    response = api_as(cast[who], "get", f"{BASE}/ending?within_days=366")
    allowed = {"hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"}
    assert response.status_code == (401 if who == "anonymous" else 200 if who in allowed else 403)


@pytest.mark.parametrize("who", CAST)
def test_closure_preview_and_commit(api_as, cast, world, who):
    PositionFactory(
        doa=DoaFactory(
            host_entity=world.other_host,
            country=world.country,
            category=world.category,
            status=Doa.Status.SOURCING,
        ),
        duty_station=world.station,
    )
    domain = AuditRecord.objects.filter(target_type__startswith="lifecycle.") | AuditRecord.objects.filter(
        target_type__startswith="assignments."
    )
    preview = api_as(
        cast[who], "get", f"{BASE}/closures/preview?host_entity={world.host.pk}&closure_date=2023-12-31"
    )
    expected = 401 if who == "anonymous" else 200 if who == "hq" else 403
    assert preview.status_code == expected
    assert not domain.exists()
    if expected == 200:
        body = preview.json()
        assert (body["ended_count"], body["months_not_paid"], body["lines"][0]["new_status"]) == (
            1,
            "2.00",
            "terminated",
        )
    committed = api_as(
        cast[who], "post", f"{BASE}/closures", {"host_entity": world.host.pk, "closure_date": "2023-12-31"}
    )
    assert committed.status_code == (401 if who == "anonymous" else 201 if who == "hq" else 403)
    assert MissionClosure.objects.exists() == (who == "hq")


def test_closure_of_a_missing_host_is_a_422(api_as, cast, world):
    response = api_as(
        cast["hq"], "post", f"{BASE}/closures", {"host_entity": 999999, "closure_date": "2023-12-31"}
    )
    assert (response.status_code, _fields(response)) == (422, ["host_entity"])


@pytest.mark.parametrize("who", CAST)
def test_closure_reads(api_as, cast, world, who):
    closure = mission_close(host_entity=world.host, closure_date=dt.date(2023, 12, 31), actor=cast["hq"])
    listed = api_as(cast[who], "get", f"{BASE}/closures")
    detail = api_as(cast[who], "get", f"{BASE}/closures/{closure.pk}")
    if who == "anonymous":
        assert (listed.status_code, detail.status_code) == (401, 401)
        return
    sees = who in {"hq", "recruiter", "auditor", "focal"}
    assert [row["id"] for row in listed.json()["items"]] == ([closure.pk] if sees else [])
    assert detail.status_code == (200 if sees else 404)
