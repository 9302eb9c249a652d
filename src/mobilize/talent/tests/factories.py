import datetime as dt

import factory

from mobilize.geo.tests.factories import CountryFactory
from mobilize.talent.models import Candidate, EducationLevel, Gender


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    email = factory.LazyAttribute(lambda o: f"{o.given_name.lower()}@example.org")
    nationality = factory.SubFactory(CountryFactory)
    residence = factory.SelfAttribute("nationality")
    date_of_birth = dt.date(1990, 5, 17)
    gender = Gender.FEMALE
    education = EducationLevel.MASTER
    experience_months = 60
