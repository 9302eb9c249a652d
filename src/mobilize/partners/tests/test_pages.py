import pytest
from django.urls import reverse

from mobilize.core.models import AuditRecord
from mobilize.partners.models import HostEntity
from mobilize.partners.tests.factories import HostEntityFactory

pytestmark = pytest.mark.django_db


def test_hostentity_list_filters(cast, world, client_for):
    HostEntityFactory(acronym="KRCS", name_en="Kenya Red Cross", type="ngo", country=world.country)
    response = client_for(cast["focal"]).get(reverse("partners:hostentity_list"), {"is_un": "false"})
    assert response.status_code == 200
    assert [e.acronym for e in response.context["object_list"]] == ["KRCS"]
    assert response.context["can_create"] is False
    assert reverse("partners:hostentity_create") not in response.text


def test_hostentity_list_search_and_type(cast, world, client_for):
    response = client_for(cast["hq"]).get(
        reverse("partners:hostentity_list"), {"search": "entity b", "type": "fund_programme"}
    )
    assert [e.acronym for e in response.context["object_list"]] == ["HOSTB"]
    assert reverse("partners:hostentity_create") in response.text


def test_hostentity_detail_shows_units_under_it(cast, world, client_for):
    HostEntityFactory(acronym="SUBA", name_en="Unit of A", parent=world.host)
    response = client_for(cast["volunteer"]).get(
        reverse("partners:hostentity_detail", kwargs={"hostentity_id": world.host.pk})
    )
    assert [e.acronym for e in response.context["children"]] == ["SUBA"]
    assert response.context["can_edit"] is False


def test_hostentity_detail_missing_is_404(cast, world, client_for):
    url = reverse("partners:hostentity_detail", kwargs={"hostentity_id": 999999})
    assert client_for(cast["hq"]).get(url).status_code == 404


def test_create_form_offers_non_un_types_and_own_countries_to_a_field_unit(cast, world, client_for):
    form = client_for(cast["field_in"]).get(reverse("partners:hostentity_create")).context["form"]
    assert [value for value, _ in form.fields["type"].choices] == ["government", "ngo", "academic"]
    assert list(form.fields["country"].queryset) == [world.country]


def test_create_form_offers_every_type_to_headquarters(cast, world, client_for):
    form = client_for(cast["hq"]).get(reverse("partners:hostentity_create")).context["form"]
    assert [value for value, _ in form.fields["type"].choices] == HostEntity.Type.values


def test_hostentity_create_flow(cast, world, client_for):
    # when
    response = client_for(cast["recruiter"]).post(
        reverse("partners:hostentity_create"),
        {
            "acronym": "UON",
            "name_en": "University of Nairobi",
            "type": "academic",
            "reporting_group": world.host.reporting_group_id,
            "country": world.country.pk,
            "is_active": "on",
        },
    )
    # then
    entity = HostEntity.objects.get(acronym="UON")
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:hostentity_detail", kwargs={"hostentity_id": entity.pk})
    assert (entity.type, entity.country, entity.is_active) == ("academic", world.country, True)
    assert AuditRecord.objects.get(verb="hostentity.created").actor == cast["recruiter"]


def test_hostentity_create_by_a_recruiter_of_a_un_type_is_422_naming_type(cast, world, client_for):
    response = client_for(cast["recruiter"]).post(
        reverse("partners:hostentity_create"),
        {
            "acronym": "UNX",
            "name_en": "X",
            "type": "fund_programme",
            "reporting_group": world.host.reporting_group_id,
        },
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["type"]
    assert not HostEntity.objects.filter(acronym="UNX").exists()


def test_hostentity_create_duplicate_acronym_is_422_naming_acronym(cast, world, client_for):
    response = client_for(cast["hq"]).post(
        reverse("partners:hostentity_create"),
        {"acronym": "hostb", "name_en": "X", "type": "ngo", "reporting_group": world.host.reporting_group_id},
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["acronym"]
    assert "Another host entity already uses this acronym." in response.text
    assert HostEntity.objects.filter(acronym__iexact="hostb").count() == 1


def test_hostentity_edit_flow(cast, world, client_for):
    # given
    client = client_for(cast["hq"])
    url = reverse("partners:hostentity_edit", kwargs={"hostentity_id": world.other_host.pk})
    form = client.get(url).context["form"]
    assert form.initial["version"] == 1
    assert world.other_host not in form.fields["parent"].queryset
    data = {k: v for k, v in form.initial.items() if v is not None}
    # when
    response = client.post(url, {**data, "parent": world.host.pk, "is_active": ""})
    # then
    assert response.status_code == 302
    world.other_host.refresh_from_db()
    assert (world.other_host.parent, world.other_host.is_active, world.other_host.version) == (
        world.host,
        False,
        2,
    )
    assert AuditRecord.objects.get(verb="hostentity.updated").changes == {
        "parent_id": [None, world.host.pk],
        "is_active": [True, False],
    }


def test_hostentity_edit_stale_is_422(cast, world, client_for):
    client = client_for(cast["hq"])
    url = reverse("partners:hostentity_edit", kwargs={"hostentity_id": world.host.pk})
    data = {
        "acronym": "HOSTA",
        "name_en": "Host entity A",
        "type": "fund_programme",
        "reporting_group": world.host.reporting_group_id,
        "is_active": "on",
        "version": 1,
    }
    assert client.post(url, {**data, "name_fr": "Entité A"}).status_code == 302
    response = client.post(url, {**data, "name_fr": "Autre"})
    assert response.status_code == 422
    assert "changed by someone else" in response.text
    world.host.refresh_from_db()
    assert world.host.name_fr == "Entité A"
