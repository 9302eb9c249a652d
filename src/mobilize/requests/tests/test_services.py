import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.core.errors import ApplicationError, StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.tests.factories import CategoryRuleFactory, LanguageFactory, VolunteerCategoryFactory
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.services import (
    LanguageRow,
    doa_create,
    doa_languages_set,
    doa_update,
    position_add,
    position_remove,
)
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.requests.tests.helpers import soon

pytestmark = pytest.mark.django_db


def valid_data(world, **overrides):
    data = {
        "title": "Community health officer",
        "host_entity": world.host,
        "country": world.country,
        "category": world.category,
        "start_date": soon(30),
        "end_date": soon(30 + 364),
    }
    data.update(overrides)
    return data


def assert_nothing_written(doas_before):
    assert Doa.objects.count() == doas_before
    assert not Position.objects.exclude(doa__in=Doa.objects.filter(reference__startswith="DOA-T-")).exists()
    assert not DoaLanguage.objects.exists()
    assert not AuditRecord.objects.exists()


def errors_of(exc_info):
    return exc_info.value.message_dict


# --- create ---------------------------------------------------------------------------------


def test_create_gives_a_draft_with_its_reference_languages_and_positions(world, cast):
    # given
    english = LanguageFactory(code="en", name_en="English")
    swahili = LanguageFactory(code="sw", name_en="Swahili")
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    # when
    doa = doa_create(
        actor=cast["focal"],
        data=valid_data(world),
        languages=[LanguageRow(language_id=english.pk), LanguageRow(swahili.pk, "intermediate", False)],
        duty_station_ids=[world.station.pk, world.station.pk, kisumu.pk],
    )
    # then
    assert doa.reference == f"DOA-{timezone.localdate().year}-{doa.pk:06d}"
    assert doa.status == Doa.Status.DRAFT
    assert doa.created_by == cast["focal"]
    assert doa.version == 1
    assert [(r.language.code, r.level, r.required) for r in doa.languages.order_by("pk")] == [
        ("en", "fluent", True),
        ("sw", "intermediate", False),
    ]
    assert [p.duty_station.name for p in doa.positions.order_by("pk")] == ["Nairobi", "Nairobi", "Kisumu"]
    record = AuditRecord.objects.get()
    assert (record.verb, record.target_id, record.actor) == ("doa.created", str(doa.pk), cast["focal"])
    assert record.changes["reference"] == [None, doa.reference]
    assert record.changes["positions"] == [[], [world.station.pk, world.station.pk, kisumu.pk]]


def test_create_without_positions_is_a_valid_draft(world, cast):
    doa = doa_create(actor=cast["hq"], data=valid_data(world))
    assert doa.positions.count() == 0
    assert doa.status == Doa.Status.DRAFT


def test_create_refuses_end_before_start_and_writes_nothing(world, cast):
    # given
    before = Doa.objects.count()
    english = LanguageFactory(code="en")
    # when
    with pytest.raises(ValidationError) as exc_info:
        doa_create(
            actor=cast["focal"],
            data=valid_data(world, start_date=soon(60), end_date=soon(59)),
            languages=[LanguageRow(english.pk)],
            duty_station_ids=[world.station.pk],
        )
    # then
    assert errors_of(exc_info) == {"end_date": ["The end date cannot be before the start date."]}
    assert_nothing_written(before)


def test_the_database_refuses_an_end_before_the_start_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        DoaFactory(start_date=dt.date(2025, 5, 2), end_date=dt.date(2025, 5, 1))


@pytest.mark.parametrize("entity", ["other", "missing"])
def test_focal_point_creates_only_for_its_entities_and_others_look_missing(entity, world, cast):
    # given
    before = Doa.objects.count()
    host_entity_id = world.other_host.pk if entity == "other" else 999999
    # when
    with pytest.raises(ValidationError) as exc_info:
        doa_create(
            actor=cast["focal"],
            data={**valid_data(world), "host_entity": None, "host_entity_id": host_entity_id},
        )
    # then: the same answer whether the entity exists or not
    assert errors_of(exc_info) == {"host_entity": ["Choose one of your entities."]}
    assert_nothing_written(before)


def test_focal_point_may_ask_in_any_country(world, cast):
    station = world.other_station
    doa = doa_create(
        actor=cast["focal"],
        data=valid_data(world, country=world.other_country),
        duty_station_ids=[station.pk],
    )
    assert doa.country == world.other_country


def test_field_unit_creates_for_any_host_in_its_countries_only(world, cast):
    # given
    before = Doa.objects.count()
    # when / then: another host in Kenya is fine
    doa = doa_create(actor=cast["field_in"], data=valid_data(world, host_entity=world.other_host))
    assert doa.host_entity == world.other_host
    # when / then: Peru is not one of its countries
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["field_in"], data=valid_data(world, country=world.other_country))
    assert errors_of(exc_info) == {"country": ["Choose one of your countries."]}
    assert Doa.objects.count() == before + 1


@pytest.mark.parametrize("who", ["recruiter", "auditor", "volunteer", "donor"])
def test_others_may_not_create(who, world, cast):
    before = Doa.objects.count()
    with pytest.raises(PermissionDenied):
        doa_create(actor=cast[who], data=valid_data(world))
    assert_nothing_written(before)


def test_duplicate_language_is_refused_naming_the_row(world, cast):
    # given
    before = Doa.objects.count()
    english = LanguageFactory(code="en")
    french = LanguageFactory(code="fr")
    rows = [LanguageRow(english.pk), LanguageRow(french.pk), LanguageRow(english.pk, "basic", False)]
    # when
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world), languages=rows)
    # then
    assert errors_of(exc_info) == {"languages.2.language": ["This language is listed more than once."]}
    assert_nothing_written(before)


def test_language_rows_must_name_a_language_and_a_level(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world), languages=[LanguageRow(999999, "superb")])
    assert errors_of(exc_info) == {
        "languages.0.language": ["Choose a language from the list."],
        "languages.0.level": ["Choose a level from the list."],
    }


def test_positions_must_be_in_the_doas_country(world, cast):
    before = Doa.objects.count()
    with pytest.raises(ValidationError) as exc_info:
        doa_create(
            actor=cast["hq"],
            data=valid_data(world),
            duty_station_ids=[world.station.pk, world.other_station.pk],
        )
    assert errors_of(exc_info) == {"positions.1": ["Choose a duty station in Kenya."]}
    assert_nothing_written(before)


def test_start_at_most_two_years_ahead(world, cast):
    today = timezone.localdate()
    try:
        limit = today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year + 2, day=28)
    with pytest.raises(ValidationError) as exc_info:
        doa_create(
            actor=cast["hq"],
            data=valid_data(
                world, start_date=limit + dt.timedelta(days=1), end_date=limit + dt.timedelta(days=200)
            ),
        )
    assert errors_of(exc_info) == {"start_date": ["The start date can be at most two years ahead."]}
    doa = doa_create(
        actor=cast["hq"], data=valid_data(world, start_date=limit, end_date=limit + dt.timedelta(days=200))
    )
    assert doa.start_date == limit


def test_category_must_have_a_rule_in_force_on_the_start_date(world, cast):
    retired = VolunteerCategoryFactory(code="retired", rule=None)
    CategoryRuleFactory(
        category=retired, effective_from=dt.date(2015, 1, 1), effective_to=dt.date(2021, 9, 30)
    )
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world, category=retired))
    assert errors_of(exc_info) == {"category": ["This category has no rule in force on the start date."]}


def test_duration_must_fit_the_category(world, cast):
    # the category's rule: 30 to 1461 days
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world, start_date=soon(30), end_date=soon(40)))
    assert errors_of(exc_info) == {
        "end_date": ["An assignment in this category lasts 30 to 1461 days; this one lasts 11."]
    }


@pytest.mark.parametrize(
    ("months", "message"),
    [(-1, "Ensure this value is greater than or equal to 0."), (601, "At most 600 months.")],
)
def test_experience_is_zero_to_600_months(months, message, world, cast):
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world, min_experience_months=months))
    assert errors_of(exc_info) == {"min_experience_months": [message]}


def test_inactive_host_entity_is_refused(world, cast):
    closed = HostEntityFactory(acronym="CLOSED", is_active=False)
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world, host_entity=closed))
    assert errors_of(exc_info) == {"host_entity": ["This host entity is no longer active."]}


def test_unknown_expertise_is_refused(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        doa_create(actor=cast["hq"], data=valid_data(world), expertise_ids=[999999])
    assert errors_of(exc_info) == {"expertise": ["Choose expertise areas from the list."]}


def test_fields_outside_the_authors_are_a_programming_error(world, cast):
    with pytest.raises(TypeError, match="status"):
        doa_create(actor=cast["hq"], data=valid_data(world, status="approved"))


# --- update ---------------------------------------------------------------------------------


def test_update_changes_bumps_the_version_and_audits(world, cast):
    # when
    doa = doa_update(
        doa=world.doa,
        actor=cast["focal"],
        data={"title": "Data analyst", "min_experience_months": 36},
        expected_version=1,
    )
    # then: an old DoA stays editable for what is not about its dates
    assert (doa.title, doa.min_experience_months, doa.version) == ("Data analyst", 36, 2)
    record = AuditRecord.objects.get()
    assert record.verb == "doa.updated"
    assert record.changes["title"][1] == "Data analyst"
    assert record.changes["min_experience_months"] == [0, 36]


def test_update_refuses_a_stale_version(world, cast):
    doa_update(doa=world.doa, actor=cast["focal"], data={"title": "First"}, expected_version=1)
    with pytest.raises(StaleObjectError):
        doa_update(doa=world.doa, actor=cast["field_in"], data={"title": "Second"}, expected_version=1)
    world.doa.refresh_from_db()
    assert (world.doa.title, world.doa.version) == ("First", 2)


@pytest.mark.parametrize("status", ["submitted", "approved", "sourcing", "recruited"])
def test_update_only_while_draft_or_edits_requested(status, world, cast):
    Doa.objects.filter(pk=world.doa.pk).update(status=status)
    with pytest.raises(ApplicationError, match="only a draft or a DoA returned for edits"):
        doa_update(doa=world.doa, actor=cast["hq"], data={"title": "Too late"}, expected_version=1)
    world.doa.refresh_from_db()
    assert world.doa.title != "Too late"
    assert not AuditRecord.objects.exists()


def test_update_while_edits_requested(world, cast):
    Doa.objects.filter(pk=world.doa.pk).update(status=Doa.Status.EDITS_REQUESTED)
    doa = doa_update(doa=world.doa, actor=cast["focal"], data={"title": "Revised"}, expected_version=1)
    assert doa.title == "Revised"


@pytest.mark.parametrize("who", ["recruiter", "auditor", "other_focal", "field_out"])
def test_update_refused_outside_the_writers_scope(who, world, cast):
    with pytest.raises(PermissionDenied):
        doa_update(doa=world.doa, actor=cast[who], data={"title": "Nope"}, expected_version=1)
    assert not AuditRecord.objects.exists()


def test_update_end_before_start_names_end_date_and_changes_nothing(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        doa_update(
            doa=world.doa, actor=cast["hq"], data={"end_date": dt.date(2023, 12, 1)}, expected_version=1
        )
    assert errors_of(exc_info) == {"end_date": ["The end date cannot be before the start date."]}
    world.doa.refresh_from_db()
    assert (world.doa.end_date, world.doa.version) == (dt.date(2024, 12, 31), 1)


def test_focal_point_cannot_move_a_doa_to_another_entity(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        doa_update(
            doa=world.doa, actor=cast["focal"], data={"host_entity": world.other_host}, expected_version=1
        )
    assert errors_of(exc_info) == {"host_entity": ["Choose one of your entities."]}


def test_country_cannot_change_under_positions_elsewhere(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        doa_update(doa=world.doa, actor=cast["hq"], data={"country": world.other_country}, expected_version=1)
    assert errors_of(exc_info) == {
        "country": ["Remove the positions in the old country before changing the country."]
    }


def test_update_replaces_languages_in_the_same_transaction(world, cast):
    english = LanguageFactory(code="en")
    doa = doa_update(
        doa=world.doa, actor=cast["hq"], data={}, expected_version=1, languages=[LanguageRow(english.pk)]
    )
    assert [r.language_id for r in doa.languages.all()] == [english.pk]
    assert list(AuditRecord.objects.order_by("pk").values_list("verb", flat=True)) == [
        "doa.updated",
        "doa.languages_set",
    ]


# --- languages ------------------------------------------------------------------------------


def test_languages_set_replaces_the_rows_and_bumps_the_version(world, cast):
    english = LanguageFactory(code="en")
    french = LanguageFactory(code="fr")
    doa_languages_set(doa=world.doa, actor=cast["focal"], rows=[LanguageRow(english.pk)])
    doa = doa_languages_set(
        doa=world.doa, actor=cast["focal"], rows=[LanguageRow(french.pk, "basic", False)], expected_version=2
    )
    assert [(r.language_id, r.level, r.required) for r in doa.languages.all()] == [
        (french.pk, "basic", False)
    ]
    assert doa.version == 3
    assert AuditRecord.objects.filter(verb="doa.languages_set").first().changes == {
        "languages": [["en:fluent:required"], ["fr:basic:desirable"]]
    }


def test_languages_set_refuses_a_duplicate_and_keeps_the_old_rows(world, cast):
    english = LanguageFactory(code="en")
    doa_languages_set(doa=world.doa, actor=cast["hq"], rows=[LanguageRow(english.pk)])
    with pytest.raises(ValidationError) as exc_info:
        doa_languages_set(
            doa=world.doa, actor=cast["hq"], rows=[LanguageRow(english.pk), LanguageRow(english.pk)]
        )
    assert errors_of(exc_info) == {"languages.1.language": ["This language is listed more than once."]}
    assert list(world.doa.languages.values_list("language_id", flat=True)) == [english.pk]


# --- positions ------------------------------------------------------------------------------


def test_position_add_at_a_station_in_the_country(world, cast):
    added = position_add(doa=world.doa, actor=cast["field_in"], duty_station_id=world.station.pk, count=2)
    assert [p.duty_station for p in added] == [world.station, world.station]
    assert world.doa.positions.count() == 3
    assert AuditRecord.objects.filter(verb="position.added").count() == 2


def test_position_add_elsewhere_is_refused_naming_duty_station(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        position_add(doa=world.doa, actor=cast["hq"], duty_station_id=world.other_station.pk)
    assert errors_of(exc_info) == {"duty_station": ["Choose a duty station in Kenya."]}
    assert world.doa.positions.count() == 1
    assert not AuditRecord.objects.exists()


def test_position_add_count_is_bounded(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        position_add(doa=world.doa, actor=cast["hq"], duty_station_id=world.station.pk, count=0)
    assert errors_of(exc_info) == {"count": ["Add from 1 to 50 positions at a time."]}


def test_position_add_refused_once_submitted(world, cast):
    Doa.objects.filter(pk=world.doa.pk).update(status=Doa.Status.SUBMITTED)
    with pytest.raises(ApplicationError):
        position_add(doa=world.doa, actor=cast["hq"], duty_station_id=world.station.pk)
    assert world.doa.positions.count() == 1


def test_position_remove(world, cast):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    position_remove(position=position, actor=cast["focal"])
    assert not Position.objects.filter(pk=position.pk).exists()
    record = AuditRecord.objects.get()
    assert (record.verb, record.target_id) == ("position.removed", str(position.pk))


def test_position_with_an_assignment_cannot_be_removed(world, cast):
    # world.position has world.assignment
    with pytest.raises(ApplicationError, match="has an assignment"):
        position_remove(position=world.position, actor=cast["hq"])
    assert Position.objects.filter(pk=world.position.pk).exists()


def test_position_with_an_ended_assignment_still_cannot_be_removed(world, cast):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    AssignmentFactory(
        volunteer=world.volunteer,
        host_entity=world.host,
        duty_station=world.station,
        position=position,
        status="completed",
    )
    with pytest.raises(ApplicationError):
        position_remove(position=position, actor=cast["hq"])


def test_position_remove_refused_once_submitted(world, cast):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    Doa.objects.filter(pk=world.doa.pk).update(status=Doa.Status.SUBMITTED)
    with pytest.raises(ApplicationError):
        position_remove(position=position, actor=cast["hq"])
    assert Position.objects.filter(pk=position.pk).exists()


def test_field_unit_of_another_country_may_not_touch_positions(world, cast):
    with pytest.raises(PermissionDenied):
        position_add(doa=world.doa, actor=cast["field_out"], duty_station_id=world.station.pk)


def test_a_focal_point_with_several_entities(world, cast):
    both = UserFactory(
        username="both", role=Role.HOST_FOCAL_POINT, host_entities=[world.host, world.other_host]
    )
    doa = doa_create(actor=both, data=valid_data(world, host_entity=world.other_host))
    assert doa.host_entity == world.other_host
