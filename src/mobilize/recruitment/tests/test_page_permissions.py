"""Every recruitment page over the whole cast: a record outside the person's scope answers 404
exactly like a missing one, a visible record they may not act on 403, anyone signed out goes to
the sign-in page. A host never sees a candidate it was not sent; a candidate never sees another
candidate's application, offer or documents. A refused action leaves nothing changed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask
from mobilize.recruitment.tests.factories import (
    ApplicationFactory,
    OnboardingDocumentFactory,
    sourcing,
    walk,
)
from mobilize.requests.tests.factories import DoaFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

S = Application.Status
EVERYONE = set(CAST) - {"anonymous"}


@pytest.fixture
def scene(world, cast, open_doa):
    """* ``mine``: the volunteer on host A's DoA in Kenya, offer accepted (so submitted to host A),
      with a bank-details document submitted;
    * ``unsent``: the other volunteer on the same DoA, shortlisted with a pending reference check,
      never sent to the host;
    * ``applied``: a Kenyan candidate of the pool (no account) added to the same DoA;
    * ``theirs``: the other volunteer on host B's DoA in Peru, submitted to host B."""
    mine = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position
    )
    offer = mine.offers.get()
    offer.onboarding_tasks.filter(kind=OnboardingTask.Kind.BANK_DETAILS).delete()
    bank = OnboardingDocumentFactory(offer=offer, kind=OnboardingTask.Kind.BANK_DETAILS)
    unsent = ApplicationFactory(doa=open_doa.doa, candidate=world.other_volunteer, status=S.SHORTLISTED)
    clearance = Clearance.objects.create(application=unsent, kind=Clearance.Kind.REFERENCE_CHECK)
    applied = walk(
        cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="applied"
    )
    other_doa = sourcing(world.other_doa)
    theirs = ApplicationFactory(doa=other_doa, candidate=world.other_volunteer, status=S.SUBMITTED)
    theirs.submitted_at = theirs.applied_at
    theirs.save()
    return SimpleNamespace(
        doa=open_doa.doa,
        other_doa=other_doa,
        mine=mine,
        offer=offer,
        bank=bank,
        unsent=unsent,
        clearance=clearance,
        applied=applied,
        theirs=theirs,
    )


def expect(ok: set[str], forbidden: set[str] | None = None, status: int = 200) -> dict[str, int]:
    """``ok`` get ``status``, ``forbidden`` 403, the rest of the signed-in cast 404, anonymous 302."""
    forbidden = forbidden or set()
    out = {who: (status if who in ok else 403 if who in forbidden else 404) for who in EVERYONE}
    out["anonymous"] = 302
    return out


SEES_MINE = {"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"}
SEES_UNSENT = {"hq", "recruiter", "auditor", "field_in", "other_volunteer"}
SEES_THEIRS = {"hq", "recruiter", "auditor", "other_focal", "field_out", "other_volunteer"}
CANDIDATES = {"volunteer", "other_volunteer"}
RECRUITERS = {"hq", "recruiter"}
LETTER_AND_DOCUMENTS = RECRUITERS | {"volunteer"}


def pages(scene) -> list[tuple[str, str, dict[str, int]]]:
    """(name, path, expected status for each of the cast) of every page answering GET."""

    def url(name: str, **kwargs: int) -> str:
        return reverse(f"recruitment:{name}", kwargs=kwargs)

    return [
        ("opportunity_list", url("opportunity_list"), expect(EVERYONE - {"donor"}, {"donor"})),
        (
            "opportunity_detail",
            url("opportunity_detail", doa_id=scene.doa.pk),
            expect(EVERYONE - {"donor"}),
        ),
        ("my_applications", url("my_applications"), expect(CANDIDATES, EVERYONE - CANDIDATES)),
        ("my_invitations", url("my_invitations"), expect(CANDIDATES, EVERYONE - CANDIDATES)),
        ("my_offers", url("my_offers"), expect(CANDIDATES, EVERYONE - CANDIDATES)),
        ("my_onboarding", url("my_onboarding"), expect(CANDIDATES, EVERYONE - CANDIDATES)),
        (
            "sourcing_board",
            url("sourcing_board"),
            expect(
                {"hq", "recruiter", "auditor", "field_in", "field_out"},
                {"focal", "other_focal", "volunteer", "other_volunteer", "donor"},
            ),
        ),
        (
            "doa_recruitment",
            url("doa_recruitment", doa_id=scene.doa.pk),
            expect({"hq", "recruiter", "auditor", "focal", "field_in"}),
        ),
        (
            "host_candidates",
            url("host_candidates"),
            expect({"hq", "focal", "other_focal"}, EVERYONE - {"hq", "focal", "other_focal"}),
        ),
        (
            "application_detail mine",
            url("application_detail", application_id=scene.mine.pk),
            expect(SEES_MINE),
        ),
        (
            "application_detail unsent",
            url("application_detail", application_id=scene.unsent.pk),
            expect(SEES_UNSENT),
        ),
        (
            "application_detail theirs",
            url("application_detail", application_id=scene.theirs.pk),
            expect(SEES_THEIRS),
        ),
        (
            "assessment theirs",
            url("assessment", application_id=scene.theirs.pk),
            expect({"hq", "other_focal"}, SEES_THEIRS - {"hq", "other_focal"}),
        ),
        (
            "offer_create applied",
            url("offer_create", application_id=scene.applied.pk),
            expect(RECRUITERS, {"auditor", "field_in"}),
        ),
        ("offer_detail", url("offer_detail", offer_id=scene.offer.pk), expect(SEES_MINE)),
        (
            "offer_letter",
            url("offer_letter", offer_id=scene.offer.pk),
            expect(LETTER_AND_DOCUMENTS, SEES_MINE - LETTER_AND_DOCUMENTS),
        ),
        ("onboarding_task", url("onboarding_task", task_id=scene.bank.pk), expect(SEES_MINE)),
        (
            "onboarding_document",
            url("onboarding_document", task_id=scene.bank.pk),
            expect(LETTER_AND_DOCUMENTS, SEES_MINE - LETTER_AND_DOCUMENTS),
        ),
    ]


@pytest.mark.parametrize("who", CAST)
def test_every_page_over_the_cast(client_for, cast, scene, who):
    client = client_for(cast[who])
    wrong = []
    for name, path, expected in pages(scene):
        response = client.get(path)
        if response.status_code != expected[who]:
            wrong.append(f"{name}: {response.status_code}, expected {expected[who]}")
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"], name
    assert not wrong, f"{who}: " + "; ".join(wrong)


def test_missing_records_are_404_like_hidden_ones(client_for, cast, scene):
    client = client_for(cast["hq"])
    for name, kwargs in [
        ("doa_recruitment", {"doa_id": 999999}),
        ("opportunity_detail", {"doa_id": 999999}),
        ("application_detail", {"application_id": 999999}),
        ("offer_detail", {"offer_id": 999999}),
        ("onboarding_task", {"task_id": 999999}),
    ]:
        assert client.get(reverse(f"recruitment:{name}", kwargs=kwargs)).status_code == 404, name


@pytest.mark.parametrize("who", ["focal", "other_focal"])
def test_a_host_never_sees_a_candidate_it_was_not_sent(client_for, cast, scene, who):
    client = client_for(cast[who])
    hidden = {scene.unsent.pk, scene.applied.pk} | ({scene.theirs.pk} if who == "focal" else {scene.mine.pk})
    listed = {
        a.pk
        for a in client.get(reverse("recruitment:host_candidates"), {"show": "all"}).context["object_list"]
    }
    assert listed == ({scene.mine.pk} if who == "focal" else {scene.theirs.pk})
    if who == "focal":
        page = client.get(reverse("recruitment:doa_recruitment", kwargs={"doa_id": scene.doa.pk}))
        assert [row.application.pk for row in page.context["rows"]] == [scene.mine.pk]
        assert "Otto" not in page.content.decode()
    for pk in hidden:
        response = client.get(reverse("recruitment:application_detail", kwargs={"application_id": pk}))
        assert response.status_code == 404
    clearance = client.post(
        reverse("recruitment:clearance_decide", kwargs={"clearance_id": scene.clearance.pk}),
        {f"clearance-{scene.clearance.pk}-status": "cleared"},
    )
    assert clearance.status_code == 404


def test_a_candidate_never_sees_another_candidates_records(client_for, cast, scene):
    client = client_for(cast["other_volunteer"])
    for name, kwargs in [
        ("application_detail", {"application_id": scene.mine.pk}),
        ("application_detail", {"application_id": scene.applied.pk}),
        ("offer_detail", {"offer_id": scene.offer.pk}),
        ("offer_letter", {"offer_id": scene.offer.pk}),
        ("onboarding_task", {"task_id": scene.bank.pk}),
        ("onboarding_document", {"task_id": scene.bank.pk}),
        ("assessment", {"application_id": scene.mine.pk}),
    ]:
        assert client.get(reverse(f"recruitment:{name}", kwargs=kwargs)).status_code == 404, name
    own = client.get(reverse("recruitment:my_applications")).context["object_list"]
    assert {a.pk for a in own} == {scene.unsent.pk, scene.theirs.pk}
    assert {o.pk for o in client.get(reverse("recruitment:my_offers")).context["object_list"]} == set()
    # and their own application shows neither the clearance nor anyone's ranking
    page = client.get(reverse("recruitment:application_detail", kwargs={"application_id": scene.unsent.pk}))
    assert page.status_code == 200
    assert page.context["clearances"] == [] and page.context["match"] is None
    assert "Reference check" not in page.content.decode()


# --- actions: who may, and a refusal changes nothing --------------------------------------------


def _post(client_for, cast, who, name, data=None, **kwargs):
    return client_for(cast[who]).post(reverse(f"recruitment:{name}", kwargs=kwargs), data or {})


@pytest.mark.parametrize("who", CAST)
def test_shortlist(client_for, cast, scene, who):
    response = _post(client_for, cast, who, "application_shortlist", application_id=scene.applied.pk)
    expected = expect(RECRUITERS, {"auditor", "field_in"}, status=302)[who]
    assert response.status_code == expected
    scene.applied.refresh_from_db()
    assert scene.applied.status == (S.SHORTLISTED if who in RECRUITERS else S.APPLIED)


@pytest.mark.parametrize("who", CAST)
def test_decide_clearance(client_for, cast, scene, who):
    data = {f"clearance-{scene.clearance.pk}-status": "cleared"}
    response = _post(client_for, cast, who, "clearance_decide", data, clearance_id=scene.clearance.pk)
    # the candidate sees their application but never its clearances: 404
    assert response.status_code == expect(RECRUITERS, {"auditor", "field_in"}, status=302)[who]
    scene.clearance.refresh_from_db()
    assert scene.clearance.status == ("cleared" if who in RECRUITERS else "pending")


@pytest.mark.parametrize("who", CAST)
def test_submit_to_host_needs_a_recruiter(client_for, cast, scene, who):
    response = _post(client_for, cast, who, "application_submit_to_host", application_id=scene.unsent.pk)
    # recruiters are refused too here: the reference check is pending (422, named on the page)
    expected = expect(RECRUITERS, SEES_UNSENT - RECRUITERS, status=422)[who]
    assert response.status_code == expected
    if expected == 422:
        assert "Reference check (Pending)" in response.content.decode()
    scene.unsent.refresh_from_db()
    assert scene.unsent.status == S.SHORTLISTED


@pytest.mark.parametrize("who", CAST)
def test_add_from_the_pool_and_invite(client_for, cast, scene, world, who):
    pooled = CandidateFactory(nationality=world.country)
    added = _post(
        client_for, cast, who, "application_source", {"source-candidate": pooled.pk}, doa_id=scene.doa.pk
    )
    invited = _post(
        client_for, cast, who, "application_invite", {"invite-candidate": pooled.pk}, doa_id=scene.doa.pk
    )
    expected = expect(RECRUITERS, {"auditor", "focal", "field_in"}, status=302)[who]
    assert added.status_code == expected
    assert invited.status_code == (422 if who in RECRUITERS else expected)  # already added
    assert Application.objects.filter(candidate=pooled).count() == (1 if who in RECRUITERS else 0)


@pytest.mark.parametrize("who", CAST)
def test_assess_and_select(client_for, cast, scene, who):
    data = {"method": "desk_review", "result": "recommended", "score": "70"}
    assessed = _post(client_for, cast, who, "assessment", data, application_id=scene.theirs.pk)
    chooses = {"hq", "other_focal"}
    expected = expect(chooses, SEES_THEIRS - chooses, status=302)[who]
    assert assessed.status_code == expected
    assert Assessment.objects.filter(application=scene.theirs).exists() == (who in chooses)
    selected = _post(
        client_for, cast, who, "application_select", {"as_": "preferred"}, application_id=scene.theirs.pk
    )
    assert selected.status_code == expected
    scene.theirs.refresh_from_db()
    assert scene.theirs.status == (S.PREFERRED if who in chooses else S.SUBMITTED)


@pytest.mark.parametrize("who", CAST)
def test_withdraw_is_the_candidates_own(client_for, cast, scene, who):
    response = _post(client_for, cast, who, "application_withdraw", application_id=scene.unsent.pk)
    expected = expect({"other_volunteer"}, SEES_UNSENT - {"other_volunteer"}, status=302)[who]
    assert response.status_code == expected
    scene.unsent.refresh_from_db()
    assert scene.unsent.status == (S.WITHDRAWN if who == "other_volunteer" else S.SHORTLISTED)


@pytest.mark.parametrize("who", CAST)
def test_offer_answer_is_the_candidates_own(client_for, cast, scene, who):
    # the offer is accepted already: the candidate is refused by the service (422), others by role
    response = _post(client_for, cast, who, "offer_decline", {"reason": "no"}, offer_id=scene.offer.pk)
    assert response.status_code == expect({"volunteer"}, SEES_MINE - {"volunteer"}, status=422)[who]
    scene.offer.refresh_from_db()
    assert scene.offer.status == Offer.Status.ACCEPTED


@pytest.mark.parametrize("who", CAST)
def test_verify_onboarding_and_withdraw_offer_need_a_recruiter(client_for, cast, scene, who):
    verified = _post(client_for, cast, who, "onboarding_task_verify", task_id=scene.bank.pk)
    assert verified.status_code == expect(RECRUITERS, SEES_MINE - RECRUITERS, status=302)[who]
    scene.bank.refresh_from_db()
    assert scene.bank.status == ("done" if who in RECRUITERS else "submitted")
    withdrawn = _post(client_for, cast, who, "offer_withdraw", {"reason": "x"}, offer_id=scene.offer.pk)
    assert withdrawn.status_code == expect(RECRUITERS, SEES_MINE - RECRUITERS, status=302)[who]
    scene.offer.refresh_from_db()
    assert scene.offer.status == (Offer.Status.WITHDRAWN if who in RECRUITERS else Offer.Status.ACCEPTED)


@pytest.mark.parametrize("who", CAST)
def test_submit_onboarding_is_the_candidates_own(client_for, cast, scene, who):
    task = scene.offer.onboarding_tasks.get(kind=OnboardingTask.Kind.MANDATORY_COURSES)
    response = _post(client_for, cast, who, "onboarding_task", {"note": "done"}, task_id=task.pk)
    assert response.status_code == expect({"volunteer"}, SEES_MINE - {"volunteer"}, status=302)[who]
    task.refresh_from_db()
    assert task.status == ("submitted" if who == "volunteer" else "open")


@pytest.mark.parametrize("who", CAST)
def test_apply_is_for_candidates(client_for, cast, scene, world, who):
    data = {"motivation": "m", "available_from": "2030-01-01", "self_declaration": "on"}
    response = _post(client_for, cast, who, "application_create", data, doa_id=scene.doa.pk)
    # both candidates already have an application to this DoA: the service refuses (422)
    assert response.status_code == expect(CANDIDATES, EVERYONE - CANDIDATES - {"donor"}, status=422)[who]
    assert Application.objects.filter(doa=scene.doa).count() == 3


@pytest.mark.parametrize("who", CAST)
def test_the_doa_page_links_to_its_recruitment_for_exactly_those_it_opens_for(
    client_for, cast, world, open_doa, who
):
    client = client_for(cast[who])
    link = reverse("recruitment:doa_recruitment", kwargs={"doa_id": open_doa.doa.pk})
    detail = client.get(reverse("requests:doa_detail", kwargs={"doa_id": open_doa.doa.pk}))
    opens = client.get(link).status_code == 200
    assert opens == (who in {"hq", "recruiter", "auditor", "focal", "field_in"})
    assert (detail.status_code == 200 and link in detail.content.decode()) == opens
    template = DoaFactory(host_entity=world.host, country=world.country, is_template=True)
    page = client.get(reverse("requests:doa_detail", kwargs={"doa_id": template.pk}))
    assert page.status_code == 200 or not opens
    assert reverse("recruitment:doa_recruitment", kwargs={"doa_id": template.pk}) not in page.content.decode()
