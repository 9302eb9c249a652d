"""What waits on each role among DoAs (the "my tasks" provider and page), the days from approval to
each stage, and the DoA's page as each role sees it."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import CAST
from mobilize.accounts.models import User
from mobilize.requests.models import Doa
from mobilize.requests.selectors import StageMark, doa_stage_days, doa_stages, doa_tasks_for
from mobilize.requests.tests.factories import DoaFactory
from mobilize.requests.tests.helpers import make_ready

pytestmark = pytest.mark.django_db

S = Doa.Status
UTC = dt.UTC


def at(day, hour=10):
    return dt.datetime(2024, *day, hour, tzinfo=UTC)


@pytest.fixture
def pipeline(world, cast):
    """Host A in Kenya: a draft (world.doa), one DoA submitted, one returned for edits, one
    approved; host B in Peru: one submitted; a draft written by Kenya's field unit."""
    base = {"host_entity": world.host, "country": world.country, "category": world.category}
    return {
        "draft": world.doa,
        "submitted": DoaFactory(status=S.SUBMITTED, submitted_at=at((3, 1)), title="submitted", **base),
        "edits": DoaFactory(status=S.EDITS_REQUESTED, edits_requested_at=at((3, 2)), title="edits", **base),
        "approved": DoaFactory(status=S.APPROVED, approved_at=at((3, 3)), title="approved", **base),
        "peru": DoaFactory(
            host_entity=world.other_host,
            country=world.other_country,
            category=world.category,
            status=S.SUBMITTED,
            submitted_at=at((2, 1)),
            title="peru",
        ),
        "field_draft": DoaFactory(created_by=cast["field_in"], title="field draft", **base),
    }


def waiting(user):
    """Group key -> the titles of its DoAs, in the order listed."""
    return {
        group.key: [item.title.split(": ", 1)[1] for item in group.items] for group in doa_tasks_for(user)
    }


def test_tasks_per_role(world, cast, pipeline):
    expected = {
        "hq": {
            "requests.doa_review": ["peru", "submitted"],
            "requests.doa_sourcing": ["approved"],
        },
        "recruiter": {"requests.doa_sourcing": ["approved"]},
        "auditor": {},
        "focal": {
            "requests.doa_edits": ["edits"],
            "requests.doa_drafts": [world.doa.title, "field draft"],
        },
        "other_focal": {"requests.doa_drafts": [world.other_doa.title]},
        "field_in": {"requests.doa_review": ["submitted"], "requests.doa_drafts": ["field draft"]},
        "field_out": {"requests.doa_review": ["peru"]},
        "volunteer": {},
        "other_volunteer": {},
        "donor": {},
    }
    assert {who: waiting(cast[who]) for who in expected} == expected


def test_a_resubmitted_doa_waits_since_its_resubmission(world, cast, pipeline):
    resubmitted = pipeline["submitted"]
    resubmitted.resubmitted_at = at((3, 20))
    resubmitted.save()
    group = doa_tasks_for(cast["field_in"])[0]
    assert group.items[0].since == at((3, 20))
    assert group.items[0].url == f"/requests/{resubmitted.pk}/"
    assert group.items[0].detail == "HOSTA · Kenya"
    assert group.more_url == "/requests/?status=submitted"


def test_a_long_list_is_cut_and_counted(world, cast, django_assert_num_queries):
    for n in range(25):
        DoaFactory(
            host_entity=world.host,
            country=world.country,
            category=world.category,
            status=S.APPROVED,
            approved_at=at((1, 1 + n)),
        )
    recruiter = User.objects.get(username="recruiter")
    with django_assert_num_queries(2):
        [group] = doa_tasks_for(recruiter)
    assert (group.count, len(group.items)) == (25, 20)
    assert group.items[0].since == at((1, 1))


def test_tasks_query_count_per_group(world, cast, pipeline, django_assert_num_queries):
    focal = User.objects.get(username="focal")  # fresh: its scope is not cached
    # its scope, then one query per group
    with django_assert_num_queries(3):
        assert len(doa_tasks_for(focal)) == 2


@pytest.mark.parametrize("who", CAST)
def test_my_tasks_page_per_role(who, cast, world, pipeline, client_for):
    response = client_for(cast[who]).get(reverse("notifications:my_tasks"))
    if who == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    keys = [group.key for group in response.context["groups"]]
    assert keys == [group.key for group in doa_tasks_for(cast[who])]
    if who == "focal":
        assert (
            reverse("requests:doa_detail", kwargs={"doa_id": pipeline["edits"].pk})
            in response.content.decode()
        )
    if not keys:
        assert "Nothing waits on you." in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_my_tasks_api_per_role(who, cast, world, pipeline, api_as):
    response = api_as(cast[who], "get", "/api/v1/notifications/tasks")
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert [(g["key"], g["count"]) for g in response.json()] == [
        (group.key, group.count) for group in doa_tasks_for(cast[who])
    ]


# --- days from approval -------------------------------------------------------------------------


@override_settings(MOBILIZE_DOA_STAGE_PROVIDERS=[])  # the DoA's own stages only
def test_stage_days_count_calendar_days_from_approval(world):
    doa = make_ready(
        world.doa,
        status=S.RECRUITED,
        approved_at=at((3, 1), hour=23),
        sourcing_started_at=at((3, 4), hour=1),
        recruited_at=at((5, 1)),
    )
    assert doa_stage_days(doa) == {"approved": 0, "sourcing_started": 3, "recruited": 61}


@override_settings(MOBILIZE_DOA_STAGE_PROVIDERS=[])  # the DoA's own stages only
def test_stage_days_before_approval_are_none(world):
    assert doa_stage_days(world.doa) == {"approved": None, "sourcing_started": None, "recruited": None}


def test_later_stages_come_from_other_apps_before_recruited(world):
    doa = make_ready(world.doa, status=S.SOURCING, approved_at=at((3, 1)))
    extra = [StageMark("offer", "Offer made", dt.date(2024, 4, 1)), StageMark("accepted", "Accepted", None)]
    stages = doa_stages(doa, extra=extra)
    assert [(s.key, s.days) for s in stages] == [
        ("approved", 0),
        ("sourcing_started", None),
        ("offer", 31),
        ("accepted", None),
        ("recruited", None),
    ]


def shortlist_stage(doa):
    return [StageMark("shortlisted", "Shortlisted", at((3, 11)))]


@override_settings(
    MOBILIZE_DOA_STAGE_PROVIDERS=["mobilize.requests.tests.test_tasks_and_stages.shortlist_stage"]
)
def test_stage_providers_named_in_settings_are_read(world, cast, client_for):
    doa = make_ready(world.doa, status=S.SOURCING, approved_at=at((3, 1)))
    assert doa_stage_days(doa)["shortlisted"] == 10
    response = client_for(cast["hq"]).get(reverse("requests:doa_detail", kwargs={"doa_id": doa.pk}))
    assert [(s.key, s.days) for s in response.context["stages"]][2] == ("shortlisted", 10)


# --- the DoA's page per role --------------------------------------------------------------------

BUTTONS = {
    "submit": "Submit for review",
    "approve": "Approve for sourcing",
    "request_edits": "Return to the host for edits",
    "start_sourcing": "Start sourcing",
    "cancel": "Cancel DoA",
    "comment": "Add comment",
}


@pytest.mark.parametrize(
    ("status", "who", "shown"),
    [
        (S.DRAFT, "focal", {"submit", "cancel", "comment"}),
        (S.DRAFT, "recruiter", {"cancel", "comment"}),
        (S.DRAFT, "auditor", set()),
        (S.SUBMITTED, "field_in", {"approve", "request_edits", "cancel", "comment"}),
        (S.SUBMITTED, "focal", {"cancel", "comment"}),
        (S.APPROVED, "recruiter", {"start_sourcing", "cancel", "comment"}),
        (S.APPROVED, "focal", {"comment"}),
    ],
)
def test_detail_page_shows_each_role_its_actions(status, who, shown, world, cast, client_for):
    doa = make_ready(world.doa, status=status, approved_at=at((3, 1)) if status == S.APPROVED else None)
    content = client_for(cast[who]).get(reverse("requests:doa_detail", kwargs={"doa_id": doa.pk})).content
    assert {action for action, label in BUTTONS.items() if label in content.decode()} == shown


def test_a_refused_transition_on_the_page_is_422_with_the_reason(world, cast, client_for):
    # given: a draft; headquarters tries to approve it
    url = reverse("requests:doa_approve", kwargs={"doa_id": world.doa.pk})
    # when
    response = client_for(cast["hq"]).post(url)
    # then
    assert response.status_code == 422
    assert response.context["page_error"] == "Only a submitted DoA can be approved; this DoA is Draft."
    world.doa.refresh_from_db()
    assert world.doa.status == S.DRAFT


def test_request_edits_page_without_comment_is_422_on_the_field(world, cast, client_for):
    doa = make_ready(world.doa, status=S.SUBMITTED)
    response = client_for(cast["field_in"]).post(
        reverse("requests:doa_request_edits", kwargs={"doa_id": doa.pk}), {"comment": ""}
    )
    assert response.status_code == 422
    assert list(response.context["edits_form"].errors) == ["comment"]
    doa.refresh_from_db()
    assert doa.status == S.SUBMITTED


def test_cancel_page_without_reason_is_422(world, cast, client_for):
    response = client_for(cast["hq"]).post(
        reverse("requests:doa_cancel", kwargs={"doa_id": world.doa.pk}), {}
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["reason"]


@override_settings(MOBILIZE_DOA_STAGE_PROVIDERS=[])  # the DoA's own stages only
def test_detail_page_shows_the_conversation_and_stages(world, cast, client_for):
    from mobilize.requests.services import doa_comment_add

    doa = make_ready(world.doa, status=S.SOURCING, approved_at=at((3, 1)), sourcing_started_at=at((3, 3)))
    doa_comment_add(doa=doa, actor=cast["focal"], body="When do candidates come?")
    response = client_for(cast["hq"]).get(reverse("requests:doa_detail", kwargs={"doa_id": doa.pk}))
    content = response.content.decode()
    assert "When do candidates come?" in content
    assert [(s.key, s.days) for s in response.context["stages"]] == [
        ("approved", 0),
        ("sourcing_started", 2),
        ("recruited", None),
    ]
