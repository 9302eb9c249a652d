import pytest
from django.urls import reverse

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_headquarters_edits_a_countrys_flags_from_the_list_and_it_is_audited(cast, world, client):
    # given
    client.force_login(cast["hq"])
    url = reverse("admin:geo_country_changelist")
    assert client.get(url, {"q": "KE"}).status_code == 200
    # when: the list's editable columns are saved
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(world.country.pk),
        "form-0-region": "africa",
        "form-0-regional_office": "wca",
        "form-0-is_global_south": "",
        "_save": "Save",
    }
    response = client.post(f"{url}?q=KE", data)
    # then
    assert response.status_code == 302
    world.country.refresh_from_db()
    assert (world.country.regional_office, world.country.is_global_south, world.country.version) == (
        "wca",
        False,
        2,
    )
    record = AuditRecord.objects.get(verb="country.updated")
    assert record.changes == {"regional_office": ["esa", "wca"], "is_global_south": [True, False]}


def test_admin_duty_station_change_is_validated(cast, world, client):
    client.force_login(cast["hq"])
    url = reverse("admin:geo_dutystation_change", args=[world.station.pk])
    response = client.post(
        url, {"name": "", "country": world.country.pk, "hardship_class": "B", "version": 1}
    )
    assert response.status_code == 200  # the form again, with the error
    world.station.refresh_from_db()
    assert world.station.name == "Nairobi"


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.FIELD_UNIT, Role.AUDITOR])
def test_other_staff_cannot_use_the_reference_admin(role, world, client):
    client.force_login(UserFactory(username="staffer", role=role, is_staff=True))
    assert client.get(reverse("admin:geo_country_changelist")).status_code == 403
    assert client.get(reverse("admin:geo_dutystation_changelist")).status_code == 403
