import pytest
from django.urls import reverse

from mobilize.core.models import AuditRecord
from mobilize.geo.models import DutyStation
from mobilize.geo.tests.factories import DutyStationFactory

pytestmark = pytest.mark.django_db


def test_country_list_filters_and_links_each_country(cast, world, client_for):
    # when
    response = client_for(cast["recruiter"]).get(reverse("geo:country_list"), {"search": "ken"})
    # then
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [world.country]
    assert reverse("geo:country_detail", kwargs={"country_id": world.country.pk}) in response.text
    assert 'class="filters"' in response.text


def test_country_list_drops_a_filter_it_cannot_read(cast, world, client_for):
    response = client_for(cast["hq"]).get(reverse("geo:country_list"), {"region": "atlantis"})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [world.country, world.other_country]


def test_country_list_htmx_request_gets_only_the_results(cast, world, client_for):
    response = client_for(cast["hq"]).get(
        reverse("geo:country_list"), {"search": "peru"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="results">')
    assert "Peru" in response.text
    assert "Kenya" not in response.text


def test_country_list_is_paginated(cast, world, client_for):
    from mobilize.geo.tests.factories import CountryFactory

    for n in range(55):
        CountryFactory(iso2=f"{chr(81 + n // 26)}{chr(65 + n % 26)}", name_en=f"Zland {n:02d}")
    response = client_for(cast["hq"]).get(reverse("geo:country_list"), {"page": 2})
    assert response.context["page_obj"].number == 2
    assert len(response.context["object_list"]) == 7


def test_country_detail_lists_its_duty_stations(cast, world, client_for):
    DutyStationFactory(country=world.country, name="Kisumu")
    response = client_for(cast["volunteer"]).get(
        reverse("geo:country_detail", kwargs={"country_id": world.country.pk})
    )
    assert [s.name for s in response.context["stations"]] == ["Kisumu", "Nairobi"]
    assert "Lima" not in response.text
    assert reverse("geo:country_edit", kwargs={"country_id": world.country.pk}) not in response.text


def test_country_detail_offers_edit_to_headquarters(cast, world, client_for):
    response = client_for(cast["hq"]).get(
        reverse("geo:country_detail", kwargs={"country_id": world.country.pk})
    )
    assert reverse("geo:country_edit", kwargs={"country_id": world.country.pk}) in response.text


def test_country_detail_missing_is_404(cast, world, client_for):
    assert (
        client_for(cast["hq"]).get(reverse("geo:country_detail", kwargs={"country_id": 999999})).status_code
        == 404
    )


def test_country_edit_form_carries_the_version_and_saves(cast, world, client_for):
    # given
    client = client_for(cast["hq"])
    url = reverse("geo:country_edit", kwargs={"country_id": world.country.pk})
    form = client.get(url).context["form"]
    assert form.initial["version"] == 1
    assert form.initial["name_en"] == "Kenya"
    # when
    data = {**form.initial, "name_es": "Kenia", "is_global_south": "on"}
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:country_detail", kwargs={"country_id": world.country.pk})
    world.country.refresh_from_db()
    assert (world.country.name_es, world.country.version) == ("Kenia", 2)
    assert AuditRecord.objects.get(verb="country.updated").changes == {"name_es": ["", "Kenia"]}


def test_country_edit_with_a_stale_version_is_422_and_says_so(cast, world, client_for):
    # given someone else saved first
    world.country.version = 2
    world.country.save()
    data = {"name_en": "Kenya", "region": "africa", "regional_office": "wca", "version": 1}
    # when
    response = client_for(cast["hq"]).post(
        reverse("geo:country_edit", kwargs={"country_id": world.country.pk}), data
    )
    # then
    assert response.status_code == 422
    assert "changed by someone else" in response.text
    world.country.refresh_from_db()
    assert world.country.regional_office == "esa"


def test_country_edit_invalid_input_is_422_naming_the_field(cast, world, client_for):
    data = {"name_en": "", "region": "africa", "regional_office": "esa", "version": 1}
    response = client_for(cast["hq"]).post(
        reverse("geo:country_edit", kwargs={"country_id": world.country.pk}), data
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["name_en"]


def test_dutystation_list_filters_by_country_and_family(cast, world, client_for):
    DutyStationFactory(country=world.country, name="Dadaab", is_family=False)
    response = client_for(cast["field_out"]).get(
        reverse("geo:dutystation_list"), {"country": world.country.pk, "family": "false"}
    )
    assert [s.name for s in response.context["object_list"]] == ["Dadaab"]
    assert response.context["can_create"] is True


def test_dutystation_list_hides_the_add_button_from_those_who_cannot_add(cast, world, client_for):
    response = client_for(cast["recruiter"]).get(reverse("geo:dutystation_list"))
    assert reverse("geo:dutystation_create") not in response.text


def test_field_unit_create_form_offers_only_its_countries(cast, world, client_for):
    response = client_for(cast["field_in"]).get(reverse("geo:dutystation_create"))
    assert list(response.context["form"].fields["country"].queryset) == [world.country]


def test_dutystation_create_flow(cast, world, client_for):
    # when
    response = client_for(cast["field_in"]).post(
        reverse("geo:dutystation_create"),
        {"name": "Garissa", "country": world.country.pk, "hardship_class": "D", "is_capital": "on"},
    )
    # then
    station = DutyStation.objects.get(name="Garissa")
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:dutystation_detail", kwargs={"dutystation_id": station.pk})
    assert (station.country, station.hardship_class, station.is_family, station.is_capital) == (
        world.country,
        "D",
        False,
        True,
    )


def test_dutystation_create_duplicate_is_422_naming_name(cast, world, client_for):
    response = client_for(cast["hq"]).post(
        reverse("geo:dutystation_create"),
        {"name": "nairobi", "country": world.country.pk, "hardship_class": "B"},
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["name"]
    assert DutyStation.objects.filter(country=world.country).count() == 1


def test_dutystation_edit_flow(cast, world, client_for):
    # given
    client = client_for(cast["field_in"])
    url = reverse("geo:dutystation_edit", kwargs={"dutystation_id": world.station.pk})
    form = client.get(url).context["form"]
    # when
    response = client.post(url, {**form.initial, "name": "Nairobi Central", "is_family": ""})
    # then
    assert response.status_code == 302
    world.station.refresh_from_db()
    assert (world.station.name, world.station.is_family, world.station.version) == (
        "Nairobi Central",
        False,
        2,
    )
    record = AuditRecord.objects.get(verb="dutystation.updated")
    assert record.changes == {"name": ["Nairobi", "Nairobi Central"], "is_family": [True, False]}


def test_dutystation_edit_stale_is_422(cast, world, client_for):
    client = client_for(cast["hq"])
    url = reverse("geo:dutystation_edit", kwargs={"dutystation_id": world.station.pk})
    data = {"name": "Nairobi", "country": world.country.pk, "hardship_class": "E", "version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "hardship_class": "A"})
    assert response.status_code == 422
    assert response.context["form"].errors["version"]
    world.station.refresh_from_db()
    assert world.station.hardship_class == "E"


def test_dutystation_detail_offers_edit_only_to_writers(cast, world, client_for):
    url = reverse("geo:dutystation_detail", kwargs={"dutystation_id": world.station.pk})
    edit = reverse("geo:dutystation_edit", kwargs={"dutystation_id": world.station.pk})
    assert edit in client_for(cast["field_in"]).get(url).text
    assert edit not in client_for(cast["field_out"]).get(url).text


def test_dutystation_detail_missing_is_404(cast, world, client_for):
    url = reverse("geo:dutystation_detail", kwargs={"dutystation_id": 999999})
    assert client_for(cast["hq"]).get(url).status_code == 404
