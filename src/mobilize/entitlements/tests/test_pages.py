"""The entitlement pages, the sections they add to the assignment and DoA pages, and the admin:
every page over the whole cast, and the forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.assignments.models import Dependant
from mobilize.assignments.tests.factories import DependantFactory
from mobilize.core.models import AuditRecord
from mobilize.entitlements.models import RATE_MODELS, LivingAllowanceBaseRate, PostAdjustment
from mobilize.entitlements.tests.factories import BaseRateFactory, standard_rates

pytestmark = pytest.mark.django_db

READ_RATES = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 200,
    "focal": 403,
    "other_focal": 403,
    "field_in": 200,
    "field_out": 200,
    "volunteer": 403,
    "other_volunteer": 403,
    "donor": 403,
    "anonymous": 302,
}
EDIT_RATES = {who: 200 if who == "hq" else 302 if who == "anonymous" else 403 for who in CAST}
STATEMENTS = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 200,
    "focal": 200,
    "other_focal": 404,
    "field_in": 200,
    "field_out": 404,
    "volunteer": 200,
    "other_volunteer": 404,
    "donor": 404,
    "anonymous": 302,
}
DOA_COST = {**STATEMENTS, "volunteer": 404}
EDIT_DEPENDANTS = {**STATEMENTS, "focal": 403, "auditor": 403, "volunteer": 403}
COST_LIST_SEES = {
    "hq": {"assignment", "other_assignment"},
    "recruiter": {"assignment", "other_assignment"},
    "auditor": {"assignment", "other_assignment"},
    "focal": {"assignment"},
    "other_focal": {"other_assignment"},
    "field_in": {"assignment"},
    "field_out": {"other_assignment"},
    "volunteer": {"assignment"},
    "other_volunteer": {"other_assignment"},
}


@pytest.fixture
def rates(world):
    standard_rates(stations=[world.station], countries=[world.country, world.other_country])


def _status(response, who):
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    return response.status_code


# --- rate tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_rate_pages_read(client_for, cast, world, rates, who):
    client = client_for(cast[who])
    index = client.get(reverse("entitlements:rate_index"))
    listing = client.get(reverse("entitlements:rate_list", kwargs={"table": "post-adjustment"}))
    assert (_status(index, who), _status(listing, who)) == (READ_RATES[who], READ_RATES[who])
    if listing.status_code == 200:
        assert "Nairobi, Kenya" in listing.content.decode()
        assert ("Add a rate" in index.content.decode()) == (who == "hq")


@pytest.mark.parametrize("table", list(RATE_MODELS))
def test_every_rate_table_page_renders(client_for, cast, world, rates, table):
    client = client_for(cast["hq"])
    assert (
        client.get(
            reverse("entitlements:rate_list", kwargs={"table": table}), {"on": "2023-06-01"}
        ).status_code
        == 200
    )
    assert client.get(reverse("entitlements:rate_create", kwargs={"table": table})).status_code == 200
    row = RATE_MODELS[table].objects.first()
    assert (
        client.get(reverse("entitlements:rate_edit", kwargs={"table": table, "row_id": row.pk})).status_code
        == 200
    )


def test_an_unknown_table_is_404(client_for, cast, world):
    assert (
        client_for(cast["hq"]).get(reverse("entitlements:rate_list", kwargs={"table": "nope"})).status_code
        == 404
    )


@pytest.mark.parametrize("who", CAST)
def test_rate_edit_pages_are_for_headquarters(client_for, cast, world, who):
    row = BaseRateFactory()
    client = client_for(cast[who])
    create = client.get(reverse("entitlements:rate_create", kwargs={"table": "living-allowance-base"}))
    edit = client.get(
        reverse("entitlements:rate_edit", kwargs={"table": "living-allowance-base", "row_id": row.pk})
    )
    assert (_status(create, who), _status(edit, who)) == (EDIT_RATES[who], EDIT_RATES[who])
    posted = client.post(
        reverse("entitlements:rate_create", kwargs={"table": "living-allowance-base"}),
        {"effective_from": "2023-07-01", "monthly_amount": "1800.00", "notes": ""},
    )
    assert posted.status_code == (302 if who == "hq" else EDIT_RATES[who])
    assert LivingAllowanceBaseRate.objects.count() == (2 if who == "hq" else 1)


def test_a_change_of_rate_on_the_page_closes_the_current_one(client_for, cast, world):
    row = BaseRateFactory()
    response = client_for(cast["hq"]).post(
        reverse("entitlements:rate_create", kwargs={"table": "living-allowance-base"}),
        {"effective_from": "2023-07-01", "monthly_amount": "1800.00", "notes": "HQ decision"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.effective_to == dt.date(2023, 6, 30)


def test_a_refused_rate_shows_the_field_and_writes_nothing(client_for, cast, world):
    BaseRateFactory()
    response = client_for(cast["hq"]).post(
        reverse("entitlements:rate_create", kwargs={"table": "living-allowance-base"}),
        {"effective_from": "2023-07-01", "effective_to": "2023-08-31", "monthly_amount": "1800.00"},
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["effective_from"]
    assert LivingAllowanceBaseRate.objects.count() == 1


def test_a_rate_is_corrected_on_the_edit_page(client_for, cast, world):
    PostAdjustment.objects.create(
        duty_station=world.station, effective_from=dt.date(2019, 1, 1), multiplier=34
    )
    row = PostAdjustment.objects.get()
    url = reverse("entitlements:rate_edit", kwargs={"table": "post-adjustment", "row_id": row.pk})
    client = client_for(cast["hq"])
    data = {
        "version": 1,
        "multiplier": "34.2",
        "effective_from": "2019-01-01",
        "effective_to": "",
        "notes": "ICSC",
    }
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert (row.multiplier, row.notes, row.version) == (Decimal("34.200"), "ICSC", 2)
    stale = client.post(url, {**data, "multiplier": "1"})
    assert stale.status_code == 422
    row.refresh_from_db()
    assert row.multiplier == Decimal("34.200")


# --- statements and costs ------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_cost_list(client_for, cast, world, rates, who):
    response = client_for(cast[who]).get(reverse("entitlements:cost_list"))
    if who == "anonymous":
        assert _status(response, who) == 302
        return
    if who == "donor":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {row.assignment.reference for row in response.context["rows"]}
    assert shown == {getattr(world, name).reference for name in COST_LIST_SEES[who]}
    assert response.context["show_cost"] is (who not in ("volunteer", "other_volunteer"))


@pytest.mark.parametrize("who", CAST)
def test_assignment_entitlements_page(client_for, cast, world, rates, who):
    url = reverse("entitlements:assignment_entitlements", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast[who]).get(url)
    assert _status(response, who) == STATEMENTS[who]
    if response.status_code == 200:
        body = response.content.decode()
        assert "2023-03" in body
        # the volunteer sees their allowances, not the cost (management fee, total cost)
        assert ("12,312.00" in body) == (who != "volunteer")
        assert "11,400.00" in body


@pytest.mark.parametrize("who", CAST)
def test_statement_page(client_for, cast, world, rates, who):
    url = reverse(
        "entitlements:statement", kwargs={"assignment_id": world.assignment.pk, "year": 2023, "month": 3}
    )
    response = client_for(cast[who]).get(url)
    assert _status(response, who) == STATEMENTS[who]
    if response.status_code == 200:
        assert response.context["statement"].total == Decimal("800.00")


def test_a_statement_with_missing_rates_says_so(client_for, cast, world):
    url = reverse(
        "entitlements:statement", kwargs={"assignment_id": world.assignment.pk, "year": 2023, "month": 3}
    )
    body = client_for(cast["hq"]).get(url).content.decode()
    assert "No national living-allowance rate in force from 2023-03-01 to 2023-03-31." in body


@pytest.mark.parametrize("who", CAST)
def test_doa_cost_page(client_for, cast, world, rates, who):
    response = client_for(cast[who]).get(reverse("entitlements:doa_cost", kwargs={"doa_id": world.doa.pk}))
    assert _status(response, who) == DOA_COST[who]
    if response.status_code == 200:
        assert response.context["pro_forma"].total == Decimal("12312.00")
        assert "12,312.00" in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_doa_page_shows_the_pro_forma_to_those_who_may_see_it(client_for, cast, world, rates, who):
    response = client_for(cast[who]).get(reverse("requests:doa_detail", kwargs={"doa_id": world.doa.pk}))
    if response.status_code != 200:
        return  # the DoA page's own permissions are tested in requests
    body = response.content.decode()
    assert ("Pro-forma cost" in body) == (DOA_COST[who] == 200)
    if DOA_COST[who] == 200:
        assert "US$12,312.00" in body


# --- dependants ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_assignment_page_family_section(client_for, cast, world, who):
    DependantFactory(assignment=world.assignment, given_name="Dana")
    response = client_for(cast[who]).get(
        reverse("assignments:assignment_detail", kwargs={"assignment_id": world.assignment.pk})
    )
    if response.status_code != 200:
        return  # the assignment page's own permissions are tested in assignments
    body = response.content.decode()
    assert "Monthly statements of allowances" in body
    readable = who in ("hq", "recruiter", "auditor", "field_in", "volunteer")
    assert ("Dana Dependant" in body) == readable
    assert ("Recognize a dependant" in body) == (EDIT_DEPENDANTS[who] == 200)


@pytest.mark.parametrize("who", CAST)
def test_dependant_pages(client_for, cast, world, who):
    dependant = DependantFactory(assignment=world.assignment)
    client = client_for(cast[who])
    create = client.get(
        reverse("entitlements:dependant_create", kwargs={"assignment_id": world.assignment.pk})
    )
    edit = client.get(
        reverse(
            "entitlements:dependant_edit",
            kwargs={"assignment_id": world.assignment.pk, "dependant_id": dependant.pk},
        )
    )
    assert (_status(create, who), _status(edit, who)) == (EDIT_DEPENDANTS[who], EDIT_DEPENDANTS[who])


def test_field_unit_recognizes_and_edits_a_dependant(client_for, cast, world):
    client = client_for(cast["field_in"])
    url = reverse("entitlements:dependant_create", kwargs={"assignment_id": world.assignment.pk})
    data = {
        "given_name": "Ada",
        "family_name": "Child",
        "relationship": "child",
        "date_of_birth": "2015-04-02",
        "accompanying": "on",
        "recognized_from": "2023-06-16",
        "recognized_until": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#dependants")
    dependant = Dependant.objects.get()
    refused = client.post(url, {**data, "recognized_from": "2023-01-01"})
    assert refused.status_code == 422
    assert list(refused.context["form"].errors) == ["recognized_from"]
    edit = reverse(
        "entitlements:dependant_edit",
        kwargs={"assignment_id": world.assignment.pk, "dependant_id": dependant.pk},
    )
    assert client.post(edit, {**data, "version": 1, "recognized_until": "2023-12-31"}).status_code == 302
    dependant.refresh_from_db()
    assert (dependant.recognized_until, dependant.version) == (dt.date(2023, 12, 31), 2)
    assert AuditRecord.objects.filter(verb="dependant.updated", target_id=str(dependant.pk)).count() == 1


def test_a_dependant_of_another_assignment_is_404(client_for, cast, world):
    other = DependantFactory(assignment=world.other_assignment)
    url = reverse(
        "entitlements:dependant_edit", kwargs={"assignment_id": world.assignment.pk, "dependant_id": other.pk}
    )
    assert client_for(cast["hq"]).get(url).status_code == 404


# --- admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.HQ, is_staff=True, is_superuser=True)


def test_admin_lists_every_table_and_nobody_deletes(client_for, admin_user, world, rates):
    client = client_for(admin_user)
    for model in RATE_MODELS.values():
        name = model._meta.model_name
        assert client.get(f"/admin/entitlements/{name}/").status_code == 200, name
        assert client.get(f"/admin/entitlements/{name}/add/").status_code == 200, name
        row = model.objects.first()
        assert client.get(f"/admin/entitlements/{name}/{row.pk}/delete/").status_code == 403, name


def test_admin_add_is_validated_and_audited(client_for, admin_user, world, rates):
    client = client_for(admin_user)
    url = "/admin/entitlements/postadjustment/add/"
    data = {"duty_station": world.station.pk, "effective_from": "2023-01-01", "multiplier": "40", "notes": ""}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "effective_from" in refused.context["adminform"].form.errors
    assert PostAdjustment.objects.count() == 1
    accepted = client.post(url, {**data, "duty_station": world.other_station.pk})
    assert accepted.status_code == 302
    assert AuditRecord.objects.filter(verb="postadjustment.created", actor=admin_user).count() == 1
