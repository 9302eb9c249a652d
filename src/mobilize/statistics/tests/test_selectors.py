"""Each counting rule of DESIGN.md section 3, pinned on a hand-built programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from mobilize.assignments.models import Assignment
from mobilize.geo.models import Region
from mobilize.lifecycle.models import ClosedAssignment, MissionClosure, Redeployment, Separation
from mobilize.partners.models import HostEntity
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.statistics.checks import lead_time_settings_check
from mobilize.statistics.facts import facts_catch_up
from mobilize.statistics.selectors import (
    figure_labels,
    lead_time_days,
    mission_closures,
    separations,
    statistics_for_year,
    volunteers_by_category,
    volunteers_by_country,
    volunteers_by_host_entity,
    volunteers_by_host_group,
    volunteers_by_host_type,
    volunteers_by_region,
    volunteers_mobilized,
    years_with_data,
)
from mobilize.statistics.tests.builders import category, country, host, person, serve
from mobilize.talent.models import Gender
from mobilize.talent.tests.factories import DisabilityDisclosureFactory

pytestmark = pytest.mark.django_db


def test_volunteer_in_two_regions_counts_once_in_total_and_once_in_each_region():
    # given: a Kenyan serving in Kenya, then in Jordan
    kenya, jordan = country("KE"), country("JO", Region.ARAB_STATES)
    volunteer = person(kenya)
    serve(volunteer, kenya, start=dt.date(2023, 1, 10), end=dt.date(2023, 5, 31))
    serve(volunteer, jordan, start=dt.date(2023, 6, 1), end=dt.date(2024, 5, 31))
    # when
    mobilized, regions = volunteers_mobilized(2023), volunteers_by_region(2023)
    # then
    assert mobilized["volunteers"] == 1
    assert mobilized["assignments"] == 2
    assert (mobilized["national"], mobilized["international"]) == (1, 1)
    assert regions["by_region"] == {
        "africa": 1,
        "arab_states": 1,
        "asia_pacific": 0,
        "europe_cis": 0,
        "latin_america": 0,
        "global": 0,
    }
    assert volunteers_by_country(2023) == {"JO": 1, "KE": 1}


def test_assignment_ending_31_december_of_the_year_before_is_not_counted():
    kenya = country("KE")
    serve(person(kenya), kenya, start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    serve(person(kenya), kenya, start=dt.date(2022, 1, 1), end=dt.date(2023, 1, 1))

    assert volunteers_mobilized(2023)["volunteers"] == 1


def test_the_actual_end_wins_over_the_planned_end():
    kenya = country("KE")
    serve(
        person(kenya),
        kenya,
        start=dt.date(2022, 3, 1),
        end=dt.date(2023, 6, 30),
        actual_end=dt.date(2022, 12, 31),
        status=Assignment.Status.TERMINATED,
    )

    assert volunteers_mobilized(2023)["volunteers"] == 0
    assert volunteers_mobilized(2022)["volunteers"] == 1


def test_assignment_starting_1_january_of_the_next_year_is_not_counted():
    kenya = country("KE")
    serve(person(kenya), kenya, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    serve(person(kenya), kenya, start=dt.date(2023, 12, 31), end=dt.date(2024, 12, 31))

    assert volunteers_mobilized(2023)["volunteers"] == 1


def test_cancelled_assignment_is_not_counted():
    kenya = country("KE")
    serve(person(kenya), kenya, status=Assignment.Status.CANCELLED)

    assert volunteers_mobilized(2023)["volunteers"] == 0
    assert years_with_data() == []


def test_age_is_taken_on_31_december():
    # given: one turns 30 on 31 December 2023, one turns 30 on 1 January 2024
    kenya = country("KE")
    serve(person(kenya, date_of_birth=dt.date(1993, 12, 31)), kenya)
    serve(person(kenya, date_of_birth=dt.date(1994, 1, 1)), kenya)
    # when
    age = volunteers_mobilized(2023)["age"]
    # then
    assert (age["min"], age["max"], age["mean"]) == (29, 30, Decimal("29.5"))


def test_age_is_taken_on_the_last_day_served_if_earlier():
    # given: born 1 July 1963, served until 30 June 2023 (59) and, another, until 1 July 2023 (60)
    kenya = country("KE")
    serve(
        person(kenya, date_of_birth=dt.date(1963, 7, 1)),
        kenya,
        start=dt.date(2022, 7, 1),
        end=dt.date(2023, 6, 30),
    )
    two = person(kenya, date_of_birth=dt.date(1963, 7, 1))
    serve(two, kenya, start=dt.date(2022, 7, 1), end=dt.date(2023, 2, 28))
    serve(two, kenya, start=dt.date(2023, 3, 1), end=dt.date(2023, 7, 1))
    # when
    age = volunteers_mobilized(2023)["age"]
    # then: the last day served is the latest end of the person's assignments in the year
    assert (age["min"], age["max"], age["aged_60_plus"]) == (59, 60, 1)
    assert age["distribution"]["55-59"] == 1
    assert age["distribution"]["60+"] == 1


def test_age_distribution_covers_every_band():
    kenya = country("KE")
    for born in (dt.date(2001, 1, 1), dt.date(1998, 12, 31), dt.date(1960, 6, 6)):
        serve(person(kenya, date_of_birth=born), kenya)

    age = volunteers_mobilized(2023)["age"]

    assert age["distribution"] == {
        "18-24": 1,
        "25-29": 1,
        "30-34": 0,
        "35-39": 0,
        "40-44": 0,
        "45-49": 0,
        "50-54": 0,
        "55-59": 0,
        "60+": 1,
    }
    assert age["mean"] == Decimal(22 + 25 + 63) / 3


def test_refugee_serving_in_the_country_of_residence_is_national():
    # given: a South Sudanese refugee living in Uganda serves in Uganda
    south_sudan, uganda = country("SS"), country("UG")
    refugee = person(south_sudan, residence=uganda, displacement="refugee")
    assignment = serve(refugee, uganda)
    # when
    mobilized = volunteers_mobilized(2023)
    # then
    assert assignment.modality == "national"
    assert (mobilized["national"], mobilized["international"]) == (1, 0)
    assert mobilized["global_south"]["national"] == 1


def test_global_south_is_the_nationality_flag_not_the_duty_country():
    # given: a Japanese volunteer in Kenya, a Kenyan in Japan, a Kenyan in Uganda
    japan, kenya, uganda = country("JP", Region.GLOBAL, south=False), country("KE"), country("UG")
    serve(person(japan), kenya)
    serve(person(kenya), japan)
    serve(person(kenya), uganda)
    # when
    south = volunteers_mobilized(2023)["global_south"]
    # then
    assert south == {
        "count": 2,
        "share": Decimal(2) / 3,
        "national": 0,
        "international_in_global_south": 1,
    }


def test_a_person_with_two_nationalities_takes_the_latest():
    # given: the same person recorded as Kenyan early in the year and as Japanese later (which must
    # not happen; Japan's row is the older one, so the latest is not simply the highest id)
    japan, kenya, uganda = country("JP", Region.GLOBAL, south=False), country("KE"), country("UG")
    volunteer = person(kenya)
    earlier = serve(volunteer, uganda, start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31))
    later = serve(volunteer, uganda, start=dt.date(2023, 4, 1), end=dt.date(2023, 9, 30))
    Assignment.objects.filter(pk=earlier.pk).update(nationality=kenya, home_country=kenya)
    Assignment.objects.filter(pk=later.pk).update(nationality=japan, home_country=japan)
    # when
    mobilized = volunteers_mobilized(2023)
    # then
    assert japan.pk < kenya.pk
    assert mobilized["nationalities"] == 1
    assert mobilized["global_south"]["count"] == 0


def test_youth_comes_from_the_category_not_the_age():
    kenya = country("KE")
    youth = category("national-youth", youth=True)
    serve(person(kenya, date_of_birth=dt.date(1970, 1, 1)), kenya, category=youth)
    serve(person(kenya, date_of_birth=dt.date(2001, 1, 1)), kenya)

    assert volunteers_mobilized(2023)["youth"] == 1
    assert volunteers_by_category(2023) == {"national-specialist": 1, "national-youth": 1}


def test_with_disabilities_counts_disclosed_disabilities_only():
    kenya = country("KE")
    disclosed, declined, silent = person(kenya), person(kenya), person(kenya)
    DisabilityDisclosureFactory(candidate=disclosed, has_disability=True)
    DisabilityDisclosureFactory(candidate=declined, has_disability=False)
    for volunteer in (disclosed, declined, silent):
        serve(volunteer, kenya)

    assert volunteers_mobilized(2023)["with_disabilities"] == 1


def test_women_overall_and_by_region():
    # given: a woman who served in Africa and the Arab States, a man in Africa
    kenya, jordan = country("KE"), country("JO", Region.ARAB_STATES)
    woman, man = person(kenya, gender=Gender.FEMALE), person(kenya, gender=Gender.MALE)
    serve(woman, kenya, start=dt.date(2023, 1, 1), end=dt.date(2023, 5, 31))
    serve(woman, jordan, start=dt.date(2023, 6, 1), end=dt.date(2023, 12, 31))
    serve(man, kenya)
    # when
    women = volunteers_mobilized(2023)["women"]
    by_region = volunteers_by_region(2023)["women_by_region"]
    # then
    assert women == {"count": 1, "share": Decimal("0.5")}
    assert by_region == {
        "africa": {"count": 1, "volunteers": 2, "share": Decimal("0.5")},
        "arab_states": {"count": 1, "volunteers": 1, "share": Decimal(1)},
    }


def test_host_group_counts_volunteers_and_the_countries_they_served():
    kenya, uganda, peru = country("KE"), country("UG"), country("PE", Region.LATIN_AMERICA)
    undp, unicef = host("UNDP", "undp"), host("UNICEF", "unicef")
    volunteer = person(kenya)
    serve(volunteer, kenya, host_entity=undp, start=dt.date(2023, 1, 1), end=dt.date(2023, 5, 31))
    serve(volunteer, uganda, host_entity=undp, start=dt.date(2023, 6, 1), end=dt.date(2023, 12, 31))
    serve(person(peru), peru, host_entity=unicef)

    assert volunteers_by_host_group(2023) == {
        "undp": {"volunteers": 1, "countries": 2},
        "unicef": {"volunteers": 1, "countries": 1},
    }
    assert volunteers_by_host_entity(2023) == {
        "UNDP": {"volunteers": 1, "countries": 2},
        "UNICEF": {"volunteers": 1, "countries": 1},
    }


def test_host_type_splits_national_and_international():
    kenya, uganda = country("KE"), country("UG")
    mission = host("UNMISS", "un-secretariat", type=HostEntity.Type.PEACEKEEPING)
    volunteer = person(kenya)
    serve(volunteer, kenya, host_entity=mission, start=dt.date(2023, 1, 1), end=dt.date(2023, 5, 31))
    serve(volunteer, uganda, host_entity=mission, start=dt.date(2023, 6, 1), end=dt.date(2023, 12, 31))
    serve(person(uganda), uganda, host_entity=mission)

    assert volunteers_by_host_type(2023) == {
        "peacekeeping": {"volunteers": 2, "national": 2, "international": 1}
    }


def _approved_position(approved: dt.datetime) -> object:
    return PositionFactory(doa=DoaFactory(approved_at=approved))


def test_lead_time_is_the_mean_from_doa_approval_to_entry_on_duty():
    # given: national 30 and 61 days; international 10 days (approved late in the evening, UTC);
    # one national without a position; one that began in 2022
    kenya, uganda = country("KE"), country("UG")
    utc = dt.UTC
    serve(
        person(kenya),
        kenya,
        start=dt.date(2023, 3, 31),
        position=_approved_position(dt.datetime(2023, 3, 1, 9, tzinfo=utc)),
    )
    serve(
        person(kenya),
        kenya,
        start=dt.date(2023, 5, 2),
        position=_approved_position(dt.datetime(2023, 3, 2, 8, tzinfo=utc)),
    )
    serve(
        person(kenya),
        uganda,
        start=dt.date(2023, 6, 11),
        position=_approved_position(dt.datetime(2023, 6, 1, 23, 30, tzinfo=utc)),
    )
    serve(person(kenya), kenya, start=dt.date(2023, 7, 1))
    serve(
        person(kenya),
        kenya,
        start=dt.date(2022, 7, 1),
        position=_approved_position(timezone.now() - dt.timedelta(days=900)),
    )
    # when
    lead = lead_time_days(2023)
    # then
    assert lead == {
        "national": {"mean": Decimal("45.5"), "assignments": 2, "without_approval": 1},
        "international": {"mean": Decimal(10), "assignments": 1, "without_approval": 0},
    }


def test_lead_time_events_are_validated(settings):
    settings.MOBILIZE_LEAD_TIME_START = "offer_accepted"

    with pytest.raises(ImproperlyConfigured, match="MOBILIZE_LEAD_TIME_START"):
        lead_time_days(2023)
    assert [message.id for message in lead_time_settings_check()] == ["statistics.E001"]


def test_previous_year_is_null_when_nothing_was_active_then():
    kenya = country("KE")
    serve(person(kenya), kenya, start=dt.date(2023, 3, 1))

    document = statistics_for_year(year=2023)

    assert document["previous_year"] is None
    assert document["change"] is None


def test_change_on_the_previous_year():
    # given: 2022: 2 volunteers, 1 woman; 2023: the same 2 and 3 more, 3 women
    kenya = country("KE")
    undp = host("UNDP", "undp")
    for gender in (Gender.FEMALE, Gender.MALE):
        serve(
            person(kenya, gender=gender),
            kenya,
            start=dt.date(2022, 6, 1),
            end=dt.date(2023, 5, 31),
            host_entity=undp,
        )
    for gender in (Gender.FEMALE, Gender.FEMALE, Gender.MALE):
        serve(
            person(kenya, gender=gender),
            kenya,
            start=dt.date(2023, 6, 1),
            end=dt.date(2023, 12, 31),
            host_entity=undp,
        )
    # when
    document = statistics_for_year(year=2023)
    # then
    assert document["previous_year"]["volunteers"] == 2
    change = document["change"]
    assert change["volunteers"] == Decimal("1.5000")
    assert change["women"] == {"count": Decimal("2.0000"), "share": Decimal("0.1000")}
    assert change["by_host_group"] == {"undp": {"volunteers": Decimal("1.5000")}}
    assert change["youth"] is None


def test_document_structure_and_rounding():
    kenya = country("KE")
    for gender in (Gender.FEMALE, Gender.MALE, Gender.MALE):
        serve(person(kenya, gender=gender), kenya)

    document = statistics_for_year(year=2023)
    exact = statistics_for_year(year=2023, exact=True)

    assert list(document) == ["format", "year", "onsite", "previous_year", "change"]
    assert document["format"] == "mobilize-statistics/1"
    assert list(document["onsite"]) == [
        "volunteers",
        "assignments",
        "countries_served",
        "nationalities",
        "host_entities_served",
        "national",
        "international",
        "global_south",
        "women",
        "women_by_region",
        "age",
        "youth",
        "with_disabilities",
        "by_region",
        "by_country",
        "by_category",
        "by_host_group",
        "by_host_entity",
        "by_host_type",
        "lead_time_days",
        "mission_closures",
        "separations",
    ]
    assert str(document["onsite"]["women"]["share"]) == "0.3333"
    assert str(document["onsite"]["age"]["mean"]) == "33.00"
    assert exact["onsite"]["women"]["share"] == Decimal(1) / 3


def _separation(assignment: Assignment, kind: str, status: str, last_day: dt.date) -> None:
    Separation.objects.create(
        assignment=assignment,
        kind=kind,
        status=status,
        last_day=last_day,
        leave_taken_days=Decimal("0"),
        submitted_at=timezone.now(),
    )


def test_separations_count_accepted_ones_by_the_year_of_their_last_day():
    # given: resignations accepted, returned and waiting, and terminations in 2023 and 2022
    kenya = country("KE")
    r, t = Separation.Kind.RESIGNATION, Separation.Kind.TERMINATION
    accepted, returned, submitted = (
        Separation.Status.ACCEPTED,
        Separation.Status.RETURNED,
        Separation.Status.SUBMITTED,
    )
    for kind, status, last_day in [
        (r, accepted, dt.date(2023, 1, 1)),
        (r, accepted, dt.date(2023, 12, 31)),
        (r, returned, dt.date(2023, 6, 30)),  # returned: the assignment went on
        (r, submitted, dt.date(2023, 7, 31)),  # still waiting for the host
        (t, accepted, dt.date(2023, 5, 15)),
        (t, accepted, dt.date(2022, 12, 31)),  # the year before
    ]:
        _separation(serve(person(kenya), kenya, start=dt.date(2022, 3, 1)), kind, status, last_day)
    # when / then
    assert separations(2023) == {"resignations": 2, "terminations": 1}
    assert separations(2022) == {"resignations": 0, "terminations": 1}
    assert statistics_for_year(year=2023)["onsite"]["separations"] == {"resignations": 2, "terminations": 1}


def test_mission_closures_count_the_assignments_ended_and_the_volunteers_redeployed():
    # given: a closure that ended three assignments and cancelled one not yet begun; of the three
    # volunteers, one was redeployed, one is still invited and one let the invitation lapse
    mali = country("ML")
    mission = host("MINUSMA")
    closure = MissionClosure.objects.create(
        host_entity=mission, closure_date=dt.date(2023, 12, 31), committed_at=timezone.now()
    )
    statuses = [Redeployment.Status.REDEPLOYED, Redeployment.Status.INVITED, Redeployment.Status.LAPSED]
    for index, new_status in enumerate(["terminated", "terminated", "terminated", "cancelled"]):
        assignment = serve(person(country("SN")), mali, start=dt.date(2023, 1, 2), host_entity=mission)
        ClosedAssignment.objects.create(
            closure=closure,
            assignment=assignment,
            previous_status="active",
            previous_planned_end=assignment.planned_end,
            new_status=new_status,
            months_not_paid=Decimal("1.00"),
        )
        if index < len(statuses):
            Redeployment.objects.create(
                closure=closure, assignment=assignment, volunteer=assignment.volunteer, status=statuses[index]
            )
    # when / then: each count on its own (joining both would count 3 x 3 rows)
    assert mission_closures(2023) == {"MINUSMA": {"assignments_ended": 3, "redeployed": 1}}
    assert mission_closures(2024) == {}


def test_year_outside_the_calendar_is_refused():
    with pytest.raises(ValidationError):
        statistics_for_year(year=1900)


def test_query_count_does_not_depend_on_the_data(django_assert_num_queries):
    # given: a few volunteers this year and last year, their fact rows brought up to date (the
    # catch-up is counted apart: test_facts)
    kenya, uganda = country("KE"), country("UG")
    for index in range(6):
        serve(
            person(kenya), kenya if index % 2 else uganda, start=dt.date(2022, 6, 1), end=dt.date(2023, 5, 31)
        )
    facts_catch_up()
    # when / then: 1 (is a volunteer's fact row stale?) + 2 (is the year before marked incomplete?
    # was anything active then?) + 15 per year (3 per person, 2 for each of four breakdowns grouped
    # by a reference id and its codes, 1 by host type, 1 lead time, 1 mission closures, 1 separations)
    with django_assert_num_queries(33):
        statistics_for_year(year=2023)
    for index in range(6):
        serve(person(uganda), kenya, start=dt.date(2023, 6, 1), host_entity=host(f"H{index}"))
    facts_catch_up()
    with django_assert_num_queries(33):
        statistics_for_year(year=2023)
    with django_assert_num_queries(18):
        statistics_for_year(year=2022)


def test_years_with_data_and_labels():
    kenya = country("KE")
    serve(person(kenya), kenya, start=dt.date(2020, 11, 1), end=dt.date(2021, 2, 28))
    serve(person(kenya), kenya, start=dt.date(2023, 3, 1), end=dt.date(2024, 2, 29))

    assert years_with_data() == [2020, 2021, 2023, 2024]
    assert figure_labels().countries["KE"] == "Country KE"


def test_a_year_marked_incomplete_is_not_compared_with():
    # given volunteers in 2022 and 2023
    import datetime as dt

    from mobilize.assignments.tests.factories import AssignmentFactory
    from mobilize.reference.models import ReportingYear
    from mobilize.statistics.selectors import statistics_for_year

    AssignmentFactory(entry_on_duty=dt.date(2022, 3, 1), planned_end=dt.date(2023, 2, 28))
    assert statistics_for_year(year=2023)["previous_year"] is not None
    # when 2022 is known to hold only part of its records
    ReportingYear.objects.create(year=2022, complete=False, note="carry-over")
    # then 2023 is not compared with it
    document = statistics_for_year(year=2023)
    assert document["previous_year"] is None
    assert document["change"] is None
