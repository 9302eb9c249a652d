import pytest
from django.urls import reverse

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.models import AuditRecord
from mobilize.partners.models import HostEntity

pytestmark = pytest.mark.django_db


def test_headquarters_adds_a_host_entity_in_the_admin_and_it_is_audited(cast, world, client):
    # given
    client.force_login(cast["hq"])
    assert client.get(reverse("admin:partners_hostentity_changelist"), {"q": "host"}).status_code == 200
    # when
    response = client.post(
        reverse("admin:partners_hostentity_add"),
        {
            "name_en": "UN Volunteers",
            "acronym": "UNV",
            "type": "fund_programme",
            "reporting_group": world.host.reporting_group_id,
            "is_active": "on",
            "version": 1,
        },
    )
    # then
    assert response.status_code == 302
    entity = HostEntity.objects.get(acronym="UNV")
    assert AuditRecord.objects.get(verb="hostentity.created").target_id == str(entity.pk)


def test_admin_refuses_a_duplicate_acronym(cast, world, client):
    client.force_login(cast["hq"])
    response = client.post(
        reverse("admin:partners_hostentity_add"),
        {"name_en": "X", "acronym": "HOSTA", "type": "ngo", "reporting_group": world.host.reporting_group_id},
    )
    assert response.status_code == 200
    assert HostEntity.objects.filter(acronym="HOSTA").count() == 1


def test_reporting_groups_are_listed_for_headquarters(cast, world, client):
    client.force_login(cast["hq"])
    assert client.get(reverse("admin:partners_reportinggroup_changelist")).status_code == 200


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.HOST_FOCAL_POINT])
def test_other_staff_cannot_use_the_partners_admin(role, world, client):
    client.force_login(UserFactory(username="staffer", role=role, is_staff=True))
    assert client.get(reverse("admin:partners_hostentity_changelist")).status_code == 403
