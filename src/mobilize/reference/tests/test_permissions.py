"""Every reference page and endpoint over the whole cast: reads for every signed-in user; only
headquarters adds a rule."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.reference.models import CategoryRule

pytestmark = pytest.mark.django_db

SIGNED_IN = [who for who in CAST if who != "anonymous"]
RULE_POST = {
    "effective_from": "2025-01-01",
    "min_age": "23",
    "min_experience_months": "12",
    "min_duration_days": "30",
    "max_duration_days": "1461",
}


def page_status(allowed, who):
    if who == "anonymous":
        return 302
    return 200 if who in allowed else 403


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", ["reference:category_list", "reference:category_detail"])
def test_category_pages_are_read_by_every_signed_in_user(who, page, cast, world, client_for):
    kwargs = {"category_id": world.category.pk} if page == "reference:category_detail" else {}
    response = client_for(cast[who]).get(reverse(page, kwargs=kwargs))
    assert response.status_code == page_status(SIGNED_IN, who)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", CAST)
def test_the_new_rule_page_is_for_headquarters(who, cast, world, client_for):
    response = client_for(cast[who]).get(
        reverse("reference:rule_create", kwargs={"category_id": world.category.pk})
    )
    assert response.status_code == page_status(["hq"], who)


@pytest.mark.parametrize("who", CAST)
def test_only_headquarters_adds_a_rule_through_the_page(who, cast, world, client_for):
    url = reverse("reference:rule_create", kwargs={"category_id": world.category.pk})
    response = client_for(cast[who]).post(url, RULE_POST)
    if who == "hq":
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "reference:category_detail", kwargs={"category_id": world.category.pk}
        )
        assert world.category.rules.count() == 2
        assert world.category.rule_on(dt.date(2025, 1, 1)).min_age == 23
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert list(CategoryRule.objects.values_list("effective_from", "effective_to")) == [
            (dt.date(2021, 10, 1), None)
        ]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reference/categories",
        "/api/v1/reference/categories/{category}",
        "/api/v1/reference/languages",
        "/api/v1/reference/sdgs",
        "/api/v1/reference/expertise-areas",
    ],
)
def test_the_reference_api_is_read_by_every_signed_in_user(who, path, cast, world, api_as):
    response = api_as(cast[who], "get", path.format(category=world.category.pk))
    assert response.status_code == (401 if who == "anonymous" else 200)


@pytest.mark.parametrize("who", ["hq", "volunteer"])
def test_a_missing_category_is_404_on_page_and_api(who, cast, world, client_for, api_as):
    missing = world.category.pk + 1000
    assert api_as(cast[who], "get", f"/api/v1/reference/categories/{missing}").status_code == 404
    client = client_for(cast[who])
    assert (
        client.get(reverse("reference:category_detail", kwargs={"category_id": missing})).status_code == 404
    )
    assert client.get(reverse("reference:rule_create", kwargs={"category_id": missing})).status_code == 404
