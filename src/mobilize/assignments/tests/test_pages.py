"""The assignment pages and the admin: every page over the whole cast, and the forms."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.assignments.models import Assignment
from mobilize.core.models import AuditRecord
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

DETAIL = {
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
CREATE = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 403,
    "focal": 403,
    "other_focal": 403,
    "field_in": 200,
    "field_out": 200,
    "volunteer": 403,
    "other_volunteer": 403,
    "donor": 403,
    "anonymous": 302,
}
EDIT = {
    "hq": 200,
    "recruiter": 200,
    "auditor": 403,
    "focal": 403,
    "other_focal": 404,
    "field_in": 200,
    "field_out": 404,
    "volunteer": 403,
    "other_volunteer": 404,
    "donor": 404,
    "anonymous": 302,
}
SEES = {
    "hq": {"assignment", "other_assignment"},
    "recruiter": {"assignment", "other_assignment"},
    "auditor": {"assignment", "other_assignment"},
    "focal": {"assignment"},
    "other_focal": {"other_assignment"},
    "field_in": {"assignment"},
    "field_out": {"other_assignment"},
    "volunteer": {"assignment"},
    "other_volunteer": {"other_assignment"},
    "donor": set(),
}


def _edit_post(world, **overrides):
    data = {
        "version": 1,
        "planned_end": "2024-02-29",
        "actual_end": "",
        "funding_type": "host",
        "status": "active",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", CAST)
def test_list_page_permissions(client_for, cast, world, who):
    response = client_for(cast[who]).get(reverse("assignments:assignment_list"))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        return
    assert response.status_code == 200
    shown = {a.reference for a in response.context["object_list"]}
    assert shown == {getattr(world, name).reference for name in SEES[who]}


@pytest.mark.parametrize("who", CAST)
def test_detail_page_permissions(client_for, cast, world, who):
    url = reverse("assignments:assignment_detail", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == DETAIL[who]
    if response.status_code == 200:
        assert world.assignment.reference in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_create_page_permissions(client_for, cast, world, who):
    response = client_for(cast[who]).get(reverse("assignments:assignment_create"))
    assert response.status_code == CREATE[who]


@pytest.mark.parametrize("who", CAST)
def test_edit_page_permissions(client_for, cast, world, who):
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast[who]).get(url)
    assert response.status_code == EDIT[who]


@pytest.mark.parametrize("who", CAST)
def test_edit_post_permissions(client_for, cast, world, who):
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast[who]).post(url, _edit_post(world, funding_type="svf"))
    assert response.status_code == (302 if EDIT[who] == 200 else EDIT[who])
    world.assignment.refresh_from_db()
    assert world.assignment.funding_type == ("svf" if EDIT[who] == 200 else "host")


def test_focal_point_asking_for_another_entitys_assignment_page_gets_404(client_for, cast, world):
    client = client_for(cast["focal"])
    url = reverse("assignments:assignment_detail", kwargs={"assignment_id": world.other_assignment.pk})
    assert client.get(url).status_code == 404
    edit = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.other_assignment.pk})
    assert client.get(edit).status_code == 404


def test_volunteer_sees_my_assignments(client_for, cast, world):
    response = client_for(cast["volunteer"]).get(reverse("assignments:assignment_list"))
    content = response.content.decode()
    assert "<h1>My assignments</h1>" in content
    assert 'class="filters"' not in content
    assert world.assignment.reference in content
    assert world.other_assignment.reference not in content


def test_staff_list_has_filters_and_applies_them(client_for, cast, world):
    client = client_for(cast["hq"])
    response = client.get(
        reverse("assignments:assignment_list"), {"host_entity": world.other_host.pk, "search": ""}
    )
    content = response.content.decode()
    assert "<h1>Assignments</h1>" in content
    assert 'class="filters"' in content
    assert [a.reference for a in response.context["object_list"]] == [world.other_assignment.reference]
    assert "Add an assignment" in content


def test_list_drops_an_invalid_filter_and_names_it(client_for, cast, world):
    response = client_for(cast["hq"]).get(
        reverse("assignments:assignment_list"), {"active_in_year": "soon", "host_entity": world.host.pk}
    )
    assert response.status_code == 200
    assert response.context["filter_form"].errors["active_in_year"] == ["Enter a whole number."]
    assert [a.reference for a in response.context["object_list"]] == [world.assignment.reference]


def test_list_is_paginated(client_for, cast, world):
    from mobilize.assignments.tests.factories import AssignmentFactory

    AssignmentFactory.create_batch(55)
    response = client_for(cast["hq"]).get(reverse("assignments:assignment_list"))
    assert len(response.context["object_list"]) == 50
    assert response.context["page_obj"].paginator.count == 57
    second = client_for(cast["hq"]).get(reverse("assignments:assignment_list"), {"page": 2})
    assert len(second.context["object_list"]) == 7


def test_htmx_filter_gets_the_results_only(client_for, cast, world):
    response = client_for(cast["hq"]).get(
        reverse("assignments:assignment_list"), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results">')
    assert "<h1>" not in content


def test_create_page_makes_an_assignment_and_redirects(client_for, cast, world):
    volunteer = CandidateFactory(given_name="Nadia", family_name="Njeri", nationality=world.country)
    response = client_for(cast["field_in"]).post(
        reverse("assignments:assignment_create"),
        {
            "volunteer": volunteer.pk,
            "category": world.category.pk,
            "host_entity": world.host.pk,
            "duty_station": world.station.pk,
            "funding_type": "host",
            "entry_on_duty": "2024-01-01",
            "planned_end": "2024-12-31",
        },
    )
    created = Assignment.objects.get(volunteer=volunteer)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assignments:assignment_detail", kwargs={"assignment_id": created.pk}
    )
    assert created.reference == f"ASG-2024-{created.pk:06d}"


def test_create_page_shows_a_service_error_on_its_field_and_writes_nothing(client_for, cast, world):
    peruvian = CandidateFactory(nationality=world.other_country)
    before = Assignment.objects.count()
    response = client_for(cast["hq"]).post(
        reverse("assignments:assignment_create"),
        {
            "volunteer": peruvian.pk,
            "category": world.category.pk,
            "host_entity": world.host.pk,
            "duty_station": world.station.pk,
            "funding_type": "host",
            "entry_on_duty": "2024-01-01",
            "planned_end": "2023-12-31",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert sorted(errors) == ["category", "planned_end"]
    assert Assignment.objects.count() == before
    assert not AuditRecord.objects.exists()


def test_create_page_offers_a_field_unit_only_its_stations_and_visible_candidates(client_for, cast, world):
    response = client_for(cast["field_out"]).get(reverse("assignments:assignment_create"))
    form = response.context["form"]
    assert list(form.fields["duty_station"].queryset) == [world.other_station]
    assert list(form.fields["volunteer"].queryset) == [world.other_volunteer]


def test_edit_page_offers_only_the_allowed_status_moves(client_for, cast, world):
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    form = client_for(cast["hq"]).get(url).context["form"]
    assert [value for value, _ in form.fields["status"].choices] == ["active", "completed", "terminated"]
    assert form.initial["version"] == 1


def test_edit_page_ends_an_assignment(client_for, cast, world):
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast["hq"]).post(
        url, _edit_post(world, status="terminated", actual_end="2023-10-31")
    )
    assert response.status_code == 302
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.actual_end) == ("terminated", dt.date(2023, 10, 31))


def test_edit_page_names_the_end_before_start_and_writes_nothing(client_for, cast, world):
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast["hq"]).post(url, _edit_post(world, planned_end="2023-01-01"))
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "planned_end": ["The planned end cannot be before the entry on duty."]
    }
    world.assignment.refresh_from_db()
    assert world.assignment.version == 1


def test_edit_page_refuses_a_stale_copy(client_for, cast, world):
    Assignment.objects.filter(pk=world.assignment.pk).update(version=2)
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast["hq"]).post(url, _edit_post(world, funding_type="svf"))
    assert response.status_code == 422
    assert "changed by someone else" in response.content.decode()
    world.assignment.refresh_from_db()
    assert world.assignment.funding_type == "host"


def test_edit_page_of_a_closed_assignment_says_so(client_for, cast, world):
    Assignment.objects.filter(pk=world.assignment.pk).update(
        status="completed", actual_end=dt.date(2024, 2, 29)
    )
    url = reverse("assignments:assignment_edit", kwargs={"assignment_id": world.assignment.pk})
    response = client_for(cast["hq"]).get(url)
    assert response.status_code == 409
    assert "can no longer be edited" in response.content.decode()
    detail = client_for(cast["hq"]).get(
        reverse("assignments:assignment_detail", kwargs={"assignment_id": world.assignment.pk})
    )
    assert url not in detail.content.decode()


# --- admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_user(db):
    from mobilize.accounts.models import Role
    from mobilize.accounts.tests.factories import UserFactory

    return UserFactory(username="admin", role=Role.HQ, is_staff=True, is_superuser=True)


def test_admin_lists_and_filters(client_for, admin_user, world):
    client = client_for(admin_user)
    response = client.get(
        "/admin/assignments/assignment/", {"status__exact": "active", "modality__exact": "national"}
    )
    assert response.status_code == 200
    assert world.assignment.reference in response.content.decode()
    assert client.get("/admin/assignments/assignment/add/").status_code == 403


# The change form carries the (read-only) dependants inline: its management form comes with each post.
INLINE = {
    "dependants-TOTAL_FORMS": "0",
    "dependants-INITIAL_FORMS": "0",
    "dependants-MIN_NUM_FORMS": "0",
    "dependants-MAX_NUM_FORMS": "1000",
}


def test_admin_edit_goes_through_the_service(client_for, admin_user, world):
    client = client_for(admin_user)
    url = f"/admin/assignments/assignment/{world.assignment.pk}/change/"
    response = client.post(
        url,
        {"planned_end": "2024-01-31", "actual_end": "", "funding_type": "svf", "status": "active", **INLINE},
    )
    assert response.status_code == 302
    world.assignment.refresh_from_db()
    assert (world.assignment.planned_end, world.assignment.funding_type, world.assignment.version) == (
        dt.date(2024, 1, 31),
        "svf",
        2,
    )
    assert AuditRecord.objects.get(verb="assignment.updated").actor == admin_user


def test_admin_edit_shows_the_rules_on_the_form_and_writes_nothing(client_for, admin_user, world):
    client = client_for(admin_user)
    url = f"/admin/assignments/assignment/{world.assignment.pk}/change/"
    response = client.post(
        url,
        {
            "planned_end": "2023-01-31",
            "actual_end": "",
            "funding_type": "host",
            "status": "completed",
            **INLINE,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert sorted(errors) == ["actual_end", "planned_end"]
    world.assignment.refresh_from_db()
    assert world.assignment.version == 1


def test_admin_closed_assignment_is_read_only(client_for, admin_user, world):
    Assignment.objects.filter(pk=world.assignment.pk).update(
        status="completed", actual_end=dt.date(2024, 2, 29)
    )
    client = client_for(admin_user)
    url = f"/admin/assignments/assignment/{world.assignment.pk}/change/"
    client.post(
        url,
        {"planned_end": "2024-01-31", "actual_end": "2024-01-31", "funding_type": "svf", "status": "active"},
    )
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.funding_type, world.assignment.version) == (
        "completed",
        "host",
        1,
    )
