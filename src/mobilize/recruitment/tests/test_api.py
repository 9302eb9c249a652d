"""The recruitment API, endpoint by endpoint: what it answers, which field a bad input is named
by, and that a record the caller may not see is a 404 (like a missing one)."""

from __future__ import annotations

import datetime as dt

import pytest

from mobilize.core.models import AuditRecord
from mobilize.matching.services import candidate_features_rebuild
from mobilize.notifications.models import Notification
from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask
from mobilize.recruitment.tests.factories import ApplicationFactory, soon, today, walk
from mobilize.requests.models import Doa
from mobilize.talent.tests.factories import PDF_BYTES, CandidateFactory, pdf, stored_files

pytestmark = pytest.mark.django_db

BASE = "/api/v1/recruitment"
S = Application.Status


def fields(response) -> list[str]:
    """The fields a 422 (or 409) names."""
    return [e["field"] for e in response.json()["errors"]]


def application_body(**overrides) -> dict:
    body = {
        "motivation": "I want to serve.",
        "available_from": soon(10).isoformat(),
        "self_declaration": True,
    }
    body.update(overrides)
    return body


@pytest.fixture
def upload(client):
    """POST a multipart form to the API as ``user``."""
    from mobilize.accounts.services import token_create

    def call(user, path: str, data: dict):
        client.logout()
        return client.post(path, data=data, headers={"Authorization": f"Bearer {token_create(user=user)}"})

    return call


# --- opportunities ----------------------------------------------------------------------------


def test_opportunities_list_the_doas_being_sourced(api_as, cast, world, open_doa):
    response = api_as(cast["volunteer"], "get", f"{BASE}/opportunities")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["items"]
    assert (row["id"], row["reference"], row["host_entity_acronym"]) == (
        open_doa.doa.pk,
        open_doa.doa.reference,
        "HOSTA",
    )
    assert row["country_name"] == "Kenya"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("country={country}", True),
        ("country={other_country}", False),
        ("category={category}", True),
        ("reserved_for_pwd=true", False),
        ("reserved_for_pwd=false", True),
        ("q={reference}", True),
        ("q=no-such-words", False),
        ("arrangement=online", False),
        ("arrangement=onsite", True),
    ],
)
def test_opportunities_are_filtered(api_as, cast, world, open_doa, query, found):
    query = query.format(
        country=world.country.pk,
        other_country=world.other_country.pk,
        category=world.category.pk,
        reference=open_doa.doa.reference,
    )
    response = api_as(cast["volunteer"], "get", f"{BASE}/opportunities?{query}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["items"]] == ([open_doa.doa.pk] if found else [])


def test_opportunities_bad_filter_names_the_field(api_as, cast, open_doa):
    response = api_as(cast["volunteer"], "get", f"{BASE}/opportunities?language=english")
    assert response.status_code == 422
    assert fields(response) == ["language"]


def test_opportunity_detail_shows_the_callers_own_application(api_as, cast, world, open_doa):
    url = f"{BASE}/opportunities/{open_doa.doa.pk}"
    before = api_as(cast["volunteer"], "get", url).json()
    assert before["my_application"] is None
    assert before["self_declaration_text"].startswith("I declare")
    assert [p["id"] for p in before["positions"]] == [open_doa.position.pk]
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    after = api_as(cast["volunteer"], "get", url).json()
    assert after["my_application"] == {"id": mine.pk, "status": "applied", "version": mine.version}


def test_an_opportunity_not_being_sourced_is_404(api_as, cast, world, open_doa):
    response = api_as(cast["volunteer"], "get", f"{BASE}/opportunities/{world.other_doa.pk}")
    assert response.status_code == 404


# --- applying and withdrawing -----------------------------------------------------------------


def test_a_candidate_applies(api_as, cast, world, open_doa):
    response = api_as(
        cast["volunteer"], "post", f"{BASE}/opportunities/{open_doa.doa.pk}/apply", application_body()
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["source"], body["candidate"]) == ("applied", "applied", world.volunteer.pk)
    assert body["actions"] == ["withdraw"]
    assert body["clearances"] == [] and body["assessment"] is None
    assert Application.objects.get().pk == body["id"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"self_declaration": False}, "self_declaration"),
        ({"motivation": "  "}, "motivation"),
        ({"available_from": None}, "available_from"),
        ({"available_from": "next week"}, "available_from"),
    ],
)
def test_an_incomplete_application_is_422_naming_the_field(api_as, cast, open_doa, overrides, field):
    response = api_as(
        cast["volunteer"],
        "post",
        f"{BASE}/opportunities/{open_doa.doa.pk}/apply",
        application_body(**overrides),
    )
    assert response.status_code == 422
    assert fields(response) == [field]
    assert not Application.objects.exists()


def test_applying_to_a_doa_not_being_sourced_is_404(api_as, cast, world, open_doa):
    response = api_as(
        cast["volunteer"], "post", f"{BASE}/opportunities/{world.other_doa.pk}/apply", application_body()
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_applying_without_consent_is_409_naming_consent(api_as, cast, world, open_doa):
    world.volunteer.consent_at = None
    world.volunteer.save(update_fields=["consent_at"])
    response = api_as(
        cast["volunteer"], "post", f"{BASE}/opportunities/{open_doa.doa.pk}/apply", application_body()
    )
    assert response.status_code == 409
    assert fields(response) == ["consent"]


def test_staff_do_not_apply(api_as, cast, open_doa):
    response = api_as(
        cast["recruiter"], "post", f"{BASE}/opportunities/{open_doa.doa.pk}/apply", application_body()
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_my_applications_are_only_mine(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    walk(cast=cast, doa=open_doa.doa, candidate=world.other_volunteer, to="applied")
    response = api_as(cast["volunteer"], "get", f"{BASE}/applications/mine")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [mine.pk]
    assert api_as(cast["recruiter"], "get", f"{BASE}/applications/mine").json()["items"] == []


def test_applications_list_filters(api_as, cast, world, open_doa):
    first = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="shortlisted")
    second = walk(cast=cast, doa=open_doa.doa, candidate=world.other_volunteer, to="applied")
    url = f"{BASE}/applications?doa={open_doa.doa.pk}"
    assert [a["id"] for a in api_as(cast["recruiter"], "get", url).json()["items"]] == [first.pk, second.pk]
    shortlisted = api_as(cast["recruiter"], "get", f"{url}&status=shortlisted").json()["items"]
    assert [a["id"] for a in shortlisted] == [first.pk]
    by_candidate = api_as(cast["recruiter"], "get", f"{url}&candidate={world.other_volunteer.pk}").json()
    assert [a["id"] for a in by_candidate["items"]] == [second.pk]


def test_applications_list_bad_status_names_the_field(api_as, cast, open_doa):
    response = api_as(cast["recruiter"], "get", f"{BASE}/applications?status=hired")
    assert response.status_code == 422
    assert fields(response) == ["status"]


def test_application_detail_and_hidden_is_404(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    response = api_as(cast["recruiter"], "get", f"{BASE}/applications/{mine.pk}")
    assert response.status_code == 200
    assert response.json()["actions"] == ["shortlist"]
    assert api_as(cast["other_volunteer"], "get", f"{BASE}/applications/{mine.pk}").status_code == 404
    assert api_as(cast["recruiter"], "get", f"{BASE}/applications/999999").status_code == 404


def test_withdraw(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    url = f"{BASE}/applications/{mine.pk}/withdraw"
    assert api_as(cast["other_volunteer"], "post", url).status_code == 404
    response = api_as(cast["volunteer"], "post", url)
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = api_as(cast["volunteer"], "post", url)
    assert again.status_code == 409
    assert fields(again) == ["status"]


# --- invite and source ------------------------------------------------------------------------


def test_invite_then_the_candidate_applies(api_as, cast, world, open_doa):
    response = api_as(
        cast["recruiter"],
        "post",
        f"{BASE}/doas/{open_doa.doa.pk}/invite",
        {"candidate": world.volunteer.pk, "note": "Your profile fits."},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["source"], body["invitation_note"]) == (
        "invited",
        "invited",
        "Your profile fits.",
    )
    assert Notification.objects.filter(recipient=cast["volunteer"], verb="application.invited").exists()
    accepted = api_as(
        cast["volunteer"], "post", f"{BASE}/opportunities/{open_doa.doa.pk}/apply", application_body()
    )
    assert accepted.status_code == 201
    assert (accepted.json()["id"], accepted.json()["status"]) == (body["id"], "applied")


def test_invite_names_an_unknown_candidate_and_refuses_an_ineligible_one(api_as, cast, world, open_doa):
    url = f"{BASE}/doas/{open_doa.doa.pk}/invite"
    unknown = api_as(cast["recruiter"], "post", url, {"candidate": 999999})
    assert unknown.status_code == 422
    assert fields(unknown) == ["candidate"]
    ineligible = api_as(cast["recruiter"], "post", url, {"candidate": world.other_volunteer.pk})
    assert ineligible.status_code == 422
    assert fields(ineligible) == ["candidate"]
    assert ineligible.json()["errors"][0]["message"].startswith("Nationality: ")
    missing = api_as(cast["recruiter"], "post", url, {})
    assert (missing.status_code, fields(missing)) == (422, ["candidate"])
    assert not Application.objects.exists()


def test_invite_on_a_hidden_doa_is_404(api_as, cast, world, open_doa):
    response = api_as(
        cast["other_focal"],
        "post",
        f"{BASE}/doas/{open_doa.doa.pk}/invite",
        {"candidate": world.volunteer.pk},
    )
    assert response.status_code == 404


def test_source_from_the_pool(api_as, cast, world, open_doa):
    url = f"{BASE}/doas/{open_doa.doa.pk}/source"
    response = api_as(cast["recruiter"], "post", url, {"candidate": world.volunteer.pk})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["source"]) == ("applied", "sourced")
    again = api_as(cast["recruiter"], "post", url, {"candidate": world.volunteer.pk})
    assert (again.status_code, fields(again)) == (409, ["candidate"])
    bad = api_as(cast["recruiter"], "post", url, {"candidate": "Vera"})
    assert (bad.status_code, fields(bad)) == (422, ["candidate"])
    assert api_as(cast["donor"], "post", url, {"candidate": world.volunteer.pk}).status_code == 404


# --- shortlist, clearances, submission to the host --------------------------------------------


def test_shortlist_opens_clearances_and_submission_waits_for_them(api_as, cast, world, open_doa):
    Doa.objects.filter(pk=open_doa.doa.pk).update(reference_checks_required=True)
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    response = api_as(cast["recruiter"], "post", f"{BASE}/applications/{mine.pk}/shortlist")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "shortlisted"
    assert [(c["kind"], c["status"]) for c in body["clearances"]] == [("reference_check", "pending")]
    blocked = api_as(cast["recruiter"], "post", f"{BASE}/applications/{mine.pk}/submit-to-host")
    assert (blocked.status_code, fields(blocked)) == (409, ["clearances"])
    clearance_id = body["clearances"][0]["id"]
    cleared = api_as(
        cast["recruiter"],
        "post",
        f"{BASE}/clearances/{clearance_id}/decide",
        {"status": "cleared", "note": "Two good references."},
    )
    assert cleared.status_code == 200
    assert (cleared.json()["status"], cleared.json()["decided_by"]) == ("cleared", "recruiter")
    submitted = api_as(cast["recruiter"], "post", f"{BASE}/applications/{mine.pk}/submit-to-host")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"


def test_shortlisting_an_ineligible_candidate_names_the_rule(api_as, cast, world, open_doa):
    theirs = walk(cast=cast, doa=open_doa.doa, candidate=world.other_volunteer, to="applied")
    response = api_as(cast["recruiter"], "post", f"{BASE}/applications/{theirs.pk}/shortlist")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "candidate"
    assert error["message"].startswith("Nationality: ")
    theirs.refresh_from_db()
    assert theirs.status == S.APPLIED


def test_shortlist_hidden_is_404_and_refused_is_403(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    url = f"{BASE}/applications/{mine.pk}/shortlist"
    assert api_as(cast["focal"], "post", url).status_code == 404  # not submitted to the host
    assert api_as(cast["field_in"], "post", url).status_code == 403
    assert api_as(cast["volunteer"], "post", url).status_code == 403


def test_clearances_list_and_decide_errors(api_as, cast, world, open_doa):
    Doa.objects.filter(pk=open_doa.doa.pk).update(
        reference_checks_required=True, clearances_required="Medical"
    )
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    mine = walk_shortlist(mine, cast)
    listed = api_as(cast["recruiter"], "get", f"{BASE}/clearances?application={mine.pk}&status=pending")
    assert listed.status_code == 200
    assert sorted(c["kind"] for c in listed.json()["items"]) == ["medical", "reference_check"]
    medical = Clearance.objects.get(application=mine, kind="medical")
    url = f"{BASE}/clearances/{medical.pk}/decide"
    bad = api_as(cast["recruiter"], "post", url, {"status": "maybe"})
    assert (bad.status_code, fields(bad)) == (422, ["status"])
    no_reason = api_as(cast["recruiter"], "post", url, {"status": "failed"})
    assert (no_reason.status_code, fields(no_reason)) == (422, ["note"])
    assert api_as(cast["focal"], "post", url, {"status": "cleared"}).status_code == 404
    assert api_as(cast["volunteer"], "post", url, {"status": "cleared"}).status_code == 404
    assert api_as(cast["volunteer"], "get", f"{BASE}/clearances").json()["items"] == []
    medical.refresh_from_db()
    assert medical.status == Clearance.Status.PENDING


def walk_shortlist(application, cast):
    from mobilize.recruitment import services

    return services.application_shortlist(application=application, actor=cast["recruiter"])


# --- ranking and progress ---------------------------------------------------------------------


def test_ranking_of_applicants_explains_each_score_and_refusal(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    theirs = walk(cast=cast, doa=open_doa.doa, candidate=world.other_volunteer, to="applied")
    response = api_as(cast["recruiter"], "get", f"{BASE}/doas/{open_doa.doa.pk}/ranking")
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "applicants"
    first, second = body["results"]
    assert (first["application"], first["rank"], first["eligible"]) == (mine.pk, 1, True)
    assert first["score"] is not None and first["components"]
    assert all(reason["passed"] for reason in first["reasons"])
    assert (second["application"], second["rank"], second["eligible"]) == (theirs.pk, None, False)
    assert [r["label"] for r in second["reasons"] if not r["passed"]] == ["Nationality"]
    assert second["application_status"] == "applied"


def test_ranking_of_the_pool_marks_who_applied(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    other = CandidateFactory(nationality=world.country, user=None)
    candidate_features_rebuild()  # the pool is ranked over the feature table
    response = api_as(cast["recruiter"], "get", f"{BASE}/doas/{open_doa.doa.pk}/ranking?scope=pool")
    assert response.status_code == 200
    rows = {r["candidate"]: r for r in response.json()["results"]}
    assert rows[world.volunteer.pk]["application"] == mine.pk
    assert rows[other.pk]["application"] is None
    assert all(r["eligible"] for r in rows.values())


def test_ranking_bad_input_and_hidden(api_as, cast, world, open_doa):
    url = f"{BASE}/doas/{open_doa.doa.pk}/ranking"
    bad = api_as(cast["recruiter"], "get", f"{url}?scope=everyone")
    assert (bad.status_code, fields(bad)) == (422, ["scope"])
    too_many = api_as(cast["recruiter"], "get", f"{url}?scope=pool&limit=100000")
    assert (too_many.status_code, fields(too_many)) == (422, ["limit"])
    assert api_as(cast["volunteer"], "get", url).status_code == 404
    assert api_as(cast["other_focal"], "get", url).status_code == 404
    assert api_as(cast["focal"], "get", f"{url}?scope=pool").status_code == 403


def test_progress_reports_the_sla_and_the_stage_days(api_as, cast, world, open_doa):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="shortlisted")
    response = api_as(cast["recruiter"], "get", f"{BASE}/doas/{open_doa.doa.pk}/progress")
    assert response.status_code == 200
    body = response.json()
    assert body["shortlist"]["shortlisted"] == 1
    assert body["shortlist"]["state"] == "on_track"
    assert body["shortlist"]["due"] == (today() + dt.timedelta(days=11)).isoformat()
    stages = {s["key"]: s["days"] for s in body["stages"]}
    assert stages["approved"] == 0
    assert stages["shortlisted"] == 3
    assert stages["entry_on_duty"] is None
    assert body["applications"]["shortlisted"] == 1
    assert api_as(cast["volunteer"], "get", f"{BASE}/doas/{open_doa.doa.pk}/progress").status_code == 404


# --- assessment and selection -----------------------------------------------------------------


def test_assessment_put_and_get(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    url = f"{BASE}/applications/{mine.pk}/assessment"
    assert api_as(cast["focal"], "get", url).status_code == 404  # none yet
    response = api_as(
        cast["focal"],
        "put",
        url,
        {"method": "interview", "result": "recommended", "score": 82, "note": "Strong."},
    )
    assert response.status_code == 200
    assert (response.json()["method"], response.json()["score"], response.json()["assessed_by"]) == (
        "interview",
        82,
        "focal",
    )
    assert api_as(cast["recruiter"], "get", url).json()["note"] == "Strong."
    assert api_as(cast["volunteer"], "get", url).status_code == 404  # never the candidate's to read
    detail = api_as(cast["volunteer"], "get", f"{BASE}/applications/{mine.pk}").json()
    assert detail["assessment"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"method": "interview", "result": "recommended", "score": 150}, "score"),
        ({"method": "gut feeling", "result": "recommended"}, "method"),
        ({"method": "interview"}, "result"),
        ({"method": "not_assessed", "result": "recommended"}, "result"),
        ({"result": "recommended"}, "method"),
    ],
)
def test_assessment_bad_input_names_the_field(api_as, cast, world, open_doa, body, field):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    response = api_as(cast["focal"], "put", f"{BASE}/applications/{mine.pk}/assessment", body)
    assert response.status_code == 422
    assert fields(response) == [field]
    assert not Assessment.objects.exists()


def test_assessment_by_another_host_is_404(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    response = api_as(
        cast["other_focal"],
        "put",
        f"{BASE}/applications/{mine.pk}/assessment",
        {"method": "desk_review", "result": "recommended"},
    )
    assert response.status_code == 404


def test_select_preferred_and_reserve(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    url = f"{BASE}/applications/{mine.pk}"
    refused = api_as(cast["focal"], "post", f"{url}/select-preferred")
    assert (refused.status_code, fields(refused)) == (409, ["assessment"])
    api_as(cast["focal"], "put", f"{url}/assessment", {"method": "interview", "result": "recommended"})
    bad_rank = api_as(cast["focal"], "post", f"{url}/select-reserve", {"reserve_rank": 0})
    assert (bad_rank.status_code, fields(bad_rank)) == (422, ["reserve_rank"])
    reserve = api_as(cast["focal"], "post", f"{url}/select-reserve", {})
    assert reserve.status_code == 200
    assert (reserve.json()["status"], reserve.json()["reserve_rank"]) == ("reserve", 1)
    preferred = api_as(cast["focal"], "post", f"{url}/select-preferred")
    assert preferred.status_code == 200
    assert (preferred.json()["status"], preferred.json()["reserve_rank"]) == ("preferred", None)
    assert api_as(cast["other_focal"], "post", f"{url}/select-preferred").status_code == 404
    assert api_as(cast["recruiter"], "post", f"{url}/select-reserve", {}).status_code == 403


# --- offers -----------------------------------------------------------------------------------


def offer_body(open_doa, **overrides) -> dict:
    body = {
        "position": open_doa.position.pk,
        "entry_on_duty": soon(30).isoformat(),
        "planned_end": soon(30 + 364).isoformat(),
        "respond_by": soon(7).isoformat(),
    }
    body.update(overrides)
    return body


def test_make_an_offer(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    response = api_as(
        cast["recruiter"], "post", f"{BASE}/applications/{mine.pk}/offers", offer_body(open_doa)
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["position"], body["application"]) == ("open", open_doa.position.pk, mine.pk)
    assert body["actions"] == ["withdraw", "letter"]
    assert body["letter_url"] == f"{BASE}/offers/{body['id']}/letter"
    assert api_as(cast["volunteer"], "get", f"{BASE}/offers/{body['id']}").json()["actions"] == [
        "accept",
        "decline",
        "letter",
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"position": 999999}, "position"),
        ({"respond_by": soon(-1).isoformat()}, "respond_by"),
        ({"planned_end": soon(20).isoformat()}, "planned_end"),
        ({"entry_on_duty": "soon"}, "entry_on_duty"),
    ],
)
def test_offer_bad_input_names_the_field(api_as, cast, world, open_doa, overrides, field):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    response = api_as(
        cast["recruiter"], "post", f"{BASE}/applications/{mine.pk}/offers", offer_body(open_doa, **overrides)
    )
    assert response.status_code == 422
    assert fields(response) == [field]
    assert not Offer.objects.exists()


def test_offer_of_another_doas_position_names_the_position(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    foreign = world.other_doa.positions.get()
    response = api_as(
        cast["recruiter"],
        "post",
        f"{BASE}/applications/{mine.pk}/offers",
        offer_body(open_doa, position=foreign.pk),
    )
    assert (response.status_code, fields(response)) == (422, ["position"])


def test_offer_on_a_hidden_application_is_404(api_as, cast, world, open_doa):
    mine = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    url = f"{BASE}/applications/{mine.pk}/offers"
    assert api_as(cast["other_focal"], "post", url, offer_body(open_doa)).status_code == 404
    assert api_as(cast["focal"], "post", url, offer_body(open_doa)).status_code == 403
    assert not Offer.objects.exists()


@pytest.fixture
def offered(cast, world, open_doa):
    application = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="offered", position=open_doa.position
    )
    return application.offers.get()


def test_offers_list_and_detail(api_as, cast, world, open_doa, offered):
    listed = api_as(cast["volunteer"], "get", f"{BASE}/offers")
    assert [o["id"] for o in listed.json()["items"]] == [offered.pk]
    assert api_as(cast["other_volunteer"], "get", f"{BASE}/offers").json()["items"] == []
    by_doa = api_as(cast["recruiter"], "get", f"{BASE}/offers?doa={open_doa.doa.pk}&status=open")
    assert [o["id"] for o in by_doa.json()["items"]] == [offered.pk]
    bad = api_as(cast["recruiter"], "get", f"{BASE}/offers?status=maybe")
    assert (bad.status_code, fields(bad)) == (422, ["status"])
    assert api_as(cast["other_volunteer"], "get", f"{BASE}/offers/{offered.pk}").status_code == 404


def test_accept_opens_the_onboarding_tasks(api_as, cast, offered):
    assert api_as(cast["other_volunteer"], "post", f"{BASE}/offers/{offered.pk}/accept").status_code == 404
    assert api_as(cast["recruiter"], "post", f"{BASE}/offers/{offered.pk}/accept").status_code == 403
    response = api_as(cast["volunteer"], "post", f"{BASE}/offers/{offered.pk}/accept")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted"
    assert sorted(t["kind"] for t in body["onboarding_tasks"]) == sorted(OnboardingTask.Kind.values)
    again = api_as(cast["volunteer"], "post", f"{BASE}/offers/{offered.pk}/accept")
    assert (again.status_code, fields(again)) == (409, ["status"])


def test_accept_after_the_deadline_is_409_naming_respond_by(api_as, cast, offered):
    Offer.objects.filter(pk=offered.pk).update(respond_by=soon(-1))
    response = api_as(cast["volunteer"], "post", f"{BASE}/offers/{offered.pk}/accept")
    assert (response.status_code, fields(response)) == (409, ["respond_by"])


def test_decline(api_as, cast, offered):
    assert (
        api_as(cast["other_volunteer"], "post", f"{BASE}/offers/{offered.pk}/decline", {}).status_code == 404
    )
    too_long = api_as(
        cast["volunteer"], "post", f"{BASE}/offers/{offered.pk}/decline", {"reason": "x" * 5001}
    )
    assert (too_long.status_code, fields(too_long)) == (422, ["reason"])
    response = api_as(cast["volunteer"], "post", f"{BASE}/offers/{offered.pk}/decline", {"reason": "Family."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decline_reason"]) == ("declined", "Family.")
    assert Application.objects.get(pk=offered.application_id).status == S.DECLINED


def test_withdraw_an_offer(api_as, cast, offered):
    url = f"{BASE}/offers/{offered.pk}/withdraw"
    missing = api_as(cast["recruiter"], "post", url, {})
    assert (missing.status_code, fields(missing)) == (422, ["reason"])
    blank = api_as(cast["recruiter"], "post", url, {"reason": " "})
    assert (blank.status_code, fields(blank)) == (422, ["reason"])
    assert api_as(cast["other_volunteer"], "post", url, {"reason": "No."}).status_code == 404
    assert api_as(cast["volunteer"], "post", url, {"reason": "No."}).status_code == 403
    response = api_as(cast["recruiter"], "post", url, {"reason": "Funding withdrawn."})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert Application.objects.get(pk=offered.application_id).status == S.PREFERRED


def test_offer_letter_is_a_pdf_for_the_candidate_and_recruiters_only(api_as, cast, offered):
    url = f"{BASE}/offers/{offered.pk}/letter"
    response = api_as(cast["volunteer"], "get", url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="offer-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    assert api_as(cast["focal"], "get", url).status_code == 403
    assert api_as(cast["other_volunteer"], "get", url).status_code == 404


# --- onboarding and entry on duty -------------------------------------------------------------


@pytest.fixture
def accepted(cast, world, open_doa):
    application = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position
    )
    return application.offers.get()


def task_of(offer, kind="bank_details") -> OnboardingTask:
    return offer.onboarding_tasks.get(kind=kind)


def test_onboarding_tasks_list(api_as, cast, accepted):
    response = api_as(cast["volunteer"], "get", f"{BASE}/offers/{accepted.pk}/onboarding-tasks")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 5
    assert all(r["status"] == "open" and r["actions"] == ["submit"] for r in rows)
    assert (
        api_as(cast["other_volunteer"], "get", f"{BASE}/offers/{accepted.pk}/onboarding-tasks").status_code
        == 404
    )


def test_upload_download_verify(api_as, upload, cast, accepted, media_root):
    task = task_of(accepted)
    response = upload(
        cast["volunteer"],
        f"{BASE}/onboarding-tasks/{task.pk}/submit",
        {"file": pdf("bank.pdf"), "note": "IBAN inside."},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["original_name"], body["note"]) == ("submitted", "bank.pdf", "IBAN inside.")
    assert body["download_url"] == f"{BASE}/onboarding-tasks/{task.pk}/document"
    assert [p.read_bytes() for p in stored_files(media_root)] == [PDF_BYTES]
    # the candidate reads their own document, unaudited
    own = api_as(cast["volunteer"], "get", body["download_url"])
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF_BYTES
    assert not AuditRecord.objects.filter(kind=AuditRecord.Kind.READ).exists()
    # a recruiter reads it, audited
    staff = api_as(cast["recruiter"], "get", body["download_url"])
    assert staff.status_code == 200
    assert staff["Content-Disposition"] == 'attachment; filename="bank.pdf"'
    assert (
        AuditRecord.objects.filter(
            kind=AuditRecord.Kind.READ, verb="read.onboarding.bank_details", actor=cast["recruiter"]
        ).count()
        == 1
    )
    # the recruiter sees the note only on the task's own page, audited
    listed = api_as(cast["recruiter"], "get", f"{BASE}/offers/{accepted.pk}/onboarding-tasks").json()
    assert [r["note"] for r in listed if r["id"] == task.pk] == [None]
    detail = api_as(cast["recruiter"], "get", f"{BASE}/onboarding-tasks/{task.pk}")
    assert detail.json()["note"] == "IBAN inside."
    assert AuditRecord.objects.filter(verb="read.onboarding.bank_details.note").count() == 1
    # and verifies it
    verified = api_as(cast["recruiter"], "post", f"{BASE}/onboarding-tasks/{task.pk}/verify")
    assert verified.status_code == 200
    assert verified.json()["status"] == "done"
    again = api_as(cast["recruiter"], "post", f"{BASE}/onboarding-tasks/{task.pk}/verify")
    assert (again.status_code, fields(again)) == (409, ["status"])


def test_upload_refusals_name_the_file(upload, cast, accepted, media_root):
    task = task_of(accepted)
    url = f"{BASE}/onboarding-tasks/{task.pk}/submit"
    text = upload(cast["volunteer"], url, {"file": pdf("notes.txt", b"plain text", "text/plain")})
    assert (text.status_code, fields(text)) == (422, ["file"])
    nothing = upload(cast["volunteer"], url, {})
    assert (nothing.status_code, fields(nothing)) == (422, ["file"])
    assert upload(cast["other_volunteer"], url, {"file": pdf()}).status_code == 404
    assert upload(cast["recruiter"], url, {"file": pdf()}).status_code == 403
    assert stored_files(media_root) == []
    task.refresh_from_db()
    assert task.status == OnboardingTask.Status.OPEN


def test_document_hidden_refused_or_missing(api_as, cast, accepted):
    task = task_of(accepted)
    url = f"{BASE}/onboarding-tasks/{task.pk}/document"
    assert api_as(cast["volunteer"], "get", url).status_code == 404  # nothing uploaded yet
    assert api_as(cast["other_volunteer"], "get", url).status_code == 404
    assert api_as(cast["focal"], "get", url).status_code == 403


def test_return_a_task(api_as, upload, cast, accepted):
    task = task_of(accepted, "beneficiary_form")
    upload(cast["volunteer"], f"{BASE}/onboarding-tasks/{task.pk}/submit", {"file": pdf("form.pdf")})
    url = f"{BASE}/onboarding-tasks/{task.pk}/return"
    blank = api_as(cast["recruiter"], "post", url, {"note": ""})
    assert (blank.status_code, fields(blank)) == (422, ["note"])
    assert api_as(cast["other_volunteer"], "post", url, {"note": "Sign it."}).status_code == 404
    response = api_as(cast["recruiter"], "post", url, {"note": "Sign page 2."})
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert Notification.objects.filter(recipient=cast["volunteer"], verb="onboarding.returned").exists()


def test_entry_on_duty_waits_for_onboarding_then_makes_the_assignment(api_as, cast, accepted):
    url = f"{BASE}/offers/{accepted.pk}/enter-on-duty"
    waiting = api_as(cast["recruiter"], "post", url, {})
    assert (waiting.status_code, fields(waiting)) == (409, ["onboarding"])
    from django.utils import timezone

    accepted.onboarding_tasks.update(status=OnboardingTask.Status.DONE, verified_at=timezone.now())
    assert api_as(cast["other_volunteer"], "post", url, {}).status_code == 404
    assert api_as(cast["volunteer"], "post", url, {}).status_code == 403
    bad = api_as(cast["recruiter"], "post", url, {"entry_on_duty": "tomorrow"})
    assert (bad.status_code, fields(bad)) == (422, ["entry_on_duty"])
    response = api_as(cast["recruiter"], "post", url, {"entry_on_duty": soon(31).isoformat()})
    assert response.status_code == 201
    body = response.json()
    assert (body["application_status"], body["doa_status"]) == ("on_duty", "recruited")
    assert body["entry_on_duty"] == soon(31).isoformat()
    assert Application.objects.get(pk=accepted.application_id).assignment_id == body["assignment"]


def test_a_sourced_candidate_without_an_account_appears_in_lists(api_as, cast, world, open_doa):
    # A candidate whose profile staff made has no account: the API still lists them by name.
    nobody = CandidateFactory(nationality=world.country, user=None)
    application = ApplicationFactory(
        doa=open_doa.doa, candidate=nobody, source="sourced", self_declaration=False
    )
    rows = api_as(cast["recruiter"], "get", f"{BASE}/applications?doa={open_doa.doa.pk}").json()["items"]
    assert [(r["id"], r["candidate_name"]) for r in rows] == [(application.pk, nobody.full_name)]


def test_an_optional_body_may_be_left_out(client, cast, offered):
    # as ``curl -X POST`` sends it: no body at all
    from mobilize.accounts.services import token_create

    headers = {"Authorization": f"Bearer {token_create(user=cast['volunteer'])}"}
    response = client.generic("POST", f"{BASE}/offers/{offered.pk}/decline", b"", headers=headers)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decline_reason"]) == ("declined", "")


def _queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert call().status_code == 200
    return len(captured)


def test_lists_do_not_query_per_row(api_as, cast, world, open_doa, accepted):
    # the onboarding tasks (five rows) cost what one would, for the candidate and for a recruiter
    url = f"{BASE}/offers/{accepted.pk}/onboarding-tasks"
    users = [cast["volunteer"], cast["recruiter"]]
    for user in users:
        api_as(user, "get", url)  # the first call makes the caller's token
    five = [_queries(lambda user=user: api_as(user, "get", url)) for user in users]
    OnboardingTask.objects.filter(offer=accepted).exclude(kind="bank_details").delete()
    one = [_queries(lambda user=user: api_as(user, "get", url)) for user in users]
    assert five == one
    # the applications list: two rows cost what one does
    many = _queries(lambda: api_as(cast["recruiter"], "get", f"{BASE}/applications"))
    ApplicationFactory(doa=open_doa.doa, candidate=CandidateFactory(user=None))
    assert _queries(lambda: api_as(cast["recruiter"], "get", f"{BASE}/applications")) == many
