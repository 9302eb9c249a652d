import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.models import Assignment
from mobilize.geo.tests.factories import CountryFactory
from mobilize.matching.selectors import candidate_rank
from mobilize.matching.tests import factories as f
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.talent.models import Candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """An international specialist DoA in Kenya asking for two areas, fluent English (required),
    intermediate French (desirable), a master's, 60 months and a driving licence."""
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya")
    peru = CountryFactory(iso2="PE", iso3="PER", m49="604", name_en="Peru")
    english = LanguageFactory(code="en", name_en="English")
    french = LanguageFactory(code="fr", name_en="French")
    health, water, law = (
        ExpertiseAreaFactory(code="health", name_en="Health"),
        ExpertiseAreaFactory(code="water", name_en="Water"),
        ExpertiseAreaFactory(code="law", name_en="Law"),
    )
    specialist = f.international_specialist()
    request = f.doa(
        kenya,
        specialist,
        start=dt.date(2025, 3, 1),
        end=dt.date(2026, 2, 28),
        languages=[(english, "fluent", True), (french, "intermediate", False)],
        expertise=[health, water],
        education="master",
        min_experience_months=60,
        driving_licence_required=True,
    )
    return {
        "kenya": kenya,
        "peru": peru,
        "english": english,
        "french": french,
        "health": health,
        "water": water,
        "law": law,
        "specialist": specialist,
        "doa": request,
    }


def best(s, **fields):
    """A Peruvian who meets every requirement in full, unless ``fields`` say otherwise."""
    values = {
        "languages": [(s["english"], "native"), (s["french"], "fluent")],
        "expertise": [s["health"], s["water"]],
        "education": "doctorate",
        "experience_months": 150,
        "has_driving_licence": True,
    }
    values.update(fields)
    return f.candidate(values.pop("nationality", s["peru"]), **values)


def completed_twice(person, s):
    elsewhere = CountryFactory()
    for start in (dt.date(2015, 1, 1), dt.date(2018, 1, 1)):
        f.served(
            person,
            cat=s["specialist"],
            modality=Modality.INTERNATIONAL,
            days=100,
            country=elsewhere,
            start=start,
        )


def test_ranking_orders_by_score_and_explains_every_component(setting):
    s = setting
    top = best(s)
    completed_twice(top, s)
    second = best(
        s,
        languages=[(s["english"], "fluent")],
        expertise=[s["health"], s["law"]],
        education="bachelor",
        experience_months=60,
        has_driving_licence=False,
    )
    f.candidate(s["kenya"])  # a national of the DoA's country: not eligible
    f.refresh()

    ranked = candidate_rank(doa=s["doa"], scope="pool")

    assert [(r.rank, r.candidate, r.points) for r in ranked] == [(1, top, 100.0), (2, second, 55.83)]
    assert [(c.name, c.weight, c.raw, c.points, c.max_points) for c in ranked[1].components] == [
        ("expertise", 30.0, 0.5, 15.0, 30.0),
        ("languages", 20.0, 0.6667, 13.33, 20.0),
        ("experience", 15.0, 0.5, 7.5, 15.0),
        ("education", 10.0, 0.75, 7.5, 10.0),
        ("availability", 10.0, 1.0, 10.0, 10.0),
        ("duty_station", 5.0, 0.5, 2.5, 5.0),
        ("performance", 10.0, 0.0, 0.0, 10.0),
    ]
    assert [c.detail for c in ranked[1].components] == [
        "1 of the 2 areas asked for: Health.",
        "English Fluent (Fluent required); French none (Intermediate desirable).",
        "60 months of experience (60 asked); full points from 120.",
        "Education: Bachelor's degree; Master's degree asked.",
        "No availability date given: counted as available now.",
        "Interested in onsite assignments; no driving licence (required).",
        "0 completed assignments with the programme; full points from 2.",
    ]
    assert all(r.eligible for r in ranked)


def test_ties_are_broken_by_candidate_id_and_the_ranking_is_deterministic(setting):
    s = setting
    twins = [best(s) for _ in range(3)]
    f.refresh()

    first = candidate_rank(doa=s["doa"], scope="pool")
    again = candidate_rank(doa=s["doa"], scope="pool")

    assert [r.candidate.pk for r in first] == sorted(t.pk for t in twins)
    assert [(r.candidate.pk, r.points, r.components) for r in first] == [
        (r.candidate.pk, r.points, r.components) for r in again
    ]


def test_limit_keeps_the_best(setting):
    s = setting
    people = [best(s, experience_months=months) for months in (60, 90, 120)]
    f.refresh()

    ranked = candidate_rank(doa=s["doa"], scope="pool", limit=2)

    assert [r.candidate for r in ranked] == [people[2], people[1]]


def test_applicants_scope_ranks_the_eligible_then_lists_the_others_with_their_reasons(setting):
    s = setting
    good, better = best(s, experience_months=60), best(s)
    national = best(s, nationality=s["kenya"])
    no_english = best(s, languages=[(s["french"], "fluent")])

    ranked = candidate_rank(
        doa=s["doa"], scope="applicants", candidates=[national, no_english, good, better.pk]
    )

    assert [(r.candidate, r.rank, r.eligible) for r in ranked] == [
        (better, 1, True),
        (good, 2, True),
        (national, None, False),
        (no_english, None, False),
    ]
    assert [reason.code for reason in ranked[2].eligibility.failures] == ["nationality"]
    assert [reason.message for reason in ranked[3].eligibility.failures] == [
        "English is not among the candidate's languages: Fluent or above required."
    ]
    assert ranked[3].score is None and ranked[3].components == ()


def test_applicants_scope_needs_the_applicants(setting):
    with pytest.raises(ValidationError) as caught:
        candidate_rank(doa=setting["doa"], scope="applicants")
    assert caught.value.message_dict == {"candidates": ["Name the applicants to rank."]}


@pytest.mark.parametrize(
    ("scope", "limit", "field"), [("everyone", 50, "scope"), ("pool", 0, "limit"), ("pool", 201, "limit")]
)
def test_bad_scope_or_limit_is_refused(setting, scope, limit, field):
    with pytest.raises(ValidationError) as caught:
        candidate_rank(doa=setting["doa"], scope=scope, limit=limit)
    assert list(caught.value.message_dict) == [field]


def test_a_field_unit_ranks_only_the_candidates_it_may_see(setting):
    # given: a field unit for Kenya; one Peruvian lives in Kenya, one in Peru, one served in Kenya
    s = setting
    resident = best(s, residence=s["kenya"])
    abroad = best(s)
    served_there = best(s)
    f.served(served_there, cat=s["specialist"], modality=Modality.INTERNATIONAL, days=100, country=s["kenya"])
    field = UserFactory(role=Role.FIELD_UNIT, countries=[s["kenya"]])
    f.refresh()

    seen = candidate_rank(doa=s["doa"], scope="pool", viewer=field)
    everyone = candidate_rank(doa=s["doa"], scope="pool", viewer=UserFactory(role=Role.RECRUITER))

    assert {r.candidate for r in seen} == {resident, served_there}
    assert {r.candidate for r in everyone} == {resident, abroad, served_there}


def test_pool_ranking_reads_the_feature_rows_and_explains_from_the_profile(setting, caplog):
    # given: features written, then one profile improves and another loses its English
    s = setting
    improved, dropped, steady = best(s, experience_months=60), best(s), best(s, experience_months=90)
    f.refresh()
    Candidate.objects.filter(pk=improved.pk).update(experience_months=150)
    dropped.languages.all().delete()

    with caplog.at_level(logging.WARNING, logger="mobilize.matching.selectors"):
        ranked = candidate_rank(doa=s["doa"], scope="pool")

    # then: the rows shown are judged on the profile (re-sorted, the ineligible one left out) and
    # the stale rows are reported
    assert [r.candidate for r in ranked] == [improved, steady]
    assert ranked[0].points == 90.0  # all but the 10 points of earlier assignments
    assert "2 feature rows were out of date" in caplog.text


def test_a_candidate_without_a_feature_row_is_not_in_the_pool_until_refreshed(setting):
    s = setting
    person = best(s)
    assert candidate_rank(doa=s["doa"], scope="pool") == []

    f.refresh(person)

    assert [r.candidate for r in candidate_rank(doa=s["doa"], scope="pool")] == [person]


def test_pool_ranking_query_count(setting, django_assert_num_queries):
    s = setting
    for _ in range(5):
        best(s)
    f.refresh()
    request = type(s["doa"]).objects.select_related("category", "country").get(pk=s["doa"].pk)

    # the rule, the DoA's languages and expertise; the scored query; the 50 profiles, their
    # languages, expertise and assignments
    with django_assert_num_queries(8):
        ranked = candidate_rank(doa=request, scope="pool")
    assert len(ranked) == 5


def test_cancelled_and_open_assignments_in_performance(setting):
    s = setting
    person = best(s)
    other = CountryFactory()
    for status in (Assignment.Status.CANCELLED, Assignment.Status.ACTIVE, Assignment.Status.COMPLETED):
        f.served(
            person,
            cat=s["specialist"],
            modality=Modality.INTERNATIONAL,
            days=30,
            country=other,
            status=status,
        )
    f.refresh()

    [row] = candidate_rank(doa=s["doa"], scope="pool")

    performance = next(c for c in row.components if c.name == "performance")
    assert (performance.raw, performance.detail) == (
        0.5,
        "1 completed assignments with the programme; full points from 2.",
    )


def test_applicants_ranking_query_count(setting, django_assert_num_queries):
    s = setting
    people = [best(s) for _ in range(4)] + [f.candidate(s["kenya"])]
    request = type(s["doa"]).objects.select_related("category", "country").get(pk=s["doa"].pk)
    viewer = UserFactory(role=Role.RECRUITER)

    # the rule, the DoA's languages and expertise; the profiles, their languages, expertise and assignments
    with django_assert_num_queries(7):
        ranked = candidate_rank(doa=request, scope="applicants", candidates=people, viewer=viewer)
    assert [r.eligible for r in ranked] == [True, True, True, True, False]
