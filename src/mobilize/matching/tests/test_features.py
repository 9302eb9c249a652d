import datetime as dt

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from mobilize.geo.tests.factories import CountryFactory
from mobilize.matching.models import CandidateFeatures, expertise_slot, language_slot
from mobilize.matching.services import candidate_features_rebuild, candidate_features_refresh
from mobilize.matching.tests import factories as f
from mobilize.reference.models import Modality
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.talent.models import Candidate

pytestmark = pytest.mark.django_db


def rows():
    return {row.pk: model_to_dict(row) for row in CandidateFeatures.objects.all()}


def test_slots_pack_by_primary_key_up_to_the_words():
    assert language_slot(1) == (0, 0)
    assert language_slot(22) == (1, 0)
    assert language_slot(252) == (11, 60)
    assert language_slot(253) is None
    assert expertise_slot(63) == (0, 62)
    assert expertise_slot(127) is None


def test_refresh_writes_what_matching_reads():
    kenya, somalia = CountryFactory(iso2="KE"), CountryFactory(iso2="SO")
    french = LanguageFactory(code="fr")
    area = ExpertiseAreaFactory(code="health")
    person = f.refugee(somalia, kenya, languages=[(french, "fluent")], expertise=[area], interest="online")
    cat = f.national_specialist()
    f.served(person, cat=cat, modality=Modality.NATIONAL, days=100, country=kenya)
    f.served(person, cat=cat, modality=Modality.NATIONAL, days=50, country=kenya, status="cancelled")

    assert candidate_features_refresh(candidate_ids=[person.pk]) == 1

    row = CandidateFeatures.objects.get()
    word, shift = language_slot(french.pk)
    area_word, bit = expertise_slot(area.pk)
    assert (row.nationality, row.residence, row.home_country, row.displaced) == (
        somalia.pk,
        kenya.pk,
        kenya.pk,
        True,
    )
    assert (
        row.onsite,
        row.served_national_days,
        row.served_international_days,
        row.completed_assignments,
    ) == (False, 100, 0, 1)
    assert (getattr(row, f"language_{word}") >> shift) & 7 == 3
    assert getattr(row, f"expertise_{area_word}") == 1 << bit


def test_refresh_updates_and_removes_rows():
    person, gone = f.candidate(CountryFactory()), f.candidate(CountryFactory())
    candidate_features_refresh(candidate_ids=[person.pk, gone.pk])
    Candidate.objects.filter(pk=person.pk).update(experience_months=7)
    gone_id = gone.pk
    gone.delete()

    candidate_features_refresh(candidate_ids=[person.pk, gone_id])

    assert list(CandidateFeatures.objects.values_list("candidate_id", "experience_months")) == [
        (person.pk, 7)
    ]


def test_rebuild_writes_the_same_rows_as_refresh_in_chunks():
    country = CountryFactory()
    english = LanguageFactory(code="en")
    people = [
        f.candidate(country, languages=[(english, level)], available_from=dt.date(2025, 1, n + 1))
        for n, level in enumerate(["basic", "native", "fluent", "intermediate", "basic"])
    ]
    candidate_features_refresh(candidate_ids=[p.pk for p in people])
    refreshed = rows()
    CandidateFeatures.objects.filter(pk=people[0].pk).update(experience_months=999)
    seen = []

    assert candidate_features_rebuild(chunk=2, progress=seen.append) == 5

    assert rows() == refreshed
    assert seen == [2, 4, 5]


def test_the_command_rebuilds_or_refreshes(capsys):
    person = f.candidate(CountryFactory())

    call_command("matching_refresh", str(person.pk))
    call_command("matching_refresh")

    assert CandidateFeatures.objects.filter(pk=person.pk).exists()
    out = capsys.readouterr().out
    assert out.count("Features of 1 candidates written") == 2


def test_profile_and_assignment_services_keep_the_feature_row_current(world, cast):
    # given a profile created through the talent service
    import datetime as dt

    from mobilize.assignments.services import assignment_create
    from mobilize.matching.models import CandidateFeatures
    from mobilize.talent.services import candidate_create

    person = candidate_create(
        actor=cast["hq"],
        data={
            "given_name": "Nia",
            "family_name": "New",
            "nationality": world.country,
            "residence": world.country,
            "date_of_birth": dt.date(1990, 1, 1),
            "gender": "female",
        },
    )
    # then its features exist at once, with no service yet
    assert CandidateFeatures.objects.get(candidate=person).served_national_days == 0
    # and an assignment made through the service counts its days at once
    assignment_create(
        volunteer=person,
        category=world.category,
        host_entity=world.host,
        duty_station=world.station,
        funding_type="host",
        entry_on_duty=dt.date(2024, 1, 1),
        planned_end=dt.date(2024, 12, 31),
        actor=cast["hq"],
    )
    assert CandidateFeatures.objects.get(candidate=person).served_national_days == 366
