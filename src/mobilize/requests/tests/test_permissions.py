"""Every DoA endpoint and page over the whole cast.

world.doa belongs to host A (``focal``) in Kenya (``field_in``); world.other_doa to host B
(``other_focal``) in Peru (``field_out``). HQ, recruiters and auditors see every DoA; candidates
and donors see none. Writers: HQ, the host's focal point, the country's field unit.
"""

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.core.models import AuditRecord
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.tests.factories import PositionFactory
from mobilize.requests.tests.helpers import doa_edit_data, doa_form_data, doa_payload

pytestmark = pytest.mark.django_db

# Who sees world.doa, and who may change it.
SEES = {"hq", "recruiter", "auditor", "focal", "field_in"}
EDITS = {"hq", "focal", "field_in"}
LISTS = {"hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"}
CREATES = {"hq", "focal", "other_focal", "field_in", "field_out"}


def api_status(who, *, ok=200, allowed=EDITS, visible=SEES):
    """``ok`` for the allowed, 403 for those who see but may not act, 404 for those who do not
    see, 401 for the anonymous."""
    if who == "anonymous":
        return 401
    if who in allowed:
        return ok
    return 403 if who in visible else 404


def page_status(who, *, ok=200, allowed=EDITS, visible=SEES):
    if who == "anonymous":
        return 302
    if who in allowed:
        return ok
    return 403 if who in visible else 404


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_api_list(who, cast, world, api_as):
    response = api_as(cast[who], "get", "/api/v1/requests/doas")
    expected = {
        "hq": {world.doa.reference, world.other_doa.reference},
        "recruiter": {world.doa.reference, world.other_doa.reference},
        "auditor": {world.doa.reference, world.other_doa.reference},
        "focal": {world.doa.reference},
        "other_focal": {world.other_doa.reference},
        "field_in": {world.doa.reference},
        "field_out": {world.other_doa.reference},
    }
    assert response.status_code == api_status(who, allowed=LISTS, visible=set(CAST))
    if who in LISTS:
        assert {item["reference"] for item in response.json()["items"]} == expected[who]


@pytest.mark.parametrize("who", CAST)
def test_api_detail(who, cast, world, api_as):
    response = api_as(cast[who], "get", f"/api/v1/requests/doas/{world.doa.pk}")
    assert response.status_code == api_status(who, allowed=SEES)
    if who in SEES:
        assert response.json()["reference"] == world.doa.reference


@pytest.mark.parametrize("who", CAST)
def test_api_create(who, cast, world, api_as):
    # given: a DoA for host A in Kenya
    before = Doa.objects.count()
    # when
    response = api_as(cast[who], "post", "/api/v1/requests/doas", doa_payload(world))
    # then: host B's focal point and Peru's field unit are refused, naming what is out of their scope
    refused_field = {"other_focal": "host_entity", "field_out": "country"}
    if who in refused_field:
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == [refused_field[who]]
    else:
        assert response.status_code == api_status(who, ok=201, allowed=EDITS, visible=set(CAST))
    assert Doa.objects.count() == before + (1 if who in EDITS else 0)


@pytest.mark.parametrize("who", CAST)
def test_api_update(who, cast, world, api_as):
    original = world.doa.title
    response = api_as(
        cast[who], "patch", f"/api/v1/requests/doas/{world.doa.pk}", {"version": 1, "title": "Renamed"}
    )
    assert response.status_code == api_status(who)
    world.doa.refresh_from_db()
    assert world.doa.title == ("Renamed" if who in EDITS else original)


@pytest.mark.parametrize("who", CAST)
def test_api_languages_set(who, cast, world, api_as):
    from mobilize.reference.tests.factories import LanguageFactory

    english = LanguageFactory(code="en", name_en="English")
    response = api_as(
        cast[who],
        "put",
        f"/api/v1/requests/doas/{world.doa.pk}/languages",
        {"languages": [{"language": english.pk, "level": "fluent", "required": True}]},
    )
    assert response.status_code == api_status(who)
    assert DoaLanguage.objects.filter(doa=world.doa).count() == (1 if who in EDITS else 0)


@pytest.mark.parametrize("who", CAST)
def test_api_position_add(who, cast, world, api_as):
    response = api_as(
        cast[who],
        "post",
        f"/api/v1/requests/doas/{world.doa.pk}/positions",
        {"duty_station": world.station.pk},
    )
    assert response.status_code == api_status(who, ok=201)
    assert world.doa.positions.count() == (2 if who in EDITS else 1)


@pytest.mark.parametrize("who", CAST)
def test_api_position_remove(who, cast, world, api_as):
    # given: a position nobody is assigned to
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    # when
    response = api_as(cast[who], "delete", f"/api/v1/requests/doas/{world.doa.pk}/positions/{position.pk}")
    # then
    assert response.status_code == api_status(who, ok=204)
    assert Position.objects.filter(pk=position.pk).exists() is (who not in EDITS)


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_page_list(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_list"))
    assert response.status_code == page_status(who, allowed=LISTS, visible=set(CAST))
    if who in LISTS:
        shown = {doa.reference for doa in response.context["object_list"]}
        assert (world.doa.reference in shown) is (who in SEES)
        assert (world.other_doa.reference in shown) is (
            who in {"hq", "recruiter", "auditor", "other_focal", "field_out"}
        )


@pytest.mark.parametrize("who", CAST)
def test_page_detail(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_detail", kwargs={"doa_id": world.doa.pk}))
    assert response.status_code == page_status(who, allowed=SEES)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", CAST)
def test_page_create_form(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_create"))
    assert response.status_code == page_status(who, allowed=CREATES, visible=set(CAST))


@pytest.mark.parametrize("who", CAST)
def test_page_create_post(who, cast, world, client_for):
    # given
    before = Doa.objects.count()
    # when
    response = client_for(cast[who]).post(reverse("requests:doa_create"), doa_form_data(world))
    # then: out-of-scope writers get the form back naming the field; the others as for any page
    refused_field = {"other_focal": "host_entity", "field_out": "country"}
    if who in refused_field:
        assert response.status_code == 422
        assert list(response.context["form"].errors) == [refused_field[who]]
    else:
        assert response.status_code == page_status(who, ok=302, allowed=EDITS, visible=set(CAST))
    assert Doa.objects.count() == before + (1 if who in EDITS else 0)


@pytest.mark.parametrize("who", CAST)
def test_page_edit_form(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk}))
    assert response.status_code == page_status(who)


@pytest.mark.parametrize("who", CAST)
def test_page_edit_post(who, cast, world, client_for):
    url = reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast[who]).post(url, doa_edit_data(world.doa, title="Renamed"))
    assert response.status_code == page_status(who, ok=302)
    world.doa.refresh_from_db()
    assert (world.doa.title == "Renamed") is (who in EDITS)


@pytest.mark.parametrize("who", CAST)
def test_page_position_add(who, cast, world, client_for):
    url = reverse("requests:position_add", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast[who]).post(
        url, {"position-duty_station": world.station.pk, "position-count": 2}
    )
    assert response.status_code == page_status(who, ok=302)
    assert world.doa.positions.count() == (3 if who in EDITS else 1)


@pytest.mark.parametrize("who", CAST)
def test_page_position_remove(who, cast, world, client_for):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    url = reverse("requests:position_remove", kwargs={"doa_id": world.doa.pk, "position_id": position.pk})
    response = client_for(cast[who]).post(url)
    assert response.status_code == page_status(who, ok=302)
    assert Position.objects.filter(pk=position.pk).exists() is (who not in EDITS)


# --- a host never sees another entity's DoA ---------------------------------------------------


def test_focal_point_gets_404_for_another_entitys_doa_from_api_and_page(cast, world, api_as, client_for):
    # given: host A's focal point; host B's DoA
    focal = cast["focal"]
    # when
    from_api = api_as(focal, "get", f"/api/v1/requests/doas/{world.other_doa.pk}")
    from_page = client_for(focal).get(reverse("requests:doa_detail", kwargs={"doa_id": world.other_doa.pk}))
    # then: exactly as if it did not exist
    missing = api_as(focal, "get", "/api/v1/requests/doas/999999")
    assert from_api.status_code == 404
    assert from_api.json() == missing.json()
    assert from_page.status_code == 404
    assert not AuditRecord.objects.filter(target_type="requests.doa").exists()
