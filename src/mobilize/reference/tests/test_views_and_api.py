"""What the category pages show, the rule form's errors, and the shape of the API."""

import datetime as dt

import pytest
from django.urls import reverse

from mobilize.reference.models import CategoryRule
from mobilize.reference.tests.factories import CategoryRuleFactory, LanguageFactory, VolunteerCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth(world):
    """International youth: 18-29 until 30 September 2021, 18-26 since."""
    category = VolunteerCategoryFactory(
        code="international-youth",
        name_en="International UN Youth Volunteer",
        modality="international",
        is_youth=True,
        rule=None,
    )
    CategoryRuleFactory(
        category=category,
        effective_from=dt.date(2021, 10, 1),
        min_age=18,
        max_age=26,
        age_applies_through_end=True,
    )
    CategoryRuleFactory(
        category=category,
        effective_from=dt.date(2014, 1, 1),
        effective_to=dt.date(2021, 9, 30),
        min_age=18,
        max_age=29,
        age_applies_through_end=True,
    )
    return category


def test_the_list_shows_each_category_with_the_rule_in_force(youth, cast, client_for):
    response = client_for(cast["volunteer"]).get(reverse("reference:category_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "International UN Youth Volunteer" in content
    assert "National UN Volunteer Specialist" in content
    assert "18–26" in content
    assert "18–29" not in content


def test_the_list_filters_by_modality(youth, cast, client_for):
    response = client_for(cast["volunteer"]).get(reverse("reference:category_list"), {"modality": "national"})
    content = response.content.decode()
    assert "National UN Volunteer Specialist" in content
    assert "International UN Youth Volunteer" not in content


def test_the_detail_shows_every_rule_with_its_period(youth, cast, client_for):
    response = client_for(cast["field_in"]).get(
        reverse("reference:category_detail", kwargs={"category_id": youth.pk})
    )
    content = response.content.decode()
    assert "18–29" in content
    assert "18–26" in content
    assert "in force today" in content
    assert "Add a rule" not in content


def test_headquarters_sees_the_add_rule_action(youth, cast, client_for):
    response = client_for(cast["hq"]).get(
        reverse("reference:category_detail", kwargs={"category_id": youth.pk})
    )
    assert reverse("reference:rule_create", kwargs={"category_id": youth.pk}) in response.content.decode()


def test_an_overlapping_rule_is_refused_with_422_naming_the_first_day(youth, cast, client_for):
    url = reverse("reference:rule_create", kwargs={"category_id": youth.pk})
    response = client_for(cast["hq"]).post(
        url,
        {
            "effective_from": "2020-01-01",
            "effective_to": "2020-12-31",
            "min_age": "18",
            "min_experience_months": "0",
            "min_duration_days": "180",
            "max_duration_days": "731",
        },
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == ["effective_from"]
    assert "overlaps the rule in force from 2014-01-01 to 2021-09-30" in form.errors["effective_from"][0]
    assert youth.rules.count() == 2


def test_an_incomplete_rule_is_refused_with_422(youth, cast, client_for):
    url = reverse("reference:rule_create", kwargs={"category_id": youth.pk})
    response = client_for(cast["hq"]).post(url, {"effective_from": "2026-01-01"})
    assert response.status_code == 422
    assert sorted(response.context["form"].errors) == [
        "max_duration_days",
        "min_age",
        "min_duration_days",
        "min_experience_months",
    ]
    assert CategoryRule.objects.count() == 3


def test_the_category_api_gives_the_current_rule_and_the_history(youth, cast, api_as):
    response = api_as(cast["donor"], "get", "/api/v1/reference/categories?modality=international")
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["modality"], item["is_youth"]) == (
        "international-youth",
        "international",
        True,
    )
    assert item["current_rule"]["effective_from"] == "2021-10-01"
    assert item["current_rule"]["max_age"] == 26
    assert [(r["effective_from"], r["effective_to"]) for r in item["rules"]] == [
        ("2021-10-01", None),
        ("2014-01-01", "2021-09-30"),
    ]


def test_the_category_detail_api(youth, cast, api_as):
    body = api_as(cast["recruiter"], "get", f"/api/v1/reference/categories/{youth.pk}").json()
    assert body["name"] == "International UN Youth Volunteer"
    assert body["current_rule"]["age_applies_through_end"] is True
    assert len(body["rules"]) == 2


def test_the_language_api_filters(world, cast, api_as):
    LanguageFactory(code="fr", name_en="French", name_zh="法语", is_un_official=True)
    LanguageFactory(code="sw", name_en="Swahili")
    body = api_as(cast["volunteer"], "get", "/api/v1/reference/languages?is_un_official=true").json()
    assert [(lang["code"], lang["name_zh"]) for lang in body["items"]] == [("fr", "法语")]
