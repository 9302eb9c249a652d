"""Reads: a person's notifications, and the task registry."""

import datetime as dt

import pytest
from django.test import override_settings

from mobilize.accounts.models import User
from mobilize.accounts.tests.factories import UserFactory
from mobilize.notifications.models import Notification
from mobilize.notifications.selectors import (
    TaskGroup,
    TaskItem,
    my_tasks,
    notification_list,
    notification_unread_count,
    task_group,
)
from mobilize.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_list_is_ones_own_newest_first_and_filters_unread(django_assert_num_queries):
    # given
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    old = NotificationFactory(recipient=ann, actor=bob)
    new = NotificationFactory(recipient=ann, actor=bob)
    NotificationFactory(recipient=bob)
    Notification.objects.filter(pk=old.pk).update(read_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    # when / then: one query, senders included
    with django_assert_num_queries(1):
        rows = [(n.pk, n.actor.username) for n in notification_list(viewer=ann)]
    assert rows == [(new.pk, "bob"), (old.pk, "bob")]
    assert [n.pk for n in notification_list(viewer=ann, unread_only=True)] == [new.pk]
    assert notification_unread_count(viewer=ann) == 1


def test_nobody_signed_out_has_notifications():
    from django.contrib.auth.models import AnonymousUser

    NotificationFactory()
    assert list(notification_list(viewer=AnonymousUser())) == []
    assert my_tasks(user=AnonymousUser()) == []


def test_task_group_is_one_query_when_short_two_when_long(django_assert_num_queries):
    users = UserFactory.create_batch(4)
    queryset = User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk")

    def item(user):
        return TaskItem(title=user.username, url=f"/u/{user.pk}/")

    with django_assert_num_queries(1):
        [short] = task_group(key="k", label="L", queryset=queryset, item=item, limit=4)
    with django_assert_num_queries(2):
        [long] = task_group(key="k", label="L", queryset=queryset, item=item, limit=3)
    assert (short.count, len(short.items)) == (4, 4)
    assert (long.count, [i.title for i in long.items]) == (4, [u.username for u in users[:3]])
    assert task_group(key="k", label="L", queryset=queryset.none(), item=item) == []


def first_provider(user):
    return [TaskGroup(key="one", label="One", count=1, items=(TaskItem(title="a", url="/a/"),))]


def second_provider(user):
    return [] if user.username == "idle" else [TaskGroup(key="two", label="Two", count=0, items=())]


@override_settings(
    MOBILIZE_TASK_PROVIDERS=[
        "mobilize.notifications.tests.test_selectors.first_provider",
        "mobilize.notifications.tests.test_selectors.second_provider",
    ]
)
def test_my_tasks_reads_every_provider_in_order():
    assert [g.key for g in my_tasks(user=UserFactory(username="busy"))] == ["one", "two"]
    assert [g.key for g in my_tasks(user=UserFactory(username="idle"))] == ["one"]
