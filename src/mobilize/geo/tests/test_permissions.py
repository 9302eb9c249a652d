"""Every geo endpoint and page over the whole cast: reads for all signed in, writes as the rules say."""

import pytest
from django.urls import reverse

from conftest import CAST

pytestmark = pytest.mark.django_db

SIGNED_IN = [who for who in CAST if who != "anonymous"]


def page_status(allowed, who):
    """200 for the allowed, 302 to sign-in for the anonymous, 403 for everybody else."""
    if who == "anonymous":
        return 302
    return 200 if who in allowed else 403


def api_status(allowed, who, *, ok=200, elsewhere=None):
    if who == "anonymous":
        return 401
    if who in allowed:
        return ok
    return (elsewhere or {}).get(who, 403)


# --- reads: every signed-in user ------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "page",
    ["geo:country_list", "geo:country_detail", "geo:dutystation_list", "geo:dutystation_detail"],
)
def test_reference_pages_are_read_by_every_signed_in_user(who, page, cast, world, client_for):
    kwargs = {
        "geo:country_detail": {"country_id": world.country.pk},
        "geo:dutystation_detail": {"dutystation_id": world.station.pk},
    }.get(page, {})
    response = client_for(cast[who]).get(reverse(page, kwargs=kwargs))
    assert response.status_code == page_status(SIGNED_IN, who)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/geo/countries",
        "/api/v1/geo/countries/{country}",
        "/api/v1/geo/duty-stations",
        "/api/v1/geo/duty-stations/{station}",
    ],
)
def test_reference_api_is_read_by_every_signed_in_user(who, path, cast, world, api_as):
    url = path.format(country=world.country.pk, station=world.station.pk)
    response = api_as(cast[who], "get", url)
    assert response.status_code == api_status(SIGNED_IN, who)


# --- countries: headquarters only ---------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_country_edit_page_is_for_headquarters(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("geo:country_edit", kwargs={"country_id": world.country.pk}))
    assert response.status_code == page_status({"hq"}, who)


@pytest.mark.parametrize("who", CAST)
def test_country_edit_post_is_for_headquarters(who, cast, world, client_for):
    # given
    url = reverse("geo:country_edit", kwargs={"country_id": world.country.pk})
    data = {"name_en": "Kenya (edited)", "region": "africa", "regional_office": "esa", "version": 1}
    # when
    response = client_for(cast[who]).post(url, data)
    # then
    world.country.refresh_from_db()
    if who == "hq":
        assert response.status_code == 302
        assert world.country.name_en == "Kenya (edited)"
    else:
        assert response.status_code == page_status(set(), who)
        assert world.country.name_en == "Kenya"


@pytest.mark.parametrize("who", CAST)
def test_country_patch_is_for_headquarters(who, cast, world, api_as):
    response = api_as(
        cast[who],
        "patch",
        f"/api/v1/geo/countries/{world.country.pk}",
        {"version": 1, "is_global_south": False},
    )
    assert response.status_code == api_status({"hq"}, who)
    world.country.refresh_from_db()
    assert world.country.is_global_south is (who != "hq")


# --- duty stations: headquarters anywhere, field units in their countries -----------------------

STATION_WRITERS = {"hq", "field_in"}


@pytest.mark.parametrize("who", CAST)
def test_dutystation_create_page(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("geo:dutystation_create"))
    assert response.status_code == page_status({"hq", "field_in", "field_out"}, who)


@pytest.mark.parametrize("who", CAST)
def test_dutystation_create_post_in_kenya(who, cast, world, client_for):
    # given a new station in Kenya (field_out's form offers only Peru: an invalid choice)
    data = {"name": "Kisumu", "country": world.country.pk, "hardship_class": "B", "is_family": "on"}
    # when
    response = client_for(cast[who]).post(reverse("geo:dutystation_create"), data)
    # then
    expected = {"hq": 302, "field_in": 302, "field_out": 422}.get(who, page_status(set(), who))
    assert response.status_code == expected
    assert world.country.duty_stations.filter(name="Kisumu").exists() is (who in STATION_WRITERS)


@pytest.mark.parametrize("who", CAST)
def test_dutystation_create_api_in_kenya(who, cast, world, api_as):
    response = api_as(
        cast[who], "post", "/api/v1/geo/duty-stations", {"name": "Kisumu", "country": world.country.pk}
    )
    expected = api_status(STATION_WRITERS, who, ok=201, elsewhere={"field_out": 422})
    assert response.status_code == expected
    if expected == 422:
        assert [e["field"] for e in response.json()["errors"]] == ["country"]
    assert world.country.duty_stations.filter(name="Kisumu").exists() is (expected == 201)


@pytest.mark.parametrize("who", CAST)
def test_dutystation_edit_page(who, cast, world, client_for):
    response = client_for(cast[who]).get(
        reverse("geo:dutystation_edit", kwargs={"dutystation_id": world.station.pk})
    )
    assert response.status_code == page_status(STATION_WRITERS, who)


@pytest.mark.parametrize("who", CAST)
def test_dutystation_edit_post(who, cast, world, client_for):
    # given
    url = reverse("geo:dutystation_edit", kwargs={"dutystation_id": world.station.pk})
    data = {"name": "Nairobi", "country": world.country.pk, "hardship_class": "C", "version": 1}
    # when
    response = client_for(cast[who]).post(url, data)
    # then
    world.station.refresh_from_db()
    assert response.status_code == (302 if who in STATION_WRITERS else page_status(set(), who))
    assert world.station.hardship_class == ("C" if who in STATION_WRITERS else "B")


@pytest.mark.parametrize("who", CAST)
def test_dutystation_patch(who, cast, world, api_as):
    response = api_as(
        cast[who],
        "patch",
        f"/api/v1/geo/duty-stations/{world.station.pk}",
        {"version": 1, "is_family": False},
    )
    assert response.status_code == api_status(STATION_WRITERS, who)
    world.station.refresh_from_db()
    assert world.station.is_family is (who not in STATION_WRITERS)
    assert world.station.version == (2 if who in STATION_WRITERS else 1)
