"""The JSON API at /api/v1/entitlements/: every endpoint over the whole cast, and the rules."""

import datetime as dt

import pytest

from conftest import CAST
from mobilize.assignments.models import Dependant
from mobilize.assignments.tests.factories import DependantFactory
from mobilize.core.models import AuditRecord
from mobilize.entitlements.models import RATE_MODELS, LivingAllowanceBaseRate, PostAdjustment
from mobilize.entitlements.tests.factories import BaseRateFactory, PostAdjustmentFactory, standard_rates

pytestmark = pytest.mark.django_db

BASE = "/api/v1/entitlements"

RATES_READ = {
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
    "anonymous": 401,
}
RATES_WRITE = {who: (401 if who == "anonymous" else 403) for who in CAST}
# whoever sees world.assignment sees its statements
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
    "anonymous": 401,
}
COST = {**STATEMENTS, "volunteer": 403}
DOA_COST = {**STATEMENTS, "volunteer": 404}
DEPENDANTS_READ = {**STATEMENTS, "focal": 403}
DEPENDANTS_WRITE = {**DEPENDANTS_READ, "auditor": 403, "volunteer": 403}


@pytest.fixture
def rates(world):
    standard_rates(stations=[world.station], countries=[world.country, world.other_country])


def _fields(response):
    return sorted(e["field"] for e in response.json()["errors"])


# --- rate tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_rate_tables_index(api_as, cast, world, rates, who):
    response = api_as(cast[who], "GET", f"{BASE}/rates")
    assert response.status_code == RATES_READ[who]
    if response.status_code == 200:
        body = response.json()
        assert [t["table"] for t in body] == list(RATE_MODELS)
        assert body[0] == {
            "table": "living-allowance-base",
            "name": "living-allowance base rates",
            "key_fields": [],
            "value_fields": ["monthly_amount"],
            "rows": 1,
            "in_force_today": 1,
        }


@pytest.mark.parametrize("who", CAST)
def test_rate_list_and_detail(api_as, cast, world, rates, who):
    response = api_as(cast[who], "GET", f"{BASE}/rates/post-adjustment")
    assert response.status_code == RATES_READ[who]
    row = PostAdjustment.objects.get()
    detail = api_as(cast[who], "GET", f"{BASE}/rates/post-adjustment/{row.pk}")
    assert detail.status_code == RATES_READ[who]
    if response.status_code == 200:
        assert response.json() == {
            "items": [
                {
                    "id": row.pk,
                    "duty_station": world.station.pk,
                    "key_label": "Nairobi, Kenya",
                    "multiplier": "34.200",
                    "effective_from": "2019-01-01",
                    "effective_to": None,
                    "notes": "",
                    "version": 1,
                }
            ],
            "count": 1,
        }
        assert detail.json()["id"] == row.pk


@pytest.mark.parametrize("table", list(RATE_MODELS))
def test_every_table_lists_for_a_reader(api_as, cast, world, rates, table):
    response = api_as(cast["auditor"], "GET", f"{BASE}/rates/{table}?limit=2")
    assert response.status_code == 200
    assert response.json()["count"] == RATE_MODELS[table].objects.count()
    assert len(response.json()["items"]) == min(2, RATE_MODELS[table].objects.count())


@pytest.mark.parametrize("who", CAST)
def test_rate_create_and_update_permissions(api_as, cast, world, who):
    row = BaseRateFactory()
    created = api_as(
        cast[who],
        "POST",
        f"{BASE}/rates/living-allowance-base",
        {"effective_from": "2023-07-01", "monthly_amount": "1800.00"},
    )
    updated = api_as(
        cast[who], "PATCH", f"{BASE}/rates/living-allowance-base/{row.pk}", {"version": 1, "notes": "x"}
    )
    if who == "hq":
        assert created.status_code == 201
        assert created.json()["monthly_amount"] == "1800.00"
        # the change of rate closed the row in force (version 2), so this edit based on version 1 is stale
        assert updated.status_code == 409
        assert _fields(updated) == ["version"]
        row.refresh_from_db()
        assert row.effective_to == dt.date(2023, 6, 30)
        return
    assert (created.status_code, updated.status_code) == (RATES_WRITE[who], RATES_WRITE[who])
    assert LivingAllowanceBaseRate.objects.count() == 1


def test_rate_create_names_the_field(api_as, cast, world):
    PostAdjustmentFactory(duty_station=world.station)
    overlap = api_as(
        cast["hq"],
        "POST",
        f"{BASE}/rates/post-adjustment",
        {
            "duty_station": world.station.pk,
            "effective_from": "2023-01-01",
            "effective_to": "2023-12-31",
            "multiplier": 40,
        },
    )
    assert overlap.status_code == 422
    assert _fields(overlap) == ["effective_from"]
    unknown = api_as(
        cast["hq"],
        "POST",
        f"{BASE}/rates/post-adjustment",
        {"duty_station": 999999, "effective_from": "2023-01-01", "multiplier": 40},
    )
    assert unknown.status_code == 422
    assert _fields(unknown) == ["duty_station"]
    bad_choice = api_as(
        cast["hq"],
        "POST",
        f"{BASE}/rates/management-fee",
        {"funding_type": "gift", "effective_from": "2023-01-01", "rate": 0},
    )
    assert bad_choice.status_code == 422
    assert _fields(bad_choice) == ["funding_type"]
    assert PostAdjustment.objects.count() == 1


def test_rate_update_and_a_missing_row(api_as, cast, world):
    row = PostAdjustmentFactory(duty_station=world.station)
    response = api_as(
        cast["hq"], "PATCH", f"{BASE}/rates/post-adjustment/{row.pk}", {"version": 1, "multiplier": "35.5"}
    )
    assert response.status_code == 200
    assert (response.json()["multiplier"], response.json()["version"]) == ("35.500", 2)
    assert api_as(cast["hq"], "GET", f"{BASE}/rates/post-adjustment/999999").status_code == 404
    assert api_as(cast["hq"], "GET", f"{BASE}/rates/nothing-such").status_code == 404


# --- statements and costs ------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_statements(api_as, cast, world, rates, who):
    listing = api_as(cast[who], "GET", f"{BASE}/assignments/{world.assignment.pk}/statements")
    month = api_as(cast[who], "GET", f"{BASE}/assignments/{world.assignment.pk}/statements/2023/3")
    assert (listing.status_code, month.status_code) == (STATEMENTS[who], STATEMENTS[who])
    if listing.status_code == 200:
        assert len(listing.json()) == 12
        assert listing.json()[0] == {
            "year": 2023,
            "month": 3,
            "start": "2023-03-01",
            "end": "2023-03-31",
            "days_served": 31,
            "total": "800.00",
            "leave_days": "2.50",
        }
        body = month.json()
        assert [(line["code"], line["amount"]) for line in body["lines"]] == [
            ("living_allowance", "800.00"),
            ("family_allowance", "0.00"),
            ("wellbeing_differential", "0.00"),
            ("entry_lump_sum", "0.00"),
        ]
        assert body["lines"][0]["pieces"] == [
            {
                "start": "2023-03-01",
                "end": "2023-03-31",
                "days": 31,
                "rate": "800.00",
                "per_days": 31,
                "dependants": None,
                "missing": [],
            }
        ]


def test_a_month_not_served_is_404(api_as, cast, world, rates):
    assert (
        api_as(cast["hq"], "GET", f"{BASE}/assignments/{world.assignment.pk}/statements/2025/1").status_code
        == 404
    )


@pytest.mark.parametrize("who", CAST)
def test_assignment_cost(api_as, cast, world, rates, who):
    response = api_as(cast[who], "GET", f"{BASE}/assignments/{world.assignment.pk}/cost")
    assert response.status_code == COST[who]
    if response.status_code == 200:
        body = response.json()
        # see test_selectors.test_national_life_cost for the arithmetic
        assert (body["direct"], body["fee"], body["total"]) == ("11400.00", "912.00", "12312.00")
        assert body["lines"][0] == {
            "code": "living_allowance",
            "label": "Living allowance",
            "amount": "9600.00",
        }
        assert body["missing"] == []


@pytest.mark.parametrize("who", CAST)
def test_doa_cost(api_as, cast, world, rates, who):
    response = api_as(cast[who], "GET", f"{BASE}/doas/{world.doa.pk}/cost")
    assert response.status_code == DOA_COST[who]
    if response.status_code == 200:
        body = response.json()
        assert body["total"] == "12312.00"
        assert body["by_funding"] == [
            {"funding_type": "host", "direct": "11400.00", "fee": "912.00", "total": "12312.00"}
        ]
        assert len(body["months"]) == 12
        assert body["positions"][0]["duty_station_name"] == "Nairobi"


def test_another_hosts_template_has_no_cost_for_a_host(api_as, cast, world, rates):
    world.other_doa.is_template = True
    world.other_doa.save()
    assert api_as(cast["focal"], "GET", f"{BASE}/doas/{world.other_doa.pk}/cost").status_code == 404
    assert api_as(cast["hq"], "GET", f"{BASE}/doas/{world.other_doa.pk}/cost").status_code == 200


# --- dependants ----------------------------------------------------------------------------------


def _dependant(world, **extra):
    return {
        "given_name": "Ada",
        "family_name": "Child",
        "relationship": "child",
        "recognized_from": "2023-06-16",
        **extra,
    }


@pytest.mark.parametrize("who", CAST)
def test_dependant_list(api_as, cast, world, who):
    DependantFactory(assignment=world.assignment)
    response = api_as(cast[who], "GET", f"{BASE}/assignments/{world.assignment.pk}/dependants")
    assert response.status_code == DEPENDANTS_READ[who]
    if response.status_code == 200:
        assert [d["given_name"] for d in response.json()] == ["Dana"]
        read_logged = AuditRecord.objects.filter(verb="read.dependants", actor=cast[who]).exists()
        assert read_logged == (who != "volunteer")


@pytest.mark.parametrize("who", CAST)
def test_dependant_add(api_as, cast, world, rates, who):
    response = api_as(
        cast[who], "POST", f"{BASE}/assignments/{world.assignment.pk}/dependants", _dependant(world)
    )
    expected = 201 if DEPENDANTS_WRITE[who] == 200 else DEPENDANTS_WRITE[who]
    assert response.status_code == expected
    assert Dependant.objects.exists() == (expected == 201)
    if expected == 201:
        # June now carries the family allowance: 250 x 15/30 = 125.00
        june = api_as(cast["hq"], "GET", f"{BASE}/assignments/{world.assignment.pk}/statements/2023/6").json()
        assert june["lines"][1] == {**june["lines"][1], "code": "family_allowance", "amount": "125.00"}


@pytest.mark.parametrize("who", CAST)
def test_dependant_update(api_as, cast, world, who):
    dependant = DependantFactory(assignment=world.assignment)
    response = api_as(
        cast[who],
        "PATCH",
        f"{BASE}/assignments/{world.assignment.pk}/dependants/{dependant.pk}",
        {"version": 1, "accompanying": False},
    )
    assert response.status_code == DEPENDANTS_WRITE[who]
    dependant.refresh_from_db()
    assert dependant.accompanying is (DEPENDANTS_WRITE[who] != 200)


def test_dependant_rules_name_the_field(api_as, cast, world):
    early = api_as(
        cast["hq"],
        "POST",
        f"{BASE}/assignments/{world.assignment.pk}/dependants",
        _dependant(world, recognized_from="2023-01-01"),
    )
    assert (early.status_code, _fields(early)) == (422, ["recognized_from"])
    dependant = DependantFactory(assignment=world.assignment)
    stale = api_as(
        cast["hq"],
        "PATCH",
        f"{BASE}/assignments/{world.assignment.pk}/dependants/{dependant.pk}",
        {"version": 7, "given_name": "B"},
    )
    assert stale.status_code == 409
    other = DependantFactory(assignment=world.other_assignment)
    wrong_assignment = api_as(
        cast["hq"],
        "PATCH",
        f"{BASE}/assignments/{world.assignment.pk}/dependants/{other.pk}",
        {"version": 1, "given_name": "B"},
    )
    assert wrong_assignment.status_code == 404
    assert Dependant.objects.get(pk=other.pk).given_name == "Dana"
