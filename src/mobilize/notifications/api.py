"""The notifications API under /api/v1/notifications/: your notifications (list, mark read) and what
waits on you (``/tasks``). Everyone signed in has both; nobody sees anyone else's."""

import datetime as dt
from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.notifications.models import Notification
from mobilize.notifications.permissions import notification_access
from mobilize.notifications.selectors import (
    TaskGroup,
    my_tasks,
    notification_list,
    notification_unread_count,
)
from mobilize.notifications.services import notification_mark_all_read, notification_mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    verb: str
    target_type: str
    target_id: str
    message: str
    url: str
    actor: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_actor(obj: Notification) -> str | None:
        return obj.actor.username if obj.actor is not None else None


class NotificationFilterIn(Schema):
    unread: bool = False


class NotificationReadAllOut(Schema):
    marked: int
    unread: int


class TaskItemOut(Schema):
    title: str
    url: str
    detail: str
    since: dt.datetime | None


class TaskGroupOut(Schema):
    key: str
    label: str
    count: int
    more_url: str
    items: list[TaskItemOut]


@router.get("/", response={200: list[NotificationOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def notification_list_api(request: AuthedRequest, filters: Query[NotificationFilterIn]) -> Any:
    """Your notifications, newest first; ``unread=true`` for the unread ones only."""
    return notification_list(viewer=request.user, unread_only=filters.unread)


@router.post("/read-all", response={200: NotificationReadAllOut, **ERROR_RESPONSES})
def notification_read_all_api(request: AuthedRequest) -> dict[str, int]:
    """Mark all your notifications read."""
    marked = notification_mark_all_read(actor=request.user)
    return {"marked": marked, "unread": notification_unread_count(viewer=request.user)}


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERROR_RESPONSES})
def notification_read_api(request: AuthedRequest, notification_id: int) -> Notification:
    """Mark one of your notifications read (someone else's answers 404)."""
    notification = notification_access(user=request.user, notification_id=notification_id)
    return notification_mark_read(notification=notification, actor=request.user)


@router.get("/tasks", response={200: list[TaskGroupOut], **ERROR_RESPONSES})
def my_tasks_api(request: AuthedRequest) -> list[TaskGroup]:
    """What waits on you, group by group (the oldest first in each, at most 20 listed per group;
    ``count`` says how many in all and ``more_url`` lists them)."""
    return my_tasks(user=request.user)
