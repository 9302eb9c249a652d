"""Applications up to the host's choice: apply, withdraw, invite (direct recruitment), add from the
pool, shortlist, clearances, submit to the host, assess, select.

Each is one transaction: permission (403), lock, status (409), input (422), write with the stage's
time stamp, audit, tell whoever acts next. A refused action writes nothing and tells no one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import locked
from mobilize.recruitment.models import Application, Assessment, Clearance, clearance_kinds_for
from mobilize.recruitment.permissions import (
    can_apply,
    can_assess,
    can_recruit,
    can_withdraw_application,
)
from mobilize.recruitment.selectors import doa_recruitment_url
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
from mobilize.talent.models import Candidate

S = Application.Status

MAX_SHORTLIST_PER_POSITION = 5
"""The shortlist holds at most this many candidates per open position (the service level asks for
3 to 5), counting those shortlisted and beyond but not yet on duty; a withdrawn, declined or not
selected candidate leaves room for another."""


def _existing(doa: Doa, candidate: Candidate) -> Application | None:
    return Application.objects.select_for_update().filter(doa=doa, candidate=candidate).first()


def _create(application: Application, *, actor: Any, verb: str) -> Application:
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ApplicationError(
            _("This candidate already has an application for this DoA."),
            field="candidate",
            code="already_applied",
        ) from None
    audit_record(actor=actor, verb=verb, target=application, changes=diff({}, snapshot(application)))
    return application


def _already(application: Application) -> ApplicationError:
    if application.status == S.WITHDRAWN:
        message = _("This application was withdrawn; it cannot be made again.")
    else:
        message = _("This candidate already has an application for this DoA (%(status)s).") % {
            "status": application.get_status_display()
        }
    return ApplicationError(message, field="candidate", code="already_applied")


@transaction.atomic
def application_submit(
    *,
    doa: Doa,
    candidate: Candidate,
    actor: Any,
    motivation: str,
    available_from: dt.date | None,
    self_declaration: bool,
) -> Application:
    """The candidate applies to a DoA being sourced, with a motivation, the date they are available
    from and the self-declaration (``models.SELF_DECLARATION_TEXT``) confirmed. An invitation
    (direct recruitment) is accepted this way: the invited application becomes applied, and the
    recruiters are told. A candidate added from the pool who applies confirms their motivation on
    the same application. Needs the candidate's consent to the processing of their data."""
    if not can_apply(actor, candidate):
        raise refuse(_("You may only apply for yourself."))
    candidate = locked(candidate)
    doa = Doa.objects.get(pk=doa.pk)
    require_sourcing(doa)
    errors: dict[str, list[str]] = {}
    try:
        cleaned = text(motivation, field="motivation", required=True, missing=_("Say why you apply."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = ""
    if available_from is None:
        errors["available_from"] = [_("Give the date you are available from.")]
    if self_declaration is not True:
        errors["self_declaration"] = [_("Confirm the self-declaration to apply.")]
    raise_if(errors)
    if candidate.consent_at is None:
        raise ApplicationError(
            _("Consent to the processing of your data in your profile before applying."),
            field="consent",
            code="consent_required",
        )
    values = {"motivation": cleaned, "available_from": available_from, "self_declaration": True}
    existing = _existing(doa, candidate)
    if existing is None:
        application = Application(
            doa=doa,
            candidate=candidate,
            source=Application.Source.APPLIED,
            status=S.APPLIED,
            applied_at=timezone.now(),
            created_by=actor,
            **values,
        )
        return _create(application, actor=actor, verb="application.submitted")
    if existing.status == S.INVITED:
        application = move(
            existing,
            actor=actor,
            verb="application.submitted",
            status=S.APPLIED,
            stamp="applied_at",
            fields=values,
        )
        tell(
            recipients=doa_recruiters(),
            verb="application.invitation_accepted",
            target=application,
            application=application,
            message=gettext_lazy(
                "%(reference)s, %(title)s: %(candidate)s accepted the invitation and applied."
            ),
            actor=actor,
        )
        return application
    if existing.source == Application.Source.SOURCED and not existing.self_declaration and existing.is_open:
        return move(
            existing, actor=actor, verb="application.confirmed", status=existing.status, fields=values
        )
    raise _already(existing)


@transaction.atomic
def application_withdraw(*, application: Application, actor: Any) -> Application:
    """The candidate withdraws their application (or declines an invitation) before an offer; once
    offered, they decline the offer instead. Recruiters are told once it was shortlisted, the host
    once it was submitted to it."""
    if not can_withdraw_application(actor, application):
        raise refuse(_("Only the candidate withdraws their application."))
    current = locked(application)
    require_status(
        current,
        Application.WITHDRAWABLE_STATUSES,
        gettext_lazy("This application is %(status)s: it can no longer be withdrawn."),
    )
    was_shortlisted = current.shortlisted_at is not None
    current = move(
        current,
        actor=actor,
        verb="application.withdrawn",
        status=S.WITHDRAWN,
        stamp="withdrawn_at",
        close=True,
    )
    recipients = []
    if was_shortlisted:
        recipients += doa_recruiters()
    if current.submitted_at is not None:
        recipients += doa_host_contacts(doa=current.doa)
    if recipients:
        tell(
            recipients=recipients,
            verb="application.withdrawn",
            target=current,
            application=current,
            message=gettext_lazy("%(reference)s, %(title)s: %(candidate)s withdrew their application."),
            actor=actor,
        )
    return current


@transaction.atomic
def application_invite(*, doa: Doa, candidate: Candidate, actor: Any, note: str = "") -> Application:
    """Direct recruitment: a recruiter (or headquarters) invites one pre-identified, eligible
    candidate to apply to a DoA being sourced; the candidate is told and accepts by applying
    (``application_submit``). Refused, naming each rule, for an ineligible candidate."""
    if not can_recruit(actor, doa):
        raise refuse(_("You may not invite candidates."))
    doa = locked(doa)
    require_sourcing(doa)
    cleaned = text(note, field="note")
    existing = _existing(doa, candidate)
    if existing is not None:
        raise _already(existing)
    require_eligible(candidate=candidate, doa=doa)
    application = _create(
        Application(
            doa=doa,
            candidate=candidate,
            source=Application.Source.INVITED,
            status=S.INVITED,
            invitation_note=cleaned,
            invited_at=timezone.now(),
            created_by=actor,
        ),
        actor=actor,
        verb="application.invited",
    )
    tell(
        recipients=candidate_users(candidate),
        verb="application.invited",
        target=application,
        application=application,
        message=gettext_lazy("%(reference)s, %(title)s: you are invited to apply."),
        actor=actor,
    )
    return application


@transaction.atomic
def application_source(*, doa: Doa, candidate: Candidate, actor: Any) -> Application:
    """A recruiter adds a candidate from the talent pool to a DoA being sourced (applied, source
    "sourced"), so that they can be shortlisted; the candidate is told."""
    if not can_recruit(actor, doa):
        raise refuse(_("You may not add candidates to a DoA."))
    doa = locked(doa)
    require_sourcing(doa)
    existing = _existing(doa, candidate)
    if existing is not None:
        raise _already(existing)
    application = _create(
        Application(
            doa=doa,
            candidate=candidate,
            source=Application.Source.SOURCED,
            status=S.APPLIED,
            applied_at=timezone.now(),
            created_by=actor,
        ),
        actor=actor,
        verb="application.sourced",
    )
    tell(
        recipients=candidate_users(candidate),
        verb="application.sourced",
        target=application,
        application=application,
        message=gettext_lazy("%(reference)s, %(title)s: UNV is considering you for this assignment."),
        actor=actor,
    )
    return application


@transaction.atomic
def application_shortlist(*, application: Application, actor: Any) -> Application:
    """A recruiter shortlists an applied candidate of a DoA being sourced. An ineligible candidate
        is refused with ``ValidationError({"candidate": [...]})`` naming each rule they fail. At most
        ``MAX_SHORTLIST_PER_POSITION`` candidates per open position are on the shortlist or beyond it,
    short of entry on duty (409).
        Creates the clearances the DoA needs (``models.clearance_kinds_for``)."""
    if not can_recruit(actor, application.doa):
        raise refuse(_("You may not shortlist candidates."))
    doa = locked(application.doa)
    current = locked(application)
    require_sourcing(doa)
    require_status(
        current,
        {S.APPLIED},
        gettext_lazy("Only an applied candidate can be shortlisted; this one is %(status)s."),
    )
    require_eligible(candidate=current.candidate, doa=doa)
    open_positions = Position.objects.filter(doa=doa, status=Position.Status.OPEN).count()
    limit = MAX_SHORTLIST_PER_POSITION * max(open_positions, 1)
    on_list = (
        Application.objects.filter(doa=doa, status__in=Application.SHORTLIST_STATUSES)
        .exclude(status=S.ON_DUTY)
        .count()
    )
    if on_list >= limit:
        raise ApplicationError(
            _(
                "The shortlist already holds %(count)s candidates, the most for this DoA "
                "(%(per)s per position)."
            )
            % {"count": on_list, "per": MAX_SHORTLIST_PER_POSITION},
            field="status",
            code="shortlist_full",
        )
    current = move(
        current, actor=actor, verb="application.shortlisted", status=S.SHORTLISTED, stamp="shortlisted_at"
    )
    for kind in clearance_kinds_for(doa):
        clearance, created = Clearance.objects.get_or_create(application=current, kind=kind)
        if created:
            audit_record(
                actor=actor, verb="clearance.opened", target=clearance, changes={"kind": [None, kind]}
            )
    return current


@transaction.atomic
def clearance_decide(*, clearance: Clearance, actor: Any, status: str, note: str = "") -> Clearance:
    """A recruiter records the outcome of a pending clearance or reference check: cleared or
    failed, with a note (required when it failed). A candidate goes to the host only with every
    clearance cleared."""
    if not can_recruit(actor):
        raise refuse(_("You may not record clearances."))
    current = locked(clearance)
    if current.status != Clearance.Status.PENDING:
        raise ApplicationError(
            _("This clearance was already decided: %(status)s.") % {"status": current.get_status_display()},
            field="status",
            code="already_decided",
        )
    if status not in (Clearance.Status.CLEARED, Clearance.Status.FAILED):
        raise ValidationError({"status": [_("Choose cleared or not cleared.")]})
    cleaned = text(
        note,
        field="note",
        required=status == Clearance.Status.FAILED,
        missing=_("Say why the candidate was not cleared."),
    )
    before = snapshot(current)
    current.status = status
    current.note = cleaned
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.full_clean()
    current.version += 1
    current.save()
    audit_record(
        actor=actor, verb="clearance.decided", target=current, changes=diff(before, snapshot(current))
    )
    return current


@transaction.atomic
def application_submit_to_host(*, application: Application, actor: Any) -> Application:
    """A recruiter submits a shortlisted candidate to the host once each of their clearances is
    cleared (409 naming those pending or failed); the host's focal points are told."""
    if not can_recruit(actor, application.doa):
        raise refuse(_("You may not submit candidates to the host."))
    current = locked(application)
    require_sourcing(current.doa)
    require_status(
        current,
        {S.SHORTLISTED},
        gettext_lazy("Only a shortlisted candidate can be submitted to the host; this one is %(status)s."),
    )
    blocking = list(current.clearances.exclude(status=Clearance.Status.CLEARED).order_by("kind"))
    if blocking:
        raise ApplicationError(
            _("Clearances not cleared: %(list)s.")
            % {"list": ", ".join(f"{c.get_kind_display()} ({c.get_status_display()})" for c in blocking)},
            field="clearances",
            code="clearances_pending",
        )
    current = move(
        current, actor=actor, verb="application.submitted_to_host", status=S.SUBMITTED, stamp="submitted_at"
    )
    tell(
        recipients=doa_host_contacts(doa=current.doa),
        verb="application.submitted_to_host",
        target=current,
        application=current,
        message=gettext_lazy("%(reference)s, %(title)s: %(candidate)s is submitted to you for assessment."),
        actor=actor,
    )
    return current


@transaction.atomic
def assessment_record(
    *,
    application: Application,
    actor: Any,
    method: str,
    result: str = "",
    score: int | None = None,
    note: str = "",
) -> Assessment:
    """The host records (or corrects, until it selects) its assessment of a candidate submitted to
    it: not to be assessed (no result, no score), or an interview, written test or desk review
    with its result (recommended or not) and optionally a score from 0 to 100."""
    if not can_assess(actor, application):
        raise refuse(_("Only the host's focal points assess its candidates."))
    current = locked(application)
    require_status(
        current,
        {S.SUBMITTED},
        gettext_lazy("Only a candidate submitted to the host is assessed; this one is %(status)s."),
    )
    errors: dict[str, list[str]] = {}
    if method not in Assessment.Method.values:
        errors["method"] = [_("Choose how the candidate was assessed.")]
    if method == Assessment.Method.NOT_ASSESSED:
        if result:
            errors["result"] = [_("A candidate not to be assessed has no result.")]
        if score is not None:
            errors["score"] = [_("A candidate not to be assessed has no score.")]
    elif result not in Assessment.Result.values:
        errors["result"] = [_("Give the result of the assessment.")]
    if score is not None and not 0 <= score <= 100:
        errors["score"] = [_("A score is from 0 to 100.")]
    try:
        cleaned = text(note, field="note")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = ""
    raise_if(errors)
    assessment = Assessment.objects.select_for_update().filter(application=current).first()
    before = snapshot(assessment) if assessment is not None else {}
    if assessment is None:
        assessment = Assessment(application=current)
    else:
        assessment.version += 1
    assessment.method = method
    assessment.result = result if method != Assessment.Method.NOT_ASSESSED else ""
    assessment.score = score
    assessment.note = cleaned
    assessment.assessed_by = actor
    assessment.assessed_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    verb = "assessment.recorded" if not before else "assessment.changed"
    audit_record(actor=actor, verb=verb, target=assessment, changes=diff(before, snapshot(assessment)))
    return assessment


@transaction.atomic
def application_select(
    *, application: Application, actor: Any, as_: str = "preferred", reserve_rank: int | None = None
) -> Application:
    """The host chooses an assessed, recommended candidate as preferred (at most one per open
    position) or puts them on the reserve list (``reserve_rank``: 1 is offered first;
    by default after the last). A reserve candidate may be promoted to preferred, a preferred one
    moved to the reserve while no offer is made. Recruiters are told to make the offer."""
    if not can_assess(actor, application):
        raise refuse(_("Only the host's focal points select its candidates."))
    if as_ not in ("preferred", "reserve"):
        raise ValidationError({"as_": [_("Choose preferred or reserve.")]})
    if reserve_rank is not None and (as_ != "reserve" or reserve_rank < 1):
        raise ValidationError(
            {"reserve_rank": [_("A reserve rank is a number from 1, for the reserve list.")]}
        )
    doa = locked(application.doa)
    current = locked(application)
    require_sourcing(doa)
    allowed = {S.SUBMITTED, S.RESERVE} if as_ == "preferred" else {S.SUBMITTED, S.PREFERRED}
    require_status(current, allowed, gettext_lazy("This candidate is %(status)s and cannot be selected so."))
    assessment = Assessment.objects.filter(application=current).first()
    if assessment is None or assessment.result != Assessment.Result.RECOMMENDED:
        raise ApplicationError(
            _("Record an assessment recommending the candidate before selecting them."),
            field="assessment",
            code="not_recommended",
        )
    if as_ == "preferred":
        chosen = Application.objects.filter(doa=doa, status__in=Application.PENDING_CHOSEN_STATUSES).exclude(
            pk=current.pk
        )
        positions = Position.objects.filter(doa=doa, status=Position.Status.OPEN).count()
        if chosen.count() >= positions:
            raise ApplicationError(
                _("Every position already has its preferred candidate (%(count)s).") % {"count": positions},
                field="as_",
                code="positions_chosen",
            )
        fields: dict[str, Any] = {"reserve_rank": None}
        status = S.PREFERRED
    else:
        if reserve_rank is None:
            last = Application.objects.filter(doa=doa, reserve_rank__isnull=False).exclude(pk=current.pk)
            reserve_rank = (last.aggregate(m=Max("reserve_rank"))["m"] or 0) + 1
        fields = {"reserve_rank": reserve_rank}
        status = S.RESERVE
    current = move(
        current, actor=actor, verb=f"application.{status}", status=status, stamp="selected_at", fields=fields
    )
    message = (
        gettext_lazy(
            "%(reference)s, %(title)s: the host chose %(candidate)s as preferred candidate; make the offer."
        )
        if status == S.PREFERRED
        else gettext_lazy("%(reference)s, %(title)s: the host put %(candidate)s on the reserve list.")
    )
    tell(
        recipients=doa_recruiters(),
        verb=f"application.{status}",
        target=current,
        application=current,
        message=message,
        actor=actor,
        url=doa_recruitment_url(doa),
    )
    return current
