"""Applications up to the host's choice: apply, withdraw, invite, add from the pool, shortlist (and
the eligibility refusal naming the rule), clearances, submit to the host, assess, select."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.notifications.models import Notification
from mobilize.recruitment import services
from mobilize.recruitment.models import Application, Assessment, Clearance
from mobilize.recruitment.tests.factories import ApplicationFactory, soon, walk
from mobilize.requests.models import Doa
from mobilize.requests.tests.factories import PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

S = Application.Status


def apply(world, doa, *, candidate=None, **overrides):
    candidate = candidate or world.volunteer
    values = {"motivation": "I know the region.", "available_from": soon(10), "self_declaration": True}
    values.update(overrides)
    return services.application_submit(doa=doa, candidate=candidate, actor=candidate.user, **values)


# --- apply and withdraw -----------------------------------------------------------------------


def test_a_candidate_applies_with_a_time_stamp_and_an_audit_record(world, cast, open_doa):
    application = apply(world, open_doa.doa)
    assert (application.status, application.source) == (S.APPLIED, Application.Source.APPLIED)
    assert application.applied_at is not None
    assert application.self_declaration is True
    assert (
        AuditRecord.objects.filter(verb="application.submitted", target_id=str(application.pk)).count() == 1
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"self_declaration": False}, "self_declaration"),
        ({"motivation": "   "}, "motivation"),
        ({"available_from": None}, "available_from"),
        ({"motivation": "x" * 5001}, "motivation"),
    ],
)
def test_an_incomplete_application_is_refused_naming_the_field(world, cast, open_doa, overrides, field):
    with pytest.raises(ValidationError) as caught:
        apply(world, open_doa.doa, **overrides)
    assert list(caught.value.message_dict) == [field]
    assert not Application.objects.exists()


def test_applying_needs_consent(world, cast, open_doa):
    world.volunteer.consent_at = None
    world.volunteer.save(update_fields=["consent_at"])
    with pytest.raises(ApplicationError) as caught:
        apply(world, open_doa.doa)
    assert caught.value.field == "consent"
    assert not Application.objects.exists()


def test_applying_for_someone_else_is_refused(world, cast, open_doa):
    with pytest.raises(PermissionDenied):
        services.application_submit(
            doa=open_doa.doa,
            candidate=world.other_volunteer,
            actor=cast["volunteer"],
            motivation="x",
            available_from=soon(5),
            self_declaration=True,
        )
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", [Doa.Status.APPROVED, Doa.Status.RECRUITED, Doa.Status.DRAFT])
def test_applying_needs_a_doa_being_sourced(world, cast, open_doa, status):
    Doa.objects.filter(pk=open_doa.doa.pk).update(status=status)
    with pytest.raises(ApplicationError, match="sourced"):
        apply(world, open_doa.doa)
    assert not Application.objects.exists()


def test_applying_twice_is_refused_and_a_withdrawn_application_stays_withdrawn(world, cast, open_doa):
    application = apply(world, open_doa.doa)
    with pytest.raises(ApplicationError, match="already"):
        apply(world, open_doa.doa)
    services.application_withdraw(application=application, actor=cast["volunteer"])
    with pytest.raises(ApplicationError, match="withdrawn"):
        apply(world, open_doa.doa)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.withdrawn_at is not None and application.closed_at is not None


def test_withdrawing_after_submission_tells_the_host(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    services.application_withdraw(application=application, actor=cast["volunteer"])
    assert Notification.objects.filter(recipient=cast["focal"], verb="application.withdrawn").count() == 1
    assert Notification.objects.filter(recipient=cast["recruiter"], verb="application.withdrawn").count() == 1


def test_only_the_candidate_withdraws_and_not_once_offered(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, actor=cast["recruiter"])
    Application.objects.filter(pk=application.pk).update(status=S.OFFERED)
    with pytest.raises(ApplicationError, match="no longer be withdrawn"):
        services.application_withdraw(application=application, actor=cast["volunteer"])


# --- direct recruitment and sourcing ----------------------------------------------------------


def test_direct_recruitment_invites_then_the_candidate_applies(world, cast, open_doa):
    invited = services.application_invite(
        doa=open_doa.doa, candidate=world.volunteer, actor=cast["recruiter"], note="Pre-identified by host A."
    )
    assert (invited.status, invited.source) == (S.INVITED, Application.Source.INVITED)
    assert invited.invited_at is not None and invited.applied_at is None
    assert Notification.objects.filter(recipient=cast["volunteer"], verb="application.invited").count() == 1
    # when the candidate accepts the invitation by applying
    application = apply(world, open_doa.doa)
    # then the same application is applied, still marked as direct recruitment
    assert application.pk == invited.pk
    assert (application.status, application.source) == (S.APPLIED, Application.Source.INVITED)
    assert Notification.objects.filter(
        recipient=cast["recruiter"], verb="application.invitation_accepted"
    ).exists()


def test_inviting_an_ineligible_candidate_is_refused_naming_the_rule(world, cast, open_doa):
    with pytest.raises(ValidationError) as caught:
        services.application_invite(
            doa=open_doa.doa, candidate=world.other_volunteer, actor=cast["recruiter"]
        )
    assert caught.value.message_dict["candidate"][0].startswith("Nationality: ")
    assert not Application.objects.exists()


@pytest.mark.parametrize("who", ["focal", "field_in", "auditor", "volunteer", "donor"])
def test_only_recruiters_and_hq_invite_or_source(world, cast, open_doa, who):
    with pytest.raises(PermissionDenied):
        services.application_invite(doa=open_doa.doa, candidate=world.volunteer, actor=cast[who])
    with pytest.raises(PermissionDenied):
        services.application_source(doa=open_doa.doa, candidate=world.volunteer, actor=cast[who])
    assert not Application.objects.exists()


def test_a_sourced_candidate_may_confirm_by_applying(world, cast, open_doa):
    sourced = services.application_source(doa=open_doa.doa, candidate=world.volunteer, actor=cast["hq"])
    assert (sourced.status, sourced.source, sourced.self_declaration) == (S.APPLIED, "sourced", False)
    confirmed = apply(world, open_doa.doa, motivation="Yes, I am interested.")
    assert confirmed.pk == sourced.pk
    assert (confirmed.motivation, confirmed.self_declaration) == ("Yes, I am interested.", True)


# --- shortlist --------------------------------------------------------------------------------


def test_an_ineligible_candidate_cannot_be_shortlisted_and_the_refusal_names_the_rule(world, cast, open_doa):
    # given the Peruvian volunteer applied to a national assignment in Kenya
    application = apply(world, open_doa.doa, candidate=world.other_volunteer)
    # when / then
    with pytest.raises(ValidationError) as caught:
        services.application_shortlist(application=application, actor=cast["recruiter"])
    messages = caught.value.message_dict["candidate"]
    assert len(messages) == 1
    assert messages[0].startswith("Nationality: ")
    assert "Peru" in messages[0]
    application.refresh_from_db()
    assert (application.status, application.shortlisted_at) == (S.APPLIED, None)


def test_each_failed_rule_is_named(world, cast, open_doa):
    young = CandidateFactory(
        nationality=world.country, date_of_birth=soon(-365 * 20), experience_months=3, user=None
    )
    application = services.application_source(doa=open_doa.doa, candidate=young, actor=cast["recruiter"])
    with pytest.raises(ValidationError) as caught:
        services.application_shortlist(application=application, actor=cast["recruiter"])
    rules = sorted(message.split(":")[0] for message in caught.value.message_dict["candidate"])
    assert rules == ["Age", "Experience"]


def test_shortlisting_opens_the_clearances_the_doa_needs(world, cast, open_doa):
    Doa.objects.filter(pk=open_doa.doa.pk).update(
        reference_checks_required=True, clearances_required="Security clearance (UNDSS)"
    )
    application = apply(world, open_doa.doa)
    application = services.application_shortlist(application=application, actor=cast["recruiter"])
    assert application.status == S.SHORTLISTED and application.shortlisted_at is not None
    assert sorted(application.clearances.values_list("kind", "status")) == [
        ("reference_check", "pending"),
        ("security", "pending"),
    ]


def test_a_clearance_named_otherwise_is_a_background_clearance(world, cast, open_doa):
    Doa.objects.filter(pk=open_doa.doa.pk).update(clearances_required="Human rights screening")
    application = services.application_shortlist(application=apply(world, open_doa.doa), actor=cast["hq"])
    assert list(application.clearances.values_list("kind", flat=True)) == ["background"]


def test_the_shortlist_holds_at_most_five_per_position(world, cast, open_doa):
    for _ in range(5):
        ApplicationFactory(doa=open_doa.doa, status=S.SHORTLISTED, candidate=CandidateFactory(user=None))
    application = apply(world, open_doa.doa)
    with pytest.raises(ApplicationError, match="most") as caught:
        services.application_shortlist(application=application, actor=cast["recruiter"])
    assert caught.value.code == "shortlist_full"
    # a second position makes room
    PositionFactory(doa=open_doa.doa, duty_station=world.station)
    assert (
        services.application_shortlist(application=application, actor=cast["recruiter"]).status
        == S.SHORTLISTED
    )


# --- clearances and submission ----------------------------------------------------------------


def test_a_candidate_goes_to_the_host_only_with_every_clearance_cleared(world, cast, open_doa):
    Doa.objects.filter(pk=open_doa.doa.pk).update(reference_checks_required=True)
    application = services.application_shortlist(
        application=apply(world, open_doa.doa), actor=cast["recruiter"]
    )
    with pytest.raises(ApplicationError, match="Reference check") as caught:
        services.application_submit_to_host(application=application, actor=cast["recruiter"])
    assert caught.value.field == "clearances"
    clearance = application.clearances.get()
    with pytest.raises(ValidationError) as missing_note:
        services.clearance_decide(clearance=clearance, actor=cast["recruiter"], status="failed")
    assert list(missing_note.value.message_dict) == ["note"]
    cleared = services.clearance_decide(
        clearance=clearance, actor=cast["recruiter"], status="cleared", note="Two good references"
    )
    assert cleared.decided_by == cast["recruiter"] and cleared.decided_at is not None
    with pytest.raises(ApplicationError, match="already decided"):
        services.clearance_decide(clearance=clearance, actor=cast["recruiter"], status="failed", note="x")
    submitted = services.application_submit_to_host(application=application, actor=cast["recruiter"])
    assert submitted.status == S.SUBMITTED and submitted.submitted_at is not None
    assert (
        Notification.objects.filter(recipient=cast["focal"], verb="application.submitted_to_host").count()
        == 1
    )
    assert not Notification.objects.filter(recipient=cast["other_focal"]).exists()


def test_only_recruiters_decide_clearances(world, cast, open_doa):
    clearance = Clearance.objects.create(
        application=ApplicationFactory(doa=open_doa.doa, status=S.SHORTLISTED), kind="security"
    )
    for who in ("focal", "field_in", "auditor", "volunteer"):
        with pytest.raises(PermissionDenied):
            services.clearance_decide(clearance=clearance, actor=cast[who], status="cleared")
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.PENDING


# --- assessment and selection -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "result", "score", "field"),
    [
        ("phone_call", "recommended", None, "method"),
        ("interview", "", None, "result"),
        ("not_assessed", "recommended", None, "result"),
        ("not_assessed", "", 50, "score"),
        ("written_test", "recommended", 101, "score"),
    ],
)
def test_an_assessment_is_validated(world, cast, open_doa, method, result, score, field):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    with pytest.raises(ValidationError) as caught:
        services.assessment_record(
            application=application, actor=cast["focal"], method=method, result=result, score=score
        )
    assert field in caught.value.message_dict
    assert not Assessment.objects.exists()


def test_the_host_assesses_and_may_correct_until_it_selects(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    first = services.assessment_record(application=application, actor=cast["focal"], method="not_assessed")
    assert (first.method, first.result, first.score) == ("not_assessed", "", None)
    second = services.assessment_record(
        application=application, actor=cast["focal"], method="desk_review", result="recommended", score=70
    )
    assert second.pk == first.pk and second.version == 2
    with pytest.raises(PermissionDenied):
        services.assessment_record(application=application, actor=cast["other_focal"], method="not_assessed")
    with pytest.raises(PermissionDenied):
        services.assessment_record(application=application, actor=cast["recruiter"], method="not_assessed")


def test_the_host_assesses_only_candidates_submitted_to_it(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="shortlisted")
    with pytest.raises(ApplicationError, match="submitted"):
        services.assessment_record(
            application=application, actor=cast["focal"], method="interview", result="recommended"
        )


def test_selecting_needs_a_recommending_assessment(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="submitted")
    with pytest.raises(ApplicationError) as caught:
        services.application_select(application=application, actor=cast["focal"], as_="preferred")
    assert caught.value.field == "assessment"
    services.assessment_record(
        application=application, actor=cast["focal"], method="interview", result="not_recommended"
    )
    with pytest.raises(ApplicationError):
        services.application_select(application=application, actor=cast["focal"], as_="preferred")
    application.refresh_from_db()
    assert (application.status, application.selected_at) == (S.SUBMITTED, None)


def test_one_preferred_candidate_per_position_and_a_ranked_reserve(world, cast, open_doa):
    first = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    second = walk(
        cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="assessed"
    )
    third = walk(
        cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="assessed"
    )
    assert first.status == S.PREFERRED and first.selected_at is not None
    with pytest.raises(ApplicationError) as caught:
        services.application_select(application=second, actor=cast["focal"], as_="preferred")
    assert caught.value.field == "as_"
    second = services.application_select(application=second, actor=cast["focal"], as_="reserve")
    third = services.application_select(application=third, actor=cast["hq"], as_="reserve")
    assert (second.status, second.reserve_rank, third.reserve_rank) == (S.RESERVE, 1, 2)
    assert Notification.objects.filter(recipient=cast["recruiter"], verb="application.preferred").count() == 1


def test_a_reserve_rank_only_for_the_reserve(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="assessed")
    with pytest.raises(ValidationError) as caught:
        services.application_select(
            application=application, actor=cast["focal"], as_="preferred", reserve_rank=1
        )
    assert list(caught.value.message_dict) == ["reserve_rank"]
    with pytest.raises(ValidationError):
        services.application_select(application=application, actor=cast["focal"], as_="best")
