import pytest

from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.tests.factories import DoaFactory
from mobilize.requests.tests.helpers import doa_payload, soon

pytestmark = pytest.mark.django_db

DOAS = "/api/v1/requests/doas"


def fields(response):
    return [error["field"] for error in response.json()["errors"]]


def test_create_with_languages_and_positions_in_one_request(world, cast, api_as):
    # given
    english = LanguageFactory(code="en", name_en="English")
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    health = ExpertiseAreaFactory(code="health")
    payload = doa_payload(
        world,
        expertise=[health.pk],
        languages=[{"language": english.pk, "level": "fluent", "required": True}],
        positions=[world.station.pk, world.station.pk, kisumu.pk],
    )
    # when
    response = api_as(cast["focal"], "post", DOAS, payload)
    # then
    assert response.status_code == 201
    body = response.json()
    doa = Doa.objects.get(pk=body["id"])
    assert body["reference"] == doa.reference
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["host_entity_acronym"] == "HOSTA"
    assert body["expertise"] == [health.pk]
    assert body["languages"] == [
        {
            "language": english.pk,
            "language_code": "en",
            "language_name": "English",
            "level": "fluent",
            "required": True,
        }
    ]
    assert [p["duty_station_name"] for p in body["positions"]] == ["Nairobi", "Nairobi", "Kisumu"]
    assert body["position_count"] == 3
    assert body["duration_days"] == 365


def test_end_before_start_is_422_naming_end_date_and_writes_nothing(world, cast, api_as):
    # given: the acceptance test
    english = LanguageFactory(code="en")
    before = Doa.objects.count()
    payload = doa_payload(
        world,
        start_date=soon(60).isoformat(),
        end_date=soon(59).isoformat(),
        languages=[{"language": english.pk}],
        positions=[world.station.pk],
    )
    # when
    response = api_as(cast["focal"], "post", DOAS, payload)
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "end_date", "message": "The end date cannot be before the start date."}
    ]
    assert Doa.objects.count() == before
    assert Position.objects.count() == 2  # world's own
    assert not DoaLanguage.objects.exists()
    assert not AuditRecord.objects.filter(target_type__startswith="requests.").exists()


def test_create_refuses_a_position_elsewhere_and_writes_nothing(world, cast, api_as):
    before = Doa.objects.count()
    response = api_as(
        cast["hq"], "post", DOAS, doa_payload(world, positions=[world.station.pk, world.other_station.pk])
    )
    assert response.status_code == 422
    assert fields(response) == ["positions.1"]
    assert Doa.objects.count() == before


def test_create_refuses_a_duplicate_language_naming_the_row(world, cast, api_as):
    english = LanguageFactory(code="en")
    payload = doa_payload(
        world, languages=[{"language": english.pk}, {"language": english.pk, "required": False}]
    )
    response = api_as(cast["hq"], "post", DOAS, payload)
    assert response.status_code == 422
    assert fields(response) == ["languages.1.language"]


def test_create_with_a_malformed_date_names_it(world, cast, api_as):
    response = api_as(cast["hq"], "post", DOAS, doa_payload(world, start_date="next week"))
    assert response.status_code == 422
    assert fields(response) == ["start_date"]


def test_create_names_every_missing_field(world, cast, api_as):
    response = api_as(cast["hq"], "post", DOAS, doa_payload(world, title="", funding_type="barter"))
    assert response.status_code == 422
    assert sorted(fields(response)) == ["funding_type", "title"]


def test_patch_changes_only_what_is_sent(world, cast, api_as):
    response = api_as(
        cast["field_in"], "patch", f"{DOAS}/{world.doa.pk}", {"version": 1, "reserved_for_pwd": True}
    )
    assert response.status_code == 200
    assert response.json()["reserved_for_pwd"] is True
    assert response.json()["version"] == 2
    world.doa.refresh_from_db()
    assert world.doa.reserved_for_pwd is True
    assert world.doa.title.startswith("Programme officer")


def test_patch_with_a_stale_version_is_409(world, cast, api_as):
    # given: somebody saved version 1 already
    assert (
        api_as(cast["focal"], "patch", f"{DOAS}/{world.doa.pk}", {"version": 1, "title": "First"}).status_code
        == 200
    )
    # when
    response = api_as(cast["field_in"], "patch", f"{DOAS}/{world.doa.pk}", {"version": 1, "title": "Second"})
    # then
    assert response.status_code == 409
    assert fields(response) == ["version"]
    world.doa.refresh_from_db()
    assert (world.doa.title, world.doa.version) == ("First", 2)


def test_patch_once_submitted_is_409(world, cast, api_as):
    Doa.objects.filter(pk=world.doa.pk).update(status=Doa.Status.SUBMITTED)
    response = api_as(cast["hq"], "patch", f"{DOAS}/{world.doa.pk}", {"version": 1, "title": "Late"})
    assert response.status_code == 409
    assert fields(response) == ["status"]


def test_patch_end_before_start_is_422(world, cast, api_as):
    response = api_as(cast["hq"], "patch", f"{DOAS}/{world.doa.pk}", {"version": 1, "end_date": "2023-01-01"})
    assert response.status_code == 422
    assert fields(response) == ["end_date"]
    assert not AuditRecord.objects.filter(target_type__startswith="requests.").exists()


def test_patch_without_version_is_422(world, cast, api_as):
    response = api_as(cast["hq"], "patch", f"{DOAS}/{world.doa.pk}", {"title": "No version"})
    assert response.status_code == 422
    assert fields(response) == ["version"]


def test_put_languages_replaces_them_and_returns_the_new_version(world, cast, api_as):
    english = LanguageFactory(code="en")
    french = LanguageFactory(code="fr")
    url = f"{DOAS}/{world.doa.pk}/languages"
    api_as(cast["hq"], "put", url, {"languages": [{"language": english.pk}]})
    response = api_as(
        cast["hq"],
        "put",
        url,
        {"version": 2, "languages": [{"language": french.pk, "level": "basic", "required": False}]},
    )
    assert response.status_code == 200
    assert response.json()["version"] == 3
    assert [(r["language_code"], r["level"], r["required"]) for r in response.json()["languages"]] == [
        ("fr", "basic", False)
    ]


def test_put_languages_with_a_duplicate_names_the_row(world, cast, api_as):
    english = LanguageFactory(code="en")
    response = api_as(
        cast["hq"], "put", f"{DOAS}/{world.doa.pk}/languages", {"languages": [{"language": english.pk}] * 2}
    )
    assert response.status_code == 422
    assert fields(response) == ["languages.1.language"]
    assert not DoaLanguage.objects.exists()


def test_position_add_elsewhere_names_duty_station(world, cast, api_as):
    response = api_as(
        cast["hq"], "post", f"{DOAS}/{world.doa.pk}/positions", {"duty_station": world.other_station.pk}
    )
    assert response.status_code == 422
    assert fields(response) == ["duty_station"]


def test_position_add_several(world, cast, api_as):
    response = api_as(
        cast["hq"], "post", f"{DOAS}/{world.doa.pk}/positions", {"duty_station": world.station.pk, "count": 3}
    )
    assert response.status_code == 201
    assert [p["duty_station"] for p in response.json()] == [world.station.pk] * 3


def test_position_remove_with_an_assignment_is_409(world, cast, api_as):
    response = api_as(cast["hq"], "delete", f"{DOAS}/{world.doa.pk}/positions/{world.position.pk}")
    assert response.status_code == 409
    assert Position.objects.filter(pk=world.position.pk).exists()


def test_position_of_another_doa_is_404(world, cast, api_as):
    other_position = world.other_doa.positions.get()
    response = api_as(cast["hq"], "delete", f"{DOAS}/{world.doa.pk}/positions/{other_position.pk}")
    assert response.status_code == 404
    assert Position.objects.filter(pk=other_position.pk).exists()


def test_list_filters_and_pages(world, cast, api_as):
    for n in range(3):
        DoaFactory(host_entity=world.host, country=world.country, category=world.category, title=f"Nurse {n}")
    response = api_as(cast["hq"], "get", f"{DOAS}?search=nurse&limit=2&offset=0")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert [item["title"] for item in response.json()["items"]] == ["Nurse 2", "Nurse 1"]
    by_country = api_as(cast["hq"], "get", f"{DOAS}?country={world.other_country.pk}").json()
    assert [item["reference"] for item in by_country["items"]] == [world.other_doa.reference]
    early = api_as(cast["hq"], "get", f"{DOAS}?start_to=2023-12-31").json()
    assert early["count"] == 0
