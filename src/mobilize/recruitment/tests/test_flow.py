"""The whole path, through the services: from an application to the entry on duty."""

from __future__ import annotations

import pytest

from mobilize.assignments.models import Assignment
from mobilize.notifications.models import Notification
from mobilize.recruitment.models import Application, Offer
from mobilize.recruitment.tests.factories import sourcing, walk
from mobilize.requests.models import Doa, Position
from mobilize.requests.tests.factories import PositionFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_application_to_entry_on_duty_closes_the_doa_and_tells_the_others(cast, world):
    # given a DoA being sourced with one open position, and a second candidate on its shortlist
    doa = sourcing(world.doa)
    Position.objects.filter(doa=doa).update(status=Position.Status.CANCELLED)
    position = PositionFactory(doa=doa, duty_station=world.station)
    other_user = cast["other_volunteer"]
    runner_up = CandidateFactory(nationality=world.country, user=None)
    runner_up_app = walk(cast=cast, doa=doa, candidate=runner_up, to="shortlisted")
    # when the volunteer goes all the way
    application = walk(cast=cast, doa=doa, candidate=world.volunteer, to="on_duty", position=position)
    # then
    assert application.status == Application.Status.ON_DUTY
    assert application.assignment is not None
    assert application.assignment.position_id == position.pk
    assert application.assignment.status == Assignment.Status.PLANNED
    position.refresh_from_db()
    assert position.status == Position.Status.FILLED
    doa.refresh_from_db()
    assert doa.status == Doa.Status.RECRUITED
    runner_up_app.refresh_from_db()
    assert runner_up_app.status == Application.Status.NOT_SELECTED
    assert runner_up_app.closed_at is not None
    assert Offer.objects.get(application=application).status == Offer.Status.ACCEPTED
    for stamp in (
        "applied_at",
        "shortlisted_at",
        "submitted_at",
        "selected_at",
        "offered_at",
        "accepted_at",
        "on_duty_at",
    ):
        assert getattr(application, stamp) is not None, stamp
    assert Notification.objects.filter(recipient=cast["volunteer"], verb="application.on_duty").count() == 1
    assert not Notification.objects.filter(recipient=other_user).exists()
