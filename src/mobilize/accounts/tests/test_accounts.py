import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from mobilize.accounts.models import ApiToken, Role
from mobilize.accounts.services import token_create, token_revoke, user_create
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_token_authenticates_and_only_its_hash_is_stored(client):
    # given
    user = UserFactory(username="alice", role=Role.HQ)
    # when
    raw = token_create(user=user)
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"})
    # then
    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    assert response.json()["role"] == "hq"
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert ApiToken.objects.get(user=user).key_hash == ApiToken.hash_secret(raw)


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer mob_deadbeef_wrong", "Token abc", ""])
def test_bad_or_missing_token_is_401(client, header):
    UserFactory(username="alice", role=Role.HQ)
    response = client.get("/api/v1/accounts/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.json()["message"]


def test_revoked_token_and_inactive_user_are_refused(client):
    user = UserFactory(username="bob", role=Role.RECRUITER)
    raw = token_create(user=user)
    token_revoke(token=ApiToken.objects.get(user=user))
    assert client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    raw2 = token_create(user=user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw2}"}).status_code == 401


def test_token_command_prints_a_working_token(client, capsys):
    UserFactory(username="charlie", role=Role.FIELD_UNIT)
    call_command("token", "create", "charlie")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("mob_")
    assert client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_token_command_names_a_missing_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "create", "nobody")


def test_user_create_records_audit_and_scope():
    from mobilize.partners.tests.factories import HostEntityFactory

    host = HostEntityFactory(acronym="UNDP")
    user = user_create(
        username="focal",
        password="a long enough password",
        role=Role.HOST_FOCAL_POINT,
        host_entity_ids=[host.pk],
    )
    assert user.host_entity_ids() == [host.pk]
    assert user.check_password("a long enough password")
    assert AuditRecord.objects.filter(verb="user.created", target_id=str(user.pk)).count() == 1


def test_login_page_signs_in_and_logout_signs_out(client):
    UserFactory(username="dora", role=Role.HQ)
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:login"), {"username": "dora", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("web:home")).status_code == 302


def test_login_is_throttled_after_repeated_failures(client, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    from django.core.cache import cache

    cache.clear()
    UserFactory(username="eve", role=Role.HQ)
    for _ in range(3):
        assert (
            client.post(reverse("accounts:login"), {"username": "eve", "password": "wrong"}).status_code
            == 200
        )
    # even the right password is refused while throttled
    response = client.post(
        reverse("accounts:login"), {"username": "eve", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_home_needs_sign_in(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_page_carries_a_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_demo_users_prints_each_login_as_json(capsys):
    from mobilize.accounts.demo import DEMO_PASSWORD
    from mobilize.geo.tests.factories import CountryFactory

    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya")
    user_create(username="hq", password=DEMO_PASSWORD, role=Role.HQ)
    user_create(username="field.kenya", password=DEMO_PASSWORD, role=Role.FIELD_UNIT, country_ids=[kenya.pk])
    call_command("demo_users")
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "username": "hq",
            "password": DEMO_PASSWORD,
            "role": "hq",
            "scope": {"host_entities": [], "countries": []},
        },
        {
            "username": "field.kenya",
            "password": DEMO_PASSWORD,
            "role": "field",
            "scope": {"host_entities": [], "countries": ["KE"]},
        },
    ]


def test_headquarters_may_use_the_admin_and_others_may_not(client):
    hq = user_create(username="hq", password="a long enough password", role=Role.HQ)
    recruiter = user_create(username="rec", password="a long enough password", role=Role.RECRUITER)
    client.force_login(hq)
    assert client.get("/admin/geo/country/").status_code == 200
    client.force_login(recruiter)
    assert client.get("/admin/geo/country/").status_code == 302
