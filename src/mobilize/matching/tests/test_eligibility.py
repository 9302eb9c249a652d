import datetime as dt

import pytest

from mobilize.assignments.models import Assignment
from mobilize.geo.tests.factories import CountryFactory
from mobilize.matching.selectors import candidate_eligibility
from mobilize.matching.tests import factories as f
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import CategoryRuleFactory, LanguageFactory
from mobilize.talent.models import Candidate, EducationLevel, LanguageLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya():
    return CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya")


@pytest.fixture
def peru():
    return CountryFactory(iso2="PE", iso3="PER", m49="604", name_en="Peru")


@pytest.fixture
def somalia():
    return CountryFactory(iso2="SO", iso3="SOM", m49="706", name_en="Somalia")


def failed(eligibility):
    return {reason.code: reason.message for reason in eligibility.failures}


def test_youth_turning_27_before_the_planned_end_is_ineligible(kenya, peru):
    # given: 26 at the start on 1 January 2024, 27 on 1 June 2024, the DoA ends 31 December 2024
    youth = f.international_youth()
    request = f.doa(kenya, youth)
    person = f.candidate(peru, born=dt.date(1997, 6, 1))
    # when
    result = candidate_eligibility(candidate=person, doa=request)
    # then
    assert result.eligible is False
    assert failed(result) == {
        "age": "Age 26 at the start and 27 at the planned end: the International UN Youth Volunteer category "
        "takes 18 to 26, through the planned end."
    }
    assert result.refusal == failed(result)["age"]


def test_youth_26_through_the_planned_end_is_eligible(kenya, peru):
    youth = f.international_youth()
    request = f.doa(kenya, youth)
    person = f.candidate(peru, born=dt.date(1998, 1, 1))  # 26 at the start, 27 the day after the planned end

    result = candidate_eligibility(candidate=person, doa=request)

    assert result.eligible is True
    assert [r.code for r in result.reasons] == ["age", "nationality", "service_limit"]
    assert all(r.passed for r in result.reasons)


def test_age_message_names_the_rule_in_words(kenya, peru):
    youth = f.international_youth()
    request = f.doa(kenya, youth, start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))
    person = f.candidate(peru, born=dt.date(1992, 6, 1))

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result)["age"] == (
        "Age 31 at the start: the International UN Youth Volunteer category takes 18 to 26, through the "
        "planned end."
    )


def test_refugee_in_the_country_of_residence_is_eligible_for_a_national_doa_there(kenya, somalia):
    request = f.doa(kenya, f.national_specialist())
    person = f.refugee(somalia, kenya)

    result = candidate_eligibility(candidate=person, doa=request)

    assert result.eligible is True
    nationality = next(r for r in result.reasons if r.code == "nationality")
    assert nationality.message == (
        "A refugee legally resident in Kenya: national assignments there are open to refugees resident "
        "in the country."
    )


def test_refugee_is_not_eligible_for_a_national_doa_in_the_country_they_fled(kenya, somalia):
    request = f.doa(somalia, f.national_specialist())
    person = f.refugee(somalia, kenya)

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result) == {
        "nationality": "A refugee resident in Kenya: national assignments in Somalia are for its "
        "nationals and "
        "for refugees and stateless persons resident there."
    }


def test_stateless_resident_is_eligible_for_a_national_doa_there(kenya, somalia):
    request = f.doa(kenya, f.national_specialist())
    person = f.candidate(somalia, residence=kenya, displacement=Candidate.Displacement.STATELESS)

    assert candidate_eligibility(candidate=person, doa=request).eligible is True


def test_national_living_abroad_is_eligible_for_a_national_doa_at_home(kenya, peru):
    request = f.doa(kenya, f.national_specialist())
    person = f.candidate(kenya, residence=peru)

    assert candidate_eligibility(candidate=person, doa=request).eligible is True


def test_international_candidate_of_the_doa_nationality_is_not_eligible(kenya):
    request = f.doa(kenya, f.international_specialist())
    person = f.candidate(kenya)

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result) == {
        "nationality": "A national of Kenya: international assignments in Kenya are for non-nationals."
    }


def test_refugee_resident_in_the_doa_country_cannot_serve_there_as_international(kenya, somalia):
    request = f.doa(kenya, f.international_specialist())
    person = f.refugee(somalia, kenya)

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result) == {
        "nationality": "A refugee resident in Kenya serves there under the national modality, not as an "
        "international volunteer."
    }


def test_four_year_international_limit_reached(kenya, peru, somalia):
    # given: 1,400 days served internationally; this DoA adds 366 (2024 is a leap year)
    specialist = f.international_specialist()
    request = f.doa(kenya, specialist)
    person = f.candidate(peru, born=dt.date(1980, 1, 1))
    f.served(person, cat=specialist, modality=Modality.INTERNATIONAL, days=1400, country=somalia)

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result) == {
        "service_limit": "1400 days already served under the international modality and 366 for this "
        "assignment "
        "make 1766: the limit is 1461."
    }


def test_service_limit_counts_open_assignments_and_skips_cancelled_ones(kenya, peru, somalia):
    specialist = f.international_specialist()
    request = f.doa(kenya, specialist)
    person = f.candidate(peru, born=dt.date(1980, 1, 1))
    f.served(
        person,
        cat=specialist,
        modality=Modality.INTERNATIONAL,
        days=1000,
        country=somalia,
        status="cancelled",
    )
    f.served(
        person, cat=specialist, modality=Modality.INTERNATIONAL, days=1095, country=somalia, status="active"
    )
    national = f.national_specialist()
    f.served(
        person, cat=national, modality=Modality.NATIONAL, days=1000, country=peru, start=dt.date(2010, 1, 1)
    )

    result = candidate_eligibility(candidate=person, doa=request)

    reason = next(r for r in result.reasons if r.code == "service_limit")
    assert reason.passed is True
    assert reason.message.startswith("1095 days already served under the international modality and 366")


def test_service_limit_does_not_apply_at_or_above_the_exempt_age(kenya, peru, somalia):
    specialist = f.international_specialist()
    request = f.doa(kenya, specialist)
    person = f.candidate(peru, born=dt.date(1959, 1, 1))  # 65 on the start date
    f.served(person, cat=specialist, modality=Modality.INTERNATIONAL, days=1461, country=somalia)

    result = candidate_eligibility(candidate=person, doa=request)

    assert result.eligible is True
    reason = next(r for r in result.reasons if r.code == "service_limit")
    assert reason.message == (
        "Age 65 at the start: from 65 the service limit of the International UN Volunteer Specialist "
        "category "
        "does not apply."
    )


def test_one_day_below_the_exempt_age_the_limit_applies(kenya, peru, somalia):
    specialist = f.international_specialist()
    request = f.doa(kenya, specialist)
    person = f.candidate(peru, born=dt.date(1959, 1, 2))
    f.served(person, cat=specialist, modality=Modality.INTERNATIONAL, days=1461, country=somalia)

    assert set(failed(candidate_eligibility(candidate=person, doa=request))) == {"service_limit"}


def test_missing_required_language(kenya, peru):
    french = LanguageFactory(code="fr", name_en="French")
    request = f.doa(kenya, f.international_specialist(), languages=[(french, LanguageLevel.FLUENT, True)])
    person = f.candidate(peru)

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result) == {
        "language": "French is not among the candidate's languages: Fluent or above required."
    }


def test_required_language_level_too_low(kenya, peru):
    french = LanguageFactory(code="fr", name_en="French")
    request = f.doa(kenya, f.international_specialist(), languages=[(french, LanguageLevel.FLUENT, True)])
    person = f.candidate(peru, languages=[(french, LanguageLevel.INTERMEDIATE)])

    result = candidate_eligibility(candidate=person, doa=request)

    assert failed(result) == {"language": "Speaks French (Intermediate): Fluent or above required."}


def test_required_language_above_the_level_passes_and_desirable_ones_do_not_gate(kenya, peru):
    french = LanguageFactory(code="fr", name_en="French")
    arabic = LanguageFactory(code="ar", name_en="Arabic")
    languages = [(french, LanguageLevel.FLUENT, True), (arabic, LanguageLevel.FLUENT, False)]
    request = f.doa(kenya, f.international_specialist(), languages=languages)
    person = f.candidate(peru, languages=[(french, LanguageLevel.NATIVE)])

    result = candidate_eligibility(candidate=person, doa=request)

    assert result.eligible is True
    assert [r.message for r in result.reasons if r.code == "language"] == [
        "Speaks French (Native): Fluent or above required."
    ]


def test_degree_required(kenya, peru):
    request = f.doa(kenya, f.international_specialist())
    person = f.candidate(peru, education=EducationLevel.TECHNICAL)

    assert failed(candidate_eligibility(candidate=person, doa=request)) == {
        "degree": "Education: Technical or vocational diploma. The International UN Volunteer "
        "Specialist category "
        "requires a university degree (bachelor's or above)."
    }


def test_no_education_given_fails_the_degree_rule(kenya, peru):
    request = f.doa(kenya, f.international_specialist())
    person = f.candidate(peru, education="")

    assert set(failed(candidate_eligibility(candidate=person, doa=request))) == {"degree"}


def test_minimum_experience(kenya, peru):
    request = f.doa(kenya, f.international_specialist())
    person = f.candidate(peru, experience_months=35)

    assert failed(candidate_eligibility(candidate=person, doa=request)) == {
        "experience": "35 months of experience: the International UN Volunteer Specialist category asks "
        "for at "
        "least 36."
    }


def test_minimum_age_without_upper_bound(kenya, peru):
    request = f.doa(kenya, f.international_specialist())
    person = f.candidate(peru, born=dt.date(1997, 1, 2))  # 26 on 1 January 2024

    assert failed(candidate_eligibility(candidate=person, doa=request)) == {
        "age": "Age 26 at the start: the International UN Volunteer Specialist category takes 27 or older."
    }


def test_refugee_category_requires_refugee_or_stateless_status(kenya, somalia):
    request = f.doa(kenya, f.refugee_category())
    national = f.candidate(kenya)
    person = f.refugee(somalia, kenya)

    assert failed(candidate_eligibility(candidate=national, doa=request)) == {
        "refugee_status": "Neither a refugee nor stateless: the Refugee UN Volunteer category is for "
        "refugees and "
        "stateless persons."
    }
    assert candidate_eligibility(candidate=person, doa=request).eligible is True


def test_no_rule_in_force_on_the_start_date(kenya, peru):
    request = f.doa(kenya, f.international_specialist(), start=dt.date(2020, 1, 1), end=dt.date(2020, 6, 30))
    person = f.candidate(peru)

    result = candidate_eligibility(candidate=person, doa=request)

    assert result.eligible is False
    assert failed(result) == {
        "rule": "No eligibility rule of the International UN Volunteer Specialist category is in force "
        "on 2020-01-01."
    }


def test_the_rule_in_force_on_the_start_date_applies(kenya, peru):
    # given: before the Unified Conditions of Service, youth were 18 to 29
    youth = f.international_youth()
    CategoryRuleFactory(
        category=youth,
        effective_from=dt.date(2014, 1, 1),
        effective_to=dt.date(2021, 9, 30),
        min_age=18,
        max_age=29,
        age_applies_through_end=True,
        min_experience_months=0,
        service_limit_days=731,
    )
    person = f.candidate(peru, born=dt.date(1992, 6, 1))
    before = f.doa(kenya, youth, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    after = f.doa(kenya, youth)

    assert candidate_eligibility(candidate=person, doa=before).eligible is True
    assert set(failed(candidate_eligibility(candidate=person, doa=after))) == {"age"}


def test_on_moves_the_start_and_keeps_the_duration(kenya, peru):
    youth = f.international_youth()
    request = f.doa(kenya, youth, start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))
    person = f.candidate(peru, born=dt.date(1997, 8, 1))  # 27 on 1 August 2024

    assert candidate_eligibility(candidate=person, doa=request).eligible is True
    later = candidate_eligibility(candidate=person, doa=request, on=dt.date(2024, 3, 1))
    assert set(failed(later)) == {"age"}


def test_eligibility_reads_four_things(kenya, peru, django_assert_num_queries):
    request = f.doa(kenya, f.international_specialist())
    person = f.candidate(peru)
    request = type(request).objects.select_related("category", "country").get(pk=request.pk)
    person = Candidate.objects.select_related("nationality", "residence").get(pk=person.pk)

    # the rule, the DoA's languages, its expertise; the candidate's languages, expertise and assignments
    with django_assert_num_queries(6):
        candidate_eligibility(candidate=person, doa=request)


def test_open_assignment_for_another_modality_does_not_count(kenya, peru):
    specialist = f.international_specialist()
    request = f.doa(kenya, specialist)
    person = f.candidate(peru, born=dt.date(1980, 1, 1))
    national = f.national_specialist()
    f.served(
        person,
        cat=national,
        modality=Modality.NATIONAL,
        days=1461,
        country=peru,
        status=Assignment.Status.ACTIVE,
    )

    assert candidate_eligibility(candidate=person, doa=request).eligible is True
