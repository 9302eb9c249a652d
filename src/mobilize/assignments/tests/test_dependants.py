import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.assignments.models import Dependant
from mobilize.assignments.services import dependant_add, dependant_update
from mobilize.core.errors import ApplicationError, StaleObjectError
from mobilize.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def _data(world, **extra):
    return {
        "given_name": "Ada",
        "family_name": "Child",
        "relationship": "child",
        "recognized_from": world.assignment.entry_on_duty,
        **extra,
    }


def test_field_unit_adds_a_dependant_and_it_is_audited(world, cast):
    dependant = dependant_add(assignment=world.assignment, data=_data(world), actor=cast["field_in"])
    assert dependant.accompanying is True
    assert AuditRecord.objects.filter(verb="dependant.added", target_id=str(dependant.pk)).exists()


def test_recognition_before_entry_on_duty_is_refused_and_nothing_written(world, cast):
    early = world.assignment.entry_on_duty - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        dependant_add(assignment=world.assignment, data=_data(world, recognized_from=early), actor=cast["hq"])
    assert "recognized_from" in exc.value.message_dict
    assert not Dependant.objects.exists()


def test_unknown_field_is_named(world, cast):
    with pytest.raises(ValidationError) as exc:
        dependant_add(assignment=world.assignment, data=_data(world, salary=1), actor=cast["hq"])
    assert "salary" in exc.value.message_dict


@pytest.mark.parametrize("who", ["field_out", "focal", "volunteer", "donor", "auditor"])
def test_others_cannot_add(world, cast, who):
    with pytest.raises(PermissionDenied):
        dependant_add(assignment=world.assignment, data=_data(world), actor=cast[who])


def test_end_before_start_names_the_field(world, cast):
    dependant = dependant_add(assignment=world.assignment, data=_data(world), actor=cast["hq"])
    before = dependant.recognized_from - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        dependant_update(
            dependant=dependant,
            data={"recognized_until": before},
            expected_version=dependant.version,
            actor=cast["hq"],
        )
    assert "recognized_until" in exc.value.message_dict


def test_stale_update_is_refused(world, cast):
    dependant = dependant_add(assignment=world.assignment, data=_data(world), actor=cast["hq"])
    dependant_update(
        dependant=dependant,
        data={"accompanying": False},
        expected_version=dependant.version,
        actor=cast["hq"],
    )
    with pytest.raises(StaleObjectError):
        dependant_update(dependant=dependant, data={"given_name": "B"}, expected_version=1, actor=cast["hq"])


def test_closed_assignment_takes_no_dependant(world, cast):
    world.assignment.status = "completed"
    world.assignment.actual_end = world.assignment.entry_on_duty
    world.assignment.save()
    with pytest.raises(ApplicationError):
        dependant_add(assignment=world.assignment, data=_data(world), actor=cast["hq"])


def test_recognized_on():
    d = Dependant(recognized_from=dt.date(2023, 1, 1), recognized_until=dt.date(2023, 6, 30))
    assert d.recognized_on(dt.date(2023, 6, 30)) and not d.recognized_on(dt.date(2023, 7, 1))
