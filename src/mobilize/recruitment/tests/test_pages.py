"""The recruitment pages, each for the role that uses it: what it shows, and each form's happy path
and a bad input shown under its field (status 422, nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mobilize.assignments.models import Assignment
from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask
from mobilize.recruitment.tests.factories import ApplicationFactory, soon, sourcing, walk
from mobilize.requests.models import Doa
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.talent.tests.factories import CandidateFactory, pdf

pytestmark = pytest.mark.django_db

S = Application.Status


def url(name: str, **kwargs: int) -> str:
    return reverse(f"recruitment:{name}", kwargs=kwargs)


def field_errors(response, field: str, form: str = "form") -> list[str]:
    return list(response.context[form].errors.get(field, []))


# --- the candidate ------------------------------------------------------------------------------


def test_opportunities_search_by_text_and_filters(client_for, cast, world, open_doa):
    client = client_for(cast["volunteer"])
    page = url("opportunity_list")

    def found(**params):
        return [doa.pk for doa in client.get(page, params).context["object_list"]]

    assert found() == [open_doa.doa.pk]  # the other DoA is a draft
    assert found(q=open_doa.doa.title.split()[0]) == [open_doa.doa.pk]
    assert found(q="nothing like this") == []
    assert found(country=world.country.pk) == [open_doa.doa.pk]
    assert found(country=world.other_country.pk) == []
    assert found(category=world.category.pk) == [open_doa.doa.pk]
    assert found(reserved_for_pwd="yes") == []
    assert found(reserved_for_pwd="no") == [open_doa.doa.pk]
    html = client.get(page).content.decode()
    assert open_doa.doa.title in html
    assert 'name="expertise"' in html and 'name="language"' in html and 'name="sdg"' in html


def test_opportunity_page_shows_the_apply_form_with_the_declaration(client_for, cast, open_doa):
    response = client_for(cast["volunteer"]).get(url("opportunity_detail", doa_id=open_doa.doa.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="motivation"' in html and 'name="available_from"' in html
    assert "I declare that the information in my profile" in html
    assert response.context["may_apply"] is True


def test_apply_through_the_page(client_for, cast, world, open_doa):
    response = client_for(cast["volunteer"]).post(
        url("application_create", doa_id=open_doa.doa.pk),
        {
            "motivation": "I know the region.",
            "available_from": soon(20).isoformat(),
            "self_declaration": "on",
        },
    )
    application = Application.objects.get(doa=open_doa.doa, candidate=world.volunteer)
    assert response.status_code == 302
    assert response["Location"] == url("application_detail", application_id=application.pk)
    assert application.status == S.APPLIED
    assert application.motivation == "I know the region."


def test_apply_without_the_declaration_or_motivation_names_the_fields(client_for, cast, open_doa):
    response = client_for(cast["volunteer"]).post(
        url("application_create", doa_id=open_doa.doa.pk), {"motivation": " ", "available_from": ""}
    )
    assert response.status_code == 422
    assert field_errors(response, "self_declaration", "apply_form") == [
        "Confirm the self-declaration to apply."
    ]
    assert field_errors(response, "motivation", "apply_form") == ["Say why you apply."]
    assert field_errors(response, "available_from", "apply_form") == ["Give the date you are available from."]
    assert "Confirm the self-declaration to apply." in response.content.decode()
    assert not Application.objects.exists()


def test_apply_without_consent_says_so(client_for, cast, world, open_doa):
    world.volunteer.consent_at = None
    world.volunteer.save(update_fields=["consent_at"])
    client = client_for(cast["volunteer"])
    assert (
        "consent to the processing"
        in client.get(url("opportunity_detail", doa_id=open_doa.doa.pk)).content.decode()
    )
    response = client.post(
        url("application_create", doa_id=open_doa.doa.pk),
        {"motivation": "Yes.", "available_from": soon(5).isoformat(), "self_declaration": "on"},
    )
    assert response.status_code == 422
    assert response.context["apply_form"].non_field_errors() == [
        "Consent to the processing of your data in your profile before applying."
    ]
    assert not Application.objects.exists()


def test_my_applications_and_withdraw(client_for, cast, world, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    client = client_for(cast["volunteer"])
    listing = client.get(url("my_applications"))
    assert [a.pk for a in listing.context["object_list"]] == [application.pk]
    assert "Withdraw" in listing.content.decode()
    response = client.post(url("application_withdraw", application_id=application.pk), {"from": "mine"})
    assert response.status_code == 302
    assert response["Location"] == url("my_applications")
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_withdrawing_an_offered_application_is_refused_on_the_page(client_for, cast, world, open_doa):
    application = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="offered", position=open_doa.position
    )
    response = client_for(cast["volunteer"]).post(url("application_withdraw", application_id=application.pk))
    assert response.status_code == 422
    assert response.context["withdraw_form"].non_field_errors() == [
        "This application is Offered: it can no longer be withdrawn."
    ]
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_invitation_reaches_the_candidate_who_applies_from_it(client_for, cast, world, open_doa):
    response = client_for(cast["recruiter"]).post(
        url("application_invite", doa_id=open_doa.doa.pk),
        {"invite-candidate": world.volunteer.pk, "invite-note": "Your profile fits."},
    )
    assert response.status_code == 302
    client = client_for(cast["volunteer"])
    invitations = client.get(url("my_invitations"))
    assert [a.candidate_id for a in invitations.context["object_list"]] == [world.volunteer.pk]
    assert "Your profile fits." in invitations.content.decode()
    detail = client.get(url("opportunity_detail", doa_id=open_doa.doa.pk))
    assert "Accept the invitation and apply" in detail.content.decode()
    client.post(
        url("application_create", doa_id=open_doa.doa.pk),
        {"motivation": "Glad to.", "available_from": soon(10).isoformat(), "self_declaration": "on"},
    )
    application = Application.objects.get()
    assert (application.status, application.source) == (S.APPLIED, Application.Source.INVITED)


def test_invite_an_unknown_number_or_an_ineligible_candidate_names_the_field(
    client_for, cast, world, open_doa
):
    client = client_for(cast["recruiter"])
    page = url("application_invite", doa_id=open_doa.doa.pk)
    unknown = client.post(page, {"invite-candidate": 999999})
    assert unknown.status_code == 422
    assert field_errors(unknown, "candidate", "invite_form") == ["No candidate has this number."]
    ineligible = client.post(page, {"invite-candidate": world.other_volunteer.pk})
    assert ineligible.status_code == 422
    errors = field_errors(ineligible, "candidate", "invite_form")
    assert errors and errors[0].startswith("Nationality: ")
    assert not Application.objects.exists()


def test_my_offers_accept_and_the_letter(client_for, cast, world, open_doa):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="offered", position=open_doa.position)
    offer = Offer.objects.get()
    client = client_for(cast["volunteer"])
    listing = client.get(url("my_offers"))
    assert [o.pk for o in listing.context["object_list"]] == [offer.pk]
    assert url("offer_letter", offer_id=offer.pk) in listing.content.decode()
    letter = client.get(url("offer_letter", offer_id=offer.pk))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    detail = client.get(url("offer_detail", offer_id=offer.pk))
    assert {"accept", "decline", "letter"} <= set(detail.context["actions"])
    response = client.post(url("offer_accept", offer_id=offer.pk))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.onboarding_tasks.count() == 5


def test_decline_with_a_reason(client_for, cast, world, open_doa):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="offered", position=open_doa.position)
    offer = Offer.objects.get()
    response = client_for(cast["volunteer"]).post(
        url("offer_decline", offer_id=offer.pk), {"reason": "I took another job."}
    )
    assert response.status_code == 302
    assert response["Location"] == url("my_offers")
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == (Offer.Status.DECLINED, "I took another job.")


def test_accepting_an_overlapping_offer_is_refused_on_the_offer(client_for, cast, world, open_doa):
    # given an accepted offer on the same dates for another DoA
    other = sourcing(DoaFactory(host_entity=world.host, country=world.country, category=world.category))
    other_position = PositionFactory(doa=other, duty_station=world.station)
    walk(cast=cast, doa=other, candidate=world.volunteer, to="accepted", position=other_position)
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="offered", position=open_doa.position)
    offer = Offer.objects.get(application__doa=open_doa.doa)
    response = client_for(cast["volunteer"]).post(url("offer_accept", offer_id=offer.pk))
    assert response.status_code == 422
    errors = field_errors(response, "offer", "accept_form")
    assert errors and "which overlaps" in errors[0]
    assert errors[0] in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN


def test_onboarding_upload_checks_the_file_then_accepts_a_pdf(client_for, cast, world, open_doa, media_root):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position)
    task = OnboardingTask.objects.get(kind=OnboardingTask.Kind.BANK_DETAILS)
    client = client_for(cast["volunteer"])
    mine = client.get(url("my_onboarding"))
    assert mine.status_code == 200
    assert url("onboarding_task", task_id=task.pk) in mine.content.decode()
    page = url("onboarding_task", task_id=task.pk)
    assert client.get(page).status_code == 200
    bad = client.post(page, {"file": pdf("notes.txt", b"just text", "text/plain")})
    assert bad.status_code == 422
    assert field_errors(bad, "file", "submit_form") == ["Only PDF, JPEG and PNG files are accepted."]
    task.refresh_from_db()
    assert task.status == OnboardingTask.Status.OPEN
    good = client.post(page, {"file": pdf("bank.pdf"), "note": "IBAN inside"})
    assert good.status_code == 302
    assert good["Location"] == url("my_onboarding")
    task.refresh_from_db()
    assert (task.status, task.original_name) == (OnboardingTask.Status.SUBMITTED, "bank.pdf")
    document = client.get(url("onboarding_document", task_id=task.pk))
    assert document.status_code == 200
    assert b"".join(document.streaming_content).startswith(b"%PDF")


# --- recruiters -------------------------------------------------------------------------------


def test_sourcing_board_shows_the_shortlist_against_the_service_level(client_for, cast, world, open_doa):
    late = sourcing(world.other_doa, approved_days_ago=20)
    response = client_for(cast["recruiter"]).get(url("sourcing_board"))
    assert response.status_code == 200
    rows = {doa.pk: sla for doa, sla in response.context["rows"]}
    assert rows[open_doa.doa.pk].state == "on_track"
    assert rows[late.pk].state == "late"
    assert [doa.pk for doa, _sla in response.context["rows"]] == [late.pk, open_doa.doa.pk]  # oldest first
    html = response.content.decode()
    assert "0 / 3–5" in html and "Late" in html and "On track" in html
    assert url("doa_recruitment", doa_id=open_doa.doa.pk) in html


def test_sourcing_board_costs_the_same_queries_however_many_doas(client_for, cast, world, open_doa):
    client = client_for(cast["recruiter"])
    with CaptureQueriesContext(connection) as one:
        client.get(url("sourcing_board"))
    late = sourcing(world.other_doa, approved_days_ago=20)
    for days in (1, 2):
        ApplicationFactory(
            doa=late, status=S.SHORTLISTED, shortlisted_at=late.approved_at + dt.timedelta(days=days)
        )
    with CaptureQueriesContext(connection) as two:
        response = client.get(url("sourcing_board"))
    rows = {doa.pk: (doa.position_count, sla.shortlisted) for doa, sla in response.context["rows"]}
    assert rows[late.pk] == (late.positions.count(), 2)
    assert len(two.captured_queries) == len(one.captured_queries)


def test_doa_page_ranks_applicants_with_eligibility_and_stage_days(client_for, cast, world, open_doa):
    eligible = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    ineligible = walk(cast=cast, doa=open_doa.doa, candidate=world.other_volunteer, to="applied")
    response = client_for(cast["recruiter"]).get(url("doa_recruitment", doa_id=open_doa.doa.pk))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.application.pk for row in rows] == [eligible.pk, ineligible.pk]
    assert rows[0].ranked.rank == 1 and rows[0].ranked.eligible
    assert rows[1].ranked.rank is None and not rows[1].ranked.eligible
    assert "shortlist" in rows[0].actions
    html = response.content.decode()
    assert "Not eligible" in html and "Nationality" in html
    assert "Days since approval" in html and "First candidate shortlisted" in html
    assert 'name="source-candidate"' in html and 'name="invite-candidate"' in html
    assert reverse("matching:doa_ranking", kwargs={"doa_id": open_doa.doa.pk}) in html


def test_shortlist_from_the_doa_page_and_the_refusal_naming_the_rule(client_for, cast, world, open_doa):
    eligible = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    ineligible = walk(cast=cast, doa=open_doa.doa, candidate=world.other_volunteer, to="applied")
    client = client_for(cast["recruiter"])
    ok = client.post(url("application_shortlist", application_id=eligible.pk), {"from": "doa"})
    assert ok.status_code == 302
    assert ok["Location"] == url("doa_recruitment", doa_id=open_doa.doa.pk)
    eligible.refresh_from_db()
    assert eligible.status == S.SHORTLISTED
    refused = client.post(url("application_shortlist", application_id=ineligible.pk), {"from": "doa"})
    assert refused.status_code == 422
    row = next(r for r in refused.context["rows"] if r.application.pk == ineligible.pk)
    errors = row.shortlist_form.errors["candidate"]
    assert errors and errors[0].startswith("Nationality: ")
    assert errors[0] in refused.content.decode()
    ineligible.refresh_from_db()
    assert ineligible.status == S.APPLIED


def test_add_from_the_pool(client_for, cast, world, open_doa):
    pooled = CandidateFactory(nationality=world.country)
    client = client_for(cast["recruiter"])
    response = client.post(url("application_source", doa_id=open_doa.doa.pk), {"source-candidate": pooled.pk})
    assert response.status_code == 302
    application = Application.objects.get(candidate=pooled)
    assert (application.status, application.source) == (S.APPLIED, Application.Source.SOURCED)
    again = client.post(url("application_source", doa_id=open_doa.doa.pk), {"source-candidate": pooled.pk})
    assert again.status_code == 422
    assert field_errors(again, "candidate", "source_form")[0].startswith("This candidate already has")


def test_clearances_decided_on_the_application_page_then_submitted_to_the_host(
    client_for, cast, world, open_doa
):
    Doa.objects.filter(pk=open_doa.doa.pk).update(reference_checks_required=True)
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    client = client_for(cast["recruiter"])
    client.post(url("application_shortlist", application_id=application.pk))
    clearance = Clearance.objects.get(application=application)
    page = client.get(url("application_detail", application_id=application.pk))
    assert "submit_to_host" not in page.context["actions"]
    assert f'name="clearance-{clearance.pk}-status"' in page.content.decode()
    decide = url("clearance_decide", clearance_id=clearance.pk)
    failed_without_note = client.post(decide, {f"clearance-{clearance.pk}-status": "failed"})
    assert failed_without_note.status_code == 422
    assert failed_without_note.context["clearances"][0].form.errors["note"] == [
        "Say why the candidate was not cleared."
    ]
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.PENDING
    assert client.post(decide, {f"clearance-{clearance.pk}-status": "cleared"}).status_code == 302
    submitted = client.post(url("application_submit_to_host", application_id=application.pk))
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_offer_form_names_a_bad_date_then_makes_the_offer(client_for, cast, world, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    client = client_for(cast["recruiter"])
    page = url("offer_create", application_id=application.pk)
    form = client.get(page)
    assert form.status_code == 200
    assert form.context["form"].initial["position"] == open_doa.position
    start = soon(40)
    data = {
        "position": open_doa.position.pk,
        "entry_on_duty": start.isoformat(),
        "planned_end": (start + dt.timedelta(days=364)).isoformat(),
        "respond_by": (start + dt.timedelta(days=1)).isoformat(),
    }
    bad = client.post(page, data)
    assert bad.status_code == 422
    assert field_errors(bad, "respond_by") == [
        "The deadline to answer must be on or before the entry on duty."
    ]
    assert not Offer.objects.exists()
    good = client.post(page, {**data, "respond_by": soon(7).isoformat()})
    offer = Offer.objects.get()
    assert good.status_code == 302
    assert good["Location"] == url("offer_detail", offer_id=offer.pk)


def test_offer_withdraw_needs_a_reason(client_for, cast, world, open_doa):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="offered", position=open_doa.position)
    offer = Offer.objects.get()
    client = client_for(cast["recruiter"])
    refused = client.post(url("offer_withdraw", offer_id=offer.pk), {"reason": ""})
    assert refused.status_code == 422
    assert field_errors(refused, "reason", "withdraw_form") == ["Give the reason for withdrawing the offer."]
    assert client.post(url("offer_withdraw", offer_id=offer.pk), {"reason": "Budget cut."}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN


def test_onboarding_verified_then_entry_on_duty(client_for, cast, world, open_doa):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position)
    offer = Offer.objects.get()
    candidate = client_for(cast["volunteer"])
    for task in offer.onboarding_tasks.all():
        candidate.post(url("onboarding_task", task_id=task.pk), {"note": "done"})
    recruiter = client_for(cast["recruiter"])
    early = recruiter.post(url("offer_enter_on_duty", offer_id=offer.pk))
    assert early.status_code == 422
    message = early.context["eod_form"].non_field_errors()[0]
    assert message.startswith("Onboarding tasks not verified yet")
    assert message in early.content.decode()
    page = recruiter.get(url("offer_detail", offer_id=offer.pk))
    assert all("verify" in row.actions for row in page.context["tasks"])
    for task in offer.onboarding_tasks.all():
        response = recruiter.post(url("onboarding_task_verify", task_id=task.pk))
        assert response.status_code == 302
    assert "enter_on_duty" in recruiter.get(url("offer_detail", offer_id=offer.pk)).context["actions"]
    response = recruiter.post(url("offer_enter_on_duty", offer_id=offer.pk), {"entry_on_duty": ""})
    assert response.status_code == 302
    assignment = Assignment.objects.get(position=open_doa.position)
    assert assignment.volunteer_id == world.volunteer.pk
    assert Doa.objects.get(pk=open_doa.doa.pk).status == Doa.Status.RECRUITED


def test_return_an_onboarding_task_needs_a_note(client_for, cast, world, open_doa):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position)
    task = OnboardingTask.objects.get(kind=OnboardingTask.Kind.BENEFICIARY_FORM)
    client_for(cast["volunteer"]).post(url("onboarding_task", task_id=task.pk), {"note": "attached"})
    recruiter = client_for(cast["recruiter"])
    refused = recruiter.post(url("onboarding_task_return", task_id=task.pk), {"note": ""})
    assert refused.status_code == 422
    assert field_errors(refused, "note", "return_form") == ["Say what is missing."]
    ok = recruiter.post(url("onboarding_task_return", task_id=task.pk), {"note": "Sign it."})
    assert ok.status_code == 302
    task.refresh_from_db()
    assert task.status == OnboardingTask.Status.OPEN


# --- the host -----------------------------------------------------------------------------------


def test_host_assesses_and_chooses(client_for, cast, world, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    client = client_for(cast["focal"])
    listing = client.get(url("host_candidates"))
    assert [a.pk for a in listing.context["object_list"]] == [application.pk]
    page = url("assessment", application_id=application.pk)
    assert client.get(page).status_code == 200
    bad = client.post(page, {"method": "interview", "result": "", "score": "70"})
    assert bad.status_code == 422
    assert field_errors(bad, "result") == ["Give the result of the assessment."]
    assert not Assessment.objects.exists()
    out_of_range = client.post(page, {"method": "written_test", "result": "recommended", "score": "120"})
    assert field_errors(out_of_range, "score") == ["A score is from 0 to 100."]
    good = client.post(
        page, {"method": "interview", "result": "recommended", "score": "82", "note": "Strong."}
    )
    assert good.status_code == 302
    assert Assessment.objects.get().score == 82
    assert (
        client.get(url("host_candidates"), {"show": "to_choose"}).context["object_list"][0].pk
        == application.pk
    )
    detail = client.get(url("application_detail", application_id=application.pk))
    assert {"select_preferred", "select_reserve"} <= set(detail.context["actions"])
    bad_rank = client.post(
        url("application_select", application_id=application.pk), {"as_": "preferred", "reserve_rank": "2"}
    )
    assert bad_rank.status_code == 422
    assert field_errors(bad_rank, "reserve_rank", "select_form") == [
        "A reserve rank is a number from 1, for the reserve list."
    ]
    chosen = client.post(url("application_select", application_id=application.pk), {"as_": "preferred"})
    assert chosen.status_code == 302
    application.refresh_from_db()
    assert application.status == S.PREFERRED


def test_host_doa_page_lists_only_what_was_submitted(client_for, cast, world, open_doa):
    submitted = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    walk(cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="shortlisted")
    response = client_for(cast["focal"]).get(url("doa_recruitment", doa_id=open_doa.doa.pk))
    assert [row.application.pk for row in response.context["rows"]] == [submitted.pk]
    assert response.context["can_recruit"] is False
    assert 'name="source-candidate"' not in response.content.decode()


# --- read-only roles --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["auditor", "field_in"])
def test_read_only_roles_see_no_buttons(client_for, cast, world, open_doa, who):
    application = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position
    )
    offer = Offer.objects.get()
    client = client_for(cast[who])
    doa_page = client.get(url("doa_recruitment", doa_id=open_doa.doa.pk))
    assert doa_page.status_code == 200
    assert all(not row.actions for row in doa_page.context["rows"])
    detail = client.get(url("application_detail", application_id=application.pk))
    assert detail.context["actions"] == []
    offer_page = client.get(url("offer_detail", offer_id=offer.pk))
    assert offer_page.context["actions"] == []
    assert all(not row.actions and not row.details for row in offer_page.context["tasks"])
    html = offer_page.content.decode()
    assert "<form" not in html.split("<main", 1)[1]
