"""The JSON API under /api/v1/dutyofcare/: every endpoint over the whole cast, and the rules."""

import pytest

from conftest import CAST
from mobilize.core.models import AuditRecord
from mobilize.dutyofcare.models import (
    Answer,
    CheckIn,
    CheckInResponse,
    Evacuation,
    Incident,
    SecurityLevelChange,
)
from mobilize.dutyofcare.tests.factories import DAY

pytestmark = pytest.mark.django_db

BASE = "/api/v1/dutyofcare"


def _matrix(ok=(), not_found=(), ok_status=200, default=403, unprocessable=()):
    out = {}
    for who in CAST:
        if who == "anonymous":
            out[who] = 401
        elif who in ok:
            out[who] = ok_status
        elif who in not_found:
            out[who] = 404
        elif who in unprocessable:
            out[who] = 422
        else:
            out[who] = default
    return out


EVERYONE = _matrix(ok=set(CAST))
STAFF_AND_HOSTS = _matrix(ok={"hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"})
START = _matrix(ok={"hq", "field_in"}, ok_status=201, unprocessable={"field_out"})
EVACUATION = _matrix(ok={"hq", "recruiter", "auditor", "focal", "field_in"}, default=404)
MOVE = _matrix(ok={"hq", "field_in"}, default=404) | {"recruiter": 403, "auditor": 403, "focal": 403}
CLOSE = _matrix(ok={"hq"}, default=404) | {"recruiter": 403, "auditor": 403, "focal": 403, "field_in": 403}
INCIDENTS = _matrix(ok={"hq", "auditor", "field_in", "field_out", "volunteer", "other_volunteer"})
INCIDENT_SUMMARY = _matrix(
    ok={"hq", "auditor", "field_in", "field_out", "volunteer", "other_volunteer", "focal", "other_focal"}
)
REPORT = _matrix(
    ok={"hq", "field_in", "volunteer"}, ok_status=201, unprocessable={"field_out", "other_volunteer"}
)
INCIDENT = _matrix(ok={"hq", "auditor", "field_in", "volunteer"}, default=404)
INCIDENT_UPDATE = _matrix(ok={"hq", "field_in"}, default=404) | {"volunteer": 403, "auditor": 403}
CHECKINS = _matrix(ok={"hq", "auditor", "field_in", "field_out"})
CHECKIN = _matrix(ok={"hq", "auditor", "field_in"}, default=404)
CHECKIN_CLOSE = _matrix(ok={"hq", "field_in"}, default=404) | {"auditor": 403}
ANSWER = _matrix(ok={"volunteer"}, default=404)


def _names(response, key="name"):
    return sorted(row[key] for row in response.json()["items"])


# --- security levels --------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_security_level_reads(api_as, cast, world, who):
    SecurityLevelChange.objects.create(country=world.country, level=3, effective_from=DAY)
    listing = api_as(cast[who], "get", f"{BASE}/security-levels?country={world.country.pk}")
    assert listing.status_code == EVERYONE[who]
    on = api_as(cast[who], "get", f"{BASE}/security-levels/on?country={world.country.pk}&day=2023-07-01")
    assert on.status_code == EVERYONE[who]
    if who != "anonymous":
        assert [row["level"] for row in listing.json()["items"]] == [3]
        assert (on.json()["level"], on.json()["effective_from"]) == (3, "2023-06-01")


@pytest.mark.parametrize("who", CAST)
def test_security_level_create(api_as, cast, world, who):
    payload = {
        "country": world.country.pk,
        "duty_station": world.station.pk,
        "level": 4,
        "effective_from": "2023-04-15",
    }
    response = api_as(cast[who], "post", f"{BASE}/security-levels", payload)
    assert response.status_code == START[who]
    assert SecurityLevelChange.objects.exists() == (START[who] == 201)
    if response.status_code == 201:
        assert response.json()["level_label"] == "4 Substantial"
    if response.status_code == 422:
        assert [e["field"] for e in response.json()["errors"]] == ["country"]


def test_security_level_input_errors_name_the_field(api_as, cast, world):
    bad = api_as(
        cast["hq"],
        "post",
        f"{BASE}/security-levels",
        {"country": world.country.pk, "level": 7, "effective_from": "2023-01-01"},
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["level"]
    elsewhere = api_as(
        cast["hq"],
        "post",
        f"{BASE}/security-levels",
        {
            "country": world.country.pk,
            "duty_station": world.other_station.pk,
            "level": 2,
            "effective_from": "2023-01-01",
        },
    )
    assert [e["field"] for e in elsewhere.json()["errors"]] == ["duty_station"]
    assert not SecurityLevelChange.objects.exists()


# --- who is where -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_whereabouts(api_as, cast, world, who):
    response = api_as(cast[who], "get", f"{BASE}/whereabouts?day={DAY}")
    people = api_as(cast[who], "get", f"{BASE}/whereabouts/people?day={DAY}")
    expected = 403 if who in {"volunteer", "other_volunteer", "donor"} else STAFF_AND_HOSTS[who]
    assert response.status_code == people.status_code == expected
    if expected != 200:
        return
    sees = {
        "focal": ["Nairobi"],
        "field_in": ["Nairobi"],
        "other_focal": ["Lima"],
        "field_out": ["Lima"],
    }.get(who, ["Lima", "Nairobi"])
    assert sorted(s["duty_station_name"] for s in response.json()["stations"]) == sees
    assert response.json()["volunteers"] == len(sees)
    assert len(people.json()["items"]) == len(sees)


def test_whereabouts_people_carry_contact_and_dependants(api_as, cast, world):
    from mobilize.dutyofcare.tests.factories import dependant

    dependant(world.assignment, given_name="Sam", relationship="spouse")
    body = api_as(cast["field_in"], "get", f"{BASE}/whereabouts/people?day={DAY}").json()
    (row,) = body["items"]
    assert (row["name"], row["nationality"], row["duty_station_name"]) == (
        "Vera Volunteer",
        "Kenya",
        "Nairobi",
    )
    assert row["email"] == world.volunteer.email
    assert [(d["name"], d["relationship"]) for d in row["dependants"]] == [("Sam Dependant", "spouse")]
    summary = api_as(cast["field_in"], "get", f"{BASE}/whereabouts?day={DAY}").json()
    assert (summary["volunteers"], summary["dependants"]) == (1, 1)


# --- evacuations ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_evacuation_list(api_as, cast, world, evacuation, who):
    response = api_as(cast[who], "get", f"{BASE}/evacuations")
    expected = 403 if who in {"volunteer", "other_volunteer", "donor"} else STAFF_AND_HOSTS[who]
    assert response.status_code == expected
    if expected == 200:
        sees = who in {"hq", "recruiter", "auditor", "focal", "field_in"}
        assert [e["id"] for e in response.json()["items"]] == ([evacuation.pk] if sees else [])


@pytest.mark.parametrize("who", CAST)
def test_evacuation_start(api_as, cast, world, who):
    response = api_as(
        cast[who], "post", f"{BASE}/evacuations", {"country": world.country.pk, "as_of": str(DAY)}
    )
    assert response.status_code == START[who]
    assert Evacuation.objects.exists() == (START[who] == 201)
    if response.status_code == 201:
        counts = response.json()["counts"]
        assert (counts["to_move"], counts["unaccounted"], counts["volunteers"]) == (1, 1, 1)


def test_a_second_open_event_for_a_country_is_409(api_as, cast, world, evacuation):
    response = api_as(
        cast["field_in"], "post", f"{BASE}/evacuations", {"country": world.country.pk, "as_of": str(DAY)}
    )
    assert response.status_code == 409
    assert Evacuation.objects.count() == 1


@pytest.mark.parametrize("who", CAST)
def test_evacuation_detail_and_people(api_as, cast, world, evacuation, who):
    detail = api_as(cast[who], "get", f"{BASE}/evacuations/{evacuation.pk}")
    people = api_as(
        cast[who], "get", f"{BASE}/evacuations/{evacuation.pk}/people?status=to_move&status=in_transit"
    )
    assert detail.status_code == people.status_code == EVACUATION[who]
    if EVACUATION[who] == 200:
        assert detail.json()["counts"]["total"] == 1
        assert _names(people) == ["Vera Volunteer"]


@pytest.mark.parametrize("who", CAST)
def test_evacuation_move(api_as, cast, world, evacuation, who):
    person = evacuation.people.get()
    url = f"{BASE}/evacuations/{evacuation.pk}/people/{person.pk}"
    response = api_as(cast[who], "patch", url, {"status": "in_transit", "version": 1, "location": "Mombasa"})
    assert response.status_code == MOVE[who]
    person.refresh_from_db()
    assert person.status == ("in_transit" if MOVE[who] == 200 else "to_move")
    if MOVE[who] == 200:
        assert (response.json()["status"], response.json()["version"], response.json()["location"]) == (
            "in_transit",
            2,
            "Mombasa",
        )


def test_two_users_moving_one_person_with_the_same_version_one_gets_409(api_as, cast, world, evacuation):
    # given: both read the person at version 1
    person = evacuation.people.get()
    url = f"{BASE}/evacuations/{evacuation.pk}/people/{person.pk}"
    # when
    first = api_as(cast["hq"], "patch", url, {"status": "in_transit", "version": 1})
    second = api_as(cast["field_in"], "patch", url, {"status": "safe", "version": 1})
    # then
    assert (first.status_code, second.status_code) == (200, 409)
    assert [e["field"] for e in second.json()["errors"]] == ["version"]
    person.refresh_from_db()
    assert (person.status, person.version, person.moves.count()) == ("in_transit", 2, 1)


def test_a_move_not_allowed_is_409_and_a_bad_status_422(api_as, cast, world, evacuation):
    person = evacuation.people.get()
    url = f"{BASE}/evacuations/{evacuation.pk}/people/{person.pk}"
    assert api_as(cast["hq"], "patch", url, {"status": "returned", "version": 1}).status_code == 409
    assert api_as(cast["hq"], "patch", url, {"status": "lost", "version": 1}).status_code == 422
    person.refresh_from_db()
    assert (person.status, person.version) == ("to_move", 1)


@pytest.mark.parametrize("who", CAST)
def test_evacuation_close(api_as, cast, world, evacuation, who):
    response = api_as(
        cast[who], "post", f"{BASE}/evacuations/{evacuation.pk}/close", {"reason": "Stand down"}
    )
    assert response.status_code == CLOSE[who]
    evacuation.refresh_from_db()
    assert evacuation.is_open == (CLOSE[who] != 200)
    if CLOSE[who] == 200:
        assert (response.json()["status"], response.json()["close_reason"]) == ("closed", "Stand down")
        again = api_as(cast[who], "post", f"{BASE}/evacuations/{evacuation.pk}/close", {"reason": "Again"})
        assert again.status_code == 409


# --- incidents --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_incident_list_and_summary(api_as, cast, world, incident, who):
    listing = api_as(cast[who], "get", f"{BASE}/incidents")
    summary = api_as(cast[who], "get", f"{BASE}/incidents/summary")
    assert listing.status_code == INCIDENTS[who]
    assert summary.status_code == INCIDENT_SUMMARY[who]
    counted = who in {"hq", "auditor", "field_in", "volunteer", "focal"}
    if summary.status_code == 200:
        assert summary.json() == {"open": 1 if counted else 0, "followed_up": 0, "closed": 0}
    if listing.status_code == 200:
        assert [i["id"] for i in listing.json()["items"]] == ([incident.pk] if counted else [])


@pytest.mark.parametrize("who", CAST)
def test_incident_report(api_as, cast, world, who):
    payload = {
        "assignment": world.assignment.pk,
        "kind": "harassment",
        "severity": "high",
        "occurred_on": "2023-07-01",
        "place": "Office",
        "description": "Repeated unwanted comments.",
    }
    response = api_as(cast[who], "post", f"{BASE}/incidents", payload)
    assert response.status_code == REPORT[who]
    assert Incident.objects.exists() == (REPORT[who] == 201)
    if response.status_code == 201:
        assert response.json()["on_behalf"] == (who != "volunteer")
    if response.status_code == 422:
        assert [e["field"] for e in response.json()["errors"]] == ["assignment"]


@pytest.mark.parametrize("who", CAST)
def test_incident_detail(api_as, cast, world, incident, who):
    response = api_as(cast[who], "get", f"{BASE}/incidents/{incident.pk}")
    assert response.status_code == INCIDENT[who]
    if response.status_code == 200:
        assert response.json()["description"] == "Phone stolen at the market."


@pytest.mark.parametrize("who", CAST)
def test_incident_update(api_as, cast, world, incident, who):
    payload = {"version": 1, "status": "closed", "follow_up": "Replaced the phone."}
    response = api_as(cast[who], "patch", f"{BASE}/incidents/{incident.pk}", payload)
    assert response.status_code == INCIDENT_UPDATE[who]
    incident.refresh_from_db()
    assert incident.status == ("closed" if INCIDENT_UPDATE[who] == 200 else "open")


# --- check-ins --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_checkin_list_and_mine(api_as, cast, world, checkin, who):
    listing = api_as(cast[who], "get", f"{BASE}/checkins")
    assert listing.status_code == CHECKINS[who]
    if listing.status_code == 200:
        rows = listing.json()["items"]
        sees = who != "field_out"
        assert [(r["id"], r["asked"], r["pending"]) for r in rows] == ([(checkin.pk, 1, 1)] if sees else [])
    mine = api_as(cast[who], "get", f"{BASE}/checkins/mine")
    assert mine.status_code == EVERYONE[who]
    if mine.status_code == 200:
        assert [r["checkin"] for r in mine.json()] == ([checkin.pk] if who == "volunteer" else [])


@pytest.mark.parametrize("who", CAST)
def test_checkin_send(api_as, cast, world, who):
    payload = {"country": world.country.pk, "as_of": str(DAY), "message": "How are you?"}
    response = api_as(cast[who], "post", f"{BASE}/checkins", payload)
    assert response.status_code == START[who]
    assert CheckIn.objects.exists() == (START[who] == 201)


@pytest.mark.parametrize("who", CAST)
def test_checkin_detail_and_responses(api_as, cast, world, checkin, who):
    detail = api_as(cast[who], "get", f"{BASE}/checkins/{checkin.pk}")
    pending = api_as(cast[who], "get", f"{BASE}/checkins/{checkin.pk}/responses?answer=pending")
    assert detail.status_code == pending.status_code == CHECKIN[who]
    if CHECKIN[who] == 200:
        assert _names(pending, "volunteer_name") == ["Vera Volunteer"]


@pytest.mark.parametrize("who", CAST)
def test_checkin_close(api_as, cast, world, checkin, who):
    response = api_as(cast[who], "post", f"{BASE}/checkins/{checkin.pk}/close")
    assert response.status_code == CHECKIN_CLOSE[who]
    checkin.refresh_from_db()
    assert checkin.is_open == (CHECKIN_CLOSE[who] != 200)


@pytest.mark.parametrize("who", CAST)
def test_checkin_answer(api_as, cast, world, checkin, who):
    response = api_as(cast[who], "post", f"{BASE}/checkins/{checkin.pk}/answer", {"answer": "safe"})
    assert response.status_code == ANSWER[who]
    answer = CheckInResponse.objects.get(checkin=checkin).answer
    assert answer == (Answer.SAFE if who == "volunteer" else Answer.PENDING)


def test_an_answer_to_a_closed_checkin_is_409(api_as, cast, world, checkin):
    api_as(cast["hq"], "post", f"{BASE}/checkins/{checkin.pk}/close")
    response = api_as(
        cast["volunteer"], "post", f"{BASE}/checkins/{checkin.pk}/answer", {"answer": "need_help"}
    )
    assert response.status_code == 409
    assert CheckInResponse.objects.get(checkin=checkin).answer == Answer.PENDING


@pytest.mark.parametrize("path", ["incidents", "incidents/{pk}"])
def test_an_auditor_reading_incidents_through_the_api_is_recorded(api_as, cast, world, incident, path):
    url = f"{BASE}/{path.format(pk=incident.pk)}"
    for who in ("hq", "field_in", "volunteer", "auditor"):
        assert api_as(cast[who], "get", url).status_code == 200
    reads = AuditRecord.objects.filter(kind=AuditRecord.Kind.READ)
    reads = reads.values_list("actor_label", "verb", "target_id")
    assert list(reads) == [("auditor", "read.incident", str(incident.pk))]
