"""The admin: headquarters records security levels through the service and reads the rest."""

import pytest
from django.urls import reverse

from mobilize.core.models import AuditRecord
from mobilize.dutyofcare.models import SecurityLevelChange

pytestmark = pytest.mark.django_db


def test_headquarters_records_a_level_in_the_admin_and_it_is_audited(cast, world, client_for):
    client = client_for(cast["hq"])
    url = reverse("admin:dutyofcare_securitylevelchange_add")
    assert client.get(url).status_code == 200
    data = {
        "country": world.country.pk,
        "duty_station": "",
        "level": "4",
        "effective_from": "2023-04-15",
        "note": "UNDSS",
    }
    assert client.post(url, data).status_code == 302
    change = SecurityLevelChange.objects.get()
    assert (change.level, change.recorded_by) == (4, cast["hq"])
    assert AuditRecord.objects.filter(verb="security_level.recorded").count() == 1
    # a recorded change is history: viewed, not edited
    page = client.get(reverse("admin:dutyofcare_securitylevelchange_change", args=[change.pk]))
    assert page.status_code == 200
    assert (
        client.post(
            reverse("admin:dutyofcare_securitylevelchange_change", args=[change.pk]), {**data, "level": "6"}
        ).status_code
        == 403
    )
    change.refresh_from_db()
    assert change.level == 4


def test_admin_refuses_a_duty_station_of_another_country(cast, world, client_for):
    client = client_for(cast["hq"])
    data = {
        "country": world.country.pk,
        "duty_station": world.other_station.pk,
        "level": "4",
        "effective_from": "2023-04-15",
    }
    response = client.post(reverse("admin:dutyofcare_securitylevelchange_add"), data)
    assert response.status_code == 200
    assert not SecurityLevelChange.objects.exists()


@pytest.mark.parametrize("name", ["evacuation", "incident", "checkin", "securitylevelchange"])
def test_admin_lists_open_for_headquarters_only(cast, world, evacuation, incident, checkin, client_for, name):
    url = reverse(f"admin:dutyofcare_{name}_changelist")
    assert client_for(cast["hq"]).get(url).status_code == 200
    assert client_for(cast["field_in"]).get(url).status_code == 302  # not staff: to the admin's sign-in


def test_admin_detail_pages_are_read_only(cast, world, evacuation, incident, checkin, client_for):
    client = client_for(cast["hq"])
    for name, obj in [("evacuation", evacuation), ("incident", incident), ("checkin", checkin)]:
        assert client.get(reverse(f"admin:dutyofcare_{name}_change", args=[obj.pk])).status_code == 200
        assert client.get(reverse(f"admin:dutyofcare_{name}_add")).status_code == 403
