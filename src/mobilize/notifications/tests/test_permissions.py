"""Every notifications endpoint and page over the whole cast: each person has an inbox and a "my
tasks" page and sees only their own notifications; someone else's answers 404."""

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.notifications.models import Notification
from mobilize.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(cast):
    """One unread notification for each member of the cast (pointing at the DoA list)."""
    return {
        who: NotificationFactory(recipient=user, message=f"For {who}", url="/requests/")
        for who, user in cast.items()
        if user is not None
    }


def api_status(who, ok=200):
    return 401 if who == "anonymous" else ok


def page_status(who, ok=200):
    return 302 if who == "anonymous" else ok


@pytest.mark.parametrize("who", CAST)
def test_api_list(who, cast, mine, api_as):
    response = api_as(cast[who], "get", "/api/v1/notifications/")
    assert response.status_code == api_status(who)
    if who != "anonymous":
        assert [n["message"] for n in response.json()["items"]] == [f"For {who}"]


@pytest.mark.parametrize("who", CAST)
def test_api_read_own(who, cast, mine, api_as):
    target = mine.get(who) or mine["hq"]
    response = api_as(cast[who], "post", f"/api/v1/notifications/{target.pk}/read")
    assert response.status_code == api_status(who)
    target.refresh_from_db()
    assert (target.read_at is not None) is (who != "anonymous")


@pytest.mark.parametrize("who", CAST)
def test_api_read_someone_elses_is_404(who, cast, mine, api_as):
    target = mine["volunteer"] if who != "volunteer" else mine["hq"]
    response = api_as(cast[who], "post", f"/api/v1/notifications/{target.pk}/read")
    assert response.status_code == api_status(who, ok=404)
    target.refresh_from_db()
    assert target.read_at is None


@pytest.mark.parametrize("who", CAST)
def test_api_read_all(who, cast, mine, api_as):
    response = api_as(cast[who], "post", "/api/v1/notifications/read-all")
    assert response.status_code == api_status(who)
    if who != "anonymous":
        assert response.json() == {"marked": 1, "unread": 0}
    assert Notification.objects.filter(read_at__isnull=True).count() == (10 if who == "anonymous" else 9)


@pytest.mark.parametrize("who", CAST)
def test_api_tasks(who, cast, world, api_as):
    response = api_as(cast[who], "get", "/api/v1/notifications/tasks")
    assert response.status_code == api_status(who)


@pytest.mark.parametrize("who", CAST)
def test_page_inbox(who, cast, mine, client_for):
    response = client_for(cast[who]).get(reverse("notifications:inbox"))
    assert response.status_code == page_status(who)
    if who != "anonymous":
        assert [n.message for n in response.context["object_list"]] == [f"For {who}"]
        assert response.context["unread_count"] == 1


@pytest.mark.parametrize("who", CAST)
def test_page_read_own_goes_to_its_link(who, cast, mine, client_for):
    target = mine.get(who) or mine["hq"]
    response = client_for(cast[who]).post(
        reverse("notifications:notification_read", kwargs={"notification_id": target.pk})
    )
    assert response.status_code == 302
    if who != "anonymous":
        assert response["Location"] == "/requests/"
    target.refresh_from_db()
    assert (target.read_at is not None) is (who != "anonymous")


@pytest.mark.parametrize("who", CAST)
def test_page_read_someone_elses_is_404(who, cast, mine, client_for):
    target = mine["volunteer"] if who != "volunteer" else mine["hq"]
    response = client_for(cast[who]).post(
        reverse("notifications:notification_read", kwargs={"notification_id": target.pk})
    )
    assert response.status_code == page_status(who, ok=404)
    target.refresh_from_db()
    assert target.read_at is None


@pytest.mark.parametrize("who", CAST)
def test_page_read_all(who, cast, mine, client_for):
    response = client_for(cast[who]).post(reverse("notifications:notification_read_all"))
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == (10 if who == "anonymous" else 9)


@pytest.mark.parametrize("who", CAST)
def test_page_my_tasks(who, cast, world, client_for):
    response = client_for(cast[who]).get(reverse("notifications:my_tasks"))
    assert response.status_code == page_status(who)


def test_get_never_marks_read(cast, mine, client_for):
    url = reverse("notifications:notification_read", kwargs={"notification_id": mine["hq"].pk})
    assert client_for(cast["hq"]).get(url).status_code == 405
    mine["hq"].refresh_from_db()
    assert mine["hq"].read_at is None


def test_the_inbox_can_show_unread_only(cast, mine, client_for):
    NotificationFactory(recipient=cast["hq"], message="Old", read_at="2024-01-01T00:00:00Z")
    client = client_for(cast["hq"])
    shown = client.get(reverse("notifications:inbox")).context["object_list"]
    assert [n.message for n in shown] == ["Old", "For hq"]
    unread = client.get(reverse("notifications:inbox") + "?unread=1").context["object_list"]
    assert [n.message for n in unread] == ["For hq"]
