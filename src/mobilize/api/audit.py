"""The audit trail through the API: headquarters and auditors only."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.accounts.permissions import can_read_audit
from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.core.selectors import audit_list

router = Router(tags=["audit"])


class AuditRecordOut(Schema):
    id: int
    at: dt.datetime
    actor_label: str
    kind: str
    verb: str
    target_type: str
    target_id: str
    target_repr: str
    changes: dict[str, Any]
    detail: str


class AuditFilterIn(Schema):
    kind: str | None = None
    verb: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@router.get("/records", response={200: list[AuditRecordOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def audit_list_api(request: AuthedRequest, filters: Query[AuditFilterIn]) -> Any:
    if not can_read_audit(request.user):
        raise PermissionDenied
    return audit_list(**filters.dict())
