"""Who sees what, over the whole cast: a candidate never sees another candidate's application or
documents, a host never sees a candidate it was not sent; hidden answers like missing (404)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import CAST
from mobilize.core.models import AuditRecord
from mobilize.recruitment import permissions, selectors
from mobilize.recruitment.files import onboarding_document_response
from mobilize.recruitment.models import Application, Clearance, OnboardingTask
from mobilize.recruitment.tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    OnboardingDocumentFactory,
    OnboardingTaskFactory,
    sourcing,
    walk,
)
from mobilize.talent.tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

S = Application.Status


@pytest.fixture
def scene(world, cast, open_doa):
    """* ``mine``: the volunteer, on host A's DoA in Kenya, offer accepted (so submitted to host A),
      with a bank-details document uploaded;
    * ``unsent``: the other volunteer on the same DoA, applied only (never sent to the host);
    * ``theirs``: the other volunteer on host B's DoA in Peru, submitted to host B, with a clearance
      and an assessment."""
    mine = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position
    )
    offer = mine.offers.get()
    bank = offer.onboarding_tasks.get(kind=OnboardingTask.Kind.BANK_DETAILS)
    bank.delete()
    bank = OnboardingDocumentFactory(offer=offer, kind=OnboardingTask.Kind.BANK_DETAILS)
    unsent = ApplicationFactory(doa=open_doa.doa, candidate=world.other_volunteer, status=S.SHORTLISTED)
    Clearance.objects.create(application=unsent, kind="reference_check")
    other_doa = sourcing(world.other_doa)
    theirs = ApplicationFactory(doa=other_doa, candidate=world.other_volunteer, status=S.SUBMITTED)
    theirs.submitted_at = theirs.applied_at
    theirs.save()
    Clearance.objects.create(application=theirs, kind="security")
    AssessmentFactory(application=theirs)
    return SimpleNamespace(mine=mine, offer=offer, bank=bank, unsent=unsent, theirs=theirs)


# Who sees each application (and its offers and onboarding tasks).
SEES_MINE = {"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"}
SEES_UNSENT = {"hq", "recruiter", "auditor", "field_in", "other_volunteer"}
SEES_THEIRS = {"hq", "recruiter", "auditor", "other_focal", "field_out", "other_volunteer"}


@pytest.mark.parametrize("who", CAST)
def test_application_visibility(who, cast, scene):
    user = cast[who]
    seen = set(Application.objects.filter(permissions.application_scope(user)).values_list("pk", flat=True))
    expected = {
        scene.mine.pk if who in SEES_MINE else None,
        scene.unsent.pk if who in SEES_UNSENT else None,
        scene.theirs.pk if who in SEES_THEIRS else None,
    } - {None}
    assert seen == expected
    for application in (scene.mine, scene.unsent, scene.theirs):
        if application.pk in expected:
            assert selectors.application_get(viewer=user, application_id=application.pk) == application
            assert permissions.application_access(user=user, application_id=application.pk) == application
        else:
            with pytest.raises(Http404):
                selectors.application_get(viewer=user, application_id=application.pk)
            with pytest.raises(Http404):
                permissions.application_access(user=user, application_id=application.pk)


@pytest.mark.parametrize("who", CAST)
def test_offer_and_onboarding_visibility(who, cast, scene):
    user = cast[who]
    if who in SEES_MINE:
        assert selectors.offer_get(viewer=user, offer_id=scene.offer.pk) == scene.offer
        assert selectors.onboarding_task_get(viewer=user, task_id=scene.bank.pk) == scene.bank
        assert selectors.onboarding_task_list(viewer=user, offer=scene.offer).count() == 5
    else:
        with pytest.raises(Http404):
            selectors.offer_get(viewer=user, offer_id=scene.offer.pk)
        with pytest.raises(Http404):
            permissions.onboarding_task_access(user=user, task_id=scene.bank.pk)
        assert selectors.onboarding_task_list(viewer=user, offer=scene.offer).count() == 0


READS_DOCUMENTS = {"hq", "recruiter", "volunteer"}


@pytest.mark.parametrize("who", CAST)
def test_onboarding_documents_only_for_the_candidate_recruiters_and_hq(who, cast, scene):
    user = cast[who]
    if who not in SEES_MINE:
        with pytest.raises(Http404):
            task = selectors.onboarding_task_get(viewer=user, task_id=scene.bank.pk)
        return
    task = selectors.onboarding_task_get(viewer=user, task_id=scene.bank.pk)
    if who in READS_DOCUMENTS:
        response = onboarding_document_response(selectors.onboarding_document_read(viewer=user, task=task))
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Cache-Control"] == "private, no-store"
        assert "download" in selectors.onboarding_task_actions(user=user, task=task)
    else:
        with pytest.raises(PermissionDenied):
            selectors.onboarding_document_read(viewer=user, task=task)
        assert "download" not in selectors.onboarding_task_actions(user=user, task=task)
    reads = AuditRecord.objects.filter(
        kind="read", verb="read.onboarding.bank_details", target_id=str(scene.bank.pk)
    )
    assert reads.count() == (1 if who in {"hq", "recruiter"} else 0)


@pytest.mark.parametrize("who", CAST)
def test_clearances_are_for_unv_staff_only(who, cast, scene):
    seen = set(selectors.clearance_list(viewer=cast[who]).values_list("application_id", flat=True))
    expected = {
        "hq": {scene.unsent.pk, scene.theirs.pk},
        "recruiter": {scene.unsent.pk, scene.theirs.pk},
        "auditor": {scene.unsent.pk, scene.theirs.pk},
        "field_in": {scene.unsent.pk},
        "field_out": {scene.theirs.pk},
    }.get(who, set())
    assert seen == expected


@pytest.mark.parametrize("who", CAST)
def test_assessments_for_staff_and_the_host_never_the_candidate(who, cast, scene):
    found = selectors.assessment_for(viewer=cast[who], application=scene.theirs)
    assert (found is not None) == (who in {"hq", "recruiter", "auditor", "other_focal", "field_out"})


@pytest.mark.parametrize("who", CAST)
def test_the_offer_letter_for_the_candidate_recruiters_and_hq(who, cast, scene):
    assert permissions.can_read_offer_letter(cast[who], scene.offer) == (who in READS_DOCUMENTS)


@pytest.mark.parametrize("who", CAST)
def test_who_recruits_and_who_assesses(who, cast, scene):
    user = cast[who]
    assert permissions.can_recruit(user) == (who in {"hq", "recruiter"})
    assert permissions.can_assess(user, scene.mine) == (who in {"hq", "focal"})
    assert permissions.can_assess(user, scene.theirs) == (who in {"hq", "other_focal"})
    assert permissions.can_respond_offer(user, scene.offer) == (who == "volunteer")
    assert permissions.can_withdraw_application(user, scene.unsent) == (who == "other_volunteer")


@pytest.mark.parametrize("who", CAST)
def test_opportunities_for_everyone_signed_in_but_donors(who, cast, scene):
    seen = list(selectors.opportunity_list(viewer=cast[who]))
    if who in {"donor", "anonymous"}:
        assert seen == []
        with pytest.raises(Http404):
            selectors.opportunity_get(viewer=cast[who], doa_id=scene.mine.doa_id)
    else:
        assert {d.pk for d in seen} == {scene.mine.doa_id, scene.theirs.doa_id}
        assert selectors.opportunity_get(viewer=cast[who], doa_id=scene.mine.doa_id).pk == scene.mine.doa_id


@pytest.mark.parametrize("who", CAST)
def test_the_ranking_shows_only_what_the_viewer_may_see(who, cast, scene):
    ranked = selectors.application_ranking(viewer=cast[who], doa=scene.mine.doa, statuses=frozenset(S.values))
    seen = {row.application.pk for row in ranked}
    expected = {
        pk
        for pk, sees in ((scene.mine.pk, SEES_MINE), (scene.unsent.pk, SEES_UNSENT))
        if who in sees and who not in {"volunteer", "other_volunteer"}
    }
    assert seen == expected


def test_a_candidate_lists_only_their_own_applications(cast, scene):
    assert list(selectors.application_own_list(viewer=cast["volunteer"])) == [scene.mine]
    assert set(selectors.application_own_list(viewer=cast["other_volunteer"])) == {scene.unsent, scene.theirs}
    assert list(selectors.application_own_list(viewer=cast["recruiter"])) == []


def test_onboarding_task_of_an_open_offer_is_hidden_from_other_candidates(cast, world):
    task = OnboardingTaskFactory(offer__application__candidate=world.volunteer)
    with pytest.raises(Http404):
        permissions.onboarding_task_access(user=cast["other_volunteer"], task_id=task.pk)
    with pytest.raises(Http404):
        permissions.onboarding_task_access(user=cast["volunteer"], task_id="x")  # type: ignore[arg-type]
