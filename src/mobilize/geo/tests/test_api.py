import pytest

from mobilize.core.models import AuditRecord
from mobilize.geo.models import DutyStation
from mobilize.geo.tests.factories import DutyStationFactory

pytestmark = pytest.mark.django_db


def fields(response):
    return [e["field"] for e in response.json()["errors"]]


def test_country_list_filters_and_pages(cast, world, api_as):
    # given
    world.other_country.region = "latin_america"
    world.other_country.save()
    # when
    response = api_as(cast["volunteer"], "get", "/api/v1/geo/countries?region=latin_america&limit=10")
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["items"][0]["iso2"] == "PE"
    assert body["items"][0]["name"] == "Peru"
    assert body["items"][0]["version"] == 1


def test_country_list_search_and_flag(cast, world, api_as):
    response = api_as(cast["donor"], "get", "/api/v1/geo/countries?search=KEN&is_global_south=true")
    assert [c["iso2"] for c in response.json()["items"]] == ["KE"]


def test_country_list_refuses_an_unknown_region_naming_it(cast, world, api_as):
    response = api_as(cast["hq"], "get", "/api/v1/geo/countries?region=atlantis")
    assert response.status_code == 422
    assert fields(response) == ["region"]


def test_country_detail_and_missing_country(cast, world, api_as):
    ok = api_as(cast["field_out"], "get", f"/api/v1/geo/countries/{world.country.pk}")
    assert ok.json()["m49"] == "404"
    missing = api_as(cast["field_out"], "get", "/api/v1/geo/countries/999999")
    assert missing.status_code == 404
    assert missing.json() == {"message": "Not found.", "errors": []}


def test_country_patch_changes_only_what_is_sent(cast, world, api_as):
    # when
    response = api_as(
        cast["hq"], "patch", f"/api/v1/geo/countries/{world.country.pk}", {"version": 1, "name_zh": "肯尼亚"}
    )
    # then
    assert response.status_code == 200
    assert response.json()["name_zh"] == "肯尼亚"
    assert response.json()["version"] == 2
    record = AuditRecord.objects.get(verb="country.updated")
    assert record.changes == {"name_zh": ["", "肯尼亚"]}


def test_country_patch_needs_the_version(cast, world, api_as):
    response = api_as(cast["hq"], "patch", f"/api/v1/geo/countries/{world.country.pk}", {"name_en": "X"})
    assert response.status_code == 422
    assert fields(response) == ["version"]
    world.country.refresh_from_db()
    assert world.country.name_en == "Kenya"


def test_country_patch_from_a_stale_version_is_a_conflict(cast, world, api_as):
    # given
    api_as(
        cast["hq"], "patch", f"/api/v1/geo/countries/{world.country.pk}", {"version": 1, "is_territory": True}
    )
    # when
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/geo/countries/{world.country.pk}",
        {"version": 1, "is_territory": False},
    )
    # then
    assert response.status_code == 409
    assert fields(response) == ["version"]
    world.country.refresh_from_db()
    assert (world.country.is_territory, world.country.version) == (True, 2)


def test_country_patch_with_an_empty_name_names_it(cast, world, api_as):
    response = api_as(
        cast["hq"], "patch", f"/api/v1/geo/countries/{world.country.pk}", {"version": 1, "name_en": ""}
    )
    assert response.status_code == 422
    assert response.json()["message"] == "The input is not valid."
    assert fields(response) == ["name_en"]


def test_dutystation_list_filters(cast, world, api_as):
    DutyStationFactory(country=world.country, name="Dadaab", hardship_class="D", is_family=False)
    url = f"/api/v1/geo/duty-stations?country={world.country.pk}&hardship=D&family=false&search=daa"
    body = api_as(cast["focal"], "get", url).json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": body["items"][0]["id"],
        "name": "Dadaab",
        "country": world.country.pk,
        "country_iso2": "KE",
        "country_name": "Kenya",
        "hardship_class": "D",
        "is_family": False,
        "is_capital": False,
        "version": 1,
    }


def test_dutystation_create_returns_201_with_the_station(cast, world, api_as):
    response = api_as(
        cast["field_in"],
        "post",
        "/api/v1/geo/duty-stations",
        {"name": "Kakuma", "country": world.country.pk, "hardship_class": "D", "is_family": False},
    )
    assert response.status_code == 201
    station = DutyStation.objects.get(name="Kakuma")
    assert response.json()["id"] == station.pk
    assert (station.country, station.hardship_class, station.is_family) == (world.country, "D", False)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Nairobi"}, "name"),
        ({"name": "Kakuma", "hardship_class": "Z"}, "hardship_class"),
        ({"name": ""}, "name"),
        ({"name": "Kakuma", "country": 999999}, "country"),
        ({"country": None}, "country"),
    ],
)
def test_dutystation_create_422_names_the_field_and_writes_nothing(body, field, cast, world, api_as):
    payload = {"name": "Kakuma", "country": world.country.pk, **body}
    before = DutyStation.objects.count()
    response = api_as(cast["hq"], "post", "/api/v1/geo/duty-stations", payload)
    assert response.status_code == 422
    assert fields(response) == [field]
    assert DutyStation.objects.count() == before
    assert not AuditRecord.objects.filter(verb__startswith="dutystation").exists()


def test_dutystation_patch_moves_and_renames(cast, world, api_as):
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/geo/duty-stations/{world.station.pk}",
        {"version": 1, "name": "Cusco", "country": world.other_country.pk},
    )
    assert response.status_code == 200
    assert (response.json()["country_iso2"], response.json()["name"], response.json()["version"]) == (
        "PE",
        "Cusco",
        2,
    )


def test_dutystation_patch_onto_an_existing_name_is_422_naming_name(cast, world, api_as):
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/geo/duty-stations/{world.station.pk}",
        {"version": 1, "country": world.other_country.pk, "name": "Lima"},
    )
    assert response.status_code == 422
    assert fields(response) == ["name"]
    world.station.refresh_from_db()
    assert (world.station.name, world.station.country) == ("Nairobi", world.country)


def test_dutystation_patch_by_field_unit_out_of_country_is_403(cast, world, api_as):
    response = api_as(
        cast["field_out"],
        "patch",
        f"/api/v1/geo/duty-stations/{world.station.pk}",
        {"version": 1, "name": "X"},
    )
    assert response.status_code == 403
    assert response.json()["errors"] == []


def test_dutystation_patch_stale_is_409(cast, world, api_as):
    api_as(
        cast["field_in"],
        "patch",
        f"/api/v1/geo/duty-stations/{world.station.pk}",
        {"version": 1, "is_capital": True},
    )
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/geo/duty-stations/{world.station.pk}",
        {"version": 1, "is_capital": False},
    )
    assert response.status_code == 409
    world.station.refresh_from_db()
    assert world.station.is_capital is True


def test_dutystation_detail_missing_is_404(cast, world, api_as):
    assert api_as(cast["hq"], "get", "/api/v1/geo/duty-stations/999999").status_code == 404
