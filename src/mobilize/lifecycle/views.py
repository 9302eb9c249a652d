"""The lifecycle pages: an assignment's lifecycle (every step, with the forms the viewer may use),
the list of ends coming for hosts, field units and headquarters, the volunteer's own page, and
headquarters' mission closures (preview, commit, record). Thin: each fetch through the scope, each
write through a service; a refused write shows the page again with the message (422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import Role, User
from mobilize.assignments.models import Assignment
from mobilize.assignments.permissions import assignment_access
from mobilize.core.errors import ApplicationError
from mobilize.core.forms import form_add_service_error
from mobilize.core.htmx import render_page
from mobilize.lifecycle.certificates import certificate_available, certificate_pdf
from mobilize.lifecycle.forms import (
    AssessmentForm,
    ChecklistTickForm,
    ClosureCommitForm,
    ClosurePreviewForm,
    ConsentForm,
    ExtensionRequestForm,
    NoteForm,
    ReassignmentAnswerForm,
    ReassignmentForm,
    RequiredNoteForm,
    ResignationForm,
    TerminationForm,
)
from mobilize.lifecycle.models import ChecklistItem, EndOfAssignment, Extension, Reassignment, Separation
from mobilize.lifecycle.permissions import (
    can_answer_reassignment,
    can_answer_redeployment,
    can_assess,
    can_clear,
    can_close_mission,
    can_confirm_funding,
    can_decide_extension,
    can_decide_resignation,
    can_request_extension,
    can_request_reassignment,
    can_resign,
    can_start_end_of_assignment,
    can_terminate,
    can_tick_checklist,
    closure_access,
    end_of_assignment_access,
    extension_access,
    reassignment_access,
    separation_access,
    serves,
)
from mobilize.lifecycle.selectors import (
    assignment_lifecycle,
    assignments_ending,
    closure_lines_ended,
    closure_list,
    end_of_assignment_list,
    extension_list,
    mission_closure_preview,
    my_assignments,
    redeployment_list,
    separation_list,
)
from mobilize.lifecycle.services import (
    checklist_item_tick,
    end_of_assignment_start,
    extension_approve,
    extension_confirm_funding,
    extension_refuse,
    extension_request,
    final_clearance_grant,
    mission_close,
    performance_assess,
    reassignment_answer,
    reassignment_request,
    redeployment_consent_give,
    resignation_accept,
    resignation_return,
    resignation_submit,
    termination_record,
)
from mobilize.web.views_helpers import request_user

STARTABLE = (Assignment.Status.ACTIVE, Assignment.Status.COMPLETED, Assignment.Status.TERMINATED)
ENDING_ROLES = (Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT)
CLOSURE_ROLES = (Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.HOST_FOCAL_POINT)


# --- an assignment's lifecycle ------------------------------------------------------------------


def _abilities(user: User, life: Any) -> dict[str, bool]:
    a = life.assignment
    serving = a.status == Assignment.Status.ACTIVE
    extension = next((e for e in life.extensions if e.is_open), None)
    waiting = next((s for s in life.separations if s.status == Separation.Status.SUBMITTED), None)
    moving = next((r for r in life.reassignments if r.status == Reassignment.Status.AWAITING_CONSENT), None)
    end = life.end
    end_open = end is not None and end.status == EndOfAssignment.Status.OPEN
    requested = extension is not None and extension.status == Extension.Status.REQUESTED
    return {
        "request_extension": serving and extension is None and can_request_extension(user, a),
        "confirm_funding": requested and can_confirm_funding(user, a),
        "approve_extension": extension is not None and not requested and can_decide_extension(user, a),
        "refuse_extension": extension is not None
        and (can_decide_extension(user, a) or (requested and can_confirm_funding(user, a))),
        "resign": serving and waiting is None and can_resign(user, a),
        "decide_resignation": waiting is not None and can_decide_resignation(user, a),
        "terminate": serving and waiting is None and can_terminate(user, a),
        "reassign": serving and moving is None and can_request_reassignment(user, a),
        "answer_reassignment": moving is not None and can_answer_reassignment(user, a),
        "start_end": end is None and a.status in STARTABLE and can_start_end_of_assignment(user, a),
        "tick": end_open and can_tick_checklist(user, a),
        "assess": end_open and can_assess(user, a),
        "clear": end_open and can_clear(user, a),
        "consent": a.is_open and can_answer_redeployment(user, a),
        "certificate": end is not None and certificate_available(end),
    }


def _lifecycle_page(
    request: HttpRequest, assignment_id: int, *, status: int = 200, **parts: Any
) -> HttpResponse:
    user = request_user(request)
    life = assignment_lifecycle(viewer=user, assignment_id=assignment_id)
    consent = life.consent
    volunteer = serves(user, life.assignment)
    context = {
        "life": life,
        "assignment": life.assignment,
        "is_volunteer": volunteer,
        "can": _abilities(user, life),
        "open_extension": next((e for e in life.extensions if e.is_open), None),
        "waiting_separation": next(
            (s for s in life.separations if s.status == Separation.Status.SUBMITTED), None
        ),
        "waiting_reassignment": next(
            (r for r in life.reassignments if r.status == Reassignment.Status.AWAITING_CONSENT), None
        ),
        "extension_form": parts.get("extension_form") or ExtensionRequestForm(prefix="extension"),
        "extension_note_form": parts.get("extension_note_form") or NoteForm(prefix="extension_note"),
        "refuse_form": parts.get("refuse_form") or RequiredNoteForm(prefix="refuse"),
        "resignation_form": parts.get("resignation_form")
        or ResignationForm(prefix="resignation", volunteer=volunteer),
        "decision_form": parts.get("decision_form") or NoteForm(prefix="decision"),
        "termination_form": parts.get("termination_form") or TerminationForm(prefix="termination"),
        "reassignment_form": parts.get("reassignment_form")
        or ReassignmentForm(prefix="reassignment", assignment=life.assignment),
        "answer_form": parts.get("answer_form")
        or ReassignmentAnswerForm(prefix="answer", volunteer=volunteer),
        "consent_form": parts.get("consent_form")
        or ConsentForm(
            prefix="consent",
            volunteer=volunteer,
            initial={
                "consents": "yes" if consent and consent.consents else "no",
                "preferences": consent.preferences,
            }
            if consent
            else None,
        ),
        "assessment_form": parts.get("assessment_form")
        or AssessmentForm(
            prefix="assessment",
            initial={"rating": life.end.rating, "assessment": life.end.assessment} if life.end else None,
        ),
        "page_error": parts.get("page_error"),
    }
    return render_page(request, "lifecycle/assignment_lifecycle.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def assignment_lifecycle_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    return _lifecycle_page(request, assignment_id)


def _message(exc: ValidationError | ApplicationError) -> str:
    return exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)


def _act(
    request: HttpRequest,
    assignment: Assignment,
    *,
    allowed: bool,
    write: Callable[[dict[str, Any]], object],
    done: str,
    form: forms.Form | None = None,
    form_name: str = "",
) -> HttpResponse:
    """One step posted from the assignment's lifecycle page: 403 when not allowed, the page again
    with the errors (422) when refused, else back to the page."""
    if not allowed:
        raise PermissionDenied
    if form is not None and not form.is_valid():
        return _lifecycle_page(request, assignment.pk, status=422, **{form_name: form})
    try:
        write(form.cleaned_data if form is not None else {})
    except (ValidationError, ApplicationError) as exc:
        if form is not None:
            form_add_service_error(form, exc)
            return _lifecycle_page(request, assignment.pk, status=422, **{form_name: form})
        return _lifecycle_page(request, assignment.pk, status=422, page_error=_message(exc))
    messages.success(request, done)
    return redirect("lifecycle:assignment_lifecycle", assignment_id=assignment.pk)


@login_required
@require_http_methods(["POST"])
def extension_request_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    return _act(
        request,
        assignment,
        allowed=can_request_extension(user, assignment),
        write=lambda data: extension_request(
            assignment=assignment, new_planned_end=data["planned_end"], reason=data["reason"], actor=user
        ),
        done=_("The extension was requested; the host is asked to confirm the funding."),
        form=ExtensionRequestForm(request.POST, prefix="extension"),
        form_name="extension_form",
    )


EXTENSION_ACTIONS = {"confirm-funding", "approve", "refuse"}


@login_required
@require_http_methods(["POST"])
def extension_action_view(request: HttpRequest, extension_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    extension = extension_access(user=user, extension_id=extension_id)
    assignment = extension.assignment
    if action not in EXTENSION_ACTIONS:
        raise Http404
    if action == "refuse":
        requested = extension.status == Extension.Status.REQUESTED
        return _act(
            request,
            assignment,
            allowed=can_decide_extension(user, assignment)
            or (requested and can_confirm_funding(user, assignment)),
            write=lambda data: extension_refuse(extension=extension, actor=user, note=data["note"]),
            done=_("The extension was refused."),
            form=RequiredNoteForm(request.POST, prefix="refuse"),
            form_name="refuse_form",
        )
    if action == "confirm-funding":
        return _act(
            request,
            assignment,
            allowed=can_confirm_funding(user, assignment),
            write=lambda data: extension_confirm_funding(extension=extension, actor=user, note=data["note"]),
            done=_("The funding of the extension is confirmed."),
            form=NoteForm(request.POST, prefix="extension_note"),
            form_name="extension_note_form",
        )
    return _act(
        request,
        assignment,
        allowed=can_decide_extension(user, assignment),
        write=lambda data: extension_approve(extension=extension, actor=user, note=data["note"]),
        done=_("The extension was approved: the planned end moved."),
        form=NoteForm(request.POST, prefix="extension_note"),
        form_name="extension_note_form",
    )


@login_required
@require_http_methods(["POST"])
def resignation_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    return _act(
        request,
        assignment,
        allowed=can_resign(user, assignment),
        write=lambda data: resignation_submit(
            assignment=assignment,
            actor=user,
            last_day=data["last_day"],
            reason=data["reason"],
            leave_taken_days=data["leave_taken_days"],
        ),
        done=_("The resignation was sent to the host."),
        form=ResignationForm(request.POST, prefix="resignation", volunteer=serves(user, assignment)),
        form_name="resignation_form",
    )


SEPARATION_ACTIONS: dict[str, tuple[Callable[..., Separation], Any]] = {
    "accept": (resignation_accept, gettext_lazy("The resignation was accepted.")),
    "return": (resignation_return, gettext_lazy("The resignation was returned to the volunteer.")),
}


@login_required
@require_http_methods(["POST"])
def separation_action_view(request: HttpRequest, separation_id: int, action: str) -> HttpResponse:
    """The host's decision on a resignation: accept or return it, with a note."""
    user = request_user(request)
    separation = separation_access(user=user, separation_id=separation_id)
    if action not in SEPARATION_ACTIONS:
        raise Http404
    decide, done = SEPARATION_ACTIONS[action]
    return _act(
        request,
        separation.assignment,
        allowed=can_decide_resignation(user, separation.assignment),
        write=lambda data: decide(separation=separation, actor=user, note=data["note"]),
        done=str(done),
        form=NoteForm(request.POST, prefix="decision"),
        form_name="decision_form",
    )


@login_required
@require_http_methods(["POST"])
def termination_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    return _act(
        request,
        assignment,
        allowed=can_terminate(user, assignment),
        write=lambda data: termination_record(
            assignment=assignment,
            actor=user,
            last_day=data["last_day"],
            reason=data["reason"],
            leave_taken_days=data["leave_taken_days"],
        ),
        done=_("The assignment was terminated early."),
        form=TerminationForm(request.POST, prefix="termination"),
        form_name="termination_form",
    )


@login_required
@require_http_methods(["POST"])
def reassignment_request_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    return _act(
        request,
        assignment,
        allowed=can_request_reassignment(user, assignment),
        write=lambda data: reassignment_request(
            assignment=assignment,
            actor=user,
            duty_station=data["duty_station"],
            effective_date=data["effective_date"],
            reason=data["reason"],
        ),
        done=_("The reassignment was proposed; the volunteer is asked to consent."),
        form=ReassignmentForm(request.POST, prefix="reassignment", assignment=assignment),
        form_name="reassignment_form",
    )


@login_required
@require_http_methods(["POST"])
def reassignment_answer_view(request: HttpRequest, reassignment_id: int) -> HttpResponse:
    user = request_user(request)
    reassignment = reassignment_access(user=user, reassignment_id=reassignment_id)
    assignment = reassignment.assignment
    return _act(
        request,
        assignment,
        allowed=can_answer_reassignment(user, assignment),
        write=lambda data: reassignment_answer(
            reassignment=reassignment, actor=user, consents=data["consents"]
        ),
        done=_("The answer to the reassignment is recorded."),
        form=ReassignmentAnswerForm(request.POST, prefix="answer", volunteer=serves(user, assignment)),
        form_name="answer_form",
    )


@login_required
@require_http_methods(["POST"])
def consent_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    volunteer = serves(user, assignment)
    return _act(
        request,
        assignment,
        allowed=can_answer_redeployment(user, assignment),
        write=lambda data: redeployment_consent_give(
            assignment=assignment, actor=user, consents=data["consents"], preferences=data["preferences"]
        ),
        done=_("Your answer on redeployment is recorded.")
        if volunteer
        else _("The volunteer's answer on redeployment is recorded."),
        form=ConsentForm(request.POST, prefix="consent", volunteer=volunteer),
        form_name="consent_form",
    )


@login_required
@require_http_methods(["POST"])
def end_start_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    return _act(
        request,
        assignment,
        allowed=can_start_end_of_assignment(user, assignment),
        write=lambda data: end_of_assignment_start(assignment=assignment, actor=user),
        done=_("The end of assignment has started."),
    )


@login_required
@require_http_methods(["POST"])
def checklist_tick_view(request: HttpRequest, end_id: int, item_id: int) -> HttpResponse:
    user = request_user(request)
    end = end_of_assignment_access(user=user, end_id=end_id)
    item = ChecklistItem.objects.filter(end_of_assignment=end, pk=item_id).first()
    if item is None:
        raise Http404
    return _act(
        request,
        end.assignment,
        allowed=can_tick_checklist(user, end.assignment),
        write=lambda data: checklist_item_tick(item=item, actor=user, done=data["done"]),
        done=_("The checklist is updated."),
        form=ChecklistTickForm(request.POST),
        form_name="tick_form",
    )


@login_required
@require_http_methods(["POST"])
def assessment_view(request: HttpRequest, end_id: int) -> HttpResponse:
    user = request_user(request)
    end = end_of_assignment_access(user=user, end_id=end_id)
    return _act(
        request,
        end.assignment,
        allowed=can_assess(user, end.assignment),
        write=lambda data: performance_assess(
            end=end, actor=user, rating=data["rating"], assessment=data["assessment"]
        ),
        done=_("The performance assessment is recorded."),
        form=AssessmentForm(request.POST, prefix="assessment"),
        form_name="assessment_form",
    )


@login_required
@require_http_methods(["POST"])
def clearance_view(request: HttpRequest, end_id: int) -> HttpResponse:
    user = request_user(request)
    end = end_of_assignment_access(user=user, end_id=end_id)
    return _act(
        request,
        end.assignment,
        allowed=can_clear(user, end.assignment),
        write=lambda data: final_clearance_grant(end=end, actor=user),
        done=_("The final clearance is granted; the certificate is issued."),
    )


@login_required
@require_http_methods(["GET"])
def certificate_view(request: HttpRequest, end_id: int) -> HttpResponse:
    end = end_of_assignment_access(user=request_user(request), end_id=end_id)
    if not certificate_available(end):
        raise Http404
    response = HttpResponse(certificate_pdf(end=end), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{end.certificate_number}.pdf"'
    return response


# --- lists -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def ending_view(request: HttpRequest) -> HttpResponse:
    """Hosts, field units and headquarters: the ends coming, and what waits on a decision."""
    user = request_user(request)
    if not user.has_role(*ENDING_ROLES):
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "today": today,
        "ending": assignments_ending(viewer=user, today=today)[:200],
        "extensions": extension_list(viewer=user).filter(status__in=Extension.OPEN_STATUSES)[:200],
        "resignations": separation_list(viewer=user, status=Separation.Status.SUBMITTED)[:200],
        "ends": end_of_assignment_list(viewer=user, status=EndOfAssignment.Status.OPEN)[:200],
    }
    return render_page(request, "lifecycle/ending.html", context)


@login_required
@require_http_methods(["GET"])
def my_lifecycle_view(request: HttpRequest) -> HttpResponse:
    """The volunteer's own assignments: consent to redeployment, resignation, certificates."""
    user = request_user(request)
    if not user.has_role(Role.CANDIDATE):
        raise PermissionDenied
    context = {
        "assignments": list(my_assignments(viewer=user)),
        "redeployments": list(redeployment_list(viewer=user)),
    }
    return render_page(request, "lifecycle/mine.html", context)


# --- mission closures ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def closure_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.has_role(*CLOSURE_ROLES):
        raise PermissionDenied
    context = {"closures": closure_list(viewer=user), "can_close": can_close_mission(user)}
    return render_page(request, "lifecycle/closure_list.html", context)


def _closure_new_page(
    request: HttpRequest,
    *,
    form: ClosurePreviewForm,
    commit_form: ClosureCommitForm | None,
    preview: Any,
    status: int,
) -> HttpResponse:
    context = {"form": form, "preview": preview, "commit_form": commit_form}
    return render_page(request, "lifecycle/closure_new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def closure_new_view(request: HttpRequest) -> HttpResponse:
    """GET: choose the host and the date, and see the preview (nothing written). POST: commit."""
    user = request_user(request)
    if not can_close_mission(user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    form = ClosurePreviewForm(data if "host_entity" in data else None)
    if not form.is_valid():
        status = 422 if form.is_bound else 200
        return _closure_new_page(request, form=form, commit_form=None, preview=None, status=status)
    host, day = form.cleaned_data["host_entity"], form.cleaned_data["closure_date"]
    preview = mission_closure_preview(viewer=user, host_entity=host, closure_date=day)
    if request.method == "GET":
        commit_form = ClosureCommitForm(initial={"host_entity": host, "closure_date": day}, preview=preview)
        return _closure_new_page(request, form=form, commit_form=commit_form, preview=preview, status=200)
    commit_form = ClosureCommitForm(request.POST, preview=preview)
    if commit_form.is_valid():
        try:
            closure = mission_close(
                host_entity=host,
                closure_date=day,
                actor=user,
                redeployments=commit_form.redeployments(),
                note=commit_form.cleaned_data["note"],
            )
        except (ValidationError, ApplicationError) as exc:
            form_add_service_error(commit_form, exc)
        else:
            messages.success(
                request,
                _("%(host)s is closed: %(count)s assignments ended.")
                % {"host": host.acronym, "count": closure.ended_count},
            )
            return redirect("lifecycle:closure_detail", closure_id=closure.pk)
    return _closure_new_page(request, form=form, commit_form=commit_form, preview=preview, status=422)


@login_required
@require_http_methods(["GET"])
def closure_detail_view(request: HttpRequest, closure_id: int) -> HttpResponse:
    user = request_user(request)
    closure = closure_access(user=user, closure_id=closure_id)
    context = {
        "closure": closure,
        "ended": closure_lines_ended(closure=closure),
        "redeployments": redeployment_list(viewer=user, closure=closure),
    }
    return render_page(request, "lifecycle/closure_detail.html", context)
