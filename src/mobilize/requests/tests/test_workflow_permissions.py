"""Every workflow endpoint and page over the whole cast.

world.doa belongs to host A (``focal``) in Kenya (``field_in``). Seen by HQ, recruiters, auditors,
host A's focal point and Kenya's field unit; hidden (404) from the others. Authors (submit,
resubmit): HQ, the focal point, the field unit. Reviewers (request edits, approve): HQ, the field
unit. Sourcing: HQ, recruiters. Cancelling: HQ, recruiters, the field unit, and the focal point
before approval. Conversation: HQ, recruiters, the focal point, the field unit.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import CAST
from mobilize.notifications.models import Notification
from mobilize.requests.models import Doa, DoaComment
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.requests.tests.helpers import make_ready
from mobilize.requests.tests.test_permissions import SEES, api_status, page_status

pytestmark = pytest.mark.django_db

S = Doa.Status
AUTHORS = {"hq", "focal", "field_in"}
REVIEWERS = {"hq", "field_in"}
SOURCERS = {"hq", "recruiter"}
CANCELLERS = {"hq", "recruiter", "field_in", "focal"}
TALKERS = {"hq", "recruiter", "focal", "field_in"}
LISTS = {"hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"}

# transition -> (API path part, page URL name, the status it starts from, who may, payload, the result)
TRANSITIONS = {
    "submit": ("submit", "requests:doa_submit", S.DRAFT, AUTHORS, None, S.SUBMITTED),
    "request_edits": (
        "request-edits",
        "requests:doa_request_edits",
        S.SUBMITTED,
        REVIEWERS,
        {"comment": "Add results."},
        S.EDITS_REQUESTED,
    ),
    "resubmit": ("resubmit", "requests:doa_resubmit", S.EDITS_REQUESTED, AUTHORS, {}, S.SUBMITTED),
    "approve": ("approve", "requests:doa_approve", S.SUBMITTED, REVIEWERS, None, S.APPROVED),
    "start_sourcing": (
        "start-sourcing",
        "requests:doa_start_sourcing",
        S.APPROVED,
        SOURCERS,
        None,
        S.SOURCING,
    ),
    "cancel": (
        "cancel",
        "requests:doa_cancel",
        S.SUBMITTED,
        CANCELLERS,
        {"reason": "Not needed."},
        S.CANCELLED,
    ),
}


def _ready(world, status):
    approved = timezone.now() if status in {S.APPROVED, S.SOURCING} else None
    return make_ready(world.doa, status=status, approved_at=approved)


# --- API ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("transition", list(TRANSITIONS))
@pytest.mark.parametrize("who", CAST)
def test_api_transition(who, transition, cast, world, api_as):
    # given
    part, _name, start, allowed, payload, result = TRANSITIONS[transition]
    doa = _ready(world, start)
    # when
    response = api_as(cast[who], "post", f"/api/v1/requests/doas/{doa.pk}/{part}", payload)
    # then
    assert response.status_code == api_status(who, allowed=allowed)
    doa.refresh_from_db()
    assert doa.status == (result if who in allowed else start)
    if who in allowed:
        assert response.json()["status"] == result
    else:
        assert not Notification.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_api_cancel_after_approval_is_unv_only(who, cast, world, api_as):
    doa = _ready(world, S.SOURCING)
    response = api_as(cast[who], "post", f"/api/v1/requests/doas/{doa.pk}/cancel", {"reason": "Stop."})
    allowed = CANCELLERS - {"focal"}
    assert response.status_code == api_status(who, allowed=allowed)
    doa.refresh_from_db()
    assert doa.status == (S.CANCELLED if who in allowed else S.SOURCING)


@pytest.mark.parametrize("who", CAST)
def test_api_duplicate(who, cast, world, api_as):
    before = Doa.objects.count()
    response = api_as(cast[who], "post", f"/api/v1/requests/doas/{world.doa.pk}/duplicate", {})
    assert response.status_code == api_status(who, ok=201, allowed=AUTHORS)
    assert Doa.objects.count() == before + (1 if who in AUTHORS else 0)


@pytest.mark.parametrize("who", CAST)
def test_api_comment_list(who, cast, world, api_as):
    DoaComment.objects.create(doa=world.doa, author=cast["hq"], body="Hello.")
    response = api_as(cast[who], "get", f"/api/v1/requests/doas/{world.doa.pk}/comments")
    assert response.status_code == api_status(who, allowed=SEES)
    if who in SEES:
        assert [c["body"] for c in response.json()["items"]] == ["Hello."]


@pytest.mark.parametrize("who", CAST)
def test_api_comment_create(who, cast, world, api_as):
    response = api_as(cast[who], "post", f"/api/v1/requests/doas/{world.doa.pk}/comments", {"body": "Hi."})
    assert response.status_code == api_status(who, ok=201, allowed=TALKERS)
    assert DoaComment.objects.count() == (1 if who in TALKERS else 0)


@override_settings(MOBILIZE_DOA_STAGE_PROVIDERS=[])  # the DoA's own stages only
@pytest.mark.parametrize("who", CAST)
def test_api_stages(who, cast, world, api_as):
    response = api_as(cast[who], "get", f"/api/v1/requests/doas/{world.doa.pk}/stages")
    assert response.status_code == api_status(who, allowed=SEES)
    if who in SEES:
        assert [stage["key"] for stage in response.json()] == ["approved", "sourcing_started", "recruited"]


@pytest.fixture
def template(world):
    template = make_ready(DoaFactory(host_entity=world.host, country=world.country, is_template=True))
    PositionFactory(doa=template, duty_station=world.station)
    return template


@pytest.mark.parametrize("who", CAST)
def test_api_template_list(who, cast, world, template, api_as):
    response = api_as(cast[who], "get", "/api/v1/requests/templates")
    assert response.status_code == api_status(who, allowed=LISTS, visible=set(CAST))
    if who in LISTS:
        assert [item["id"] for item in response.json()["items"]] == [template.pk]


@pytest.mark.parametrize("who", CAST)
def test_api_template_use(who, cast, world, template, api_as):
    # given: a template of Kenya, used for host A
    before = Doa.objects.count()
    # when
    response = api_as(
        cast[who], "post", f"/api/v1/requests/templates/{template.pk}/use", {"host_entity": world.host.pk}
    )
    # then: host B's focal point and Peru's field unit are refused, naming what is out of their scope
    refused_field = {"other_focal": "host_entity", "field_out": "country"}
    if who in refused_field:
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == [refused_field[who]]
    else:
        assert response.status_code == api_status(who, ok=201, allowed=AUTHORS, visible=LISTS)
    assert Doa.objects.count() == before + (1 if who in AUTHORS else 0)


def test_api_template_use_of_a_plain_doa_is_404(cast, world, api_as):
    response = api_as(
        cast["hq"], "post", f"/api/v1/requests/templates/{world.doa.pk}/use", {"host_entity": world.host.pk}
    )
    assert response.status_code == 404


def test_api_detail_lists_the_callers_actions(cast, world, api_as):
    doa = _ready(world, S.SUBMITTED)
    by = {
        who: api_as(cast[who], "get", f"/api/v1/requests/doas/{doa.pk}").json()["actions"]
        for who in ("hq", "recruiter", "auditor", "focal", "field_in")
    }
    assert by == {
        "hq": ["request_edits", "approve", "cancel", "comment", "duplicate", "make_template"],
        "recruiter": ["cancel", "comment"],
        "auditor": [],
        "focal": ["cancel", "comment", "duplicate"],
        "field_in": ["request_edits", "approve", "cancel", "comment", "duplicate"],
    }


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("transition", list(TRANSITIONS))
@pytest.mark.parametrize("who", CAST)
def test_page_transition(who, transition, cast, world, client_for):
    # given
    _part, name, start, allowed, payload, result = TRANSITIONS[transition]
    doa = _ready(world, start)
    # when
    response = client_for(cast[who]).post(reverse(name, kwargs={"doa_id": doa.pk}), payload or {})
    # then
    assert response.status_code == page_status(who, ok=302, allowed=allowed)
    if who in allowed:
        assert response["Location"] == reverse("requests:doa_detail", kwargs={"doa_id": doa.pk})
    doa.refresh_from_db()
    assert doa.status == (result if who in allowed else start)


@pytest.mark.parametrize("who", CAST)
def test_page_cancel_confirmation(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_cancel", kwargs={"doa_id": world.doa.pk}))
    assert response.status_code == page_status(who, allowed=CANCELLERS)
    world.doa.refresh_from_db()
    assert world.doa.status == S.DRAFT


@pytest.mark.parametrize("who", CAST)
def test_page_comment_create(who, cast, world, client_for):
    url = reverse("requests:doa_comment_create", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast[who]).post(url, {"body": "Hi."})
    assert response.status_code == page_status(who, ok=302, allowed=TALKERS)
    assert DoaComment.objects.count() == (1 if who in TALKERS else 0)


@pytest.mark.parametrize("who", CAST)
def test_page_duplicate_form(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_duplicate", kwargs={"doa_id": world.doa.pk}))
    assert response.status_code == page_status(who, allowed=AUTHORS)


@pytest.mark.parametrize("who", CAST)
def test_page_duplicate_post(who, cast, world, client_for):
    before = Doa.objects.count()
    url = reverse("requests:doa_duplicate", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast[who]).post(url, {"host_entity": world.host.pk, "country": world.country.pk})
    assert response.status_code == page_status(who, ok=302, allowed=AUTHORS)
    assert Doa.objects.count() == before + (1 if who in AUTHORS else 0)


@pytest.mark.parametrize("who", CAST)
def test_page_template_list(who, cast, world, template, client_for):
    response = client_for(cast[who]).get(reverse("requests:doa_template_list"))
    assert response.status_code == page_status(who, allowed=LISTS, visible=set(CAST))
    if who in LISTS:
        assert [t.pk for t in response.context["object_list"]] == [template.pk]


@pytest.mark.parametrize("who", CAST)
def test_page_template_use_form(who, cast, world, template, client_for):
    url = reverse("requests:doa_template_use", kwargs={"template_id": template.pk})
    response = client_for(cast[who]).get(url)
    creators = AUTHORS | {"other_focal", "field_out"}
    assert response.status_code == page_status(who, allowed=creators, visible=LISTS)


@pytest.mark.parametrize("who", CAST)
def test_page_template_use_post(who, cast, world, template, client_for):
    before = Doa.objects.count()
    url = reverse("requests:doa_template_use", kwargs={"template_id": template.pk})
    response = client_for(cast[who]).post(url, {"host_entity": world.host.pk, "country": world.country.pk})
    # host B's focal point cannot choose host A (not among its choices); Peru's field unit cannot
    # choose Kenya: the form comes back naming the field
    refused_field = {"other_focal": "host_entity", "field_out": "country"}
    if who in refused_field:
        assert response.status_code == 422
        assert list(response.context["form"].errors) == [refused_field[who]]
    else:
        assert response.status_code == page_status(who, ok=302, allowed=AUTHORS, visible=LISTS)
    assert Doa.objects.count() == before + (1 if who in AUTHORS else 0)


def test_api_resubmit_without_a_body(cast, world, client_for):
    # given: returned for edits
    doa = _ready(world, S.EDITS_REQUESTED)
    # when: a POST with an empty body (as ``curl -X POST`` sends)
    response = client_for(cast["focal"]).generic("POST", f"/api/v1/requests/doas/{doa.pk}/resubmit", b"")
    # then
    assert response.status_code == 200
    assert response.json()["status"] == S.SUBMITTED
