"""The database and Python agree: the eligibility filter (over the normalized tables and over the
feature table) keeps exactly the candidates ``candidate_eligibility`` accepts, and the database's
score is the one ``rules.score_of`` explains, over a varied hand-built population."""

import datetime as dt
import itertools
import random

import pytest

from mobilize.assignments.models import Assignment
from mobilize.geo.tests.factories import CountryFactory
from mobilize.matching import models as matching_models
from mobilize.matching.facts import load_facts
from mobilize.matching.rules import score_of
from mobilize.matching.selectors import candidate_eligibility, eligible_candidates_q
from mobilize.matching.sql import eligible_features, score_expression
from mobilize.matching.terms import doa_terms
from mobilize.matching.tests import factories as f
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.talent.models import Candidate, EducationLevel, LanguageLevel

pytestmark = pytest.mark.django_db

BIRTHDAYS = [
    dt.date(1997, 1, 1),  # 27 on the youth DoA's start
    dt.date(1997, 1, 2),  # 26 at the start, 27 during
    dt.date(1998, 1, 1),  # 26 through the end of 2024
    dt.date(2000, 2, 29),  # a leap-day birthday
    dt.date(2006, 1, 1),  # 18 on 1 January 2024
    dt.date(2006, 1, 2),  # 17 on 1 January 2024
    dt.date(1999, 3, 1),
    dt.date(1990, 5, 17),
    dt.date(1959, 1, 1),  # 65 on 1 January 2024: exempt from the service limit
    dt.date(1959, 1, 2),
    dt.date(1970, 7, 15),
]


def population(countries, languages, areas, categories):
    rng = random.Random(20240101)
    people = []
    displacements = ["none", "none", "refugee", "stateless"]
    for index, born in enumerate(itertools.islice(itertools.cycle(BIRTHDAYS), 120)):
        nationality = countries[index % 3]
        displacement = displacements[(index // 3) % 4]
        residence = countries[(index + (1 if displacement == "refugee" else rng.randrange(3))) % 3]
        if displacement == "refugee" and residence == nationality:
            residence = countries[(index + 1) % 3]
        person = f.candidate(
            nationality,
            residence=residence,
            born=born,
            displacement=displacement,
            education=rng.choice(["", *EducationLevel.values]),
            experience_months=rng.choice([0, 12, 24, 35, 36, 60, 200]),
            interest=rng.choice(Candidate.Interest.values),
            has_driving_licence=rng.random() < 0.5,
            available_from=rng.choice([None, dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1)]),
            languages=[
                (lang, rng.choice(LanguageLevel.values)) for lang in rng.sample(languages, rng.randrange(4))
            ],
            expertise=rng.sample(areas, rng.randrange(4)),
        )
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            cat = rng.choice(categories)
            national = cat.modality == Modality.NATIONAL
            home = person.residence if displacement != "none" else person.nationality
            duty = home if national else next(c for c in countries if c not in (home, person.nationality))
            f.served(
                person,
                cat=cat,
                modality=cat.modality,
                days=rng.choice([200, 700, 1100, 1400]),
                country=duty,
                start=dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
                status=rng.choice(["completed", "completed", "terminated", "cancelled", "active"]),
            )
        people.append(person)
    return people


@pytest.fixture
def world_of_rules():
    countries = [
        CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya"),
        CountryFactory(iso2="PE", iso3="PER", m49="604", name_en="Peru"),
        CountryFactory(iso2="SO", iso3="SOM", m49="706", name_en="Somalia"),
    ]
    french, arabic, english = (
        LanguageFactory(code="fr", name_en="French"),
        LanguageFactory(code="ar", name_en="Arabic"),
        LanguageFactory(code="en", name_en="English"),
    )
    areas = [ExpertiseAreaFactory(code=f"area-{n}") for n in range(5)]
    youth, specialist = f.international_youth(), f.international_specialist()
    national, refugees = f.national_specialist(), f.refugee_category()
    kenya, peru, _somalia = countries
    doas = [
        f.doa(
            kenya,
            youth,
            languages=[(french, "fluent", True), (arabic, "intermediate", False)],
            expertise=areas[:2],
            education="bachelor",
        ),
        f.doa(
            kenya,
            specialist,
            languages=[(english, "intermediate", True), (french, "native", False)],
            expertise=areas[1:4],
            driving_licence_required=True,
            min_experience_months=60,
        ),
        f.doa(kenya, national, education="master"),
        f.doa(peru, national, start=dt.date(2024, 2, 29), end=dt.date(2027, 2, 28)),
        f.doa(kenya, refugees, languages=[(arabic, "basic", True)]),
    ]
    people = population(countries, [french, arabic, english], areas, [youth, specialist, national, refugees])
    return doas, people


def agreement(doas, people):
    f.refresh()
    for request in doas:
        by_function = {p.pk for p in people if candidate_eligibility(candidate=p, doa=request).eligible}
        by_q = set(Candidate.objects.filter(eligible_candidates_q(request)).values_list("pk", flat=True))
        terms = doa_terms(request)
        scored = dict(
            eligible_features(terms)
            .annotate(score=score_expression(terms))
            .values_list("candidate_id", "score")
        )
        facts = load_facts(ids=sorted(by_function))
        assert by_q == by_function, request.category.code
        assert set(scored) == by_function, request.category.code
        assert scored == {pk: score_of(facts[pk], terms).units for pk in by_function}, request.category.code
    return True


def test_database_and_python_agree_on_eligibility_and_score(world_of_rules):
    doas, people = world_of_rules
    assert agreement(doas, people)


def test_they_agree_when_languages_and_areas_are_read_from_the_normalized_tables(world_of_rules, monkeypatch):
    # given: no packed words, so the feature table's SQL reads every language and area by subquery
    monkeypatch.setattr(matching_models, "LANGUAGE_WORDS", 0)
    monkeypatch.setattr(matching_models, "EXPERTISE_WORDS", 0)
    doas, people = world_of_rules
    assert agreement(doas, people)


def test_the_population_is_varied(world_of_rules):
    doas, people = world_of_rules
    counts = [sum(candidate_eligibility(candidate=p, doa=d).eligible for p in people) for d in doas]
    reasons = {
        r.code for d in doas for p in people for r in candidate_eligibility(candidate=p, doa=d).failures
    }
    assert all(count > 0 for count in counts), counts
    assert all(count < len(people) for count in counts), counts
    assert reasons == {
        "age",
        "nationality",
        "experience",
        "degree",
        "service_limit",
        "language",
        "refugee_status",
    }
    assert Assignment.objects.exclude(status="cancelled").exists()
