"""Offers and onboarding: make, accept, decline, withdraw and expire offers; submit, return and
verify onboarding tasks; record the entry on duty, which makes the assignment and, with the last
position filled, closes the DoA and tells the candidates not selected.

Two races are decided here. Two offers for one position: ``offer_make`` locks the position row
first, so the second waits for the first and then sees its live offer (422 on ``position``); the
partial unique constraint ``recruitment_offer_one_live_per_position`` is the backstop. One
candidate accepting two overlapping offers: ``offer_accept`` locks the candidate row first, so the
second waits and then sees the first accepted offer (422 on ``offer``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.assignments.models import Assignment
from mobilize.assignments.services import assignment_create
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.uploads import SUFFIXES, display_name, upload_errors
from mobilize.core.writes import locked
from mobilize.recruitment.models import Application, Offer, OnboardingTask
from mobilize.recruitment.permissions import (
    can_recruit,
    can_respond_offer,
    can_submit_onboarding,
)
from mobilize.recruitment.selectors import doa_recruitment_url, offer_url
from mobilize.recruitment.services.common import (
    candidate_users,
    move,
    raise_if,
    refuse,
    require_eligible,
    require_sourcing,
    require_status,
    tell,
    text,
)
from mobilize.requests.models import Doa, Position
from mobilize.requests.selectors import doa_host_contacts, doa_recruiters
from mobilize.requests.services import doa_mark_recruited
from mobilize.talent.models import Candidate

S = Application.Status
O = Offer.Status  # noqa: E741


def _save_offer(offer: Offer, *, before: dict[str, Any], actor: Any, verb: str, detail: str = "") -> Offer:
    offer.full_clean(validate_constraints=False)
    if before:
        offer.version += 1
    offer.save()
    audit_record(actor=actor, verb=verb, target=offer, changes=diff(before, snapshot(offer)), detail=detail)
    return offer


def _reopen(application: Application, *, actor: Any, verb: str) -> Application:
    """After an open offer is withdrawn or expires the candidate is back where the host put them:
    on the reserve list if they have a rank there, else preferred."""
    status = S.RESERVE if application.reserve_rank is not None else S.PREFERRED
    return move(application, actor=actor, verb=verb, status=status)


def _offer_dates_errors(
    *, doa: Doa, entry_on_duty: dt.date | None, planned_end: dt.date | None, respond_by: dt.date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for name, value in (
        ("entry_on_duty", entry_on_duty),
        ("planned_end", planned_end),
        ("respond_by", respond_by),
    ):
        if value is None:
            errors[name] = [_("Give this date.")]
    if errors or entry_on_duty is None or planned_end is None or respond_by is None:
        return errors
    if planned_end < entry_on_duty:
        errors["planned_end"] = [_("The planned end cannot be before the entry on duty.")]
    if respond_by < today:
        errors["respond_by"] = [_("The deadline to answer cannot be in the past.")]
    elif respond_by > entry_on_duty:
        errors["respond_by"] = [_("The deadline to answer must be on or before the entry on duty.")]
    if "planned_end" not in errors:
        rule = doa.category.rule_on(entry_on_duty)
        days = (planned_end - entry_on_duty).days + 1
        if rule is None:
            errors["entry_on_duty"] = [
                _("The category %(category)s has no eligibility rule in force on %(day)s.")
                % {"category": doa.category, "day": entry_on_duty.isoformat()}
            ]
        elif not rule.min_duration_days <= days <= rule.max_duration_days:
            errors["planned_end"] = [
                _(
                    "The assignment would last %(days)d days; the category %(category)s allows "
                    "%(min)d to %(max)d days."
                )
                % {
                    "days": days,
                    "category": doa.category,
                    "min": rule.min_duration_days,
                    "max": rule.max_duration_days,
                }
            ]
    return errors


@transaction.atomic
def offer_make(
    *,
    application: Application,
    position: Position,
    actor: Any,
    entry_on_duty: dt.date,
    planned_end: dt.date,
    respond_by: dt.date,
) -> Offer:
    """A recruiter offers one open position of the DoA to its preferred candidate (or to a reserve
    candidate once the preferred ones no longer cover the positions, e.g. after a decline), with the
    proposed entry on duty, the planned end and the last day to answer. The candidate must still be
    eligible on the entry on duty (422 on ``candidate`` naming each rule). Two offers for one
    position at once: exactly one is made, the other refused with ``ValidationError`` on
    ``position``. The candidate is told."""
    if not can_recruit(actor, application.doa):
        raise refuse(_("You may not make offers."))
    # The position's row lock is where two offers for one position meet: the second waits here.
    try:
        position = Position.objects.select_for_update().get(pk=position.pk)
    except Position.DoesNotExist:
        raise ValidationError({"position": [_("Choose a position of this DoA.")]}) from None
    current = locked(application)
    doa = Doa.objects.select_related("category").get(pk=current.doa_id)
    if position.doa_id != doa.pk:
        raise ValidationError({"position": [_("Choose a position of this DoA.")]})
    if position.status != Position.Status.OPEN:
        raise ValidationError({"position": [_("This position is not open: it is filled or cancelled.")]})
    if Offer.objects.filter(position=position, status__in=Offer.LIVE_STATUSES).exists():
        raise ValidationError({"position": [_("This position already has an open or accepted offer.")]})
    require_sourcing(doa)
    if current.status == S.RESERVE:
        chosen = Application.objects.filter(doa=doa, status__in=Application.PENDING_CHOSEN_STATUSES).count()
        if chosen >= Position.objects.filter(doa=doa, status=Position.Status.OPEN).count():
            raise ApplicationError(
                _(
                    "The preferred candidates still cover every position: offer the reserve only "
                    "after a decline."
                ),
                field="application",
                code="reserve_not_due",
            )
    else:
        require_status(
            current,
            {S.PREFERRED},
            gettext_lazy("Only a preferred or reserve candidate receives an offer; this one is %(status)s."),
        )
    raise_if(
        _offer_dates_errors(
            doa=doa, entry_on_duty=entry_on_duty, planned_end=planned_end, respond_by=respond_by
        )
    )
    require_eligible(candidate=current.candidate, doa=doa, on=entry_on_duty)
    offer = Offer(
        application=current,
        position=position,
        status=O.OPEN,
        entry_on_duty=entry_on_duty,
        planned_end=planned_end,
        respond_by=respond_by,
        made_by=actor,
        made_at=timezone.now(),
    )
    offer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:
        raise ValidationError(
            {"position": [_("This position already has an open or accepted offer.")]}
        ) from None
    audit_record(actor=actor, verb="offer.made", target=offer, changes=diff({}, snapshot(offer)))
    current = move(current, actor=actor, verb="application.offered", status=S.OFFERED, stamp="offered_at")
    tell(
        recipients=candidate_users(current.candidate),
        verb="offer.made",
        target=offer,
        application=current,
        message=gettext_lazy(
            "%(reference)s, %(title)s: you are offered the assignment; answer by %(respond_by)s."
        ),
        actor=actor,
        url=offer_url(offer) or None,
        respond_by=respond_by.isoformat(),
    )
    return offer


def _overlap_errors(offer: Offer, candidate: Candidate) -> list[str]:
    start, end = offer.entry_on_duty, offer.planned_end
    accepted = (
        Offer.objects.filter(
            application__candidate=candidate,
            application__status=S.ACCEPTED,
            status=O.ACCEPTED,
            entry_on_duty__lte=end,
            planned_end__gte=start,
        )
        .exclude(pk=offer.pk)
        .select_related("application__doa")
        .first()
    )
    if accepted is not None:
        return [
            _(
                "You have already accepted the offer for %(reference)s from %(start)s to %(end)s, "
                "which overlaps."
            )
            % {
                "reference": accepted.application.doa.reference,
                "start": accepted.entry_on_duty.isoformat(),
                "end": accepted.planned_end.isoformat(),
            }
        ]
    serving = (
        Assignment.objects.filter(
            volunteer=candidate, status__in=Assignment.OPEN_STATUSES, entry_on_duty__lte=end
        )
        .filter(Q(actual_end__isnull=True, planned_end__gte=start) | Q(actual_end__gte=start))
        .first()
    )
    if serving is not None:
        return [
            _("You have the assignment %(reference)s from %(start)s to %(end)s, which overlaps.")
            % {
                "reference": serving.reference,
                "start": serving.entry_on_duty.isoformat(),
                "end": serving.end.isoformat(),
            }
        ]
    return []


@transaction.atomic
def offer_accept(*, offer: Offer, actor: Any) -> Offer:
    """The candidate accepts an open offer by its deadline (409 once past ``respond_by``). Refused
    with ``ValidationError`` on ``offer`` when they already accepted another offer, or have an
    assignment, whose dates overlap; two such acceptances at once: exactly one succeeds. Creates
    the onboarding tasks; recruiters and the host are told."""
    if not can_respond_offer(actor, offer):
        raise refuse(_("Only the candidate answers their offer."))
    # The candidate's row lock is where two acceptances by one candidate meet.
    candidate = Candidate.objects.select_for_update().get(pk=offer.application.candidate_id)
    current = locked(offer)
    if current.status != O.OPEN:
        raise ApplicationError(
            _("This offer is %(status)s: it can no longer be accepted.")
            % {"status": current.get_status_display()},
            field="status",
            code="offer_not_open",
        )
    if current.respond_by < timezone.localdate():
        raise ApplicationError(
            _("The deadline to answer this offer (%(day)s) has passed.")
            % {"day": current.respond_by.isoformat()},
            field="respond_by",
            code="offer_expired",
        )
    overlap = _overlap_errors(current, candidate)
    if overlap:
        raise ValidationError({"offer": overlap})
    before = snapshot(current)
    current.status = O.ACCEPTED
    current.responded_at = timezone.now()
    _save_offer(current, before=before, actor=actor, verb="offer.accepted")
    application = move(
        locked(current.application),
        actor=actor,
        verb="application.accepted",
        status=S.ACCEPTED,
        stamp="accepted_at",
    )
    for kind in OnboardingTask.Kind.values:
        task = OnboardingTask.objects.create(offer=current, kind=kind)
        audit_record(actor=actor, verb="onboarding.opened", target=task, changes={"kind": [None, kind]})
    tell(
        recipients=[*doa_recruiters(), *doa_host_contacts(doa=application.doa)],
        verb="offer.accepted",
        target=current,
        application=application,
        message=gettext_lazy(
            "%(reference)s, %(title)s: %(candidate)s accepted the offer; onboarding starts."
        ),
        actor=actor,
        url=offer_url(current) or None,
    )
    return current


@transaction.atomic
def offer_decline(*, offer: Offer, actor: Any, reason: str = "") -> Offer:
    """The candidate declines an open offer, optionally saying why; their application closes as
    declined and the position may be offered to a reserve candidate. Recruiters and the host are
    told."""
    if not can_respond_offer(actor, offer):
        raise refuse(_("Only the candidate answers their offer."))
    current = locked(offer)
    if current.status != O.OPEN:
        raise ApplicationError(
            _("This offer is %(status)s: it can no longer be declined.")
            % {"status": current.get_status_display()},
            field="status",
            code="offer_not_open",
        )
    cleaned = text(reason, field="reason")
    before = snapshot(current)
    current.status = O.DECLINED
    current.responded_at = timezone.now()
    current.decline_reason = cleaned
    _save_offer(current, before=before, actor=actor, verb="offer.declined", detail=cleaned)
    application = move(
        locked(current.application), actor=actor, verb="application.declined", status=S.DECLINED, close=True
    )
    tell(
        recipients=[*doa_recruiters(), *doa_host_contacts(doa=application.doa)],
        verb="offer.declined",
        target=current,
        application=application,
        message=gettext_lazy(
            "%(reference)s, %(title)s: %(candidate)s declined the offer; consider the reserve list."
        ),
        actor=actor,
        url=doa_recruitment_url(application.doa),
    )
    return current


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: Any, reason: str) -> Offer:
    """A recruiter withdraws an offer, for a reason, before the entry on duty. An open offer
    returns the candidate to the host's choice (preferred, or the reserve list); an accepted one
    (e.g. a clearance failed during onboarding) closes their application as not selected. The
    candidate is told."""
    if not can_recruit(actor):
        raise refuse(_("You may not withdraw offers."))
    current = locked(offer)
    if current.status not in Offer.LIVE_STATUSES:
        raise ApplicationError(
            _("This offer is %(status)s: it can no longer be withdrawn.")
            % {"status": current.get_status_display()},
            field="status",
            code="offer_not_live",
        )
    application = locked(current.application)
    if application.status == S.ON_DUTY:
        raise ApplicationError(
            _("The candidate has entered on duty: change the assignment instead."),
            field="status",
            code="on_duty",
        )
    cleaned = text(
        reason, field="reason", required=True, missing=_("Give the reason for withdrawing the offer.")
    )
    was_accepted = current.status == O.ACCEPTED
    before = snapshot(current)
    current.status = O.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.withdraw_reason = cleaned
    _save_offer(current, before=before, actor=actor, verb="offer.withdrawn", detail=cleaned)
    if was_accepted:
        application = move(
            application, actor=actor, verb="application.not_selected", status=S.NOT_SELECTED, close=True
        )
    else:
        application = _reopen(application, actor=actor, verb="application.offer_withdrawn")
    tell(
        recipients=candidate_users(application.candidate),
        verb="offer.withdrawn",
        target=current,
        application=application,
        message=gettext_lazy("%(reference)s, %(title)s: the offer was withdrawn. Reason: %(reason)s"),
        actor=actor,
        reason=cleaned,
    )
    return current


@transaction.atomic
def offer_expire_overdue(*, today: dt.date | None = None, actor: Any = None) -> int:
    """Mark every open offer whose deadline (``respond_by``) is before ``today`` expired; each
    candidate returns to the host's choice (preferred or reserve) and the recruiters and the
    candidate are told. How many expired. Run daily (``mobilize recruitment_expire_offers``)."""
    day = today or timezone.localdate()
    overdue = list(Offer.objects.select_for_update().filter(status=O.OPEN, respond_by__lt=day).order_by("pk"))
    for offer in overdue:
        before = snapshot(offer)
        offer.status = O.EXPIRED
        _save_offer(offer, before=before, actor=actor, verb="offer.expired")
        application = _reopen(locked(offer.application), actor=actor, verb="application.offer_expired")
        tell(
            recipients=[*doa_recruiters(), *candidate_users(application.candidate)],
            verb="offer.expired",
            target=offer,
            application=application,
            message=gettext_lazy("%(reference)s, %(title)s: the offer to %(candidate)s expired unanswered."),
            actor=actor,
        )
    return len(overdue)


_TASK_AUDIT_FIELDS = (
    "kind",
    "status",
    "original_name",
    "content_type",
    "size",
    "submitted_at",
    "verified_at",
)


@transaction.atomic
def onboarding_task_submit(
    *, task: OnboardingTask, actor: Any, file: UploadedFile | None = None, note: str = ""
) -> OnboardingTask:
    """The candidate submits an onboarding task of their accepted offer: a private document (PDF,
    JPEG or PNG by content, at most ``MOBILIZE_MAX_DOCUMENT_BYTES``; a new one replaces the last)
    and/or a note; at least one of them. A verified task is final. Recruiters are told."""
    if not can_submit_onboarding(actor, task):
        raise refuse(_("Only the candidate submits their onboarding tasks."))
    current = locked(task)
    offer = Offer.objects.get(pk=current.offer_id)
    if offer.status != O.ACCEPTED:
        raise ApplicationError(
            _("Onboarding happens once the offer is accepted; it is %(status)s.")
            % {"status": offer.get_status_display()},
            field="status",
            code="offer_not_accepted",
        )
    if current.status == OnboardingTask.Status.DONE:
        raise ApplicationError(_("This task is verified already."), field="status", code="task_done")
    cleaned = text(note, field="note")
    if file is None and not cleaned:
        raise ValidationError({"file": [_("Upload the document or write a note.")]})
    content_type = ""
    if file is not None:
        file_errors, content_type = upload_errors(file)
        raise_if({"file": file_errors} if file_errors else {})
    before = snapshot(current, _TASK_AUDIT_FIELDS)
    old_name = current.document.name if current.document else ""
    storage = current.document.storage
    if file is not None:
        current.original_name = display_name(file.name)
        current.content_type = content_type
        current.size = file.size or 0
        current.document.save(f"upload.{SUFFIXES[content_type]}", file, save=False)
    current.note = cleaned
    current.status = OnboardingTask.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    try:
        current.full_clean()
        current.save()
    except BaseException:
        if file is not None:
            current.document.delete(save=False)
        raise
    if file is not None and old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    audit_record(
        actor=actor,
        verb="onboarding.submitted",
        target=current,
        changes=diff(before, snapshot(current, _TASK_AUDIT_FIELDS)),
    )
    application = offer.application
    tell(
        recipients=doa_recruiters(),
        verb="onboarding.submitted",
        target=current,
        application=application,
        message=gettext_lazy("%(reference)s, %(title)s: %(candidate)s submitted %(task)s; verify it."),
        actor=actor,
        url=offer_url(offer) or None,
        task=str(current.get_kind_display()),
    )
    return current


def _task_status_change(
    task: OnboardingTask, *, actor: Any, status: str, verb: str, detail: str = ""
) -> OnboardingTask:
    before = snapshot(task, _TASK_AUDIT_FIELDS)
    task.status = status
    if status == OnboardingTask.Status.DONE:
        task.verified_by = actor
        task.verified_at = timezone.now()
    task.version += 1
    task.full_clean()
    task.save()
    audit_record(
        actor=actor,
        verb=verb,
        target=task,
        changes=diff(before, snapshot(task, _TASK_AUDIT_FIELDS)),
        detail=detail,
    )
    return task


@transaction.atomic
def onboarding_task_verify(*, task: OnboardingTask, actor: Any) -> OnboardingTask:
    """A recruiter verifies a submitted onboarding task: it is done. With every task done the
    offer is ready for the entry on duty."""
    if not can_recruit(actor):
        raise refuse(_("You may not verify onboarding tasks."))
    current = locked(task)
    if current.status != OnboardingTask.Status.SUBMITTED:
        raise ApplicationError(
            _("Only a submitted task is verified; this one is %(status)s.")
            % {"status": current.get_status_display()},
            field="status",
            code="task_not_submitted",
        )
    return _task_status_change(
        current, actor=actor, status=OnboardingTask.Status.DONE, verb="onboarding.verified"
    )


@transaction.atomic
def onboarding_task_return(*, task: OnboardingTask, actor: Any, note: str) -> OnboardingTask:
    """A recruiter returns a submitted onboarding task to the candidate, saying what is missing;
    it is open again and the candidate is told."""
    if not can_recruit(actor):
        raise refuse(_("You may not return onboarding tasks."))
    current = locked(task)
    if current.status != OnboardingTask.Status.SUBMITTED:
        raise ApplicationError(
            _("Only a submitted task is returned; this one is %(status)s.")
            % {"status": current.get_status_display()},
            field="status",
            code="task_not_submitted",
        )
    cleaned = text(note, field="note", required=True, missing=_("Say what is missing."))
    current = _task_status_change(
        current, actor=actor, status=OnboardingTask.Status.OPEN, verb="onboarding.returned", detail=cleaned
    )
    offer = Offer.objects.select_related("application__doa", "application__candidate__user").get(
        pk=current.offer_id
    )
    tell(
        recipients=candidate_users(offer.application.candidate),
        verb="onboarding.returned",
        target=current,
        application=offer.application,
        message=gettext_lazy("%(reference)s, %(title)s: %(task)s was returned to you: %(note)s"),
        actor=actor,
        url=offer_url(offer) or None,
        task=str(current.get_kind_display()),
        note=cleaned,
    )
    return current


def _close_others(doa: Doa, *, actor: Any) -> None:
    """Every application of ``doa`` still open closes as not selected; each candidate is told."""
    others = list(
        Application.objects.select_for_update()
        .filter(doa=doa, status__in=Application.OPEN_STATUSES)
        .order_by("pk")
    )
    for other in others:
        moved = move(other, actor=actor, verb="application.not_selected", status=S.NOT_SELECTED, close=True)
        tell(
            recipients=candidate_users(moved.candidate),
            verb="application.not_selected",
            target=moved,
            application=moved,
            message=gettext_lazy(
                "%(reference)s, %(title)s: the assignment has been filled and you were not selected. "
                "Thank you for your interest."
            ),
            actor=actor,
        )


@transaction.atomic
def offer_enter_on_duty(*, offer: Offer, actor: Any, entry_on_duty: dt.date | None = None) -> Assignment:
    """A recruiter records the entry on duty of a candidate whose offer is accepted and whose
    onboarding tasks are all verified (409 naming those that are not): the assignment is made
    (``assignment_create``, filling the position) on ``entry_on_duty`` (by default the offer's).
    When the DoA has no open position left it is marked recruited and every other candidate still
    open is closed as not selected and told."""
    if not can_recruit(actor):
        raise refuse(_("You may not record entries on duty."))
    current = locked(offer)
    application = locked(current.application)
    if current.status != O.ACCEPTED or application.status != S.ACCEPTED:
        raise ApplicationError(
            _("Only an accepted offer leads to the entry on duty; this one is %(status)s.")
            % {"status": current.get_status_display()},
            field="status",
            code="offer_not_accepted",
        )
    waiting = list(current.onboarding_tasks.exclude(status=OnboardingTask.Status.DONE).order_by("pk"))
    if waiting:
        raise ApplicationError(
            _("Onboarding tasks not verified yet: %(list)s.")
            % {"list": ", ".join(str(t.get_kind_display()) for t in waiting)},
            field="onboarding",
            code="onboarding_open",
        )
    doa = Doa.objects.select_related("category", "host_entity").get(pk=application.doa_id)
    position = Position.objects.select_related("duty_station").get(pk=current.position_id)
    assignment = assignment_create(
        volunteer=application.candidate,
        category=doa.category,
        host_entity=doa.host_entity,
        duty_station=position.duty_station,
        funding_type=doa.funding_type,
        entry_on_duty=entry_on_duty or current.entry_on_duty,
        planned_end=current.planned_end,
        position=position,
        actor=actor,
    )
    application = move(
        application,
        actor=actor,
        verb="application.on_duty",
        status=S.ON_DUTY,
        stamp="on_duty_at",
        close=True,
        fields={"assignment": assignment},
    )
    tell(
        recipients=candidate_users(application.candidate),
        verb="application.on_duty",
        target=application,
        application=application,
        message=gettext_lazy("%(reference)s, %(title)s: your entry on duty is recorded. Welcome!"),
        actor=actor,
    )
    if not Position.objects.filter(doa=doa, status=Position.Status.OPEN).exists():
        doa_mark_recruited(doa=doa, actor=actor)
        _close_others(doa, actor=actor)
    return assignment
