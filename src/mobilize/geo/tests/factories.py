import factory

from mobilize.geo.models import Country, DutyStation, Region, RegionalOffice


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    iso3 = factory.LazyAttribute(lambda o: f"X{o.iso2}")
    name_en = factory.LazyAttribute(lambda o: f"Country {o.iso2}")
    region = Region.AFRICA
    regional_office = RegionalOffice.EAST_SOUTHERN_AFRICA
    is_global_south = True

    @factory.lazy_attribute_sequence
    def m49(self, n: int) -> str:
        """The sequence's code, or the next one no country in the database has: a test that gives
        a real code (Kenya's 404) must not meet it again in the countries made for it after."""
        taken = set(Country.objects.values_list("m49", flat=True))
        codes = (f"{900 - (n + k) % 900:03d}" for k in range(900))
        return next(code for code in codes if code not in taken)


class DutyStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyStation

    name = factory.Sequence(lambda n: f"Station {n}")
    country = factory.SubFactory(CountryFactory)
    hardship_class = DutyStation.Hardship.B
