"""The DoA workflow's services: each transition's status, time stamp, audit record, comment and
notifications (with their emails once committed); refusals that leave nothing behind.

world.doa belongs to host A (``focal``) in Kenya (``field_in``): its reviewers are Kenya's field
unit, its host contact host A's focal point, and ``recruiter`` the only recruiter.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
from mobilize.notifications.models import Notification
from mobilize.requests.models import Doa, DoaComment, Position
from mobilize.requests.services import (
    doa_approve,
    doa_cancel,
    doa_comment_add,
    doa_mark_recruited,
    doa_request_edits,
    doa_resubmit,
    doa_start_sourcing,
    doa_submit,
)
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.requests.tests.helpers import make_ready

pytestmark = pytest.mark.django_db

S = Doa.Status


def told(verb):
    """Who was told of ``verb``, by username."""
    return sorted(Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True))


def audited(doa):
    return list(
        AuditRecord.objects.filter(target_type="requests.doa", target_id=str(doa.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def assert_untouched(doa, *, status, version):
    doa.refresh_from_db()
    assert doa.status == status
    assert doa.version == version
    assert not AuditRecord.objects.exists()
    assert not Notification.objects.exists()
    assert not DoaComment.objects.exists()
    assert mail.outbox == []


# --- each transition ---------------------------------------------------------------------------


def test_submit_moves_a_draft_stamps_audits_and_tells_the_field_unit(world, cast):
    # given: a draft with a position, starting in a month
    doa = make_ready(world.doa)
    # when
    doa_submit(doa=doa, actor=cast["focal"])
    # then
    doa.refresh_from_db()
    assert doa.status == S.SUBMITTED
    assert doa.submitted_at is not None
    assert doa.version == 2
    assert audited(doa) == ["doa.submitted"]
    record = AuditRecord.objects.get(verb="doa.submitted")
    assert record.actor_label == "focal"
    assert record.changes["status"] == ["draft", "submitted"]
    assert told("doa.submitted") == ["field_in"]
    notification = Notification.objects.get()
    assert notification.url == f"/requests/{doa.pk}/"
    assert notification.actor == cast["focal"]
    assert notification.message == f"{doa.reference}, {doa.title}: submitted by HOSTA, waits for your review."


def test_submit_tells_headquarters_where_no_field_unit_serves(world, cast):
    # given: a DoA in a country no field unit covers
    chad = CountryFactory(iso2="TD", iso3="TCD", m49="148", name_en="Chad")
    doa = make_ready(DoaFactory(host_entity=world.host, country=chad, category=world.category))
    PositionFactory(doa=doa, duty_station=DutyStationFactory(name="N'Djamena", country=chad))
    # when
    doa_submit(doa=doa, actor=cast["focal"])
    # then
    assert told("doa.submitted") == ["hq"]


def test_submit_sends_the_emails_once_committed(world, cast, django_capture_on_commit_callbacks):
    # given
    doa = make_ready(world.doa)
    # when: the transaction has not committed yet, nothing is sent
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        doa_submit(doa=doa, actor=cast["focal"])
    assert len(callbacks) == 1
    assert mail.outbox == []
    # then: once it commits, one email to the field unit
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["field_in@example.org"]]
    assert doa.reference in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/requests/{doa.pk}/" in mail.outbox[0].body
    assert Notification.objects.get().emailed_at is not None


def test_request_edits_needs_a_comment_and_tells_the_host(world, cast, django_capture_on_commit_callbacks):
    # given
    doa = make_ready(world.doa, status=S.SUBMITTED, submitted_at=timezone.now())
    # when
    with django_capture_on_commit_callbacks(execute=True):
        doa_request_edits(doa=doa, actor=cast["field_in"], comment="  Add the expected results.  ")
    # then
    doa.refresh_from_db()
    assert doa.status == S.EDITS_REQUESTED
    assert doa.edits_requested_at is not None
    comment = DoaComment.objects.get()
    assert (comment.kind, comment.body, comment.author) == (
        DoaComment.Kind.EDITS_REQUESTED,
        "Add the expected results.",
        cast["field_in"],
    )
    assert audited(doa) == ["doa.edits_requested"]
    assert told("doa.edits_requested") == ["focal"]
    assert [message.to for message in mail.outbox] == [["focal@example.org"]]
    assert "Add the expected results." in mail.outbox[0].body


def test_request_edits_without_a_comment_is_refused_and_writes_nothing(world, cast):
    doa = make_ready(world.doa, status=S.SUBMITTED)
    with pytest.raises(ValidationError) as exc_info:
        doa_request_edits(doa=doa, actor=cast["hq"], comment="   ")
    assert list(exc_info.value.message_dict) == ["comment"]
    assert_untouched(doa, status=S.SUBMITTED, version=1)


def test_resubmit_keeps_the_first_submission_and_records_the_note(world, cast):
    # given: returned for edits
    first = timezone.now() - dt.timedelta(days=3)
    doa = make_ready(world.doa, status=S.EDITS_REQUESTED, submitted_at=first)
    # when
    doa_resubmit(doa=doa, actor=cast["focal"], comment="Results added.")
    # then
    doa.refresh_from_db()
    assert doa.status == S.SUBMITTED
    assert doa.submitted_at == first
    assert doa.resubmitted_at is not None
    assert DoaComment.objects.get().kind == DoaComment.Kind.RESUBMITTED
    assert audited(doa) == ["doa.resubmitted"]
    assert told("doa.resubmitted") == ["field_in"]


def test_resubmit_without_a_note_writes_no_comment(world, cast):
    doa = make_ready(world.doa, status=S.EDITS_REQUESTED)
    doa_resubmit(doa=doa, actor=cast["hq"])
    assert not DoaComment.objects.exists()
    assert told("doa.resubmitted") == ["field_in"]


def test_approve_starts_the_lead_time_and_tells_recruiters_and_host(world, cast):
    doa = make_ready(world.doa, status=S.SUBMITTED)
    before = timezone.now()
    doa_approve(doa=doa, actor=cast["hq"])
    doa.refresh_from_db()
    assert doa.status == S.APPROVED
    assert doa.approved_at >= before
    assert audited(doa) == ["doa.approved"]
    assert told("doa.approved") == ["focal", "recruiter"]
    messages = dict(Notification.objects.values_list("recipient__username", "message"))
    assert messages["recruiter"].endswith("approved for sourcing; sourcing can start.")
    assert messages["focal"].endswith("approved for sourcing by UNV.")


def test_start_sourcing_tells_the_host(world, cast):
    doa = make_ready(world.doa, status=S.APPROVED, approved_at=timezone.now())
    doa_start_sourcing(doa=doa, actor=cast["recruiter"])
    doa.refresh_from_db()
    assert (doa.status, doa.sourcing_started_at is not None) == (S.SOURCING, True)
    assert audited(doa) == ["doa.sourcing_started"]
    assert told("doa.sourcing_started") == ["focal"]


def test_mark_recruited_when_every_position_is_filled(world, cast):
    # given: one position filled, one cancelled
    doa = make_ready(world.doa, status=S.SOURCING, approved_at=timezone.now())
    Position.objects.filter(pk=world.position.pk).update(status=Position.Status.FILLED)
    PositionFactory(doa=doa, duty_station=world.station, status=Position.Status.CANCELLED)
    # when: the platform closes it
    doa_mark_recruited(doa=doa, actor=None)
    # then
    doa.refresh_from_db()
    assert (doa.status, doa.recruited_at is not None) == (S.RECRUITED, True)
    assert AuditRecord.objects.get().actor_label == "system"
    assert told("doa.recruited") == ["field_in", "focal"]


def test_mark_recruited_refused_while_a_position_is_open(world, cast):
    doa = make_ready(world.doa, status=S.SOURCING)
    with pytest.raises(ApplicationError, match="Every position must be filled"):
        doa_mark_recruited(doa=doa, actor=cast["recruiter"])
    assert_untouched(doa, status=S.SOURCING, version=1)


def test_cancel_cancels_open_positions_keeps_filled_ones_and_tells_everyone(world, cast):
    # given: approved, one position filled and one open
    doa = make_ready(world.doa, status=S.SOURCING, approved_at=timezone.now())
    Position.objects.filter(pk=world.position.pk).update(status=Position.Status.FILLED)
    still_open = PositionFactory(doa=doa, duty_station=world.station)
    # when
    doa_cancel(doa=doa, actor=cast["hq"], reason="Funding withdrawn.")
    # then
    doa.refresh_from_db()
    assert (doa.status, doa.cancel_reason) == (S.CANCELLED, "Funding withdrawn.")
    assert doa.cancelled_at is not None
    still_open.refresh_from_db()
    world.position.refresh_from_db()
    assert (still_open.status, still_open.version) == (Position.Status.CANCELLED, 2)
    assert world.position.status == Position.Status.FILLED
    assert DoaComment.objects.get().kind == DoaComment.Kind.CANCELLED
    assert audited(doa) == ["doa.cancelled"]
    assert AuditRecord.objects.filter(verb="position.cancelled", target_id=str(still_open.pk)).count() == 1
    assert told("doa.cancelled") == ["field_in", "focal", "recruiter"]


def test_cancel_before_approval_leaves_recruiters_out(world, cast):
    doa = make_ready(world.doa, status=S.SUBMITTED)
    doa_cancel(doa=doa, actor=cast["focal"], reason="No longer needed.")
    assert told("doa.cancelled") == ["field_in"]


def test_cancel_needs_a_reason(world, cast):
    doa = make_ready(world.doa)
    with pytest.raises(ValidationError) as exc_info:
        doa_cancel(doa=doa, actor=cast["hq"], reason="")
    assert list(exc_info.value.message_dict) == ["reason"]
    assert_untouched(doa, status=S.DRAFT, version=1)
    world.position.refresh_from_db()
    assert world.position.status == Position.Status.OPEN


def test_cancelled_is_irreversible(world, cast):
    doa = make_ready(world.doa, status=S.CANCELLED, cancel_reason="Gone.")
    for action in (
        lambda: doa_cancel(doa=doa, actor=cast["hq"], reason="Again."),
        lambda: doa_submit(doa=doa, actor=cast["hq"]),
        lambda: doa_resubmit(doa=doa, actor=cast["hq"]),
        lambda: doa_approve(doa=doa, actor=cast["hq"]),
    ):
        with pytest.raises(ApplicationError, match="Cancelled"):
            action()
    assert_untouched(doa, status=S.CANCELLED, version=1)


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        (S.SUBMITTED, lambda doa, hq: doa_submit(doa=doa, actor=hq), "Only a draft can be submitted"),
        (S.DRAFT, lambda doa, hq: doa_approve(doa=doa, actor=hq), "this DoA is Draft"),
        (
            S.APPROVED,
            lambda doa, hq: doa_request_edits(doa=doa, actor=hq, comment="x"),
            "Approved for sourcing",
        ),
        (S.SUBMITTED, lambda doa, hq: doa_resubmit(doa=doa, actor=hq), "this DoA is Submitted"),
        (S.SUBMITTED, lambda doa, hq: doa_start_sourcing(doa=doa, actor=hq), "this DoA is Submitted"),
        (S.APPROVED, lambda doa, hq: doa_mark_recruited(doa=doa, actor=hq), "Approved for sourcing"),
        (S.RECRUITED, lambda doa, hq: doa_cancel(doa=doa, actor=hq, reason="x"), "Recruited"),
    ],
)
def test_an_invalid_transition_is_409_naming_the_status(status, call, message, world, cast):
    doa = make_ready(world.doa, status=status)
    with pytest.raises(ApplicationError, match=message) as exc_info:
        call(doa, cast["hq"])
    assert (exc_info.value.field, exc_info.value.code) == ("status", "invalid_transition")
    assert_untouched(doa, status=status, version=1)


def test_a_refused_actor_gets_403_and_nothing_is_written(world, cast):
    doa = make_ready(world.doa, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        doa_approve(doa=doa, actor=cast["focal"])
    assert_untouched(doa, status=S.SUBMITTED, version=1)


def test_submit_needs_an_open_position(world, cast):
    # given: its only position cancelled
    doa = make_ready(world.doa)
    Position.objects.filter(doa=doa).update(status=Position.Status.CANCELLED)
    with pytest.raises(ApplicationError, match="at least one position") as exc_info:
        doa_submit(doa=doa, actor=cast["focal"])
    assert exc_info.value.field == "positions"
    assert_untouched(doa, status=S.DRAFT, version=1)


def test_submit_refused_once_the_start_date_has_passed(world, cast):
    # given: world.doa starts on 1 January 2024
    with pytest.raises(ApplicationError, match="start date has passed") as exc_info:
        doa_submit(doa=world.doa, actor=cast["focal"])
    assert exc_info.value.field == "start_date"
    assert_untouched(world.doa, status=S.DRAFT, version=1)


def test_a_template_is_never_submitted(world, cast):
    template = make_ready(DoaFactory(host_entity=world.host, country=world.country, is_template=True))
    PositionFactory(doa=template, duty_station=world.station)
    with pytest.raises(PermissionDenied):
        doa_submit(doa=template, actor=cast["hq"])
    with pytest.raises(ApplicationError, match="Draft"):
        doa_approve(doa=template, actor=cast["hq"])
    assert_untouched(template, status=S.DRAFT, version=1)


def test_two_approvals_one_wins_the_second_is_409(world, cast):
    # given: a submitted DoA, read by two reviewers
    doa = make_ready(world.doa, status=S.SUBMITTED)
    copy_for_hq = Doa.objects.get(pk=doa.pk)
    copy_for_field = Doa.objects.get(pk=doa.pk)
    # when
    doa_approve(doa=copy_for_hq, actor=cast["hq"])
    with pytest.raises(ApplicationError, match="this DoA is Approved for sourcing"):
        doa_approve(doa=copy_for_field, actor=cast["field_in"])
    # then: one approval, one audit record, one set of notifications
    doa.refresh_from_db()
    assert doa.version == 2
    assert audited(doa) == ["doa.approved"]
    assert Notification.objects.count() == 2


def test_notifications_skip_the_actor_and_inactive_people(world, cast):
    # given: a second, inactive field unit user for Kenya
    UserFactory(username="field_gone", role=Role.FIELD_UNIT, countries=[world.country], is_active=False)
    doa = make_ready(world.doa)
    # when: Kenya's field unit submits
    doa_submit(doa=doa, actor=cast["field_in"])
    # then: nobody is left to tell (the actor is not told of their own act)
    assert told("doa.submitted") == []


# --- the conversation --------------------------------------------------------------------------


def test_comment_from_the_host_goes_to_unv_and_back(world, cast):
    doa = make_ready(world.doa, status=S.SOURCING, approved_at=timezone.now())
    doa_comment_add(doa=doa, actor=cast["focal"], body="Could the start move a week?")
    assert told("doa.commented") == ["field_in", "recruiter"]
    Notification.objects.all().delete()
    doa_comment_add(doa=doa, actor=cast["recruiter"], body="Yes.")
    assert told("doa.commented") == ["focal"]
    assert list(DoaComment.objects.values_list("body", flat=True)) == ["Could the start move a week?", "Yes."]
    assert audited(doa) == ["doa.commented", "doa.commented"]


def test_comment_refused_for_the_auditor_and_empty_comments(world, cast):
    with pytest.raises(PermissionDenied):
        doa_comment_add(doa=world.doa, actor=cast["auditor"], body="Looks fine.")
    with pytest.raises(ValidationError):
        doa_comment_add(doa=world.doa, actor=cast["hq"], body=" ")
    assert_untouched(world.doa, status=S.DRAFT, version=1)
