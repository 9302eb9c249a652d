"""Reads: a person's notifications, and the registry of what waits on them ("my tasks").

The registry: every dotted path in ``settings.MOBILIZE_TASK_PROVIDERS`` names a function
``provider(user) -> list[TaskGroup]`` in a domain app's selectors (e.g.
``mobilize.requests.selectors.doa_tasks_for``). Providers are read in that order; a provider returns
only non-empty groups, and builds them with ``task_group`` so that a long list costs two queries and
a short one a single query. This app imports no domain app: the list is the only link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string

from mobilize.notifications.models import Notification
from mobilize.notifications.permissions import notification_scope, signed_in

TASK_GROUP_LIMIT = 20
"""At most this many items of a group are listed; the group's count and link say how many in all."""

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class TaskItem:
    """One thing waiting on a person: what, about which record, where to do it, since when."""

    title: str
    url: str
    detail: str = ""
    since: dt.datetime | None = None


@dataclass(frozen=True)
class TaskGroup:
    """Things of one kind waiting on a person (``key`` e.g. ``requests.doa_review``): ``count`` in
    all, the oldest ``items`` first, and ``more_url`` listing them all."""

    key: str
    label: str
    count: int
    items: tuple[TaskItem, ...]
    more_url: str = ""


TaskProvider = Callable[[Any], list[TaskGroup]]


def notification_list(*, viewer: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """``viewer``'s notifications, newest first, with who sent each (one query)."""
    qs = Notification.objects.filter(notification_scope(viewer)).select_related("actor")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_unread_count(*, viewer: Any) -> int:
    """How many of ``viewer``'s notifications are unread (one query)."""
    return Notification.objects.filter(notification_scope(viewer), read_at__isnull=True).count()


def task_group(
    *,
    key: str,
    label: str,
    queryset: QuerySet[M],
    item: Callable[[M], TaskItem],
    more_url: str = "",
    limit: int = TASK_GROUP_LIMIT,
) -> list[TaskGroup]:
    """The group of ``queryset``'s records (already scoped and ordered, oldest waiting first) as a
    list of one group, or an empty list when nothing waits. One query when at most ``limit`` wait,
    two otherwise (the page, then the count)."""
    rows = list(queryset[: limit + 1])
    if not rows:
        return []
    count = len(rows) if len(rows) <= limit else queryset.count()
    items = tuple(item(row) for row in rows[:limit])
    return [TaskGroup(key=key, label=label, count=count, items=items, more_url=more_url)]


@cache
def _providers(paths: tuple[str, ...]) -> tuple[TaskProvider, ...]:
    return tuple(import_string(path) for path in paths)


def task_providers() -> Sequence[TaskProvider]:
    """The providers named in ``settings.MOBILIZE_TASK_PROVIDERS``, imported once."""
    return _providers(tuple(getattr(settings, "MOBILIZE_TASK_PROVIDERS", ())))


def my_tasks(*, user: Any) -> list[TaskGroup]:
    """Everything that waits on ``user``, group by group in the providers' order; nothing for
    someone signed out."""
    if not signed_in(user):
        return []
    groups: list[TaskGroup] = []
    for provider in task_providers():
        groups.extend(provider(user))
    return groups
