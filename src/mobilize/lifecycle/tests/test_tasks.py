"""What waits on each person in the lifecycle ("my tasks")."""

import datetime as dt

import pytest
from django.urls import reverse

from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.lifecycle.selectors import lifecycle_tasks_for
from mobilize.lifecycle.services import (
    checklist_item_tick,
    end_of_assignment_start,
    extension_confirm_funding,
    extension_request,
    performance_assess,
    reassignment_request,
    resignation_submit,
)

pytestmark = pytest.mark.django_db


def _keys(user):
    return {group.key: group.count for group in lifecycle_tasks_for(user)}


def test_each_step_waits_on_the_next_person(cast, world):
    extension = extension_request(
        assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["hq"]
    )
    assert _keys(cast["focal"]) == {"lifecycle.extension_funding": 1}
    assert _keys(cast["other_focal"]) == {}
    assert _keys(cast["field_in"]) == {}
    extension_confirm_funding(extension=extension, actor=cast["focal"])
    assert _keys(cast["field_in"]) == {"lifecycle.extension_approval": 1}
    assert _keys(cast["recruiter"]) == {"lifecycle.extension_approval": 1}
    assert _keys(cast["field_out"]) == {}
    resignation_submit(assignment=world.assignment, actor=cast["volunteer"], last_day=dt.date(2023, 9, 15))
    assert _keys(cast["focal"]) == {"lifecycle.resignation": 1}
    assert _keys(cast["donor"]) == {}


def test_volunteer_tasks_and_clearance(cast, world):
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    reassignment_request(
        assignment=world.assignment, actor=cast["hq"], duty_station=kisumu, effective_date=dt.date(2023, 9, 1)
    )
    end = end_of_assignment_start(assignment=world.assignment, actor=cast["hq"])
    assert _keys(cast["volunteer"]) == {"lifecycle.reassignment_consent": 1, "lifecycle.checklist": 1}
    assert _keys(cast["other_volunteer"]) == {}
    assert _keys(cast["focal"]) == {"lifecycle.assessment": 1}
    for item in end.items.all():
        checklist_item_tick(item=item, actor=cast["volunteer"])
    performance_assess(end=end, actor=cast["focal"], rating="meets", assessment="Good.")
    assert _keys(cast["field_in"]) == {"lifecycle.clearance": 1}
    assert _keys(cast["volunteer"]) == {"lifecycle.reassignment_consent": 1}


def test_my_tasks_page_shows_them(client_for, cast, world):
    extension_request(assignment=world.assignment, new_planned_end=dt.date(2024, 8, 31), actor=cast["hq"])
    response = client_for(cast["focal"]).get(reverse("notifications:my_tasks"))
    content = response.content.decode()
    assert "Extensions whose funding to confirm" in content
    assert reverse("lifecycle:assignment_lifecycle", kwargs={"assignment_id": world.assignment.pk}) in content
