import datetime as dt

import factory

from mobilize.assignments.models import Assignment
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.talent.tests.factories import CandidateFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A national assignment in the volunteer's own country unless told otherwise."""

    class Meta:
        model = Assignment

    reference = factory.Sequence(lambda n: f"ASG-T-{n:06d}")
    volunteer = factory.SubFactory(CandidateFactory)
    category = factory.SubFactory(VolunteerCategoryFactory)
    modality = Modality.NATIONAL
    host_entity = factory.SubFactory(HostEntityFactory)
    duty_station = factory.SubFactory(
        DutyStationFactory, country=factory.SelfAttribute("..volunteer.nationality")
    )
    duty_country = factory.SelfAttribute("duty_station.country")
    nationality = factory.SelfAttribute("volunteer.nationality")
    home_country = factory.LazyAttribute(
        lambda o: o.volunteer.residence if o.volunteer.displacement != "none" else o.volunteer.nationality
    )
    displacement = factory.SelfAttribute("volunteer.displacement")
    entry_on_duty = dt.date(2023, 3, 1)
    planned_end = dt.date(2024, 2, 29)
    status = Assignment.Status.ACTIVE


class DependantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assignments.Dependant"

    assignment = factory.SubFactory(AssignmentFactory)
    given_name = "Dana"
    family_name = "Dependant"
    relationship = "child"
    accompanying = True
    recognized_from = factory.LazyAttribute(lambda d: d.assignment.entry_on_duty)
