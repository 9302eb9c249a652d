"""Factories of the lifecycle's records, and a fast way to make many assignments."""

import datetime as dt

import factory
from django.utils import timezone

from mobilize.assignments.models import Assignment
from mobilize.lifecycle.models import EndOfAssignment, Extension, RedeploymentConsent, Separation
from mobilize.talent.models import Candidate


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    assignment = factory.SubFactory("mobilize.assignments.tests.factories.AssignmentFactory")
    previous_planned_end = factory.SelfAttribute("assignment.planned_end")
    new_planned_end = factory.LazyAttribute(lambda o: o.assignment.planned_end + dt.timedelta(days=180))
    requested_at = factory.LazyFunction(timezone.now)


class SeparationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Separation

    assignment = factory.SubFactory("mobilize.assignments.tests.factories.AssignmentFactory")
    kind = Separation.Kind.RESIGNATION
    last_day = factory.LazyAttribute(lambda o: o.assignment.planned_end - dt.timedelta(days=30))
    leave_rate = 2.5
    leave_accrued_days = 10
    leave_taken_days = 0
    leave_owing_days = 10
    submitted_at = factory.LazyFunction(timezone.now)


class EndOfAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EndOfAssignment

    assignment = factory.SubFactory("mobilize.assignments.tests.factories.AssignmentFactory")
    last_day = factory.SelfAttribute("assignment.planned_end")
    started_at = factory.LazyFunction(timezone.now)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedeploymentConsent

    assignment = factory.SubFactory("mobilize.assignments.tests.factories.AssignmentFactory")
    consents = True
    answered_at = factory.LazyFunction(timezone.now)


def bulk_assignments(
    *, count, host_entity, duty_station, category, nationality, start, planned_end, prefix="BULK"
):
    """``count`` serving international assignments at ``duty_station`` for new volunteers of
    ``nationality``, written with two bulk inserts (the closure test makes hundreds)."""
    volunteers = Candidate.objects.bulk_create(
        [
            Candidate(
                given_name=f"Given{prefix}{n}",
                family_name=f"Family{prefix}{n}",
                nationality=nationality,
                residence=nationality,
                date_of_birth=dt.date(1988, 1, 1),
                gender="female",
                education="master",
                experience_months=60,
            )
            for n in range(count)
        ]
    )
    return Assignment.objects.bulk_create(
        [
            Assignment(
                reference=f"ASG-{prefix}-{n:05d}",
                volunteer=volunteer,
                category=category,
                modality=category.modality,
                host_entity=host_entity,
                duty_station=duty_station,
                duty_country=duty_station.country,
                nationality=nationality,
                home_country=nationality,
                entry_on_duty=start,
                planned_end=planned_end,
                status=Assignment.Status.ACTIVE,
            )
            for n, volunteer in enumerate(volunteers)
        ]
    )
