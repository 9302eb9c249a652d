"""Mission closure: the preview writes nothing; the commit ends every open assignment of the host,
records the closure and invites the consenting volunteers, all or nothing; hundreds at once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.assignments.models import Assignment
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.entitlements.models import (
    EntryLumpSum,
    ExitAllowanceRate,
    ManagementFeeRate,
    NationalRate,
    WellbeingDifferential,
)
from mobilize.lifecycle import models as lifecycle_models
from mobilize.lifecycle.models import ClosedAssignment, MissionClosure, Redeployment, RedeploymentConsent
from mobilize.lifecycle.selectors import mission_closure_preview
from mobilize.lifecycle.services import mission_close, redeployment_consent_give
from mobilize.lifecycle.tests.factories import bulk_assignments
from mobilize.notifications.models import Notification
from mobilize.recruitment.models import Application
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.requests.models import Doa
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

CLOSURE = dt.date(2023, 12, 31)


@pytest.fixture
def sourcing(world):
    """Open positions of DoAs being sourced: a national one in Kenya the volunteer may take, an
    international one in Kenya a Kenyan may not, and one of the closing host itself."""
    national = DoaFactory(
        host_entity=world.other_host,
        country=world.country,
        category=world.category,
        status=Doa.Status.SOURCING,
    )
    international = DoaFactory(
        host_entity=world.other_host,
        country=world.country,
        category=VolunteerCategoryFactory(
            code="international-specialist",
            name_en="International UN Volunteer Specialist",
            modality=Modality.INTERNATIONAL,
        ),
        status=Doa.Status.SOURCING,
    )
    own = DoaFactory(
        host_entity=world.host, country=world.country, category=world.category, status=Doa.Status.SOURCING
    )
    return {
        "national": PositionFactory(doa=national, duty_station=world.station),
        "international": PositionFactory(doa=international, duty_station=world.station),
        "own": PositionFactory(doa=own, duty_station=world.station),
    }


def _rows():
    models = [
        lifecycle_models.MissionClosure,
        lifecycle_models.ClosedAssignment,
        lifecycle_models.Redeployment,
        lifecycle_models.RedeploymentConsent,
        AuditRecord,
        Notification,
        Application,
    ]
    return {m.__name__: m.objects.count() for m in models} | {
        "open": Assignment.objects.filter(status__in=Assignment.OPEN_STATUSES).count()
    }


def test_consent_is_the_volunteers_answer(cast, world):
    consent = redeployment_consent_give(
        assignment=world.assignment, actor=cast["volunteer"], consents=True, preferences="Africa"
    )
    assert (consent.consents, consent.recorded_by) == (True, cast["volunteer"])
    consent = redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=False)
    assert RedeploymentConsent.objects.get().consents is False
    for who in ("other_volunteer", "focal", "recruiter"):
        with pytest.raises(PermissionDenied):
            redeployment_consent_give(assignment=world.assignment, actor=cast[who], consents=True)


def test_preview_lists_everything_and_writes_nothing(cast, world, sourcing):
    # given a planned assignment of the host too, and the volunteer's consent
    planned = AssignmentFactory(
        host_entity=world.host,
        category=world.category,
        entry_on_duty=dt.date(2024, 2, 1),
        planned_end=dt.date(2024, 7, 31),
        status=Assignment.Status.PLANNED,
    )
    redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=True)
    before = _rows()
    # when
    preview = mission_closure_preview(viewer=cast["hq"], host_entity=world.host, closure_date=CLOSURE)
    # then nothing was written
    assert _rows() == before
    by_assignment = {line.assignment.pk: line for line in preview.lines}
    assert set(by_assignment) == {world.assignment.pk, planned.pk}
    # serving, planned to 2024-02-29: ended early; January and February 2024 no longer paid
    assert by_assignment[world.assignment.pk].new_status == "terminated"
    assert by_assignment[world.assignment.pk].cost.months == Decimal("2.00")
    assert by_assignment[world.assignment.pk].consents is True
    # planned 2024-02-01 to 2024-07-31, never entered on duty: cancelled, six months not paid
    assert by_assignment[planned.pk].new_status == "cancelled"
    assert by_assignment[planned.pk].cost.months == Decimal("6.00")
    assert (preview.ended_count, preview.cancelled_count, preview.months_not_paid) == (1, 1, Decimal("8.00"))
    # the consenting volunteer may take the national position elsewhere in Kenya, not the
    # international one (a Kenyan in Kenya), nor the closing host's own
    (option,) = preview.options
    assert option.assignment == world.assignment
    assert list(option.positions) == [sourcing["national"]]
    assert preview.default_choices() == {world.assignment.pk: sourcing["national"].pk}
    # no rate tables: the amount is not known
    assert preview.amount_not_paid is None


def test_preview_is_for_headquarters_only(cast, world):
    for who in ("recruiter", "auditor", "focal", "field_in", "volunteer", "donor"):
        with pytest.raises(PermissionDenied):
            mission_closure_preview(viewer=cast[who], host_entity=world.host, closure_date=CLOSURE)


def test_cost_impact_in_dollars_from_the_rate_tables(cast, world):
    # National rates for Kenya: living allowance 1,000 a month, well-being differential 0,
    # entry lump sum 500, exit allowance 100 per month served, management fee 8% (host-funded).
    start = dt.date(2021, 10, 1)
    NationalRate.objects.create(country=world.country, monthly_amount=Decimal("1000"), effective_from=start)
    WellbeingDifferential.objects.create(
        modality="national",
        hardship_class=world.station.hardship_class,
        monthly_amount=Decimal("0"),
        effective_from=start,
    )
    EntryLumpSum.objects.create(
        modality="national", min_duration_days=0, amount=Decimal("500"), effective_from=start
    )
    ExitAllowanceRate.objects.create(
        modality="national", amount_per_month=Decimal("100"), effective_from=start
    )
    ManagementFeeRate.objects.create(funding_type="host", rate=Decimal("0.08"), effective_from=start)
    preview = mission_closure_preview(viewer=cast["hq"], host_entity=world.host, closure_date=CLOSURE)
    # Ending on 2023-12-31 instead of 2024-02-29 no longer pays January and February:
    # living allowance 2 x 1,000 = 2,000; exit allowance 2 months x 100 = 200 (paid with the last
    # month either way); the fee, 8% of 2,200 = 176. In all 2,376.00.
    (line,) = preview.lines
    assert line.cost.amount == Decimal("2376.00")
    assert preview.amount_not_paid == Decimal("2376.00")


def test_cost_impact_with_a_change_of_rate_after_the_closure(cast, world):
    # As above, but the national rate becomes 1,200 on 2024-01-16.
    start = dt.date(2021, 10, 1)
    NationalRate.objects.create(
        country=world.country,
        monthly_amount=Decimal("1000"),
        effective_from=start,
        effective_to=dt.date(2024, 1, 15),
    )
    NationalRate.objects.create(
        country=world.country, monthly_amount=Decimal("1200"), effective_from=dt.date(2024, 1, 16)
    )
    WellbeingDifferential.objects.create(
        modality="national",
        hardship_class=world.station.hardship_class,
        monthly_amount=Decimal("0"),
        effective_from=start,
    )
    EntryLumpSum.objects.create(
        modality="national", min_duration_days=0, amount=Decimal("500"), effective_from=start
    )
    ExitAllowanceRate.objects.create(
        modality="national", amount_per_month=Decimal("100"), effective_from=start
    )
    ManagementFeeRate.objects.create(funding_type="host", rate=Decimal("0.08"), effective_from=start)
    (line,) = mission_closure_preview(viewer=cast["hq"], host_entity=world.host, closure_date=CLOSURE).lines
    # As planned: December 1,000 + fee 80; January (15 x 1,000 + 16 x 1,200) / 31 = 1,103.23 + fee
    # 88.26; February 1,200 and the exit allowance of 12 months, 1,200, + fee 192 = 2,592: 4,863.49.
    # Ending on 2023-12-31: December 1,000 and the exit allowance of 10 months, 1,000, + fee 160 =
    # 2,160. No longer paid: 4,863.49 - 2,160 = 2,703.49.
    assert line.cost.amount == Decimal("2703.49")


def test_commit_ends_records_and_invites(cast, world, sourcing):
    redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=True)
    closure = mission_close(
        host_entity=world.host, closure_date=CLOSURE, actor=cast["hq"], note="Mandate ended"
    )
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == (Assignment.Status.TERMINATED, CLOSURE)
    assert (closure.ended_count, closure.cancelled_count, closure.redeployment_count) == (1, 0, 1)
    assert closure.months_not_paid == Decimal("2.00")
    record = ClosedAssignment.objects.get()
    assert (record.previous_status, record.previous_planned_end, record.new_status) == (
        "active",
        dt.date(2024, 2, 29),
        "terminated",
    )
    redeployment = Redeployment.objects.get()
    assert (redeployment.status, redeployment.position, redeployment.host_entity) == (
        Redeployment.Status.INVITED,
        sourcing["national"],
        world.other_host,
    )
    # the invitation is recruitment's direct invitation to the DoA
    application = redeployment.application
    assert (application.doa, application.candidate, application.status) == (
        sourcing["national"].doa,
        world.volunteer,
        Application.Status.INVITED,
    )
    assert AuditRecord.objects.filter(verb="mission.closed").count() == 1
    assert AuditRecord.objects.filter(verb="assignment.closed_with_mission").count() == 1
    assert Notification.objects.filter(verb="mission.closed", recipient=cast["volunteer"]).exists()
    # other hosts' assignments go on
    world.other_assignment.refresh_from_db()
    assert world.other_assignment.status == Assignment.Status.ACTIVE
    # and a host is closed once
    with pytest.raises(ApplicationError, match="already closed"):
        mission_close(host_entity=world.host, closure_date=CLOSURE, actor=cast["hq"])


def test_commit_with_no_redeployment_chosen(cast, world, sourcing):
    redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=True)
    closure = mission_close(host_entity=world.host, closure_date=CLOSURE, actor=cast["hq"], redeployments={})
    assert closure.redeployment_count == 0
    assert not Application.objects.exists()


def test_a_choice_that_is_not_open_to_the_volunteer_is_refused(cast, world, sourcing):
    redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=True)
    before = _rows()
    with pytest.raises(ValidationError) as info:
        mission_close(
            host_entity=world.host,
            closure_date=CLOSURE,
            actor=cast["hq"],
            redeployments={world.assignment.pk: sourcing["international"].pk},
        )
    assert list(info.value.message_dict) == ["redeployments"]
    assert _rows() == before


def test_a_failure_mid_way_leaves_nothing_written(cast, world, sourcing, monkeypatch):
    # given a second consenting volunteer of the host, whose invitation fails after the first one
    # and after every assignment was ended
    second = AssignmentFactory(
        volunteer=CandidateFactory(nationality=world.country),
        host_entity=world.host,
        category=world.category,
        duty_station=world.station,
    )
    redeployment_consent_give(assignment=world.assignment, actor=cast["volunteer"], consents=True)
    redeployment_consent_give(assignment=second, actor=cast["hq"], consents=True)
    from mobilize.lifecycle.services import closures

    real_invite = closures.application_invite
    calls = []

    def invite_then_fail(**kwargs):
        calls.append(kwargs["candidate"].pk)
        if len(calls) == 2:
            raise ApplicationError("The DoA stopped sourcing meanwhile.", field="doa")
        return real_invite(**kwargs)

    monkeypatch.setattr(closures, "application_invite", invite_then_fail)
    before = _rows()
    # when
    with pytest.raises(ApplicationError):
        mission_close(host_entity=world.host, closure_date=CLOSURE, actor=cast["hq"])
    # then the first invitation happened before the failure, yet nothing is left
    assert len(calls) == 2
    assert _rows() == before
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == (Assignment.Status.ACTIVE, None)


def test_serving_assignments_starting_after_the_closure_block_it(cast, world):
    late = AssignmentFactory(
        host_entity=world.host, category=world.category, entry_on_duty=dt.date(2024, 1, 15)
    )
    with pytest.raises(ValidationError) as info:
        mission_close(host_entity=world.host, closure_date=CLOSURE, actor=cast["hq"])
    assert late.reference in info.value.message_dict["closure_date"][0]
    assert not MissionClosure.objects.exists()


def test_only_headquarters_commits(cast, world):
    for who in ("recruiter", "focal", "field_in", "auditor"):
        with pytest.raises(PermissionDenied):
            mission_close(host_entity=world.host, closure_date=CLOSURE, actor=cast[who])
    assert not MissionClosure.objects.exists()


def test_a_closure_of_several_hundred_assignments(cast, world, sourcing, django_assert_max_num_queries):
    # given 400 more serving assignments at the host, built in two inserts
    assignments = bulk_assignments(
        count=400,
        host_entity=world.host,
        duty_station=world.station,
        category=world.category,
        nationality=world.country,
        start=dt.date(2023, 1, 1),
        planned_end=dt.date(2024, 6, 30),
    )
    for assignment in assignments[:3]:
        redeployment_consent_give(assignment=assignment, actor=cast["hq"], consents=True)
    # when, in a bounded number of queries (one audit record per assignment)
    with django_assert_max_num_queries(1000):
        closure = mission_close(host_entity=world.host, closure_date=CLOSURE, actor=cast["hq"])
    # then
    assert closure.ended_count == 401
    assert (
        Assignment.objects.filter(host_entity=world.host, status="terminated", actual_end=CLOSURE).count()
        == 401
    )
    assert ClosedAssignment.objects.filter(closure=closure).count() == 401
    # three consenting volunteers, one national position open to them: the first gets it to
    # themself, the others are invited to it too (an invitation does not fill it)
    assert closure.redeployment_count == 3
    assert Application.objects.filter(status="invited").count() == 3
    # 400 x 2024-01-01..2024-06-30 (6.00) + the world's assignment (2.00)
    assert closure.months_not_paid == Decimal("2402.00")
