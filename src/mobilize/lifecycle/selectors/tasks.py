"""What waits on a person in the lifecycle (a "my tasks" provider, ``settings.MOBILIZE_TASK_PROVIDERS``).

* Host focal points: extensions whose funding to confirm, resignations to accept or return,
  performance assessments to record, for their entities.
* Field units (their countries), recruiters and headquarters: funded extensions to approve; field
  units and headquarters also resignations to decide and final clearances to grant.
* Volunteers: reassignments waiting for their consent, end-of-assignment checklists to complete.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from mobilize.accounts.models import Role
from mobilize.lifecycle.models import ChecklistItem, EndOfAssignment, Extension, Reassignment, Separation
from mobilize.lifecycle.selectors.links import lifecycle_url
from mobilize.notifications.selectors import TaskGroup, TaskItem, task_group


def _item(record: Any) -> TaskItem:
    assignment = record.assignment
    return TaskItem(
        title=f"{assignment.reference} · {assignment.volunteer.full_name}",
        url=lifecycle_url(assignment),
        since=getattr(record, "requested_at", None)
        or getattr(record, "submitted_at", None)
        or getattr(record, "started_at", None),
    )


def _scope(user: Any) -> Q | None:
    """The assignments whose steps wait on ``user`` as host, field unit or headquarters."""
    if user.has_role(Role.HQ, Role.RECRUITER):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(assignment__duty_country__in=user.country_ids())
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(assignment__host_entity__in=user.host_entity_ids())
    return None


def lifecycle_tasks_for(user: Any) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    related = ("assignment__volunteer",)
    if user.has_role(Role.CANDIDATE):
        mine = Q(assignment__volunteer__user=user)
        groups += task_group(
            key="lifecycle.reassignment_consent",
            label=_("Reassignments waiting for your consent"),
            queryset=Reassignment.objects.filter(mine, status=Reassignment.Status.AWAITING_CONSENT)
            .select_related(*related)
            .order_by("requested_at", "pk"),
            item=_item,
        )
        pending_items = ChecklistItem.objects.filter(end_of_assignment=OuterRef("pk"), done_at__isnull=True)
        groups += task_group(
            key="lifecycle.checklist",
            label=_("End-of-assignment checklists to complete"),
            queryset=EndOfAssignment.objects.filter(
                mine, Exists(pending_items), status=EndOfAssignment.Status.OPEN
            )
            .select_related(*related)
            .order_by("started_at", "pk"),
            item=_item,
        )
        return groups
    scope = _scope(user)
    if scope is None:
        return groups
    hosts = user.has_role(Role.HOST_FOCAL_POINT)
    if hosts:
        groups += task_group(
            key="lifecycle.extension_funding",
            label=_("Extensions whose funding to confirm"),
            queryset=Extension.objects.filter(scope, status=Extension.Status.REQUESTED)
            .select_related(*related)
            .order_by("requested_at", "pk"),
            item=_item,
        )
    else:
        groups += task_group(
            key="lifecycle.extension_approval",
            label=_("Funded extensions to approve"),
            queryset=Extension.objects.filter(scope, status=Extension.Status.FUNDING_CONFIRMED)
            .select_related(*related)
            .order_by("requested_at", "pk"),
            item=_item,
        )
    if not user.has_role(Role.RECRUITER):
        groups += task_group(
            key="lifecycle.resignation",
            label=_("Resignations to accept or return"),
            queryset=Separation.objects.filter(scope, status=Separation.Status.SUBMITTED)
            .select_related(*related)
            .order_by("submitted_at", "pk"),
            item=_item,
        )
    open_ends = EndOfAssignment.objects.filter(scope, status=EndOfAssignment.Status.OPEN)
    open_ends = open_ends.select_related(*related)
    if hosts:
        groups += task_group(
            key="lifecycle.assessment",
            label=_("Performance assessments to record"),
            queryset=open_ends.filter(rating="").order_by("started_at", "pk"),
            item=_item,
        )
    elif not user.has_role(Role.RECRUITER):
        pending_items = ChecklistItem.objects.filter(end_of_assignment=OuterRef("pk"), done_at__isnull=True)
        groups += task_group(
            key="lifecycle.clearance",
            label=_("Final clearances to grant"),
            queryset=open_ends.exclude(rating="").exclude(Exists(pending_items)).order_by("started_at", "pk"),
            item=_item,
        )
    return groups
