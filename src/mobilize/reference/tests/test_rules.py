"""Adding an eligibility rule: the change of rule closes the previous one; overlaps are refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.models import AuditRecord
from mobilize.reference.models import CategoryRule
from mobilize.reference.selectors import rule_in_force
from mobilize.reference.services import categoryrule_create
from mobilize.reference.tests.factories import CategoryRuleFactory, VolunteerCategoryFactory

pytestmark = pytest.mark.django_db

TERMS = {"min_age": 25, "min_duration_days": 30, "max_duration_days": 1461}


@pytest.fixture
def hq():
    return UserFactory(role=Role.HQ)


@pytest.fixture
def category():
    """National specialists, with one rule in force from 1 October 2021 and no end."""
    return VolunteerCategoryFactory()


def periods(category):
    return list(category.rules.order_by("effective_from").values_list("effective_from", "effective_to"))


def test_a_new_open_ended_rule_closes_the_current_one_the_day_before(hq, category):
    # when
    rule = categoryrule_create(
        category=category, actor=hq, effective_from=dt.date(2025, 1, 1), **{**TERMS, "min_age": 23}
    )
    # then
    assert periods(category) == [(dt.date(2021, 10, 1), dt.date(2024, 12, 31)), (dt.date(2025, 1, 1), None)]
    assert category.rule_on(dt.date(2024, 12, 31)).min_age == 25
    assert category.rule_on(dt.date(2025, 1, 1)) == rule
    previous = category.rules.get(effective_from=dt.date(2021, 10, 1))
    assert previous.version == 2
    assert sorted(AuditRecord.objects.values_list("verb", flat=True)) == [
        "categoryrule.closed",
        "categoryrule.created",
    ]
    closed = AuditRecord.objects.get(verb="categoryrule.closed")
    assert closed.changes == {"effective_to": [None, "2024-12-31"]}
    assert closed.actor == hq


def test_a_rule_with_an_end_inside_the_current_rule_is_refused_and_nothing_changes(hq, category):
    with pytest.raises(ValidationError) as caught:
        categoryrule_create(
            category=category,
            actor=hq,
            effective_from=dt.date(2024, 1, 1),
            effective_to=dt.date(2024, 6, 30),
            **TERMS,
        )
    assert list(caught.value.message_dict) == ["effective_from"]
    assert "overlaps the rule in force from 2021-10-01" in caught.value.message_dict["effective_from"][0]
    assert periods(category) == [(dt.date(2021, 10, 1), None)]
    assert not AuditRecord.objects.exists()


def test_a_rule_starting_the_same_day_as_another_is_refused(hq, category):
    with pytest.raises(ValidationError) as caught:
        categoryrule_create(category=category, actor=hq, effective_from=dt.date(2021, 10, 1), **TERMS)
    assert list(caught.value.message_dict) == ["effective_from"]
    assert category.rules.count() == 1


def test_an_earlier_rule_that_reaches_into_a_later_one_is_refused_and_the_later_one_is_not_closed(
    hq, category
):
    with pytest.raises(ValidationError) as caught:
        categoryrule_create(
            category=category,
            actor=hq,
            effective_from=dt.date(2020, 1, 1),
            effective_to=dt.date(2021, 10, 1),
            **TERMS,
        )
    assert list(caught.value.message_dict) == ["effective_from"]
    assert periods(category) == [(dt.date(2021, 10, 1), None)]


def test_an_earlier_rule_that_ends_the_day_before_is_accepted(hq, category):
    categoryrule_create(
        category=category,
        actor=hq,
        effective_from=dt.date(2014, 1, 1),
        effective_to=dt.date(2021, 9, 30),
        **TERMS,
    )
    assert periods(category) == [(dt.date(2014, 1, 1), dt.date(2021, 9, 30)), (dt.date(2021, 10, 1), None)]


def test_bounds_out_of_order_are_named(hq, category):
    with pytest.raises(ValidationError) as caught:
        categoryrule_create(
            category=category,
            actor=hq,
            effective_from=dt.date(2026, 1, 1),
            effective_to=dt.date(2025, 1, 1),
            **{**TERMS, "max_age": 20, "max_duration_days": 10},
        )
    assert sorted(caught.value.message_dict) == ["effective_to", "max_age", "max_duration_days"]
    assert periods(category) == [(dt.date(2021, 10, 1), None)]


@pytest.mark.parametrize(
    "role", [Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT, Role.CANDIDATE, Role.DONOR]
)
def test_only_headquarters_adds_a_rule(role, category):
    with pytest.raises(PermissionDenied):
        categoryrule_create(
            category=category, actor=UserFactory(role=role), effective_from=dt.date(2025, 1, 1), **TERMS
        )
    assert periods(category) == [(dt.date(2021, 10, 1), None)]
    assert not AuditRecord.objects.exists()


def test_rule_on_and_rule_in_force_pick_the_rule_of_the_day(category):
    # given: an older rule that ended when the current one began
    CategoryRuleFactory(
        category=category, effective_from=dt.date(2014, 1, 1), effective_to=dt.date(2021, 9, 30), min_age=22
    )
    rules = list(CategoryRule.objects.filter(category=category))
    for day, min_age in [
        (dt.date(2013, 12, 31), None),
        (dt.date(2014, 1, 1), 22),
        (dt.date(2021, 9, 30), 22),
        (dt.date(2021, 10, 1), 25),
        (dt.date(2030, 1, 1), 25),
    ]:
        from_database = category.rule_on(day)
        from_memory = rule_in_force(rules, day)
        assert (from_database.min_age if from_database else None) == min_age, day
        assert from_memory == from_database, day
