"""One DoA from draft to entry on duty, entirely through the HTTP API, each step taken by the role
that takes it."""

from __future__ import annotations

import pytest

from mobilize.talent.tests.factories import pdf

pytestmark = pytest.mark.django_db

API = "/api/v1"
R = f"{API}/recruitment"


@pytest.fixture
def upload(client):
    """POST a multipart form to the API as ``user`` (a bearer token, like ``api_as``)."""
    from mobilize.accounts.services import token_create

    def call(user, path: str, data: dict):
        client.logout()
        return client.post(path, data=data, headers={"Authorization": f"Bearer {token_create(user=user)}"})

    return call


def ok(response, status: int = 200) -> dict | list:
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_a_doa_from_draft_to_entry_on_duty_through_the_api(api_as, upload, cast, world):
    from mobilize.recruitment.tests.factories import soon

    focal, hq, recruiter = cast["focal"], cast["hq"], cast["recruiter"]
    volunteer, runner_up = cast["volunteer"], cast["other_volunteer"]

    # 1. The host's focal point writes the DoA (one position in Nairobi, reference checks) and submits it.
    start, end = soon(40), soon(40 + 364)
    doa = ok(
        api_as(
            focal,
            "post",
            f"{API}/requests/doas",
            {
                "title": "Community health officer",
                "host_entity": world.host.pk,
                "country": world.country.pk,
                "category": world.category.pk,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "description": "Support the county's community health volunteers.",
                "reference_checks_required": True,
                "positions": [world.station.pk],
            },
        ),
        201,
    )
    doa_id = doa["id"]
    [position] = doa["positions"]
    assert ok(api_as(focal, "post", f"{API}/requests/doas/{doa_id}/submit"))["status"] == "submitted"

    # 2. Headquarters approves it; the recruiter starts sourcing.
    assert ok(api_as(hq, "post", f"{API}/requests/doas/{doa_id}/approve"))["status"] == "approved"
    assert (
        ok(api_as(recruiter, "post", f"{API}/requests/doas/{doa_id}/start-sourcing"))["status"] == "sourcing"
    )

    # 3. Two candidates consent, search and apply (the second, Peruvian, is not eligible for a
    #    national assignment in Kenya; applying is open to them all the same).
    for user, candidate in ((volunteer, world.volunteer), (runner_up, world.other_volunteer)):
        ok(api_as(user, "post", f"{API}/talent/candidates/{candidate.pk}/consent"))
        found = ok(api_as(user, "get", f"{R}/opportunities?country={world.country.pk}&q=health"))
        assert [o["id"] for o in found["items"]] == [doa_id]
        detail = ok(api_as(user, "get", f"{R}/opportunities/{doa_id}"))
        assert detail["my_application"] is None
        applied = ok(
            api_as(
                user,
                "post",
                f"{R}/opportunities/{doa_id}/apply",
                {
                    "motivation": "I know the county.",
                    "available_from": soon(20).isoformat(),
                    "self_declaration": True,
                },
            ),
            201,
        )
        assert applied["status"] == "applied"
    mine = ok(api_as(volunteer, "get", f"{R}/applications/mine"))["items"]
    [application_id] = [a["id"] for a in mine]

    # 4. The recruiter ranks the applicants: the volunteer first, the other with the rule failed.
    ranking = ok(api_as(recruiter, "get", f"{R}/doas/{doa_id}/ranking"))
    first, second = ranking["results"]
    assert (first["application"], first["rank"], first["eligible"]) == (application_id, 1, True)
    assert {c["name"] for c in first["components"]} and first["score"] is not None
    assert second["eligible"] is False
    assert [r["label"] for r in second["reasons"] if not r["passed"]] == ["Nationality"]

    # 5. Shortlists (the ineligible one is refused, naming the rule), clears the reference
    #    check and submits the volunteer to the host.
    refused = api_as(recruiter, "post", f"{R}/applications/{second['application']}/shortlist")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"].startswith("Nationality: ")
    shortlisted = ok(api_as(recruiter, "post", f"{R}/applications/{application_id}/shortlist"))
    assert shortlisted["status"] == "shortlisted"
    [clearance] = ok(api_as(recruiter, "get", f"{R}/clearances?application={application_id}&status=pending"))[
        "items"
    ]
    assert clearance["kind"] == "reference_check"
    ok(
        api_as(
            recruiter,
            "post",
            f"{R}/clearances/{clearance['id']}/decide",
            {"status": "cleared", "note": "Two references."},
        )
    )
    assert (
        ok(api_as(recruiter, "post", f"{R}/applications/{application_id}/submit-to-host"))["status"]
        == "submitted"
    )

    # 6. The host sees only the candidate sent to it, assesses and chooses them.
    sent = ok(api_as(focal, "get", f"{R}/applications?doa={doa_id}"))["items"]
    assert [a["id"] for a in sent] == [application_id]
    ok(
        api_as(
            focal,
            "put",
            f"{R}/applications/{application_id}/assessment",
            {"method": "interview", "result": "recommended", "score": 84, "note": "Clear and practical."},
        )
    )
    assert (
        ok(api_as(focal, "post", f"{R}/applications/{application_id}/select-preferred"))["status"]
        == "preferred"
    )

    # 7. The recruiter makes the offer.
    offer = ok(
        api_as(
            recruiter,
            "post",
            f"{R}/applications/{application_id}/offers",
            {
                "position": position["id"],
                "entry_on_duty": start.isoformat(),
                "planned_end": end.isoformat(),
                "respond_by": soon(7).isoformat(),
            },
        ),
        201,
    )
    offer_id = offer["id"]

    # 8. The candidate reads the letter and accepts.
    offer = ok(api_as(volunteer, "get", f"{R}/offers/{offer_id}"))
    assert offer["actions"] == ["accept", "decline", "letter"]
    letter = api_as(volunteer, "get", offer["letter_url"])
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    accepted = ok(api_as(volunteer, "post", f"{R}/offers/{offer_id}/accept"))
    assert accepted["status"] == "accepted"
    tasks = accepted["onboarding_tasks"]
    assert len(tasks) == 5

    # 9. The candidate submits each onboarding document; the recruiter verifies each.
    for task in tasks:
        submitted = ok(
            upload(
                volunteer, f"{R}/onboarding-tasks/{task['id']}/submit", {"file": pdf(f"{task['kind']}.pdf")}
            )
        )
        assert submitted["status"] == "submitted"
    for task in ok(api_as(recruiter, "get", f"{R}/offers/{offer_id}/onboarding-tasks")):
        assert task["actions"] == ["verify", "return", "download"]
        assert api_as(recruiter, "get", task["download_url"]).status_code == 200
        assert ok(api_as(recruiter, "post", f"{R}/onboarding-tasks/{task['id']}/verify"))["status"] == "done"

    # 10. The recruiter records the entry on duty.
    assert ok(api_as(recruiter, "get", f"{R}/offers/{offer_id}"))["actions"] == [
        "withdraw",
        "enter_on_duty",
        "letter",
    ]
    on_duty = ok(api_as(recruiter, "post", f"{R}/offers/{offer_id}/enter-on-duty", {}), 201)
    assert (on_duty["application_status"], on_duty["doa_status"]) == ("on_duty", "recruited")

    # then the assignment exists, in the position offered,
    assignment = ok(api_as(recruiter, "get", f"{API}/assignments/assignments/{on_duty['assignment']}"))
    assert (assignment["volunteer"], assignment["position"]) == (world.volunteer.pk, position["id"])
    assert (assignment["entry_on_duty"], assignment["planned_end"]) == (start.isoformat(), end.isoformat())
    # the DoA is recruited,
    assert ok(api_as(recruiter, "get", f"{API}/requests/doas/{doa_id}"))["status"] == "recruited"
    # every stage is reported with its days from approval (the whole walk happened today),
    progress = ok(api_as(recruiter, "get", f"{R}/doas/{doa_id}/progress"))
    days = {stage["key"]: stage["days"] for stage in progress["stages"]}
    assert days["approved"] == 0 and days["shortlisted"] == 0 and days["offer_accepted"] == 0
    assert days["entry_on_duty"] == 40  # the assignment's date
    assert days["recruited"] == 0
    assert progress["shortlist"]["shortlisted"] == 1 and progress["shortlist"]["state"] == "on_track"
    # and the applicant not selected was told.
    assert ok(api_as(runner_up, "get", f"{R}/applications/mine"))["items"][0]["status"] == "not_selected"
    told = ok(api_as(runner_up, "get", f"{API}/notifications/"))["items"]
    assert [n["verb"] for n in told] == ["application.not_selected"]
