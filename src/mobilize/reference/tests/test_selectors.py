"""Reads of the reference lists: scoped, ordered, and a fixed number of queries."""

import datetime as dt

import pytest

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.reference.selectors import (
    category_list,
    category_with_rules,
    expertise_area_list,
    language_list,
    rule_in_force,
    sdg_list,
)
from mobilize.reference.tests.factories import (
    CategoryRuleFactory,
    ExpertiseAreaFactory,
    LanguageFactory,
    SdgFactory,
    VolunteerCategoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer():
    return UserFactory(role=Role.CANDIDATE)


@pytest.fixture
def categories():
    national = VolunteerCategoryFactory()
    CategoryRuleFactory(
        category=national, effective_from=dt.date(2014, 1, 1), effective_to=dt.date(2021, 9, 30)
    )
    international = VolunteerCategoryFactory(
        code="international-youth",
        name_en="International UN Youth Volunteer",
        modality="international",
        sort_order=5,
    )
    return national, international


def test_category_list_prefetches_rules_newest_first_in_two_queries(
    viewer, categories, django_assert_num_queries
):
    with django_assert_num_queries(2):
        rows = [(c.code, [r.effective_from for r in c.rules.all()]) for c in category_list(viewer=viewer)]
    assert rows == [
        ("national-specialist", [dt.date(2021, 10, 1), dt.date(2014, 1, 1)]),
        ("international-youth", [dt.date(2021, 10, 1)]),
    ]


def test_category_list_filters_by_modality(viewer, categories):
    assert [c.code for c in category_list(viewer=viewer, modality="national")] == ["national-specialist"]


def test_category_with_rules_takes_one_query(viewer, categories, django_assert_num_queries):
    national, _ = categories
    with django_assert_num_queries(1):
        category = category_with_rules(category=national)
        current = rule_in_force(category.rules.all(), dt.date(2023, 6, 30))
        history = list(category.rules.all())
    assert current.effective_from == dt.date(2021, 10, 1)
    assert [r.effective_from for r in history] == [dt.date(2021, 10, 1), dt.date(2014, 1, 1)]


def test_nobody_signed_out_sees_a_list(categories):
    from django.contrib.auth.models import AnonymousUser

    assert not category_list(viewer=AnonymousUser()).exists()
    assert not language_list(viewer=AnonymousUser()).exists()


def test_language_list_filters_and_orders(viewer, django_assert_num_queries):
    LanguageFactory(code="fr", name_en="French", name_zh="法语", is_un_official=True)
    LanguageFactory(code="sw", name_en="Swahili", name_zh="斯瓦希里语")
    LanguageFactory(code="ar", name_en="Arabic", name_zh="阿拉伯语", is_un_official=True)
    with django_assert_num_queries(1):
        assert [lang.code for lang in language_list(viewer=viewer)] == ["ar", "fr", "sw"]
    assert [lang.code for lang in language_list(viewer=viewer, is_un_official=True)] == ["ar", "fr"]
    assert [lang.code for lang in language_list(viewer=viewer, search="swa")] == ["sw"]
    assert [lang.code for lang in language_list(viewer=viewer, search="FR")] == ["fr"]
    assert [lang.code for lang in language_list(viewer=viewer, search="阿拉伯")] == ["ar"]


def test_sdg_and_expertise_lists(viewer, django_assert_num_queries):
    SdgFactory(number=16, name_en="Peace, justice and strong institutions")
    SdgFactory(number=3, name_en="Good health and well-being")
    ExpertiseAreaFactory(code="health", name_en="Health")
    ExpertiseAreaFactory(code="elections", name_en="Electoral support")
    with django_assert_num_queries(2):
        assert [s.number for s in sdg_list(viewer=viewer)] == [3, 16]
        assert [a.code for a in expertise_area_list(viewer=viewer)] == ["elections", "health"]
    assert [a.code for a in expertise_area_list(viewer=viewer, search="elect")] == ["elections"]
