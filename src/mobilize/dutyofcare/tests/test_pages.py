"""Every duty-of-care page over the whole cast, and what each shows."""

import pytest
from django.urls import reverse

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

STAFF_AND_HOSTS = {"hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"}


def _matrix(ok=(), not_found=(), ok_status=200, default=403):
    out = {}
    for who in CAST:
        if who == "anonymous":
            out[who] = 302
        elif who in ok:
            out[who] = ok_status
        elif who in not_found:
            out[who] = 404
        else:
            out[who] = default
    return out


WHEREABOUTS = _matrix(ok=STAFF_AND_HOSTS)
MY_PAGE = _matrix(ok={"volunteer", "other_volunteer"})
LEVEL_FORM = _matrix(ok={"hq", "field_in", "field_out"})
EVACUATION_DETAIL = _matrix(ok={"hq", "recruiter", "auditor", "focal", "field_in"}, default=404)
EVACUATION_MOVE = _matrix(
    ok={"hq", "field_in"},
    ok_status=302,
    not_found={"other_focal", "field_out", "volunteer", "other_volunteer", "donor"},
)
EVACUATION_CLOSE = _matrix(
    ok={"hq"}, not_found={"other_focal", "field_out", "volunteer", "other_volunteer", "donor"}
)
INCIDENT_LIST = _matrix(
    ok={"hq", "auditor", "field_in", "field_out", "volunteer", "other_volunteer", "focal", "other_focal"}
)
INCIDENT_REPORT = _matrix(ok={"hq", "field_in", "field_out", "volunteer", "other_volunteer"})
INCIDENT_DETAIL = _matrix(ok={"hq", "auditor", "field_in", "volunteer"}, default=404)
INCIDENT_UPDATE = _matrix(ok={"hq", "field_in"}, default=404) | {"volunteer": 403, "auditor": 403}
CHECKIN_LIST = _matrix(ok={"hq", "auditor", "field_in", "field_out"})
CHECKIN_SEND = LEVEL_FORM
CHECKIN_DETAIL = _matrix(ok={"hq", "auditor", "field_in"}, default=404)
CHECKIN_CLOSE = _matrix(ok={"hq", "field_in"}, ok_status=302, default=404) | {"auditor": 403}
CHECKIN_ANSWER = _matrix(ok={"volunteer"}, ok_status=302, default=404)


@pytest.mark.parametrize("who", CAST)
def test_whereabouts_page(client_for, cast, world, who):
    response = client_for(cast[who]).get(reverse("dutyofcare:whereabouts"), {"day": DAY.isoformat()})
    assert response.status_code == WHEREABOUTS[who]
    if response.status_code != 200:
        return
    shown = {a.volunteer.given_name for a in response.context["object_list"]}
    sees = {
        "focal": {"Vera"},
        "field_in": {"Vera"},
        "other_focal": {"Otto"},
        "field_out": {"Otto"},
    }.get(who, {"Vera", "Otto"})
    assert shown == sees
    assert response.context["summary"].volunteers == len(sees)


def test_whereabouts_filters_by_country_region_and_host(client_for, cast, world):
    client = client_for(cast["hq"])
    url = reverse("dutyofcare:whereabouts")
    day = DAY.isoformat()

    def names(**params):
        response = client.get(url, {"day": day, **params})
        return {a.volunteer.given_name for a in response.context["object_list"]}

    assert names(country=world.country.pk) == {"Vera"}
    assert names(host_entity=world.other_host.pk) == {"Otto"}
    assert names(region="africa") == {"Vera", "Otto"}  # both factory countries are in Africa
    assert names(region="europe_cis") == set()
    assert names() == {"Vera", "Otto"}
    assert client.get(url, {"day": "2022-01-01"}).context["summary"].volunteers == 0


@pytest.mark.parametrize("who", CAST)
def test_my_duty_of_care_page(client_for, cast, world, checkin, who):
    response = client_for(cast[who]).get(reverse("dutyofcare:my_duty_of_care"))
    assert response.status_code == MY_PAGE[who]
    if who == "volunteer":
        assert "Are you safe?" in response.content.decode()
    if who == "other_volunteer":
        assert "Are you safe?" not in response.content.decode()


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["dutyofcare:security_level_list", "dutyofcare:evacuation_list"])
def test_lists_for_staff_and_hosts(client_for, cast, world, who, name):
    assert client_for(cast[who]).get(reverse(name)).status_code == WHEREABOUTS[who]


@pytest.mark.parametrize("who", CAST)
def test_security_level_history_page(client_for, cast, world, who):
    url = reverse("dutyofcare:security_level_history", kwargs={"country_id": world.country.pk})
    assert client_for(cast[who]).get(url).status_code == WHEREABOUTS[who]


@pytest.mark.parametrize("who", CAST)
def test_security_level_form(client_for, cast, world, who):
    client = client_for(cast[who])
    url = reverse("dutyofcare:security_level_create")
    assert client.get(url).status_code == LEVEL_FORM[who]
    data = {"country": world.country.pk, "level": "5", "effective_from": "2023-04-15", "note": "UNDSS"}
    response = client.post(url, data)
    recorded = SecurityLevelChange.objects.filter(country=world.country).exists()
    if who in {"hq", "field_in"}:
        assert response.status_code == 302
        assert recorded
    else:
        assert response.status_code == (422 if who == "field_out" else LEVEL_FORM[who])
        assert not recorded


def test_security_level_pages_show_the_history_and_the_level_in_force(client_for, cast, world):
    client = client_for(cast["field_in"])
    url = reverse("dutyofcare:security_level_create")
    client.post(url, {"country": world.country.pk, "level": "3", "effective_from": "2023-01-01"})
    client.post(
        url,
        {
            "country": world.country.pk,
            "duty_station": world.station.pk,
            "level": "5",
            "effective_from": "2023-04-15",
        },
    )
    listing = client_for(cast["focal"]).get(reverse("dutyofcare:security_level_list"), {"day": "2023-06-01"})
    html = listing.content.decode()
    assert "3 Moderate" in html and "Nairobi: 5 High" in html
    history = client.get(
        reverse("dutyofcare:security_level_history", kwargs={"country_id": world.country.pk})
    )
    assert [c.level for c in history.context["history"]] == [5, 3]
    where = client.get(reverse("dutyofcare:whereabouts"), {"day": "2023-06-01"})
    assert where.context["summary"].stations[0].level.level == 5


@pytest.mark.parametrize("who", CAST)
def test_evacuation_start_form(client_for, cast, world, who):
    client = client_for(cast[who])
    url = reverse("dutyofcare:evacuation_start")
    assert client.get(url).status_code == LEVEL_FORM[who]
    response = client.post(url, {"kind": "evacuation", "country": world.country.pk, "as_of": DAY.isoformat()})
    started = Evacuation.objects.filter(country=world.country).first()
    if who in {"hq", "field_in"}:
        assert response.status_code == 302
        assert [p.name for p in started.people.all()] == ["Vera Volunteer"]
    else:
        assert response.status_code == (422 if who == "field_out" else LEVEL_FORM[who])
        assert started is None


@pytest.mark.parametrize("who", CAST)
def test_evacuation_detail_page(client_for, cast, world, evacuation, who):
    url = reverse("dutyofcare:evacuation_detail", kwargs={"evacuation_id": evacuation.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == EVACUATION_DETAIL[who]
    if response.status_code == 200:
        assert "Vera Volunteer" in response.content.decode()
        assert ("Mark safe" in response.content.decode()) == (who in {"hq", "field_in"})


def test_a_host_sees_only_its_volunteers_on_an_event(client_for, cast, world):
    from mobilize.dutyofcare.services import evacuation_start
    from mobilize.dutyofcare.tests.factories import serving

    serving(world.station, host=world.other_host, name="Bea")
    evacuation = evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])
    url = reverse("dutyofcare:evacuation_detail", kwargs={"evacuation_id": evacuation.pk})
    focal = client_for(cast["focal"]).get(url)
    assert [p.name for p in focal.context["waiting"]] == ["Vera Volunteer"]
    assert focal.context["counts"].total == 1
    other = client_for(cast["other_focal"]).get(url)
    assert [p.volunteer.given_name for p in other.context["waiting"]] == ["Bea"]
    listing = client_for(cast["focal"]).get(reverse("dutyofcare:evacuation_list"))
    assert [(e.people_count, e.unaccounted) for e in listing.context["object_list"]] == [(1, 1)]
    assert client_for(cast["hq"]).get(url).context["counts"].total == 2


@pytest.mark.parametrize("who", CAST)
def test_evacuation_move(client_for, cast, world, evacuation, who):
    person = evacuation.people.get()
    url = reverse(
        "dutyofcare:evacuation_person_move", kwargs={"evacuation_id": evacuation.pk, "person_id": person.pk}
    )
    response = client_for(cast[who]).post(url, {"status": "in_transit", "version": 1, "location": "Mombasa"})
    assert response.status_code == EVACUATION_MOVE[who]
    person.refresh_from_db()
    assert person.status == ("in_transit" if who in {"hq", "field_in"} else "to_move")


def test_a_stale_move_on_the_page_is_409_and_says_so(client_for, cast, world, evacuation):
    person = evacuation.people.get()
    url = reverse(
        "dutyofcare:evacuation_person_move", kwargs={"evacuation_id": evacuation.pk, "person_id": person.pk}
    )
    assert client_for(cast["hq"]).post(url, {"status": "in_transit", "version": 1}).status_code == 302
    response = client_for(cast["field_in"]).post(url, {"status": "safe", "version": 1})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    person.refresh_from_db()
    assert (person.status, person.version) == ("in_transit", 2)


@pytest.mark.parametrize("who", CAST)
def test_evacuation_close(client_for, cast, world, evacuation, who):
    client = client_for(cast[who])
    url = reverse("dutyofcare:evacuation_close", kwargs={"evacuation_id": evacuation.pk})
    assert client.get(url).status_code == EVACUATION_CLOSE[who]
    response = client.post(url, {"reason": "Order lifted; Vera stayed in Nairobi."})
    evacuation.refresh_from_db()
    if who == "hq":
        assert response.status_code == 302
        assert (evacuation.status, evacuation.close_reason) == (
            "closed",
            "Order lifted; Vera stayed in Nairobi.",
        )
        assert client.get(url).status_code == 409
    else:
        assert response.status_code == EVACUATION_CLOSE[who]
        assert evacuation.is_open


def test_closing_without_a_reason_is_refused(client_for, cast, world, evacuation):
    url = reverse("dutyofcare:evacuation_close", kwargs={"evacuation_id": evacuation.pk})
    assert client_for(cast["hq"]).post(url, {"reason": ""}).status_code == 422
    evacuation.refresh_from_db()
    assert evacuation.is_open


@pytest.mark.parametrize("who", CAST)
def test_incident_list(client_for, cast, world, incident, who):
    response = client_for(cast[who]).get(reverse("dutyofcare:incident_list"))
    assert response.status_code == INCIDENT_LIST[who]
    if response.status_code != 200:
        return
    html = response.content.decode()
    counts = response.context["counts"]
    if who in {"focal", "other_focal"}:
        assert response.context["counts_only"]
        assert "Phone stolen" not in html and "Vera" not in html
        assert counts["open"] == (1 if who == "focal" else 0)
    else:
        listed = list(response.context["object_list"])
        sees = who in {"hq", "auditor", "field_in", "volunteer"}
        assert [i.pk for i in listed] == ([incident.pk] if sees else [])
        assert counts["open"] == (1 if sees else 0)


@pytest.mark.parametrize("who", CAST)
def test_incident_report_form(client_for, cast, world, who):
    client = client_for(cast[who])
    url = reverse("dutyofcare:incident_report")
    assert client.get(url).status_code == INCIDENT_REPORT[who]
    data = {
        "assignment": world.assignment.pk,
        "reference": world.assignment.reference,
        "kind": "accident",
        "severity": "low",
        "occurred_on": "2023-06-02",
        "place": "Nairobi",
        "description": "Fell on the stairs.",
    }
    response = client.post(url, data)
    made = Incident.objects.filter(assignment=world.assignment).exists()
    if who in {"hq", "field_in", "volunteer"}:
        assert response.status_code == 302
        assert made
    else:
        assert response.status_code == (422 if INCIDENT_REPORT[who] == 200 else INCIDENT_REPORT[who])
        assert not made


@pytest.mark.parametrize("who", CAST)
def test_incident_detail(client_for, cast, world, incident, who):
    url = reverse("dutyofcare:incident_detail", kwargs={"incident_id": incident.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == INCIDENT_DETAIL[who]
    if response.status_code == 200:
        assert "Phone stolen at the market." in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_incident_follow_up(client_for, cast, world, incident, who):
    client = client_for(cast[who])
    url = reverse("dutyofcare:incident_update", kwargs={"incident_id": incident.pk})
    assert client.get(url).status_code == INCIDENT_UPDATE[who]
    response = client.post(url, {"status": "followed_up", "follow_up": "Police report filed.", "version": 1})
    incident.refresh_from_db()
    if INCIDENT_UPDATE[who] == 200:
        assert response.status_code == 302
        assert (incident.status, incident.follow_up) == ("followed_up", "Police report filed.")
    else:
        assert response.status_code == INCIDENT_UPDATE[who]
        assert incident.status == "open"


@pytest.mark.parametrize("who", CAST)
def test_checkin_list_and_send(client_for, cast, world, who):
    client = client_for(cast[who])
    assert client.get(reverse("dutyofcare:checkin_list")).status_code == CHECKIN_LIST[who]
    url = reverse("dutyofcare:checkin_send")
    assert client.get(url).status_code == CHECKIN_SEND[who]
    response = client.post(
        url, {"country": world.country.pk, "as_of": DAY.isoformat(), "message": "All well?"}
    )
    sent = CheckIn.objects.filter(country=world.country).first()
    if who in {"hq", "field_in"}:
        assert response.status_code == 302
        assert list(sent.responses.values_list("volunteer__given_name", flat=True)) == ["Vera"]
    else:
        assert response.status_code == (422 if who == "field_out" else CHECKIN_SEND[who])
        assert sent is None


@pytest.mark.parametrize("who", CAST)
def test_checkin_detail(client_for, cast, world, checkin, who):
    url = reverse("dutyofcare:checkin_detail", kwargs={"checkin_id": checkin.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == CHECKIN_DETAIL[who]
    if response.status_code == 200:
        assert [r.volunteer.given_name for r in response.context["pending"]] == ["Vera"]


@pytest.mark.parametrize("who", CAST)
def test_checkin_close(client_for, cast, world, checkin, who):
    url = reverse("dutyofcare:checkin_close", kwargs={"checkin_id": checkin.pk})
    response = client_for(cast[who]).post(url)
    assert response.status_code == CHECKIN_CLOSE[who]
    checkin.refresh_from_db()
    assert checkin.is_open == (who not in {"hq", "field_in"})


@pytest.mark.parametrize("who", CAST)
def test_checkin_answer(client_for, cast, world, checkin, who):
    url = reverse("dutyofcare:checkin_answer", kwargs={"checkin_id": checkin.pk})
    response = client_for(cast[who]).post(url, {f"c{checkin.responses.get().pk}-answer": "safe"})
    assert response.status_code == CHECKIN_ANSWER[who]
    answer = CheckInResponse.objects.get(checkin=checkin).answer  # nobody else answers for Vera
    assert answer == (Answer.SAFE if who == "volunteer" else Answer.PENDING)


def test_the_sender_sees_who_has_not_answered(client_for, cast, world):
    from mobilize.dutyofcare.tests.factories import serving

    serving(world.station, name="Bea")
    client = client_for(cast["field_in"])
    client.post(
        reverse("dutyofcare:checkin_send"),
        {"country": world.country.pk, "as_of": DAY.isoformat(), "message": "All well?"},
    )
    checkin = CheckIn.objects.get()
    prefix = f"c{checkin.responses.get(volunteer=world.volunteer).pk}"
    answer = client_for(cast["volunteer"]).post(
        reverse("dutyofcare:checkin_answer", kwargs={"checkin_id": checkin.pk}),
        {f"{prefix}-answer": "need_help", f"{prefix}-note": "Flooded road", f"{prefix}-version": "1"},
    )
    assert answer.status_code == 302
    page = client_for(cast["field_in"]).get(
        reverse("dutyofcare:checkin_detail", kwargs={"checkin_id": checkin.pk})
    )
    assert [r.volunteer.given_name for r in page.context["pending"]] == ["Bea"]
    assert [r.note for r in page.context["need_help"]] == ["Flooded road"]
    assert "1 not answered, 0 safe, 1 need help." in page.content.decode()


def test_an_answer_without_a_choice_shows_the_page_again(client_for, cast, world, checkin):
    url = reverse("dutyofcare:checkin_answer", kwargs={"checkin_id": checkin.pk})
    response = client_for(cast["volunteer"]).post(url, {})
    assert response.status_code == 422
    assert CheckInResponse.objects.get(checkin=checkin).answer == Answer.PENDING


def test_nav_shows_duty_of_care_by_role(client_for, cast, world):
    staff = client_for(cast["focal"]).get(reverse("dutyofcare:whereabouts"))
    assert reverse("dutyofcare:whereabouts") in [i["url"] for i in staff.context["nav_items"]]
    mine = client_for(cast["volunteer"]).get(reverse("dutyofcare:my_duty_of_care"))
    urls = [i["url"] for i in mine.context["nav_items"]]
    assert reverse("dutyofcare:my_duty_of_care") in urls and reverse("dutyofcare:whereabouts") not in urls


def _incident_reads():
    return list(
        AuditRecord.objects.filter(kind=AuditRecord.Kind.READ).values_list("actor_label", "verb", "target_id")
    )


@pytest.mark.parametrize("page", ["dutyofcare:incident_list", "dutyofcare:incident_detail"])
def test_an_auditor_reading_incidents_is_recorded_and_others_are_not(client_for, cast, world, incident, page):
    kwargs = {"incident_id": incident.pk} if page.endswith("detail") else {}
    for who in ("hq", "field_in", "volunteer", "auditor"):
        assert client_for(cast[who]).get(reverse(page, kwargs=kwargs)).status_code == 200
    assert _incident_reads() == [("auditor", "read.incident", str(incident.pk))]
