import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.core.audit import audit_record

pytestmark = pytest.mark.django_db

PAGE_STATUS = {"hq": 200, "auditor": 200, "anonymous": 302}
API_STATUS = {"hq": 200, "auditor": 200, "anonymous": 401}


@pytest.mark.parametrize("who", CAST)
def test_audit_page_is_for_headquarters_and_auditors(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("web:audit_list"))
    assert response.status_code == PAGE_STATUS.get(who, 403)


@pytest.mark.parametrize("who", CAST)
def test_audit_api_is_for_headquarters_and_auditors(who, cast, world, api_as):
    response = api_as(cast[who], "get", "/api/v1/audit/records")
    assert response.status_code == API_STATUS.get(who, 403)


def test_audit_api_filters_by_record(cast, world, api_as):
    # given two records about two different stations
    audit_record(
        actor=cast["hq"], verb="dutystation.updated", target=world.station, changes={"name": ["A", "B"]}
    )
    audit_record(actor=cast["hq"], verb="dutystation.updated", target=world.other_station)
    # when
    response = api_as(
        cast["auditor"],
        "get",
        f"/api/v1/audit/records?target_type=geo.dutystation&target_id={world.station.pk}",
    )
    # then
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["changes"] == {"name": ["A", "B"]}
    assert body["items"][0]["actor_label"] == "hq"


def test_audit_page_shows_changes(cast, world, client_for):
    audit_record(
        actor=cast["hq"], verb="dutystation.updated", target=world.station, changes={"name": ["Old", "New"]}
    )
    page = client_for(cast["hq"]).get(reverse("web:audit_list"), {"verb": "dutystation"})
    text = page.content.decode()
    assert "dutystation.updated" in text
    assert "Old" in text and "New" in text
