"""Reads on DoAs: always scoped by the viewer, joins declared, newest first.

Also the DoA's place in other apps' pages: who is told of a transition (``doa_reviewers``,
``doa_host_contacts``, ``doa_recruiters``), what waits on a person (``doa_tasks_for``, a "my tasks"
provider) and the days from approval to each stage (``doa_stages``, ``doa_stage_days``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from mobilize.accounts.models import Role, User
from mobilize.notifications.selectors import TaskGroup, TaskItem, task_group
from mobilize.requests.models import TRANSITIONS, Doa, DoaComment, DoaLanguage, Position
from mobilize.requests.permissions import (
    can_cancel_doa,
    can_comment_doa,
    can_copy_doa,
    can_edit_doa,
    can_list_doas,
    can_make_doa_template,
    can_review_doa,
    can_source_doa,
    can_submit_doa,
    doa_scope,
)


@dataclass(frozen=True)
class DoaFilters:
    """What a DoA list may be narrowed by; ``None`` or empty means "any"."""

    status: str | None = None
    host_entity_id: int | None = None
    country_id: int | None = None
    category_id: int | None = None
    funding_type: str | None = None
    search: str = ""
    start_from: dt.date | None = None
    start_to: dt.date | None = None


def doa_list(*, viewer: User, filters: DoaFilters | None = None) -> QuerySet[Doa]:
    """The DoAs ``viewer`` may see (templates are listed apart, by ``doa_template_list``), narrowed
    by ``filters``, with their position count (``position_count``); one query."""
    f = filters or DoaFilters()
    qs = Doa.objects.filter(doa_scope(viewer), is_template=False).select_related(
        "host_entity", "country", "category"
    )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.host_entity_id is not None:
        qs = qs.filter(host_entity_id=f.host_entity_id)
    if f.country_id is not None:
        qs = qs.filter(country_id=f.country_id)
    if f.category_id is not None:
        qs = qs.filter(category_id=f.category_id)
    if f.funding_type:
        qs = qs.filter(funding_type=f.funding_type)
    if f.search.strip():
        term = f.search.strip()
        qs = qs.filter(Q(reference__icontains=term) | Q(title__icontains=term))
    if f.start_from is not None:
        qs = qs.filter(start_date__gte=f.start_from)
    if f.start_to is not None:
        qs = qs.filter(start_date__lte=f.start_to)
    return qs.annotate(position_count=Count("positions")).order_by("-created_at", "-pk")


def doa_get(*, viewer: User, doa_id: int) -> Doa:
    """One DoA with everything its page shows: its host, country, category and SDG, its expertise
    areas, its language requirements and its positions (four queries). ``Http404`` if missing or
    hidden from ``viewer``."""
    qs = (
        Doa.objects.filter(doa_scope(viewer))
        .select_related("host_entity", "country", "category", "sdg", "created_by")
        .prefetch_related(
            "expertise",
            Prefetch("languages", queryset=DoaLanguage.objects.select_related("language")),
            Prefetch(
                "positions",
                queryset=Position.objects.select_related("duty_station__country").annotate(
                    assignment_count=Count("assignments")
                ),
            ),
        )
    )
    try:
        return qs.get(pk=doa_id)
    except Doa.DoesNotExist:
        raise Http404 from None


def position_get(*, doa: Doa, position_id: int) -> Position:
    """A position of ``doa`` (already fetched with the viewer's permission); ``Http404`` if it is
    not one of its positions."""
    try:
        return doa.positions.select_related("doa", "duty_station").get(pk=position_id)
    except Position.DoesNotExist:
        raise Http404 from None


def doa_template_list(*, viewer: User) -> QuerySet[Doa]:
    """The templates a new DoA may start from, by title, with their position count; none for
    those who do not work on DoAs. One query."""
    if not can_list_doas(viewer):
        return Doa.objects.none()
    return (
        Doa.objects.filter(doa_scope(viewer), is_template=True)
        .select_related("host_entity", "country", "category")
        .annotate(position_count=Count("positions"))
        .order_by("title", "pk")
    )


def doa_comment_list(*, doa: Doa) -> QuerySet[DoaComment]:
    """The conversation of ``doa`` (already fetched with the viewer's permission), oldest first,
    with each author; one query."""
    return DoaComment.objects.filter(doa=doa).select_related("author").order_by("created_at", "pk")


_ACTION_PERMISSIONS: dict[str, Callable[[User, Doa], bool]] = {
    "submit": can_submit_doa,
    "request_edits": can_review_doa,
    "resubmit": can_submit_doa,
    "approve": can_review_doa,
    "start_sourcing": can_source_doa,
    "cancel": can_cancel_doa,
}


def doa_actions(*, user: User, doa: Doa) -> list[str]:
    """What ``user`` may do to ``doa`` as it stands, in the workflow's order: the transitions its
    status allows and the user's role permits (``submit``, ``request_edits``, ``resubmit``,
    ``approve``, ``start_sourcing``, ``cancel``), then ``edit``, ``comment``, ``duplicate``,
    ``use_template`` and ``make_template``. Marking recruited is the recruitment app's."""
    actions: list[str] = []
    if not doa.is_template:
        actions += [
            action
            for action, allowed in _ACTION_PERMISSIONS.items()
            if doa.status in TRANSITIONS[action][0] and allowed(user, doa)
        ]
    if doa.is_editable and can_edit_doa(user, doa):
        actions.append("edit")
    if can_comment_doa(user, doa):
        actions.append("comment")
    if can_copy_doa(user, doa):
        actions.append("use_template" if doa.is_template else "duplicate")
    if can_make_doa_template(user):
        actions.append("make_template")
    return actions


# --- who is told ------------------------------------------------------------------------------


def _active(role: str) -> QuerySet[User]:
    return User.objects.filter(role=role, is_active=True).order_by("pk")


def doa_reviewers(*, doa: Doa) -> list[User]:
    """Who reviews ``doa``: the field unit of its country, else (no field unit there) headquarters."""
    field = list(_active(Role.FIELD_UNIT).filter(countries=doa.country_id))
    return field or list(_active(Role.HQ))


def doa_host_contacts(*, doa: Doa) -> list[User]:
    """Who speaks for ``doa``'s host: its focal points, else (none) the DoA's author."""
    focal = list(_active(Role.HOST_FOCAL_POINT).filter(host_entities=doa.host_entity_id))
    if focal:
        return focal
    return [doa.created_by] if doa.created_by is not None and doa.created_by.is_active else []


def doa_recruiters() -> list[User]:
    """Who sources approved DoAs: the recruiters."""
    return list(_active(Role.RECRUITER))


# --- my tasks ---------------------------------------------------------------------------------


def _doa_task_item(doa: Doa, since: dt.datetime | None) -> TaskItem:
    return TaskItem(
        title=f"{doa.reference}: {doa.title}",
        url=reverse("requests:doa_detail", kwargs={"doa_id": doa.pk}),
        detail=f"{doa.host_entity.acronym} · {doa.country.name}",
        since=since,
    )


def _waiting(status: str, scope: Q, since: F | Coalesce) -> QuerySet[Doa]:
    """The DoAs of ``scope`` in ``status``, the longest waiting first (``waiting_since``)."""
    return (
        Doa.objects.filter(scope, status=status, is_template=False)
        .select_related("host_entity", "country")
        .annotate(waiting_since=since)
        .order_by("waiting_since", "pk")
    )


def _waiting_item(doa: Doa) -> TaskItem:
    return _doa_task_item(doa, getattr(doa, "waiting_since", None))


def _list_url(status: str) -> str:
    return f"{reverse('requests:doa_list')}?status={status}"


def doa_tasks_for(user: User) -> list[TaskGroup]:
    """What waits on ``user`` among DoAs (a "my tasks" provider): to review (headquarters, the
    country's field unit), to edit after review or to finish and submit (the host's focal points;
    for other authors the DoAs they wrote), to start sourcing (recruiters, headquarters). Oldest
    first; one query per group of at most 20."""
    groups: list[TaskGroup] = []
    if user.has_role(Role.HQ) or user.has_role(Role.FIELD_UNIT):
        scope = Q() if user.has_role(Role.HQ) else Q(country__in=user.country_ids())
        # A resubmitted DoA waits since its resubmission.
        reviews = _waiting(Doa.Status.SUBMITTED, scope, Coalesce("resubmitted_at", "submitted_at"))
        groups += task_group(
            key="requests.doa_review",
            label=str(_("DoAs waiting for your review")),
            queryset=reviews,
            item=_waiting_item,
            more_url=_list_url(Doa.Status.SUBMITTED),
        )
    if user.has_role(Role.HOST_FOCAL_POINT, Role.FIELD_UNIT, Role.HQ):
        own = (
            Q(host_entity__in=user.host_entity_ids())
            if user.has_role(Role.HOST_FOCAL_POINT)
            else Q(created_by=user)
        )
        groups += task_group(
            key="requests.doa_edits",
            label=str(_("DoAs returned to you for edits")),
            queryset=_waiting(Doa.Status.EDITS_REQUESTED, own, F("edits_requested_at")),
            item=_waiting_item,
            more_url=_list_url(Doa.Status.EDITS_REQUESTED),
        )
        groups += task_group(
            key="requests.doa_drafts",
            label=str(_("Draft DoAs to complete and submit")),
            queryset=_waiting(Doa.Status.DRAFT, own, F("created_at")),
            item=_waiting_item,
            more_url=_list_url(Doa.Status.DRAFT),
        )
    if user.has_role(Role.RECRUITER, Role.HQ):
        groups += task_group(
            key="requests.doa_sourcing",
            label=str(_("Approved DoAs waiting for sourcing to start")),
            queryset=_waiting(Doa.Status.APPROVED, Q(), F("approved_at")),
            item=_waiting_item,
            more_url=_list_url(Doa.Status.APPROVED),
        )
    return groups


# --- days from approval to each stage ---------------------------------------------------------


@dataclass(frozen=True)
class StageMark:
    """When a DoA reached a stage (``at`` None: not yet). Other apps contribute marks."""

    key: str
    label: str
    at: dt.datetime | dt.date | None


@dataclass(frozen=True)
class Stage:
    """A stage with the calendar days from the DoA's approval to it (None: not reached, or the DoA
    is not approved)."""

    key: str
    label: str
    at: dt.datetime | dt.date | None
    days: int | None


StageProvider = Callable[[Doa], Sequence[StageMark]]


@cache
def _stage_providers(paths: tuple[str, ...]) -> tuple[StageProvider, ...]:
    return tuple(import_string(path) for path in paths)


def doa_stage_marks(doa: Doa) -> list[StageMark]:
    """The later stages other apps know of (shortlist, offer, entry on duty, ...), from the
    providers named in ``settings.MOBILIZE_DOA_STAGE_PROVIDERS``, in that order."""
    paths = tuple(getattr(settings, "MOBILIZE_DOA_STAGE_PROVIDERS", ()))
    return [mark for provider in _stage_providers(paths) for mark in provider(doa)]


def _day(value: dt.datetime | dt.date) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def doa_stages(doa: Doa, *, extra: Sequence[StageMark] | None = None) -> list[Stage]:
    """Approval, sourcing started, the ``extra`` marks (by default those of the stage providers),
    then recruited, each with the calendar days since approval."""
    marks = [
        StageMark("approved", str(_("Approved for sourcing")), doa.approved_at),
        StageMark("sourcing_started", str(_("Sourcing started")), doa.sourcing_started_at),
        *(doa_stage_marks(doa) if extra is None else extra),
        StageMark("recruited", str(_("Recruited")), doa.recruited_at),
    ]
    start = _day(doa.approved_at) if doa.approved_at is not None else None
    return [
        Stage(
            key=mark.key,
            label=mark.label,
            at=mark.at,
            days=(_day(mark.at) - start).days if start is not None and mark.at is not None else None,
        )
        for mark in marks
    ]


def doa_stage_days(doa: Doa, *, extra: Sequence[StageMark] | None = None) -> dict[str, int | None]:
    """Stage key -> calendar days from the DoA's approval (None: not reached or not approved)."""
    return {stage.key: stage.days for stage in doa_stages(doa, extra=extra)}
