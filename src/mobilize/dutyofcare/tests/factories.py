"""Helpers to place people for duty-of-care tests."""

import datetime as dt

from mobilize.assignments.models import Assignment
from mobilize.assignments.tests.factories import AssignmentFactory, DependantFactory
from mobilize.talent.tests.factories import CandidateFactory

DAY = dt.date(2023, 6, 1)
"""The day the tests look at: both assignments of the cast's world are serving then."""


def serving(
    station,
    *,
    host=None,
    entry=dt.date(2023, 1, 1),
    planned_end=dt.date(2023, 12, 31),
    actual_end=None,
    status=Assignment.Status.ACTIVE,
    name="Serving",
):
    """A national assignment at ``station`` (the volunteer is of its country)."""
    volunteer = CandidateFactory(given_name=name, nationality=station.country)
    extra = {"host_entity": host} if host is not None else {}
    return AssignmentFactory(
        volunteer=volunteer,
        duty_station=station,
        entry_on_duty=entry,
        planned_end=planned_end,
        actual_end=actual_end,
        status=status,
        **extra,
    )


def dependant(assignment, *, given_name="Dana", **kwargs):
    return DependantFactory(assignment=assignment, given_name=given_name, **kwargs)
