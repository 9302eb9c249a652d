import datetime as dt

import factory

from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.tests.factories import LanguageFactory, VolunteerCategoryFactory
from mobilize.requests.models import Doa, DoaLanguage, Position


class DoaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Doa

    reference = factory.Sequence(lambda n: f"DOA-T-{n:06d}")
    title = factory.Sequence(lambda n: f"Programme officer {n}")
    host_entity = factory.SubFactory(HostEntityFactory)
    country = factory.SubFactory(CountryFactory)
    category = factory.SubFactory(VolunteerCategoryFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = dt.date(2024, 12, 31)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    doa = factory.SubFactory(DoaFactory)
    duty_station = factory.SubFactory(DutyStationFactory, country=factory.SelfAttribute("..doa.country"))


class DoaLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoaLanguage

    doa = factory.SubFactory(DoaFactory)
    language = factory.SubFactory(LanguageFactory)
