import factory

from mobilize.geo.models import Country, DutyStation, Region, RegionalOffice


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    iso3 = factory.LazyAttribute(lambda o: f"X{o.iso2}")
    m49 = factory.Sequence(lambda n: f"{900 - n % 900:03d}")
    name_en = factory.LazyAttribute(lambda o: f"Country {o.iso2}")
    region = Region.AFRICA
    regional_office = RegionalOffice.EAST_SOUTHERN_AFRICA
    is_global_south = True


class DutyStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyStation

    name = factory.Sequence(lambda n: f"Station {n}")
    country = factory.SubFactory(CountryFactory)
    hardship_class = DutyStation.Hardship.B
