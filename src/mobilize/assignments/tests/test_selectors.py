"""Reads: scoped, filtered, ordered, and with a fixed number of queries."""

import datetime as dt

import pytest

from mobilize.assignments.models import Assignment
from mobilize.assignments.selectors import AssignmentFilters, assignment_get, assignment_list
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _refs(qs):
    return [a.reference for a in qs]


def test_list_is_latest_entry_on_duty_first(world, cast):
    later = AssignmentFactory(
        reference="ASG-LATER",
        volunteer=CandidateFactory(nationality=world.country),
        duty_station=world.station,
        host_entity=world.host,
        category=world.category,
        entry_on_duty=dt.date(2023, 6, 1),
        planned_end=dt.date(2024, 5, 31),
    )
    refs = _refs(assignment_list(viewer=cast["hq"]))
    assert refs == [later.reference, world.other_assignment.reference, world.assignment.reference]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("hq", ["assignment", "other_assignment"]),
        ("recruiter", ["assignment", "other_assignment"]),
        ("auditor", ["assignment", "other_assignment"]),
        ("focal", ["assignment"]),
        ("other_focal", ["other_assignment"]),
        ("field_in", ["assignment"]),
        ("field_out", ["other_assignment"]),
        ("volunteer", ["assignment"]),
        ("other_volunteer", ["other_assignment"]),
        ("donor", []),
    ],
)
def test_list_is_scoped_to_the_viewer(world, cast, who, expected):
    refs = set(_refs(assignment_list(viewer=cast[who])))
    assert refs == {getattr(world, name).reference for name in expected}


def test_filters_by_each_attribute(world, cast):
    hq = cast["hq"]
    international = VolunteerCategoryFactory(code="intl", name_en="International", modality="international")
    abroad = AssignmentFactory(
        reference="ASG-ABROAD",
        volunteer=CandidateFactory(nationality=world.other_country),
        duty_station=world.station,
        host_entity=world.other_host,
        category=international,
        modality="international",
        funding_type="svf",
        status=Assignment.Status.PLANNED,
    )

    def refs(**kwargs):
        return set(_refs(assignment_list(viewer=hq, filters=AssignmentFilters(**kwargs))))

    assert refs(status="planned") == {abroad.reference}
    assert refs(host_entity_id=world.host.pk) == {world.assignment.reference}
    assert refs(duty_country_id=world.country.pk) == {world.assignment.reference, abroad.reference}
    assert refs(category_id=international.pk) == {abroad.reference}
    assert refs(modality="national") == {world.assignment.reference, world.other_assignment.reference}
    assert refs(funding_type="svf") == {abroad.reference}
    assert refs(duty_country_id=world.country.pk, modality="national") == {world.assignment.reference}


def test_search_matches_reference_or_volunteer_name(world, cast):
    hq = cast["hq"]

    def refs(search):
        return set(_refs(assignment_list(viewer=hq, filters=AssignmentFilters(search=search))))

    assert refs("vera") == {world.assignment.reference}
    assert refs("Otto OTHER") == {world.other_assignment.reference}
    assert refs(world.assignment.reference.lower()) == {world.assignment.reference}
    assert refs("vera other") == set()
    assert refs("   ") == {world.assignment.reference, world.other_assignment.reference}


@pytest.mark.parametrize(
    ("entry", "planned_end", "actual_end", "status", "active_in_2023"),
    [
        (dt.date(2023, 12, 31), dt.date(2024, 12, 30), None, "active", True),  # starts on the last day
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), None, "active", False),  # starts the year after
        (dt.date(2022, 1, 1), dt.date(2023, 1, 1), None, "completed", True),  # ends on the first day
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), None, "active", False),  # ended the year before
        (
            dt.date(2022, 1, 1),
            dt.date(2023, 6, 30),
            dt.date(2022, 12, 31),
            "terminated",
            False,
        ),  # ended early
        (
            dt.date(2022, 1, 1),
            dt.date(2022, 6, 30),
            dt.date(2023, 1, 2),
            "completed",
            True,
        ),  # actual end wins
        (dt.date(2023, 3, 1), dt.date(2023, 9, 30), None, "cancelled", False),  # never served
    ],
)
def test_active_in_year(world, cast, entry, planned_end, actual_end, status, active_in_2023):
    Assignment.objects.all().delete()
    a = AssignmentFactory(entry_on_duty=entry, planned_end=planned_end, actual_end=actual_end, status=status)
    found = _refs(assignment_list(viewer=cast["hq"], filters=AssignmentFilters(active_in_year=2023)))
    assert found == ([a.reference] if active_in_2023 else [])


def test_list_takes_one_query_for_everyone_seeing(world, cast, django_assert_num_queries):
    hq = cast["hq"]
    with django_assert_num_queries(1):
        rows = list(assignment_list(viewer=hq, filters=AssignmentFilters(status="active", search="vera")))
        _ = [
            (a.volunteer.full_name, a.category.code, a.host_entity.acronym, a.duty_station.name) for a in rows
        ]
        _ = [a.duty_country.name for a in rows]
    assert len(rows) == 1


@pytest.mark.parametrize("who", ["focal", "field_in"])
def test_list_takes_one_query_more_to_read_a_scope(world, cast, who, django_assert_num_queries):
    viewer = cast[who]
    with django_assert_num_queries(2):
        rows = list(assignment_list(viewer=viewer))
        _ = [(a.volunteer.full_name, a.host_entity.acronym, a.duty_country.name) for a in rows]
    with django_assert_num_queries(1):
        list(assignment_list(viewer=viewer))
    assert [a.pk for a in rows] == [world.assignment.pk]


def test_get_loads_what_the_page_shows_in_one_query(world, cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        a = assignment_get(viewer=cast["volunteer"], assignment_id=world.assignment.pk)
        _ = (a.volunteer.full_name, a.category.code, a.host_entity.acronym, a.duty_station.name)
        _ = (a.duty_country.name, a.nationality.name, a.home_country.name, str(a.position))
    assert a == world.assignment


def test_get_hides_what_the_viewer_may_not_see(world, cast):
    from django.http import Http404

    with pytest.raises(Http404):
        assignment_get(viewer=cast["other_focal"], assignment_id=world.assignment.pk)
    with pytest.raises(Http404):
        assignment_get(viewer=cast["hq"], assignment_id=999999)
