"""The DoA workflow: submit, request edits, resubmit, approve, start sourcing, mark recruited, cancel,
and the DoA's conversation.

Each transition is one transaction: lock the DoA, check the actor's permission (403), check the
status allows it (409 naming the status), check the input (422), then write the new status and its
time stamp, bump the version, record the transition in the audit trail, and tell whoever acts next
(``notify``: the notifications are written in the same transaction, their emails sent once it
commits). A refused transition writes nothing and tells no one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.accounts.models import Role, User
from mobilize.core.audit import audit_record
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import locked
from mobilize.notifications.services import notify
from mobilize.requests.models import TRANSITIONS, Doa, DoaComment, Position
from mobilize.requests.permissions import (
    can_cancel_doa,
    can_comment_doa,
    can_mark_recruited_doa,
    can_review_doa,
    can_source_doa,
    can_submit_doa,
)
from mobilize.requests.selectors import doa_host_contacts, doa_recruiters, doa_reviewers

MAX_COMMENT_LENGTH = 5000

_REFUSED_STATUS = {
    "submit": gettext_lazy("Only a draft can be submitted; this DoA is %(status)s."),
    "request_edits": gettext_lazy("Edits can only be requested on a submitted DoA; this DoA is %(status)s."),
    "resubmit": gettext_lazy("Only a DoA returned for edits can be resubmitted; this DoA is %(status)s."),
    "approve": gettext_lazy("Only a submitted DoA can be approved; this DoA is %(status)s."),
    "start_sourcing": gettext_lazy("Sourcing can only start on an approved DoA; this DoA is %(status)s."),
    "mark_recruited": gettext_lazy(
        "Only a DoA being sourced can be marked recruited; this DoA is %(status)s."
    ),
    "cancel": gettext_lazy("This DoA is %(status)s: it can no longer be cancelled."),
}
_REFUSED_ACTOR = {
    "submit": gettext_lazy("You may not submit this DoA."),
    "request_edits": gettext_lazy("You may not review this DoA."),
    "resubmit": gettext_lazy("You may not resubmit this DoA."),
    "approve": gettext_lazy("You may not review this DoA."),
    "start_sourcing": gettext_lazy("You may not start sourcing for this DoA."),
    "mark_recruited": gettext_lazy("You may not mark this DoA recruited."),
    "cancel": gettext_lazy("You may not cancel this DoA."),
}


def _doa_url(doa: Doa) -> str:
    return reverse("requests:doa_detail", kwargs={"doa_id": doa.pk})


def _tell(
    *,
    doa: Doa,
    actor: User | None,
    verb: str,
    recipients: Iterable[User],
    message: str | Promise,
    **params: Any,
) -> None:
    notify(
        recipients=recipients,
        verb=verb,
        target=doa,
        message=message,
        params={"reference": doa.reference, "title": doa.title, **params},
        url=_doa_url(doa),
        actor=actor,
    )


def _text(value: str, *, field: str, required: bool, missing: str | Promise) -> str:
    """``value`` stripped; a required one must not be empty, none may be too long (422)."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: [str(missing)]})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError({field: [_("At most %(max)s characters.") % {"max": MAX_COMMENT_LENGTH}]})
    return text


def _begin(*, doa: Doa, actor: User | None, action: str, allowed: Callable[[Any, Doa], bool]) -> Doa:
    """``doa`` locked, once ``actor`` may take ``action`` (403) and its status allows it (409)."""
    current = locked(doa)
    if not allowed(actor, current):
        raise PermissionDenied(str(_REFUSED_ACTOR[action]))
    sources, _target = TRANSITIONS[action]
    if current.status not in sources or current.is_template:
        raise ApplicationError(
            str(_REFUSED_STATUS[action]) % {"status": current.get_status_display()},
            field="status",
            code="invalid_transition",
        )
    return current


def _move(
    *, doa: Doa, actor: User | None, action: str, verb: str, stamp: str, detail: str = ""
) -> dict[str, list[Any]]:
    """Write ``doa``'s new status and time stamp ``stamp``, bump its version, audit; the changes."""
    before = doa.status
    now = timezone.now()
    doa.status = TRANSITIONS[action][1]
    setattr(doa, stamp, now)
    doa.full_clean()
    doa.version += 1
    fields = ["status", stamp, "version", "updated_at"]
    if action == "cancel":
        fields.append("cancel_reason")
    doa.save(update_fields=fields)
    changes: dict[str, list[Any]] = {"status": [before, doa.status], stamp: [None, now.isoformat()]}
    audit_record(actor=actor, verb=verb, target=doa, changes=changes, detail=detail)
    return changes


def _comment(*, doa: Doa, author: User | None, kind: str, body: str) -> DoaComment:
    comment = DoaComment(doa=doa, author=author, kind=kind, body=body)
    comment.full_clean()
    comment.save()
    return comment


def _ready_to_submit(doa: Doa) -> None:
    """A DoA goes to UNV with at least one open position and a start date still ahead (409)."""
    if not doa.positions.filter(status=Position.Status.OPEN).exists():
        raise ApplicationError(
            _("Add at least one position before submitting this DoA."), field="positions", code="no_positions"
        )
    if doa.start_date < timezone.localdate():
        raise ApplicationError(
            _("The start date has passed; change it before submitting this DoA."),
            field="start_date",
            code="start_passed",
        )


@transaction.atomic
def doa_submit(*, doa: Doa, actor: User) -> Doa:
    """Submit a draft to UNV for review; its reviewers (the country's field unit, else
    headquarters) are told."""
    current = _begin(doa=doa, actor=actor, action="submit", allowed=can_submit_doa)
    _ready_to_submit(current)
    _move(doa=current, actor=actor, action="submit", verb="doa.submitted", stamp="submitted_at")
    _tell(
        doa=current,
        actor=actor,
        verb="doa.submitted",
        recipients=doa_reviewers(doa=current),
        message=gettext_lazy("%(reference)s, %(title)s: submitted by %(host)s, waits for your review."),
        host=current.host_entity.acronym,
    )
    return current


@transaction.atomic
def doa_request_edits(*, doa: Doa, actor: User, comment: str) -> Doa:
    """Return a submitted DoA to its host with a comment saying what should change; the host's
    focal points are told."""
    current = _begin(doa=doa, actor=actor, action="request_edits", allowed=can_review_doa)
    body = _text(comment, field="comment", required=True, missing=_("Say what should change."))
    _comment(doa=current, author=actor, kind=DoaComment.Kind.EDITS_REQUESTED, body=body)
    _move(
        doa=current,
        actor=actor,
        action="request_edits",
        verb="doa.edits_requested",
        stamp="edits_requested_at",
        detail=body,
    )
    _tell(
        doa=current,
        actor=actor,
        verb="doa.edits_requested",
        recipients=doa_host_contacts(doa=current),
        message=gettext_lazy("%(reference)s, %(title)s: UNV asks for edits: %(comment)s"),
        comment=body,
    )
    return current


@transaction.atomic
def doa_resubmit(*, doa: Doa, actor: User, comment: str = "") -> Doa:
    """Submit a DoA again after edits, optionally saying what changed; its reviewers are told."""
    current = _begin(doa=doa, actor=actor, action="resubmit", allowed=can_submit_doa)
    body = _text(comment, field="comment", required=False, missing="")
    _ready_to_submit(current)
    if body:
        _comment(doa=current, author=actor, kind=DoaComment.Kind.RESUBMITTED, body=body)
    _move(
        doa=current,
        actor=actor,
        action="resubmit",
        verb="doa.resubmitted",
        stamp="resubmitted_at",
        detail=body,
    )
    _tell(
        doa=current,
        actor=actor,
        verb="doa.resubmitted",
        recipients=doa_reviewers(doa=current),
        message=gettext_lazy("%(reference)s, %(title)s: resubmitted after edits, waits for your review."),
    )
    return current


@transaction.atomic
def doa_approve(*, doa: Doa, actor: User) -> Doa:
    """Approve a submitted DoA for sourcing. ``approved_at`` starts the deployment lead time.
    Recruiters are told sourcing can start, and the host's focal points that it was approved."""
    current = _begin(doa=doa, actor=actor, action="approve", allowed=can_review_doa)
    _move(doa=current, actor=actor, action="approve", verb="doa.approved", stamp="approved_at")
    _tell(
        doa=current,
        actor=actor,
        verb="doa.approved",
        recipients=doa_recruiters(),
        message=gettext_lazy("%(reference)s, %(title)s: approved for sourcing; sourcing can start."),
    )
    _tell(
        doa=current,
        actor=actor,
        verb="doa.approved",
        recipients=doa_host_contacts(doa=current),
        message=gettext_lazy("%(reference)s, %(title)s: approved for sourcing by UNV."),
    )
    return current


@transaction.atomic
def doa_start_sourcing(*, doa: Doa, actor: User) -> Doa:
    """Start sourcing candidates for an approved DoA; the host's focal points are told."""
    current = _begin(doa=doa, actor=actor, action="start_sourcing", allowed=can_source_doa)
    _move(
        doa=current,
        actor=actor,
        action="start_sourcing",
        verb="doa.sourcing_started",
        stamp="sourcing_started_at",
    )
    _tell(
        doa=current,
        actor=actor,
        verb="doa.sourcing_started",
        recipients=doa_host_contacts(doa=current),
        message=gettext_lazy("%(reference)s, %(title)s: sourcing of candidates has started."),
    )
    return current


@transaction.atomic
def doa_mark_recruited(*, doa: Doa, actor: User | None) -> Doa:
    """Close a DoA being sourced once every position that is not cancelled is filled (409
    otherwise). The recruitment app calls it when the last position is filled (``actor`` may be
    None: the platform). The host's focal points and the reviewers are told."""
    current = _begin(doa=doa, actor=actor, action="mark_recruited", allowed=can_mark_recruited_doa)
    positions = current.positions.exclude(status=Position.Status.CANCELLED)
    if not positions.exists() or positions.exclude(status=Position.Status.FILLED).exists():
        raise ApplicationError(
            _("Every position must be filled before the DoA is marked recruited."),
            field="positions",
            code="positions_open",
        )
    _move(doa=current, actor=actor, action="mark_recruited", verb="doa.recruited", stamp="recruited_at")
    _tell(
        doa=current,
        actor=actor,
        verb="doa.recruited",
        recipients=[*doa_host_contacts(doa=current), *doa_reviewers(doa=current)],
        message=gettext_lazy("%(reference)s, %(title)s: every position is filled."),
    )
    return current


@transaction.atomic
def doa_cancel(*, doa: Doa, actor: User, reason: str) -> Doa:
    """Cancel a DoA, for a reason, irreversibly: its open positions are cancelled with it.
    Everyone concerned (the host's focal points, the reviewers, and recruiters once it was
    approved) is told."""
    current = _begin(doa=doa, actor=actor, action="cancel", allowed=can_cancel_doa)
    text = _text(reason, field="reason", required=True, missing=_("Give the reason for cancelling."))
    current.cancel_reason = text
    _comment(doa=current, author=actor, kind=DoaComment.Kind.CANCELLED, body=text)
    open_positions = current.positions.filter(status=Position.Status.OPEN)
    cancelled = list(open_positions.select_related("doa", "duty_station").order_by("pk"))
    open_positions.update(
        status=Position.Status.CANCELLED, version=F("version") + 1, updated_at=timezone.now()
    )
    _move(doa=current, actor=actor, action="cancel", verb="doa.cancelled", stamp="cancelled_at", detail=text)
    for position in cancelled:
        audit_record(
            actor=actor,
            verb="position.cancelled",
            target=position,
            changes={"status": [Position.Status.OPEN, Position.Status.CANCELLED]},
        )
    recipients = [*doa_host_contacts(doa=current), *doa_reviewers(doa=current)]
    if current.approved_at is not None:
        recipients += doa_recruiters()
    _tell(
        doa=current,
        actor=actor,
        verb="doa.cancelled",
        recipients=recipients,
        message=gettext_lazy("%(reference)s, %(title)s: cancelled. Reason: %(reason)s"),
        reason=text,
    )
    return current


@transaction.atomic
def doa_comment_add(*, doa: Doa, actor: User, body: str) -> DoaComment:
    """Add a comment to the DoA's conversation. The other side is told: UNV (the reviewers, and
    recruiters once approved) when the host writes, the host's focal points otherwise."""
    if not can_comment_doa(actor, doa):
        raise PermissionDenied(_("You may not comment on this DoA."))
    text = _text(body, field="body", required=True, missing=_("Write a comment."))
    comment = _comment(doa=doa, author=actor, kind=DoaComment.Kind.COMMENT, body=text)
    audit_record(actor=actor, verb="doa.commented", target=doa, detail=text)
    if actor.has_role(Role.HOST_FOCAL_POINT):
        recipients = doa_reviewers(doa=doa) + (doa_recruiters() if doa.approved_at is not None else [])
    else:
        recipients = doa_host_contacts(doa=doa)
    _tell(
        doa=doa,
        actor=actor,
        verb="doa.commented",
        recipients=recipients,
        message=gettext_lazy("%(reference)s, %(title)s: %(author)s wrote: %(body)s"),
        author=actor.get_full_name() or actor.username,
        body=text[:300],
    )
    return comment
