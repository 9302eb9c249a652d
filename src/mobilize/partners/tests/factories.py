import factory

from mobilize.partners.models import HostEntity, ReportingGroup


class ReportingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingGroup
        django_get_or_create = ("code",)

    code = "other"
    name_en = "Other agencies, funds, programmes and regional commissions"


class HostEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostEntity
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"ENT{n}")
    name_en = factory.LazyAttribute(lambda o: f"Entity {o.acronym}")
    type = HostEntity.Type.FUND_PROGRAMME
    reporting_group = factory.SubFactory(ReportingGroupFactory)
