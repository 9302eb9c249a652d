"""notify: one notification per recipient, in their language, its email once the transaction
commits; marking read."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.notifications.models import Notification
from mobilize.notifications.services import notification_mark_all_read, notification_mark_read, notify
from mobilize.notifications.tasks import notification_email_task
from mobilize.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def tell(recipients, *, actor=None, target=None, url="/requests/1/", message="%(what)s happened."):
    return notify(
        recipients=recipients,
        verb="doa.submitted",
        target=target or recipients[0],
        message=message,
        params={"what": "Something"},
        url=url,
        actor=actor,
    )


def test_one_notification_per_active_recipient_never_the_actor():
    # given
    ann, bob, actor = UserFactory(username="ann"), UserFactory(username="bob"), UserFactory(username="act")
    gone = UserFactory(username="gone", is_active=False)
    # when: ann twice, an inactive person and the actor among the recipients
    created = tell([ann, bob, ann, gone, actor], actor=actor, target=bob)
    # then
    assert [n.recipient.username for n in created] == ["ann", "bob"]
    row = Notification.objects.get(recipient=ann)
    assert (row.verb, row.target_type, row.target_id, row.message, row.url, row.actor) == (
        "doa.submitted",
        "accounts.user",
        str(bob.pk),
        "Something happened.",
        "/requests/1/",
        actor,
    )
    assert row.read_at is None


def test_the_message_is_written_in_each_recipients_language():
    french, plain = UserFactory(preferred_language="fr"), UserFactory(preferred_language="")
    notify(recipients=[french, plain], verb="x", target=french, message=gettext_lazy("Monday"), url="")
    assert dict(Notification.objects.values_list("recipient_id", "message")) == {
        french.pk: "lundi",
        plain.pk: "Monday",
    }


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_link_off_the_site_is_refused(url):
    with pytest.raises(ValidationError):
        tell([UserFactory()], url=url)
    assert not Notification.objects.exists()


def test_emails_wait_for_the_commit_and_go_once(django_capture_on_commit_callbacks):
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = tell([ann, bob])
        assert mail.outbox == []
    assert len(callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    message = mail.outbox[0]
    assert message.subject == "[Mobilize] Something happened."
    assert "http://127.0.0.1:8000/requests/1/" in message.body
    # running the task again sends nothing more
    assert notification_email_task.call(notification_id=created[0].pk) is False
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_nobody_without_an_address_is_emailed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell([UserFactory(email="")])
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_sends_nothing():
    # given
    ann = UserFactory(username="ann", role=Role.HQ)
    # when: the write that notifies fails after notify
    with pytest.raises(RuntimeError), transaction.atomic():
        tell([ann])
        raise RuntimeError("the domain write failed")
    # then
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_sends_its_email():
    ann = UserFactory(username="ann")
    with transaction.atomic():
        tell([ann])
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]


def test_mark_read_keeps_the_first_time():
    notification = NotificationFactory()
    first = notification_mark_read(notification=notification, actor=notification.recipient).read_at
    again = notification_mark_read(notification=notification, actor=notification.recipient).read_at
    assert first is not None
    assert again == first


def test_mark_all_read_touches_only_ones_own():
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    NotificationFactory.create_batch(2, recipient=ann)
    NotificationFactory(recipient=bob)
    assert notification_mark_all_read(actor=ann) == 2
    assert Notification.objects.filter(read_at__isnull=True).get().recipient == bob
