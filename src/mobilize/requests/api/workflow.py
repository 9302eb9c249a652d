"""The DoA workflow in the API: the transitions (each answers the DoA as it now stands), the DoA's
conversation, the days from approval to each stage, duplicates and templates."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.requests.api.doas import DoaOut, DoaSummaryOut
from mobilize.requests.models import Doa, DoaComment
from mobilize.requests.permissions import can_list_doas, doa_access
from mobilize.requests.selectors import (
    Stage,
    doa_comment_list,
    doa_get,
    doa_stages,
    doa_template_list,
)
from mobilize.requests.services import (
    doa_approve,
    doa_cancel,
    doa_comment_add,
    doa_create_from_template,
    doa_duplicate,
    doa_request_edits,
    doa_resubmit,
    doa_start_sourcing,
    doa_submit,
)

router = Router()


class DoaRequestEditsIn(Schema):
    comment: str


class DoaResubmitIn(Schema):
    comment: str = ""


class DoaCancelIn(Schema):
    reason: str


class DoaCopyIn(Schema):
    """Where the new draft goes: a host entity and country in your scope (by default the
    source's); ``as_template`` (headquarters) makes the copy a template."""

    host_entity: int | None = None
    country: int | None = None
    as_template: bool = False


class DoaTemplateUseIn(Schema):
    host_entity: int
    country: int | None = None


class DoaCommentIn(Schema):
    body: str


class DoaCommentOut(Schema):
    id: int
    kind: str
    body: str
    author: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: DoaComment) -> str | None:
        return obj.author.username if obj.author is not None else None


class DoaStageOut(Schema):
    key: str
    label: str
    at: dt.datetime | dt.date | None
    days: int | None


def _current(request: AuthedRequest, doa_id: int) -> Doa:
    return doa_get(viewer=request.user, doa_id=doa_id)


@router.post("/doas/{doa_id}/submit", response={200: DoaOut, **ERROR_RESPONSES})
def doa_submit_api(request: AuthedRequest, doa_id: int) -> Doa:
    """Submit a draft for review (it needs an open position and a start date ahead)."""
    doa_submit(doa=doa_access(user=request.user, doa_id=doa_id), actor=request.user)
    return _current(request, doa_id)


@router.post("/doas/{doa_id}/request-edits", response={200: DoaOut, **ERROR_RESPONSES})
def doa_request_edits_api(request: AuthedRequest, doa_id: int, payload: DoaRequestEditsIn) -> Doa:
    """Return a submitted DoA to its host, saying what should change."""
    doa_request_edits(
        doa=doa_access(user=request.user, doa_id=doa_id), actor=request.user, comment=payload.comment
    )
    return _current(request, doa_id)


@router.post("/doas/{doa_id}/resubmit", response={200: DoaOut, **ERROR_RESPONSES})
def doa_resubmit_api(request: AuthedRequest, doa_id: int, payload: DoaResubmitIn | None = None) -> Doa:
    """Submit a DoA again after edits, optionally saying what changed (the body may be left out)."""
    comment = payload.comment if payload is not None else ""
    doa_resubmit(doa=doa_access(user=request.user, doa_id=doa_id), actor=request.user, comment=comment)
    return _current(request, doa_id)


@router.post("/doas/{doa_id}/approve", response={200: DoaOut, **ERROR_RESPONSES})
def doa_approve_api(request: AuthedRequest, doa_id: int) -> Doa:
    """Approve a submitted DoA for sourcing (the start of the deployment lead time)."""
    doa_approve(doa=doa_access(user=request.user, doa_id=doa_id), actor=request.user)
    return _current(request, doa_id)


@router.post("/doas/{doa_id}/start-sourcing", response={200: DoaOut, **ERROR_RESPONSES})
def doa_start_sourcing_api(request: AuthedRequest, doa_id: int) -> Doa:
    """Start sourcing candidates for an approved DoA."""
    doa_start_sourcing(doa=doa_access(user=request.user, doa_id=doa_id), actor=request.user)
    return _current(request, doa_id)


@router.post("/doas/{doa_id}/cancel", response={200: DoaOut, **ERROR_RESPONSES})
def doa_cancel_api(request: AuthedRequest, doa_id: int, payload: DoaCancelIn) -> Doa:
    """Cancel a DoA for a reason, irreversibly; its open positions are cancelled with it."""
    doa_cancel(doa=doa_access(user=request.user, doa_id=doa_id), actor=request.user, reason=payload.reason)
    return _current(request, doa_id)


@router.post("/doas/{doa_id}/duplicate", response={201: DoaOut, **ERROR_RESPONSES})
def doa_duplicate_api(request: AuthedRequest, doa_id: int, payload: DoaCopyIn | None = None) -> Status[Doa]:
    """A new draft with this DoA's requirements, languages, expertise and positions (the body may be
    left out: same host and country)."""
    where = payload or DoaCopyIn()
    copy = doa_duplicate(
        doa=doa_access(user=request.user, doa_id=doa_id),
        actor=request.user,
        host_entity_id=where.host_entity,
        country_id=where.country,
        as_template=where.as_template,
    )
    return Status(201, _current(request, copy.pk))


@router.get("/doas/{doa_id}/comments", response={200: list[DoaCommentOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def doa_comment_list_api(request: AuthedRequest, doa_id: int) -> Any:
    """The DoA's conversation, oldest first (comments and the words of edits requested,
    resubmissions and cancellation)."""
    return doa_comment_list(doa=doa_access(user=request.user, doa_id=doa_id))


@router.post("/doas/{doa_id}/comments", response={201: DoaCommentOut, **ERROR_RESPONSES})
def doa_comment_create_api(request: AuthedRequest, doa_id: int, payload: DoaCommentIn) -> Status[DoaComment]:
    """Add a comment; the other side (UNV or the host) is told."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    return Status(201, doa_comment_add(doa=doa, actor=request.user, body=payload.body))


@router.get("/doas/{doa_id}/stages", response={200: list[DoaStageOut], **ERROR_RESPONSES})
def doa_stages_api(request: AuthedRequest, doa_id: int) -> list[Stage]:
    """Each stage the DoA reached, with the calendar days since its approval."""
    return doa_stages(doa_access(user=request.user, doa_id=doa_id))


@router.get("/templates", response={200: list[DoaSummaryOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def doa_template_list_api(request: AuthedRequest) -> Any:
    """The templates a new DoA may start from; candidates and donors have none (403)."""
    if not can_list_doas(request.user):
        raise PermissionDenied
    return doa_template_list(viewer=request.user)


@router.post("/templates/{template_id}/use", response={201: DoaOut, **ERROR_RESPONSES})
def doa_template_use_api(request: AuthedRequest, template_id: int, payload: DoaTemplateUseIn) -> Status[Doa]:
    """Start a new draft from a template for a host entity in your scope (in the template's country
    unless ``country`` says otherwise; then without positions)."""
    template = doa_access(user=request.user, doa_id=template_id)
    if not template.is_template:
        raise Http404
    doa = doa_create_from_template(
        template=template, actor=request.user, host_entity_id=payload.host_entity, country_id=payload.country
    )
    return Status(201, _current(request, doa.pk))
