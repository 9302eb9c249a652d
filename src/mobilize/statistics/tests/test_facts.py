"""The fact tables follow every write to what the figures read: the services refresh the rows of
what they write, and a write that bypasses them is caught by the triggers and the catch-up."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import (
    assignment_create,
    assignment_end_many,
    assignment_extend,
    assignment_update,
)
from mobilize.geo.models import Country, Region
from mobilize.partners.models import HostEntity
from mobilize.reference.models import VolunteerCategory
from mobilize.requests.models import Doa
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.statistics.facts import facts_catch_up, facts_claim_stale, people
from mobilize.statistics.models import (
    KIND_FLAGS,
    REGION_FIELDS,
    StaleVolunteer,
    VolunteerPlace,
    VolunteerYear,
)
from mobilize.statistics.selectors import (
    lead_time_days,
    statistics_for_year,
    volunteers_by_host_type,
    volunteers_mobilized,
)
from mobilize.statistics.services import statistics_facts_rebuild, statistics_facts_refresh
from mobilize.statistics.tests.builders import country, host, person, serve
from mobilize.talent.models import Candidate, Gender
from mobilize.talent.services import (
    candidate_disclosure_set,
    candidate_disclosure_withdraw,
    candidate_update,
)
from mobilize.talent.tests.factories import CandidateFactory, DisabilityDisclosureFactory

pytestmark = pytest.mark.django_db

Status = Assignment.Status


def _years(volunteer: Candidate) -> dict[int, dict[str, Any]]:
    """The volunteer's fact rows by year (without the row ids)."""
    return {
        row["year"]: row
        for row in VolunteerYear.objects.filter(volunteer=volunteer).values(
            "year", "assignments", "age", "female", "disabled", "national", "nationality", "gs", "kinds"
        )
    }


def _places(volunteer: Candidate) -> list[tuple[int, int, int]]:
    return list(
        VolunteerPlace.objects.filter(volunteer=volunteer)
        .order_by("year", "host_entity")
        .values_list("year", "duty_country", "host_entity")
    )


def _stale() -> set[int]:
    return set(StaleVolunteer.objects.values_list("volunteer_id", flat=True))


@pytest.fixture
def current(world):
    """The world's factory-made assignments, their fact rows brought up to date."""
    facts_catch_up()
    assert not _stale()
    return world


@pytest.fixture
def served(current, cast):
    """A volunteer born 1 July 1990, made to serve through the service in 2024."""
    volunteer = CandidateFactory(nationality=current.country, date_of_birth=dt.date(1990, 7, 1))
    assignment = assignment_create(
        volunteer=volunteer,
        category=current.category,
        host_entity=current.host,
        duty_station=current.station,
        funding_type="host",
        entry_on_duty=dt.date(2024, 1, 1),
        planned_end=dt.date(2024, 12, 31),
        actor=cast["hq"],
    )
    return volunteer, assignment


# --- each service write refreshes the rows of its volunteer, leaving nothing stale ----------


def test_create_writes_the_rows_of_the_new_assignment(served, current):
    volunteer, _assignment = served

    assert not _stale()
    rows = _years(volunteer)
    assert list(rows) == [2024]
    assert (rows[2024]["assignments"], rows[2024]["age"], rows[2024]["national"]) == (1, 34, 1)
    assert _places(volunteer) == [(2024, current.country.pk, current.host.pk)]


def test_update_moves_the_rows_with_the_dates(served, cast):
    volunteer, assignment = served

    assignment_update(
        assignment=assignment,
        data={"planned_end": dt.date(2025, 3, 31)},
        expected_version=None,
        actor=cast["hq"],
    )

    assert not _stale()
    assert sorted(_years(volunteer)) == [2024, 2025]


def test_extend_adds_the_year_it_reaches(served, cast):
    volunteer, assignment = served

    assignment_extend(assignment=assignment, planned_end=dt.date(2025, 2, 28), actor=cast["hq"])

    assert not _stale()
    rows = _years(volunteer)
    assert sorted(rows) == [2024, 2025]
    assert rows[2025]["age"] == 34  # on the last day served in 2025, 28 February


def test_ending_early_takes_the_age_on_the_last_day_served(served, cast):
    volunteer, assignment = served

    assignment_end_many(assignments=[assignment], day=dt.date(2024, 3, 31), actor=cast["hq"])

    assert not _stale()
    assert _years(volunteer)[2024]["age"] == 33


def test_cancelling_removes_the_rows(current, cast):
    volunteer = CandidateFactory(nationality=current.country)
    ahead = timezone.localdate() + dt.timedelta(days=30)
    assignment = assignment_create(
        volunteer=volunteer,
        category=current.category,
        host_entity=current.host,
        duty_station=current.station,
        funding_type="host",
        entry_on_duty=ahead,
        planned_end=ahead + dt.timedelta(days=364),
        actor=cast["hq"],
    )
    assert _years(volunteer)

    assignment_end_many(assignments=[assignment], day=timezone.localdate(), actor=cast["hq"])

    assert not _stale()
    assert _years(volunteer) == {}
    assert _places(volunteer) == []


def test_a_profile_change_of_gender_and_birth_is_counted(current, cast):
    volunteer = current.volunteer  # serving 2023-03-01 to 2024-02-29, female, born 17 May 1990
    assert _years(volunteer)[2023]["female"] == 1

    candidate_update(
        actor=cast["hq"],
        candidate=volunteer,
        data={"gender": Gender.MALE, "date_of_birth": dt.date(1960, 1, 1)},
        expected_version=None,
    )

    assert not _stale()
    rows = _years(volunteer)
    assert (rows[2023]["female"], rows[2023]["age"], rows[2024]["age"]) == (0, 63, 64)
    assert volunteers_mobilized(2023)["age"]["aged_60_plus"] == 1


def test_a_change_of_nationality_keeps_the_nationality_the_assignment_recorded(current, cast):
    volunteer = current.volunteer
    before = _years(volunteer)

    candidate_update(
        actor=cast["hq"],
        candidate=volunteer,
        data={"nationality": current.other_country},
        expected_version=None,
    )

    assert not _stale()
    assert _years(volunteer) == before
    assert before[2023]["nationality"] == current.country.pk


def test_a_disclosure_made_and_withdrawn_is_counted(current, cast):
    volunteer = current.volunteer
    volunteer.consent_at = timezone.now()
    volunteer.save(update_fields=["consent_at"])
    facts_catch_up()

    candidate_disclosure_set(actor=cast["volunteer"], candidate=volunteer, has_disability=True)
    assert not _stale()
    assert _years(volunteer)[2023]["disabled"] == 1
    assert volunteers_mobilized(2023)["with_disabilities"] == 1

    candidate_disclosure_withdraw(actor=cast["volunteer"], candidate=volunteer)
    assert not _stale()
    assert _years(volunteer)[2023]["disabled"] == 0


# --- the stale guard: writes that bypass the services ------------------------------------------


def test_a_factory_write_is_listed_stale_and_counted_at_the_next_read():
    kenya = country("KE")
    volunteer = person(kenya)
    serve(volunteer, kenya)
    assert _stale() == {volunteer.pk}
    assert not VolunteerYear.objects.exists()

    assert volunteers_mobilized(2023)["volunteers"] == 1
    assert not _stale()
    assert list(_years(volunteer)) == [2023, 2024]


def test_bulk_updates_without_the_services_are_caught():
    # given: two Kenyan women serving in 2023, the rows current
    kenya = country("KE")
    first, second = person(kenya, gender=Gender.FEMALE), person(kenya, gender=Gender.FEMALE)
    serve(first, kenya)
    assignment = serve(second, kenya)
    facts_catch_up()
    # when: a bulk update of the profile, of the assignment and of the reference, none through a service
    Candidate.objects.filter(pk=first.pk).update(gender=Gender.MALE)
    Assignment.objects.filter(pk=assignment.pk).update(
        actual_end=dt.date(2023, 4, 30), status=Status.TERMINATED
    )
    Country.objects.filter(pk=kenya.pk).update(is_global_south=False)
    DisabilityDisclosureFactory(candidate=second)
    # then
    figures = volunteers_mobilized(2023)
    assert figures["women"]["count"] == 1
    assert figures["global_south"]["count"] == 0
    assert figures["with_disabilities"] == 1
    assert _years(second)[2023]["age"] == 32  # on 30 April 2023, born 17 May 1990
    assert volunteers_mobilized(2024)["volunteers"] == 1
    assert not _stale()


def test_a_reference_change_of_host_type_category_and_doa_is_caught():
    kenya = country("KE")
    unit = host("UNIT", type=HostEntity.Type.FUND_PROGRAMME)
    doa = DoaFactory(approved_at=dt.datetime(2023, 2, 1, 12, tzinfo=dt.UTC))
    volunteer = person(kenya)
    serve(volunteer, kenya, start=dt.date(2023, 3, 3), host_entity=unit, position=PositionFactory(doa=doa))
    facts_catch_up()
    assert lead_time_days(2023)["national"]["mean"] == 30
    other_type = HostEntity.Type.PEACEKEEPING

    HostEntity.objects.filter(pk=unit.pk).update(type=other_type)
    VolunteerCategory.objects.all().update(is_youth=True)
    Doa.objects.filter(pk=doa.pk).update(approved_at=dt.datetime(2023, 3, 1, 12, tzinfo=dt.UTC))

    assert list(volunteers_by_host_type(2023)) == [other_type]
    assert volunteers_mobilized(2023)["youth"] == 1
    assert lead_time_days(2023)["national"]["mean"] == 2


def test_an_assignment_moved_to_another_volunteer_lists_both():
    kenya = country("KE")
    first, second = person(kenya), person(kenya)
    assignment = serve(first, kenya)
    facts_catch_up()

    Assignment.objects.filter(pk=assignment.pk).update(volunteer=second)

    assert _stale() == {first.pk, second.pk}
    facts_catch_up()
    assert (_years(first), sorted(_years(second))) == ({}, [2023, 2024])


def test_an_unwatched_column_marks_nobody(current):
    Candidate.objects.filter(pk=current.volunteer.pk).update(experience_months=99)
    Assignment.objects.filter(pk=current.assignment.pk).update(funding_type="full")

    assert not _stale()


def test_a_mark_made_while_others_are_recomputed_stays():
    kenya = country("KE")
    first, second = person(kenya), person(kenya)
    serve(first, kenya)
    serve(second, kenya)

    assert facts_claim_stale([first.pk]) == [first.pk]
    assert _stale() == {second.pk}


# --- rebuild, refresh and the command ---------------------------------------------------------


def _all_rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    years = VolunteerYear.objects.order_by("year", "volunteer").values_list(
        *(f.attname for f in VolunteerYear._meta.concrete_fields if not f.primary_key)
    )
    places = VolunteerPlace.objects.order_by("year", "volunteer", "duty_country", "host_entity").values_list(
        *(f.attname for f in VolunteerPlace._meta.concrete_fields if not f.primary_key)
    )
    return list(years), list(places)


def _programme() -> list[Candidate]:
    kenya, jordan = country("KE"), country("JO", Region.ARAB_STATES)
    people = [person(kenya, gender=Gender.FEMALE if index % 2 else Gender.MALE) for index in range(4)]
    serve(people[0], kenya, start=dt.date(2022, 5, 1), end=dt.date(2023, 4, 30))
    serve(people[0], jordan, start=dt.date(2023, 6, 1), end=dt.date(2024, 5, 31), host_entity=host("A"))
    serve(people[1], jordan, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), host_entity=host("B"))
    serve(people[2], kenya, start=dt.date(2021, 1, 1), end=dt.date(2025, 1, 1))
    return people


def test_rebuild_refresh_and_catch_up_agree():
    people = _programme()
    facts_catch_up()
    caught_up = _all_rows()

    assert statistics_facts_rebuild() == len(caught_up[0])
    assert _all_rows() == caught_up
    assert not _stale()
    assert statistics_facts_refresh(candidate_ids=[p.pk for p in people]) == len(people)
    assert _all_rows() == caught_up


def test_the_rows_are_the_definition():
    # given: the per-person definition over the assignments, read straight from them
    _programme()
    facts_catch_up()
    for year in (2022, 2023, 2024):
        defined = {row["person"]: row for row in people(year)}
        stored = {row["volunteer_id"]: row for row in VolunteerYear.objects.filter(year=year).values()}
        assert set(stored) == set(defined)
        for volunteer, row in stored.items():
            assert row["age"] == defined[volunteer]["age"]
            assert row["nationality"] == defined[volunteer]["nationality_of"]
            assert row["kinds"] == sum(row[flag] << bit for bit, flag in enumerate(KIND_FLAGS))


def test_first_flags_count_each_volunteer_once_per_group():
    kenya, uganda = country("KE"), country("UG")
    volunteer = person(kenya)
    a, b = host("A"), host("B")
    serve(volunteer, kenya, start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31), host_entity=a)
    serve(volunteer, kenya, start=dt.date(2023, 4, 1), end=dt.date(2023, 6, 30), host_entity=b)
    serve(volunteer, uganda, start=dt.date(2023, 7, 1), end=dt.date(2023, 12, 31), host_entity=a)

    document = statistics_for_year(year=2023)["onsite"]

    assert document["by_country"] == {"KE": 1, "UG": 1}
    assert document["by_host_entity"] == {
        "A": {"volunteers": 1, "countries": 2},
        "B": {"volunteers": 1, "countries": 1},
    }
    assert document["by_host_group"] == {"other": {"volunteers": 1, "countries": 2}}
    assert VolunteerPlace.objects.filter(year=2023).count() == 3


def test_every_region_has_a_column():
    assert set(REGION_FIELDS) == set(Region.values)
    assert set(REGION_FIELDS.values()) <= {f.name for f in VolunteerYear._meta.get_fields()}


def test_command_rebuilds_or_refreshes_the_named():
    people = _programme()
    out = StringIO()

    call_command("statistics_refresh", stdout=out)
    assert "volunteer-years" in out.getvalue()
    assert not _stale()

    VolunteerYear.objects.filter(volunteer=people[1]).delete()
    call_command("statistics_refresh", "--candidate", str(people[1].pk), stdout=out)
    assert list(_years(people[1])) == [2023]
