import pytest

from mobilize.core.models import AuditRecord
from mobilize.partners.models import HostEntity
from mobilize.partners.tests.factories import HostEntityFactory, ReportingGroupFactory

pytestmark = pytest.mark.django_db


def fields(response):
    return [e["field"] for e in response.json()["errors"]]


def body(world, **extra):
    return {
        "acronym": "KWS",
        "name_en": "Kenya Wildlife Service",
        "type": "government",
        "reporting_group": world.host.reporting_group_id,
        "country": world.country.pk,
        **extra,
    }


def test_hostentity_list_filters_and_shape(cast, world, api_as):
    # given
    ngo = HostEntityFactory(
        acronym="KRCS", name_en="Kenya Red Cross", type="ngo", country=world.country, parent=world.host
    )
    # when
    response = api_as(
        cast["volunteer"], "get", "/api/v1/partners/host-entities?is_un=false&active=true&search=red"
    )
    # then
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": ngo.pk,
                "acronym": "KRCS",
                "name": "Kenya Red Cross",
                "name_en": "Kenya Red Cross",
                "name_fr": "",
                "name_es": "",
                "name_zh": "",
                "type": "ngo",
                "is_un": False,
                "parent": world.host.pk,
                "parent_acronym": "HOSTA",
                "reporting_group": world.host.reporting_group_id,
                "reporting_group_code": "other",
                "country": world.country.pk,
                "country_iso2": "KE",
                "is_active": True,
                "version": 1,
            }
        ],
    }


def test_hostentity_list_by_type_and_group(cast, world, api_as):
    group = ReportingGroupFactory(
        code="secretariat", name_en="UN Secretariat entities and missions", sort_order=1
    )
    HostEntityFactory(acronym="UNMISS", type="peacekeeping", reporting_group=group)
    by_type = api_as(cast["donor"], "get", "/api/v1/partners/host-entities?type=peacekeeping").json()
    by_group = api_as(
        cast["donor"], "get", f"/api/v1/partners/host-entities?reporting_group={group.pk}"
    ).json()
    un = api_as(cast["donor"], "get", "/api/v1/partners/host-entities?is_un=true").json()
    assert [e["acronym"] for e in by_type["items"]] == ["UNMISS"]
    assert [e["acronym"] for e in by_group["items"]] == ["UNMISS"]
    assert [e["acronym"] for e in un["items"]] == ["HOSTA", "HOSTB", "UNMISS"]


def test_hostentity_list_refuses_an_unknown_type_naming_it(cast, world, api_as):
    response = api_as(cast["hq"], "get", "/api/v1/partners/host-entities?type=club")
    assert response.status_code == 422
    assert fields(response) == ["type"]


def test_reporting_groups_in_report_order(cast, world, api_as):
    ReportingGroupFactory(code="secretariat", name_en="UN Secretariat entities and missions", sort_order=1)
    response = api_as(cast["field_out"], "get", "/api/v1/partners/reporting-groups")
    assert [g["code"] for g in response.json()["items"]] == ["secretariat", "other"]


def test_hostentity_create_returns_201(cast, world, api_as):
    response = api_as(
        cast["field_in"], "post", "/api/v1/partners/host-entities", body(world, name_fr="Service")
    )
    assert response.status_code == 201
    entity = HostEntity.objects.get(acronym="KWS")
    assert response.json()["id"] == entity.pk
    assert (entity.type, entity.country, entity.name_fr) == ("government", world.country, "Service")
    assert AuditRecord.objects.filter(verb="hostentity.created", target_id=str(entity.pk)).count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"acronym": "hosta"}, "acronym"),
        ({"acronym": ""}, "acronym"),
        ({"type": "club"}, "type"),
        ({"type": "fund_programme"}, "type"),
        ({"reporting_group": 999999}, "reporting_group"),
        ({"parent": 999999}, "parent"),
        ({"country": 999999}, "country"),
        ({"country": None}, "country"),
    ],
)
def test_hostentity_create_422_names_the_field_and_writes_nothing(extra, field, cast, world, api_as):
    before = HostEntity.objects.count()
    response = api_as(cast["field_in"], "post", "/api/v1/partners/host-entities", body(world, **extra))
    assert response.status_code == 422
    assert response.json()["message"] == "The input is not valid."
    assert fields(response) == [field]
    assert HostEntity.objects.count() == before
    assert not AuditRecord.objects.filter(verb__startswith="hostentity").exists()


def test_hostentity_patch_changes_what_is_sent(cast, world, api_as):
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/partners/host-entities/{world.other_host.pk}",
        {"version": 1, "parent": world.host.pk, "name_zh": "实体乙"},
    )
    assert response.status_code == 200
    assert (response.json()["parent_acronym"], response.json()["name_zh"], response.json()["version"]) == (
        "HOSTA",
        "实体乙",
        2,
    )
    record = AuditRecord.objects.get(verb="hostentity.updated")
    assert record.changes == {"parent_id": [None, world.host.pk], "name_zh": ["", "实体乙"]}


def test_hostentity_patch_clears_the_parent_with_null(cast, world, api_as):
    world.other_host.parent = world.host
    world.other_host.save()
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/partners/host-entities/{world.other_host.pk}",
        {"version": 1, "parent": None},
    )
    assert response.json()["parent"] is None


def test_hostentity_patch_stale_is_409(cast, world, api_as):
    url = f"/api/v1/partners/host-entities/{world.host.pk}"
    api_as(cast["hq"], "patch", url, {"version": 1, "is_active": False})
    response = api_as(cast["hq"], "patch", url, {"version": 1, "name_en": "Changed"})
    assert response.status_code == 409
    assert fields(response) == ["version"]
    world.host.refresh_from_db()
    assert (world.host.name_en, world.host.is_active) == ("Host entity A", False)


def test_hostentity_patch_by_recruiter_turning_a_body_into_a_un_entity_is_422(cast, world, api_as):
    ngo = HostEntityFactory(acronym="KRCS", type="ngo", country=world.country)
    response = api_as(
        cast["recruiter"],
        "patch",
        f"/api/v1/partners/host-entities/{ngo.pk}",
        {"version": 1, "type": "other_un"},
    )
    assert response.status_code == 422
    assert fields(response) == ["type"]


def test_hostentity_patch_duplicate_acronym_is_422(cast, world, api_as):
    response = api_as(
        cast["hq"],
        "patch",
        f"/api/v1/partners/host-entities/{world.host.pk}",
        {"version": 1, "acronym": "HOSTB"},
    )
    assert response.status_code == 422
    assert fields(response) == ["acronym"]


def test_hostentity_detail_missing_is_404(cast, world, api_as):
    assert api_as(cast["hq"], "get", "/api/v1/partners/host-entities/999999").status_code == 404
