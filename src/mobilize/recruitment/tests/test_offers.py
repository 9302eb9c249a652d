"""Offers and onboarding: make, accept (overlaps refused), decline, withdraw, expire; onboarding
tasks with private documents; the entry on duty; the offer letter PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.core.errors import ApplicationError
from mobilize.notifications.models import Notification
from mobilize.recruitment import services
from mobilize.recruitment.letters import offer_letter_html, offer_letter_pdf
from mobilize.recruitment.models import Application, Offer, OnboardingTask
from mobilize.recruitment.tests.factories import OfferFactory, soon, sourcing, walk
from mobilize.requests.models import Doa, Position
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.talent.tests.factories import PDF_BYTES, PNG_BYTES, CandidateFactory, pdf, stored_files

pytestmark = pytest.mark.django_db

S = Application.Status


def make(cast, application, position, **overrides):
    values = {"entry_on_duty": soon(30), "planned_end": soon(30 + 364), "respond_by": soon(7)}
    values.update(overrides)
    return services.offer_make(application=application, position=position, actor=cast["recruiter"], **values)


@pytest.fixture
def preferred(world, cast, open_doa):
    return walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")


@pytest.fixture
def offer(cast, preferred, open_doa):
    return make(cast, preferred, open_doa.position)


@pytest.fixture
def accepted(cast, offer):
    return services.offer_accept(offer=offer, actor=cast["volunteer"])


# --- making an offer --------------------------------------------------------------------------


def test_an_offer_is_made_to_the_preferred_candidate_who_is_told(cast, preferred, open_doa):
    made = make(cast, preferred, open_doa.position)
    assert (made.status, made.made_by, made.respond_by) == (Offer.Status.OPEN, cast["recruiter"], soon(7))
    preferred.refresh_from_db()
    assert preferred.status == S.OFFERED and preferred.offered_at is not None
    told = Notification.objects.get(recipient=cast["volunteer"], verb="offer.made")
    assert soon(7).isoformat() in told.message


def test_a_second_offer_for_the_position_is_refused_on_the_position(world, cast, offer, open_doa):
    # given a second preferred candidate for a second position
    PositionFactory(doa=open_doa.doa, duty_station=world.station)
    other = walk(
        cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="preferred"
    )
    # when the recruiter offers the same position again
    with pytest.raises(ValidationError) as caught:
        make(cast, other, open_doa.position)
    # then
    assert list(caught.value.message_dict) == ["position"]
    assert Offer.objects.count() == 1
    other.refresh_from_db()
    assert other.status == S.PREFERRED


def test_the_position_must_be_an_open_one_of_the_doa(world, cast, preferred, open_doa):
    with pytest.raises(ValidationError) as caught:
        make(cast, preferred, PositionFactory(doa=world.other_doa, duty_station=world.other_station))
    assert list(caught.value.message_dict) == ["position"]
    with pytest.raises(ValidationError, match="not open"):
        make(cast, preferred, world.position)  # filled
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_end": soon(20)}, "planned_end"),
        ({"respond_by": soon(-1)}, "respond_by"),
        ({"respond_by": soon(31)}, "respond_by"),
        ({"planned_end": soon(40)}, "planned_end"),  # 11 days: the category asks for at least 30
        ({"entry_on_duty": None}, "entry_on_duty"),
    ],
)
def test_the_offer_dates_are_checked(cast, preferred, open_doa, overrides, field):
    with pytest.raises(ValidationError) as caught:
        make(cast, preferred, open_doa.position, **overrides)
    assert field in caught.value.message_dict
    assert not Offer.objects.exists()


def test_only_a_preferred_candidate_gets_an_offer_and_the_reserve_after_a_decline(world, cast, open_doa):
    reserve = walk(
        cast=cast, doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country), to="assessed"
    )
    services.application_select(application=reserve, actor=cast["focal"], as_="reserve")
    preferred = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="preferred")
    reserve.refresh_from_db()
    with pytest.raises(ApplicationError) as caught:
        make(cast, reserve, open_doa.position)
    assert caught.value.code == "reserve_not_due"
    first = make(cast, preferred, open_doa.position)
    services.offer_decline(offer=first, actor=cast["volunteer"], reason="Took another job")
    second = make(cast, reserve, open_doa.position)
    assert second.status == Offer.Status.OPEN
    preferred.refresh_from_db()
    assert (preferred.status, preferred.closed_at is not None) == (S.DECLINED, True)
    assert Notification.objects.filter(recipient=cast["recruiter"], verb="offer.declined").count() == 1


def test_a_shortlisted_candidate_gets_no_offer(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="shortlisted")
    with pytest.raises(ApplicationError, match="preferred"):
        make(cast, application, open_doa.position)


@pytest.mark.parametrize("who", ["focal", "field_in", "auditor", "volunteer", "hq"])
def test_only_recruiters_and_hq_make_offers(cast, preferred, open_doa, who):
    if who == "hq":
        assert services.offer_make(
            application=preferred,
            position=open_doa.position,
            actor=cast["hq"],
            entry_on_duty=soon(30),
            planned_end=soon(394),
            respond_by=soon(7),
        )
        return
    with pytest.raises(PermissionDenied):
        services.offer_make(
            application=preferred,
            position=open_doa.position,
            actor=cast[who],
            entry_on_duty=soon(30),
            planned_end=soon(394),
            respond_by=soon(7),
        )
    assert not Offer.objects.exists()


# --- answering --------------------------------------------------------------------------------


def test_accepting_opens_the_onboarding_tasks_and_tells_recruiters_and_host(cast, offer):
    accepted = services.offer_accept(offer=offer, actor=cast["volunteer"])
    assert accepted.status == Offer.Status.ACCEPTED and accepted.responded_at is not None
    assert sorted(accepted.onboarding_tasks.values_list("kind", flat=True)) == sorted(
        OnboardingTask.Kind.values
    )
    assert set(accepted.onboarding_tasks.values_list("status", flat=True)) == {"open"}
    application = Application.objects.get(pk=offer.application_id)
    assert application.status == S.ACCEPTED and application.accepted_at is not None
    assert (
        Notification.objects.filter(
            verb="offer.accepted", recipient__in=[cast["recruiter"], cast["focal"]]
        ).count()
        == 2
    )


@pytest.mark.parametrize("who", ["recruiter", "hq", "focal", "other_volunteer"])
def test_only_the_candidate_answers(cast, offer, who):
    with pytest.raises(PermissionDenied):
        services.offer_accept(offer=offer, actor=cast[who])
    with pytest.raises(PermissionDenied):
        services.offer_decline(offer=offer, actor=cast[who])
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN


def test_an_offer_past_its_deadline_cannot_be_accepted(cast, offer):
    Offer.objects.filter(pk=offer.pk).update(respond_by=soon(-1))
    offer.refresh_from_db()
    with pytest.raises(ApplicationError) as caught:
        services.offer_accept(offer=offer, actor=cast["volunteer"])
    assert caught.value.code == "offer_expired"
    assert not OnboardingTask.objects.exists()


def _second_offer(world, start, end):
    """An open offer to the volunteer for another host's DoA, from ``start`` to ``end``."""
    doa = sourcing(DoaFactory(country=world.country, category=world.category))
    return OfferFactory(
        application__doa=doa,
        application__candidate=world.volunteer,
        position__duty_station=world.station,
        entry_on_duty=start,
        planned_end=end,
    )


def test_accepting_a_second_overlapping_offer_is_refused_on_the_offer(world, cast, accepted):
    second = _second_offer(world, soon(200), soon(600))
    with pytest.raises(ValidationError) as caught:
        services.offer_accept(offer=second, actor=cast["volunteer"])
    assert list(caught.value.message_dict) == ["offer"]
    assert accepted.application.doa.reference in caught.value.message_dict["offer"][0]
    second.refresh_from_db()
    assert second.status == Offer.Status.OPEN
    assert not second.onboarding_tasks.exists()


def test_an_offer_after_the_accepted_one_ends_may_be_accepted(world, cast, accepted):
    later = _second_offer(world, accepted.planned_end + dt.timedelta(days=1), soon(900))
    assert services.offer_accept(offer=later, actor=cast["volunteer"]).status == Offer.Status.ACCEPTED


def test_accepting_an_offer_overlapping_an_assignment_is_refused(world, cast, offer):
    AssignmentFactory(
        volunteer=world.volunteer, duty_station=world.station, entry_on_duty=soon(-100), planned_end=soon(60)
    )
    with pytest.raises(ValidationError, match="overlaps") as caught:
        services.offer_accept(offer=offer, actor=cast["volunteer"])
    assert list(caught.value.message_dict) == ["offer"]


def test_withdrawing_an_open_offer_returns_the_candidate_to_the_host_choice(cast, offer):
    with pytest.raises(ValidationError):
        services.offer_withdraw(offer=offer, actor=cast["recruiter"], reason=" ")
    withdrawn = services.offer_withdraw(offer=offer, actor=cast["recruiter"], reason="Dates changed")
    assert (withdrawn.status, withdrawn.withdraw_reason) == (Offer.Status.WITHDRAWN, "Dates changed")
    assert Application.objects.get(pk=offer.application_id).status == S.PREFERRED
    assert Notification.objects.filter(recipient=cast["volunteer"], verb="offer.withdrawn").count() == 1


def test_withdrawing_an_accepted_offer_closes_the_application(cast, accepted):
    services.offer_withdraw(offer=accepted, actor=cast["hq"], reason="Medical clearance failed")
    application = Application.objects.get(pk=accepted.application_id)
    assert (application.status, application.closed_at is not None) == (S.NOT_SELECTED, True)


def test_overdue_offers_expire_by_the_daily_command(cast, offer):
    Offer.objects.filter(pk=offer.pk).update(respond_by=soon(-2))
    call_command("recruitment_expire_offers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert Application.objects.get(pk=offer.application_id).status == S.PREFERRED
    assert Notification.objects.filter(verb="offer.expired", recipient=cast["volunteer"]).count() == 1
    assert services.offer_expire_overdue() == 0


# --- onboarding -------------------------------------------------------------------------------


def _task(offer, kind=OnboardingTask.Kind.BANK_DETAILS):
    return offer.onboarding_tasks.get(kind=kind)


def test_the_candidate_uploads_a_private_document(cast, accepted, media_root):
    task = services.onboarding_task_submit(
        task=_task(accepted), actor=cast["volunteer"], file=pdf("bank.pdf")
    )
    assert (task.status, task.content_type, task.original_name) == (
        "submitted",
        "application/pdf",
        "bank.pdf",
    )
    assert task.document.name.startswith(f"recruitment/onboarding/{accepted.pk}/")
    assert [p.read_bytes() for p in stored_files(media_root)] == [PDF_BYTES]
    assert Notification.objects.filter(recipient=cast["recruiter"], verb="onboarding.submitted").count() == 1


def test_a_new_upload_replaces_the_last_once_committed(
    cast, accepted, media_root, django_capture_on_commit_callbacks
):
    task = _task(accepted)
    services.onboarding_task_submit(task=task, actor=cast["volunteer"], file=pdf("a.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        services.onboarding_task_submit(
            task=task, actor=cast["volunteer"], file=pdf("b.png", PNG_BYTES, "image/png")
        )
    assert [p.read_bytes() for p in stored_files(media_root)] == [PNG_BYTES]


@pytest.mark.parametrize(
    ("upload", "note"),
    [(None, ""), (b"MZ\x90\x00 not a pdf", ""), (b"", "")],
)
def test_an_upload_is_checked_by_content_and_nothing_is_stored(cast, accepted, media_root, upload, note):
    file = None if upload is None else pdf("x.pdf", upload)
    with pytest.raises(ValidationError) as caught:
        services.onboarding_task_submit(task=_task(accepted), actor=cast["volunteer"], file=file, note=note)
    assert list(caught.value.message_dict) == ["file"]
    assert stored_files(media_root) == []
    assert _task(accepted).status == "open"


def test_a_note_alone_is_enough(cast, accepted):
    task = services.onboarding_task_submit(
        task=_task(accepted, "mandatory_courses"), actor=cast["volunteer"], note="Completed BSAFE on 3 May"
    )
    assert task.status == "submitted" and not task.document


@pytest.mark.parametrize("who", ["recruiter", "hq", "focal", "other_volunteer"])
def test_only_the_candidate_submits_onboarding(cast, accepted, who):
    with pytest.raises(PermissionDenied):
        services.onboarding_task_submit(task=_task(accepted), actor=cast[who], note="x")


def test_recruiters_verify_or_return_a_submitted_task(cast, accepted):
    task = _task(accepted)
    with pytest.raises(ApplicationError, match="submitted"):
        services.onboarding_task_verify(task=task, actor=cast["recruiter"])
    services.onboarding_task_submit(task=task, actor=cast["volunteer"], note="IBAN on file")
    returned = services.onboarding_task_return(task=task, actor=cast["recruiter"], note="The IBAN is missing")
    assert returned.status == "open"
    told = Notification.objects.get(recipient=cast["volunteer"], verb="onboarding.returned")
    assert "The IBAN is missing" in told.message
    services.onboarding_task_submit(task=task, actor=cast["volunteer"], note="IBAN KE00 0000")
    with pytest.raises(PermissionDenied):
        services.onboarding_task_verify(task=task, actor=cast["focal"])
    done = services.onboarding_task_verify(task=task, actor=cast["recruiter"])
    assert (done.status, done.verified_by) == ("done", cast["recruiter"])
    with pytest.raises(ApplicationError, match="verified"):
        services.onboarding_task_submit(task=task, actor=cast["volunteer"], note="again")


# --- entry on duty ----------------------------------------------------------------------------


def test_entry_on_duty_waits_for_every_onboarding_task(cast, accepted):
    with pytest.raises(ApplicationError) as caught:
        services.offer_enter_on_duty(offer=accepted, actor=cast["recruiter"])
    assert caught.value.field == "onboarding"
    assert "Bank details" in caught.value.message
    assert Application.objects.get(pk=accepted.application_id).assignment is None


def test_entry_on_duty_of_one_of_two_positions_keeps_the_doa_sourcing(world, cast, open_doa, accepted):
    PositionFactory(doa=open_doa.doa, duty_station=world.station)
    accepted.onboarding_tasks.update(status="done", verified_at=accepted.made_at)
    assignment = services.offer_enter_on_duty(offer=accepted, actor=cast["recruiter"], entry_on_duty=soon(35))
    assert assignment.entry_on_duty == soon(35) and assignment.planned_end == accepted.planned_end
    assert Doa.objects.get(pk=open_doa.doa.pk).status == Doa.Status.SOURCING
    assert Position.objects.get(pk=open_doa.position.pk).status == Position.Status.FILLED


# --- the offer letter -------------------------------------------------------------------------


def test_the_offer_letter_is_a_pdf_naming_the_assignment(offer):
    html = offer_letter_html(offer=offer)
    assert offer.application.doa.reference in html
    assert soon(7).strftime("%Y") in html
    assert offer_letter_pdf(offer=offer).startswith(b"%PDF")
