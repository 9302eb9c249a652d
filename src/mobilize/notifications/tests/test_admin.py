import pytest
from django.urls import reverse

from mobilize.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_shows_notifications_read_only(admin_client):
    notification = NotificationFactory()
    assert admin_client.get(reverse("admin:notifications_notification_changelist")).status_code == 200
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"message": "Changed"}).status_code == 403
    notification.refresh_from_db()
    assert notification.message != "Changed"
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
