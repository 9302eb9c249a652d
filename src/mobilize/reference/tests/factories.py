import datetime as dt

import factory

from mobilize.reference.models import CategoryRule, ExpertiseArea, Language, Modality, Sdg, VolunteerCategory


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"q{n % 100:02d}")
    name_en = factory.LazyAttribute(lambda o: f"Language {o.code}")


class SdgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sdg
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 17 + 1)
    name_en = factory.LazyAttribute(lambda o: f"Goal {o.number}")
    name_zh = factory.LazyAttribute(lambda o: f"目标{o.number}")


class ExpertiseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.title())


class VolunteerCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerCategory
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "national-specialist"
    name_en = "National UN Volunteer Specialist"
    modality = Modality.NATIONAL

    rule = factory.RelatedFactory(
        "mobilize.reference.tests.factories.CategoryRuleFactory", factory_related_name="category"
    )


class CategoryRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryRule
        django_get_or_create = ("category", "effective_from")

    category = factory.SubFactory(VolunteerCategoryFactory, rule=None)
    effective_from = dt.date(2021, 10, 1)
    min_age = 25
    min_experience_months = 24
    min_duration_days = 30
    max_duration_days = 1461
    service_limit_days = 1461
