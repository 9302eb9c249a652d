import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import CountryFactory
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import candidate_scope
from mobilize.talent.selectors import (
    CandidateFilters,
    candidate_disclosure,
    candidate_document,
    candidate_documents,
    candidate_get,
    candidate_list,
    candidate_of_user,
)
from mobilize.talent.tests.factories import CandidateFactory, CandidateLanguageFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 30)


def names(qs) -> list[str]:
    return [c.family_name for c in qs]


# --- scope -----------------------------------------------------------------------------------

EXPECTED_SCOPE = {
    "hq": ["Other", "Volunteer"],
    "recruiter": ["Other", "Volunteer"],
    "auditor": ["Other", "Volunteer"],
    "focal": ["Volunteer"],
    "other_focal": ["Other"],
    "field_in": ["Volunteer"],
    "field_out": ["Other"],
    "volunteer": ["Volunteer"],
    "other_volunteer": ["Other"],
    "donor": [],
}


@pytest.mark.parametrize("who", list(EXPECTED_SCOPE))
def test_scope_over_the_cast(cast, who):
    assert names(Candidate.objects.filter(candidate_scope(cast[who]))) == EXPECTED_SCOPE[who]


def test_field_unit_sees_residents_and_those_serving_there_once_each(world, cast):
    # given: a Peruvian living in Kenya; a Peruvian serving twice in Kenya
    from mobilize.assignments.tests.factories import AssignmentFactory
    from mobilize.reference.models import Modality

    CandidateFactory(family_name="Resident", nationality=world.other_country, residence=world.country)
    serving = CandidateFactory(family_name="Serving", nationality=world.other_country)
    for _ in range(2):
        AssignmentFactory(
            volunteer=serving, duty_station=world.station, modality=Modality.INTERNATIONAL, status="completed"
        )
    # when
    seen = names(Candidate.objects.filter(candidate_scope(cast["field_in"])))
    # then
    assert seen == ["Resident", "Serving", "Volunteer"]


def test_inactive_user_sees_nothing(cast):
    hq = cast["hq"]
    hq.is_active = False
    assert names(Candidate.objects.filter(candidate_scope(hq))) == []


# --- candidate_list --------------------------------------------------------------------------


def test_list_query_count_is_pinned(cast, django_assert_num_queries):
    # given: languages and expertise on both
    for candidate in Candidate.objects.all():
        CandidateLanguageFactory(candidate=candidate)
        candidate.expertise.add(ExpertiseAreaFactory())
    # when / then: candidates, languages with their language, expertise
    with django_assert_num_queries(3):
        rows = list(candidate_list(viewer=cast["hq"]))
        summary = [
            (c.nationality.iso2, c.residence.iso2, len(c.languages.all()), len(c.expertise.all()))
            for c in rows
        ]
    assert summary == [("PE", "PE", 1, 1), ("KE", "KE", 1, 1)]


def test_list_query_count_for_a_field_unit_includes_its_countries(cast, django_assert_num_queries):
    with django_assert_num_queries(4):
        rows = list(candidate_list(viewer=cast["field_in"]))
        assert [c.residence.name for c in rows] == ["Kenya"]


def test_list_order_is_family_then_given_name_then_id(world, cast):
    CandidateFactory(family_name="Abe", given_name="Zed", nationality=world.country)
    CandidateFactory(family_name="Abe", given_name="Amy", nationality=world.country)
    CandidateFactory(family_name="Abe", given_name="Amy", nationality=world.country)
    rows = list(candidate_list(viewer=cast["hq"]))
    assert [(c.family_name, c.given_name) for c in rows][:3] == [
        ("Abe", "Amy"),
        ("Abe", "Amy"),
        ("Abe", "Zed"),
    ]
    assert rows[0].pk < rows[1].pk


@pytest.fixture
def pool(world):
    """Four candidates that the filters tell apart, beside the world's two."""
    kenya, peru = world.country, world.other_country
    chile = CountryFactory(iso2="CL", iso3="CHL", m49="152", name_en="Chile")
    health = ExpertiseAreaFactory(code="health")
    french = LanguageFactory(code="fr", name_en="French")
    a = CandidateFactory(
        family_name="Alpha",
        given_name="Ana",
        email="ana@un.example",
        nationality=kenya,
        residence=kenya,
        gender="female",
        education="bachelor",
        experience_months=12,
        interest="online",
        date_of_birth=dt.date(2000, 7, 1),  # 23 on DAY
        available_from=dt.date(2024, 9, 1),
    )
    b = CandidateFactory(
        family_name="Bravo",
        given_name="Ben",
        nationality=peru,
        residence=chile,
        gender="male",
        education="doctorate",
        experience_months=120,
        interest="both",
        date_of_birth=dt.date(1994, 6, 30),  # 30 on DAY
        displacement="refugee",
    )
    c = CandidateFactory(
        family_name="Charlie",
        given_name="Cai",
        nationality=chile,
        residence=chile,
        gender="other",
        education="",
        experience_months=0,
        interest="onsite",
        date_of_birth=dt.date(1994, 7, 1),  # 29 on DAY
        available_from=dt.date(2024, 1, 1),
    )
    a.expertise.add(health)
    CandidateLanguageFactory(candidate=a, language=french, level="basic")
    CandidateLanguageFactory(candidate=b, language=french, level="native")
    return {"health": health, "french": french, "chile": chile, "a": a, "b": b, "c": c}


def search(cast, **criteria) -> list[str]:
    return names(candidate_list(viewer=cast["hq"], filters=CandidateFilters(**criteria)))


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"q": "ana"}, ["Alpha"]),
        ({"q": "un.example"}, ["Alpha"]),
        ({"q": "ben bravo"}, ["Bravo"]),
        ({"q": "ben alpha"}, []),
        ({"gender": "male"}, ["Bravo"]),
        ({"interest": "online"}, ["Alpha", "Bravo"]),
        ({"interest": "onsite"}, ["Bravo", "Charlie", "Other", "Volunteer"]),
        ({"education": "master"}, ["Bravo", "Other", "Volunteer"]),
        ({"experience_min": 60}, ["Bravo", "Other", "Volunteer"]),
        ({"experience_min": 0, "education": "bachelor", "gender": "female"}, ["Alpha", "Other", "Volunteer"]),
        ({"displacement": "refugee"}, ["Bravo"]),
        ({"age_min": 30, "age_max": 30, "age_on": DAY}, ["Bravo"]),
        ({"age_min": 23, "age_max": 29, "age_on": DAY}, ["Alpha", "Charlie"]),
        ({"age_max": 22, "age_on": DAY}, []),
        ({"available_by": dt.date(2024, 6, 1)}, ["Bravo", "Charlie", "Other", "Volunteer"]),
        ({"available_by": dt.date(2024, 9, 1)}, ["Alpha", "Bravo", "Charlie", "Other", "Volunteer"]),
    ],
)
def test_filters(cast, pool, criteria, expected):
    assert search(cast, **criteria) == expected


def test_filters_by_country_expertise_and_language(world, cast, pool):
    assert search(cast, nationality=world.other_country.pk) == ["Bravo", "Other"]
    assert search(cast, residence=pool["chile"].pk) == ["Bravo", "Charlie"]
    assert search(cast, expertise=pool["health"].pk) == ["Alpha"]
    assert search(cast, language=pool["french"].pk) == ["Alpha", "Bravo"]
    assert search(cast, language=pool["french"].pk, language_level="fluent") == ["Bravo"]
    assert search(cast, language_level="native") == ["Bravo"]


def test_filters_stay_inside_the_scope(cast, pool):
    assert names(candidate_list(viewer=cast["field_in"], filters=CandidateFilters(q="a"))) == [
        "Alpha",
        "Volunteer",
    ]


# --- candidate_get, candidate_of_user --------------------------------------------------------


def test_get_hidden_is_404(world, cast):
    with pytest.raises(Http404):
        candidate_get(viewer=cast["field_out"], candidate_id=world.volunteer.pk)


def test_get_loads_the_profile_in_three_queries(world, cast, django_assert_num_queries):
    with django_assert_num_queries(3):
        candidate = candidate_get(viewer=cast["hq"], candidate_id=world.volunteer.pk)
        assert (
            candidate.nationality.iso2,
            list(candidate.languages.all()),
            list(candidate.expertise.all()),
        ) == (
            "KE",
            [],
            [],
        )


def test_candidate_of_user(world, cast):
    assert candidate_of_user(user=cast["volunteer"]) == world.volunteer
    assert candidate_of_user(user=cast["hq"]) is None


# --- reads of personal data ------------------------------------------------------------------


def reads(what: str) -> list[tuple[str, str]]:
    return list(
        AuditRecord.objects.filter(kind=AuditRecord.Kind.READ, detail=what).values_list(
            "actor_label", "target_id"
        )
    )


def test_staff_listing_documents_is_recorded_once(document, cast):
    documents = candidate_documents(viewer=cast["field_in"], candidate=document.candidate)
    assert documents == [document]
    assert reads("documents") == [("field_in", str(document.candidate.pk))]


def test_person_listing_own_documents_is_not_recorded(document, cast):
    assert candidate_documents(viewer=cast["volunteer"], candidate=document.candidate) == [document]
    assert reads("documents") == []


def test_focal_point_may_not_read_documents_and_nothing_is_recorded(document, cast):
    with pytest.raises(PermissionDenied):
        candidate_documents(viewer=cast["focal"], candidate=document.candidate)
    with pytest.raises(PermissionDenied):
        candidate_document(viewer=cast["focal"], candidate=document.candidate, document_id=document.pk)
    assert reads("documents") == []


def test_document_of_someone_else_is_404_and_not_recorded(document, world, cast):
    with pytest.raises(Http404):
        candidate_document(viewer=cast["hq"], candidate=world.other_volunteer, document_id=document.pk)
    assert reads("documents") == []


def test_disclosure_read_by_auditor_is_recorded_even_when_there_is_none(world, cast):
    assert candidate_disclosure(viewer=cast["auditor"], candidate=world.volunteer) is None
    assert reads("disability") == [("auditor", str(world.volunteer.pk))]


def test_disclosure_read_by_the_person_is_not_recorded(disclosure, cast):
    assert candidate_disclosure(viewer=cast["volunteer"], candidate=disclosure.candidate) == disclosure
    assert reads("disability") == []


@pytest.mark.parametrize("who", ["recruiter", "field_in", "focal"])
def test_disclosure_refused_to_other_staff_whether_or_not_it_exists(world, cast, who):
    with pytest.raises(PermissionDenied):
        candidate_disclosure(viewer=cast[who], candidate=world.volunteer)
    assert reads("disability") == []
