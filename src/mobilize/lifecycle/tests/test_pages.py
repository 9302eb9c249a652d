"""The lifecycle pages over the whole cast, the forms, and the admin."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.models import Assignment
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.lifecycle.models import (
    EndOfAssignment,
    Extension,
    MissionClosure,
    Reassignment,
    RedeploymentConsent,
    Separation,
)
from mobilize.lifecycle.services import (
    checklist_item_tick,
    end_of_assignment_start,
    extension_request,
    final_clearance_grant,
    mission_close,
    performance_assess,
    reassignment_request,
    redeployment_consent_give,
    resignation_submit,
)

pytestmark = pytest.mark.django_db

SEES = {"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"}


def _expect(who, allowed, *, ok=302):
    if who == "anonymous":
        return 302
    if who not in SEES:
        return 404
    return ok if who in allowed else 403


def _post(client_for, cast, who, url, data=None):
    response = client_for(cast[who]).post(url, data or {})
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    return response


@pytest.mark.parametrize("who", CAST)
def test_lifecycle_page(client_for, cast, world, who):
    url = reverse("lifecycle:assignment_lifecycle", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == _expect(who, SEES, ok=200)
    if response.status_code == 200:
        assert world.assignment.reference in response.content.decode()


def test_lifecycle_page_offers_each_role_its_steps(client_for, cast, world):
    url = reverse("lifecycle:assignment_lifecycle", kwargs={"assignment_id": world.assignment.pk})
    focal = client_for(cast["focal"]).get(url).context["can"]
    assert (
        focal["request_extension"] and focal["start_end"] and not focal["resign"] and not focal["terminate"]
    )
    volunteer = client_for(cast["volunteer"]).get(url).context["can"]
    assert volunteer["resign"] and volunteer["consent"] and not volunteer["request_extension"]
    auditor = client_for(cast["auditor"]).get(url).context["can"]
    assert not any(auditor.values())


@pytest.mark.parametrize("who", CAST)
def test_extension_request(client_for, cast, world, who):
    url = reverse("lifecycle:extension_request", kwargs={"assignment_id": world.assignment.pk})
    response = _post(
        client_for, cast, who, url, {"extension-planned_end": "2024-08-31", "extension-reason": "x"}
    )
    allowed = {"hq", "recruiter", "field_in", "focal"}
    assert response.status_code == _expect(who, allowed)
    assert Extension.objects.exists() == (who in allowed)


def test_extension_refused_shows_the_rule_on_the_field(client_for, cast, world):
    url = reverse("lifecycle:extension_request", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast["focal"]).post(url, {"extension-planned_end": "2027-06-30"})
    assert response.status_code == 422
    errors = response.context["extension_form"].errors["planned_end"]
    assert errors[0].startswith("Category rule: the assignment would last")
    assert not Extension.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_extension_confirm_funding(client_for, cast, world, who):
    extension = extension_request(
        assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["hq"]
    )
    url = reverse(
        "lifecycle:extension_action", kwargs={"extension_id": extension.pk, "action": "confirm-funding"}
    )
    response = _post(client_for, cast, who, url)
    assert response.status_code == _expect(who, {"focal", "hq"})
    extension.refresh_from_db()
    assert (extension.status == Extension.Status.FUNDING_CONFIRMED) == (who in {"focal", "hq"})


@pytest.mark.parametrize("who", CAST)
def test_resignation(client_for, cast, world, who):
    url = reverse("lifecycle:resignation", kwargs={"assignment_id": world.assignment.pk})
    data = {
        "resignation-last_day": "2023-09-15",
        "resignation-leave_taken_days": "0",
        "resignation-reason": "",
    }
    response = _post(client_for, cast, who, url, data)
    assert response.status_code == _expect(who, {"volunteer", "hq"})
    assert Separation.objects.exists() == (who in {"volunteer", "hq"})


def test_steps_taken_for_the_volunteer_are_worded_for_whoever_views(client_for, cast, world):
    url = reverse("lifecycle:assignment_lifecycle", kwargs={"assignment_id": world.assignment.pk})
    volunteer = html.unescape(client_for(cast["volunteer"]).get(url).content.decode())
    hq = html.unescape(client_for(cast["hq"]).get(url).content.decode())
    assert "Send my resignation to the host" in volunteer and "Record my answer" in volunteer
    assert "Send my resignation" not in hq and "Record my answer" not in hq and "my assignment" not in hq
    assert "Send the volunteer's resignation to the host" in hq
    assert "Should a mission closure end the volunteer's assignment" in hq


def test_leave_left_out_without_a_rate_is_said_so(client_for, cast, world):
    # No leave accrual rate in entitlements' table: the page says the figures are left out.
    resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=dt.date(2023, 9, 15))
    url = reverse("lifecycle:assignment_lifecycle", kwargs={"assignment_id": world.assignment.pk})
    page = client_for(cast["hq"]).get(url).content.decode()
    assert "no leave accrual rate is in force over the service" in page


@pytest.mark.parametrize("who", CAST)
def test_resignation_accept(client_for, cast, world, who):
    separation = resignation_submit(
        assignment=world.assignment, actor=cast["volunteer"], last_day=dt.date(2023, 9, 15)
    )
    url = reverse("lifecycle:separation_action", kwargs={"separation_id": separation.pk, "action": "accept"})
    response = _post(client_for, cast, who, url)
    allowed = {"focal", "field_in", "hq"}
    assert response.status_code == _expect(who, allowed)
    world.assignment.refresh_from_db()
    assert (world.assignment.status == Assignment.Status.TERMINATED) == (who in allowed)


@pytest.mark.parametrize("who", CAST)
def test_termination(client_for, cast, world, who):
    url = reverse("lifecycle:termination", kwargs={"assignment_id": world.assignment.pk})
    data = {
        "termination-last_day": "2023-10-31",
        "termination-leave_taken_days": "0",
        "termination-reason": "Misconduct",
    }
    response = _post(client_for, cast, who, url, data)
    assert response.status_code == _expect(who, {"hq", "recruiter"})


@pytest.mark.parametrize("who", CAST)
def test_reassignment_request_and_answer(client_for, cast, world, who):
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    url = reverse("lifecycle:reassignment_request", kwargs={"assignment_id": world.assignment.pk})
    data = {"reassignment-duty_station": kisumu.pk, "reassignment-effective_date": "2023-09-01"}
    allowed = {"hq", "recruiter", "field_in", "focal"}
    assert _post(client_for, cast, who, url, data).status_code == _expect(who, allowed)
    reassignment = Reassignment.objects.first() or reassignment_request(
        assignment=world.assignment, actor=cast["hq"], duty_station=kisumu, effective_date=dt.date(2023, 9, 1)
    )
    answer = reverse("lifecycle:reassignment_answer", kwargs={"reassignment_id": reassignment.pk})
    response = _post(client_for, cast, who, answer, {"answer-consents": "yes"})
    assert response.status_code == _expect(who, {"volunteer", "field_in", "hq"})


def test_reassignment_offers_the_countrys_stations_only(client_for, cast, world):
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    url = reverse("lifecycle:assignment_lifecycle", kwargs={"assignment_id": world.assignment.pk})
    form = client_for(cast["field_in"]).get(url).context["reassignment_form"]
    assert list(form.fields["duty_station"].queryset) == [kisumu]
    post = reverse("lifecycle:reassignment_request", kwargs={"assignment_id": world.assignment.pk})
    data = {"reassignment-duty_station": world.other_station.pk, "reassignment-effective_date": "2023-09-01"}
    response = client_for(cast["field_in"]).post(post, data)
    assert response.status_code == 422
    assert list(response.context["reassignment_form"].errors) == ["duty_station"]
    assert not Reassignment.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_consent(client_for, cast, world, who):
    url = reverse("lifecycle:consent", kwargs={"assignment_id": world.assignment.pk})
    response = _post(
        client_for, cast, who, url, {"consent-consents": "yes", "consent-preferences": "East Africa"}
    )
    allowed = {"volunteer", "field_in", "hq"}
    assert response.status_code == _expect(who, allowed)
    assert RedeploymentConsent.objects.filter(consents=True).exists() == (who in allowed)


@pytest.mark.parametrize("who", CAST)
def test_end_of_assignment_steps(client_for, cast, world, who):
    start = reverse("lifecycle:end_start", kwargs={"assignment_id": world.assignment.pk})
    assert _post(client_for, cast, who, start).status_code == _expect(
        who, {"hq", "recruiter", "field_in", "focal"}
    )
    end = EndOfAssignment.objects.first() or end_of_assignment_start(
        assignment=world.assignment, actor=cast["hq"]
    )
    item = end.items.first()
    tick = reverse("lifecycle:checklist_tick", kwargs={"end_id": end.pk, "item_id": item.pk})
    allowed_tick = {"volunteer", "focal", "hq", "recruiter", "field_in"}
    assert _post(client_for, cast, who, tick, {"done": "yes"}).status_code == _expect(who, allowed_tick)
    assess = reverse("lifecycle:assessment", kwargs={"end_id": end.pk})
    data = {"assessment-rating": "meets", "assessment-assessment": "Good work."}
    assert _post(client_for, cast, who, assess, data).status_code == _expect(who, {"focal", "hq"})
    clear = reverse("lifecycle:clearance", kwargs={"end_id": end.pk})
    expected = _expect(who, {"field_in", "hq"})
    # allowed, but the checklist is not complete: the page again with the reason
    allowed_but_refused = expected == 302 and who != "anonymous"
    assert _post(client_for, cast, who, clear).status_code == (422 if allowed_but_refused else expected)


@pytest.mark.parametrize("who", CAST)
def test_certificate_download(client_for, cast, world, who):
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])
    for item in end.items.all():
        checklist_item_tick(item=item, actor=cast["hq"])
    performance_assess(end=end, actor=cast["focal"], rating="meets", assessment="Good.")
    final_clearance_grant(end=end, actor=cast["hq"])
    response = client_for(cast[who]).get(reverse("lifecycle:certificate", kwargs={"end_id": end.pk}))
    assert response.status_code == _expect(who, SEES, ok=200)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_no_certificate_before_the_clearance(client_for, cast, world):
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])
    response = client_for(cast["volunteer"]).get(reverse("lifecycle:certificate", kwargs={"end_id": end.pk}))
    assert response.status_code == 404


@pytest.mark.parametrize("who", CAST)
def test_ending_page(client_for, cast, world, who):
    response = client_for(cast[who]).get(reverse("lifecycle:ending"))
    allowed = {"hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"}
    assert response.status_code == (302 if who == "anonymous" else 200 if who in allowed else 403)


def test_ending_page_lists_the_hosts_volunteers_only(client_for, cast, world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2024, 1, 15))
    extension_request(
        assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["field_in"]
    )
    response = client_for(cast["focal"]).get(reverse("lifecycle:ending"))
    assert [a.reference for a in response.context["ending"]] == [world.assignment.reference]
    assert response.context["ending"][0].extension_open is True
    assert [e.assignment for e in response.context["extensions"]] == [world.assignment]


@pytest.mark.parametrize("who", CAST)
def test_my_page(client_for, cast, world, who):
    response = client_for(cast[who]).get(reverse("lifecycle:my_lifecycle"))
    assert response.status_code == (302 if who == "anonymous" else 200 if who.endswith("volunteer") else 403)
    if who == "volunteer":
        assert [a.reference for a in response.context["assignments"]] == [world.assignment.reference]


@pytest.mark.parametrize("who", CAST)
def test_closure_pages(client_for, cast, world, who):
    client = client_for(cast[who])
    listed = client.get(reverse("lifecycle:closure_list"))
    new = client.get(reverse("lifecycle:closure_new"))
    if who == "anonymous":
        assert (listed.status_code, new.status_code) == (302, 302)
        return
    assert listed.status_code == (
        200 if who in {"hq", "recruiter", "auditor", "focal", "other_focal"} else 403
    )
    assert new.status_code == (200 if who == "hq" else 403)
    closure = MissionClosure.objects.first() or mission_close(
        host_entity=world.host, closure_date=dt.date(2023, 12, 31), actor=cast["hq"]
    )
    detail = client.get(reverse("lifecycle:closure_detail", kwargs={"closure_id": closure.pk}))
    assert detail.status_code == (200 if who in {"hq", "recruiter", "auditor", "focal"} else 404)


def test_closure_preview_then_commit_from_the_page(client_for, cast, world):
    from mobilize.requests.models import Doa
    from mobilize.requests.tests.factories import DoaFactory, PositionFactory

    position = PositionFactory(
        doa=DoaFactory(
            host_entity=world.other_host,
            country=world.country,
            category=world.category,
            status=Doa.Status.SOURCING,
        ),
        duty_station=world.station,
    )
    redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=True)
    client = client_for(cast["hq"])
    url = reverse("lifecycle:closure_new")
    preview = client.get(url, {"host_entity": world.host.pk, "closure_date": "2023-12-31"})
    assert preview.status_code == 200
    assert preview.context["preview"].ended_count == 1
    field = f"redeploy_{world.assignment.pk}"
    assert preview.context["commit_form"].fields[field].initial == str(position.pk)
    assert not MissionClosure.objects.exists()
    # without the confirmation nothing happens
    data = {"host_entity": world.host.pk, "closure_date": "2023-12-31", field: str(position.pk)}
    assert client.post(url, data).status_code == 422
    assert not MissionClosure.objects.exists()
    response = client.post(url, {**data, "confirm": "on", "note": "Mandate ended"})
    closure = MissionClosure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lifecycle:closure_detail", kwargs={"closure_id": closure.pk})
    assert closure.redeployment_count == 1


def test_navigation_entries(client_for, cast, world):
    labels = [
        item["label"] for item in client_for(cast["hq"]).get(reverse("lifecycle:ending")).context["nav_items"]
    ]
    assert "Extensions and ends" in labels and "Mission closures" in labels
    labels = [
        item["label"]
        for item in client_for(cast["volunteer"]).get(reverse("lifecycle:my_lifecycle")).context["nav_items"]
    ]
    assert "My service" in labels and "Mission closures" not in labels


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.HQ, is_staff=True, is_superuser=True)


def test_admin_reads_every_model(client_for, admin_user, cast, world):
    extension_request(assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["hq"])
    end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])
    client = client_for(admin_user)
    for model in (
        "extension",
        "separation",
        "reassignment",
        "endofassignment",
        "redeploymentconsent",
        "missionclosure",
        "redeployment",
        "reminder",
    ):
        assert client.get(f"/admin/lifecycle/{model}/").status_code == 200, model
        assert client.get(f"/admin/lifecycle/{model}/add/").status_code == 403, model
    end = EndOfAssignment.objects.get()
    assert client.get(f"/admin/lifecycle/endofassignment/{end.pk}/change/").status_code == 200
