"""Hand-built categories, DoAs and candidates for the eligibility and ranking tests."""

import datetime as dt

from mobilize.assignments.models import Assignment
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.matching.services import candidate_features_refresh
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import CategoryRuleFactory, VolunteerCategoryFactory
from mobilize.requests.tests.factories import DoaFactory, DoaLanguageFactory
from mobilize.talent.models import Candidate
from mobilize.talent.tests.factories import CandidateFactory, CandidateLanguageFactory


def category(code, modality, *, name=None, rule_from=dt.date(2021, 10, 1), **rule):
    """A category with one rule in force from ``rule_from`` (min_age 18 and 30 to 1461 days unless told)."""
    cat = VolunteerCategoryFactory(
        code=code,
        name_en=name or code.replace("-", " ").title(),
        modality=modality,
        is_youth=rule.pop("is_youth", False),
        is_refugee=rule.pop("is_refugee", False),
        rule=None,
    )
    values = {"min_age": 18, "min_experience_months": 0, "min_duration_days": 30, "max_duration_days": 1461}
    values.update(service_limit_days=None, service_limit_exempt_age=None)
    values.update(rule)
    CategoryRuleFactory(category=cat, effective_from=rule_from, **values)
    return cat


def international_youth():
    return category(
        "international-youth",
        Modality.INTERNATIONAL,
        name="International UN Youth Volunteer",
        max_age=26,
        age_applies_through_end=True,
        service_limit_days=731,
    )


def international_specialist():
    return category(
        "international-specialist",
        Modality.INTERNATIONAL,
        name="International UN Volunteer Specialist",
        min_age=27,
        min_experience_months=36,
        requires_degree=True,
        service_limit_days=1461,
        service_limit_exempt_age=65,
    )


def national_specialist():
    return category(
        "national-specialist",
        Modality.NATIONAL,
        name="National UN Volunteer Specialist",
        min_age=25,
        min_experience_months=24,
        requires_degree=True,
        service_limit_days=1461,
    )


def refugee_category():
    return category("refugee", Modality.NATIONAL, name="Refugee UN Volunteer", is_refugee=True)


def doa(
    country,
    cat,
    *,
    start=dt.date(2024, 1, 1),
    end=dt.date(2024, 12, 31),
    languages=(),
    expertise=(),
    **fields,
):
    """A DoA; ``languages`` are (language, level, required) triples."""
    made = DoaFactory(country=country, category=cat, start_date=start, end_date=end, **fields)
    made.expertise.set(expertise)
    for language, level, required in languages:
        DoaLanguageFactory(doa=made, language=language, level=level, required=required)
    return made


def candidate(
    nationality, *, residence=None, born=dt.date(1990, 5, 17), languages=(), expertise=(), **fields
):
    """A candidate; ``languages`` are (language, level) pairs."""
    made = CandidateFactory(
        nationality=nationality, residence=residence or nationality, date_of_birth=born, **fields
    )
    for language, level in languages:
        CandidateLanguageFactory(candidate=made, language=language, level=level)
    if expertise:
        made.expertise.set(expertise)
    return made


def refugee(nationality, residence, **fields):
    return candidate(nationality, residence=residence, displacement=Candidate.Displacement.REFUGEE, **fields)


def served(
    volunteer, *, cat, modality, days, country, start=dt.date(2015, 1, 1), status=Assignment.Status.COMPLETED
):
    """A past assignment of ``days`` days in ``country``."""
    return AssignmentFactory(
        volunteer=volunteer,
        category=cat,
        modality=modality,
        duty_station=DutyStationFactory(country=country),
        entry_on_duty=start,
        planned_end=start + dt.timedelta(days=days - 1),
        status=status,
    )


def refresh(*candidates):
    """Write the feature rows of ``candidates`` (all candidates when none are named)."""
    ids = [c.pk for c in candidates] or list(Candidate.objects.values_list("pk", flat=True))
    candidate_features_refresh(candidate_ids=ids)
