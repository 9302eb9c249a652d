"""The pages that actions come back to: a DoA's recruitment, an application, an offer, an
onboarding task. Each builder shows the page as it stands; an action that was refused shows it
again with its bound form (the service's messages under the named fields) and status 422.

Who sees which page is decided by the scoped selectors (a record outside the viewer's scope is a
404); which buttons show is decided by ``selectors.*_actions`` and ``permissions.can_*``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import Role, User
from mobilize.core.htmx import render_page
from mobilize.matching.permissions import can_rank_candidates
from mobilize.matching.selectors import candidate_match
from mobilize.recruitment.forms import (
    ActionForm,
    ClearanceDecideForm,
    EnterOnDutyForm,
    InviteForm,
    OfferAcceptForm,
    OfferDeclineForm,
    OfferWithdrawForm,
    OnboardingReturnForm,
    OnboardingSubmitForm,
    SelectForm,
    ShortlistForm,
    SourceForm,
)
from mobilize.recruitment.models import Application, Offer, OnboardingTask
from mobilize.recruitment.permissions import (
    FOLLOWER_ROLES,
    can_assess,
    can_read_onboarding_details,
    can_recruit,
    follows_recruitment,
    is_own_application,
)
from mobilize.recruitment.selectors import (
    RankedApplication,
    application_actions,
    application_counts,
    application_get,
    application_list,
    application_ranking,
    assessment_for,
    clearance_list,
    offer_actions,
    offer_list,
    onboarding_task_actions,
    shortlist_sla,
)
from mobilize.requests.models import Doa
from mobilize.requests.selectors import doa_get, doa_stages
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import candidate_scope
from mobilize.web.views_helpers import request_user

CLOSED_STATUSES = sorted(set(Application.Status.values) - Application.OPEN_STATUSES)
"""Withdrawn, declined, on duty, not selected."""

BOARD_ROLES = (Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT)
"""Who sees the sourcing board (the host sees its candidates to assess instead)."""


def row_prefix(application: Application) -> str:
    """The prefix of an application's button forms on the DoA page (several on one page)."""
    return f"application-{application.pk}"


def task_prefix(task: OnboardingTask) -> str:
    return f"task-{task.pk}"


# --- the DoA's recruitment -------------------------------------------------------------------


def recruitment_doa(user: User, doa_id: int) -> Doa:
    """The DoA whose recruitment ``user`` follows: 404 if hidden or a template, 403 for a role that
    follows no recruitment (a DoA is never visible to candidates and donors, so they get 404)."""
    doa = doa_get(viewer=user, doa_id=doa_id)
    if doa.is_template:
        raise Http404
    if not follows_recruitment(user, doa):
        raise PermissionDenied
    return doa


@dataclass
class ApplicantRow:
    """One open application on the DoA page with its ranking, its buttons and their forms."""

    ranked: RankedApplication
    actions: list[str]
    shortlist_form: forms.Form
    submit_form: forms.Form

    @property
    def application(self) -> Application:
        return self.ranked.application


def doa_page(
    request: HttpRequest,
    doa: Doa,
    *,
    status: int = 200,
    failed: tuple[int, str, forms.Form] | None = None,
    source_form: SourceForm | None = None,
    invite_form: InviteForm | None = None,
) -> HttpResponse:
    """The DoA's candidates: the shortlist's service level, the stages with the days since
    approval, the open applications ranked (eligibility, rank, score and its components) with their
    buttons, the closed ones, the offers, and for recruiters the pool and invitation forms.
    ``failed``: (application id, "shortlist" or "submit_to_host", the refused form)."""
    user = request_user(request)
    rows = []
    for ranked in application_ranking(viewer=user, doa=doa):
        application = ranked.application
        prefix = row_prefix(application)
        row = ApplicantRow(
            ranked=ranked,
            actions=application_actions(user=user, application=application),
            shortlist_form=ShortlistForm(prefix=prefix),
            submit_form=ActionForm(prefix=prefix),
        )
        if failed is not None and failed[0] == application.pk:
            setattr(row, f"{failed[1]}_form", failed[2])
        rows.append(row)
    recruits = can_recruit(user, doa)
    context = {
        "doa": doa,
        "rows": rows,
        "closed": application_list(viewer=user, doa=doa).filter(status__in=CLOSED_STATUSES),
        "counts": application_counts(viewer=user, doa=doa),
        "offers": offer_list(viewer=user, doa=doa),
        "sla": shortlist_sla(doa),
        "stages": doa_stages(doa) if doa.approved_at is not None else [],
        "is_sourcing": doa.status == Doa.Status.SOURCING,
        "can_recruit": recruits,
        "can_rank": can_rank_candidates(user, doa),
        "sees_board": user.has_role(*BOARD_ROLES),
        "is_host": user.has_role(Role.HOST_FOCAL_POINT),
        "source_form": source_form or SourceForm(user=user),
        "invite_form": invite_form or InviteForm(user=user),
    }
    return render_page(request, "recruitment/doa_recruitment.html", context, status=status)


# --- an application --------------------------------------------------------------------------


@dataclass
class ClearanceRow:
    clearance: Any
    form: ClearanceDecideForm | None


def application_page(
    request: HttpRequest,
    application: Application,
    *,
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    """One application: where it stands (each stage's time), the candidate's motivation, their
    eligibility and score (not shown to the candidate), the clearances (UNV's staff), the host's
    assessment (staff and the host), the offers, and the buttons of whoever may act. ``bound``: a
    refused form by its context name (``withdraw_form``, ``shortlist_form``, ``submit_form``,
    ``select_form``, ``clearance_form`` with ``clearance_id``)."""
    user = request_user(request)
    actions = application_actions(user=user, application=application)
    is_own = is_own_application(user, application)
    recruits = can_recruit(user, application.doa)
    rows = []
    for clearance in clearance_list(viewer=user, application=application):
        form = None
        if recruits and clearance.status == clearance.Status.PENDING:
            if bound.get("clearance_id") == clearance.pk:
                form = bound["clearance_form"]
            else:
                form = ClearanceDecideForm(clearance=clearance)
        rows.append(ClearanceRow(clearance=clearance, form=form))
    match = None
    if not user.has_role(Role.CANDIDATE):
        match = candidate_match(candidate=application.candidate, doa=application.doa)
    context = {
        "application": application,
        "doa": application.doa,
        "candidate": application.candidate,
        "actions": actions,
        "is_own": is_own,
        "can_recruit": recruits,
        "can_assess": can_assess(user, application),
        "follows_doa": user.has_role(*FOLLOWER_ROLES),
        "can_rank": can_rank_candidates(user, application.doa),
        "sees_profile": Candidate.objects.filter(candidate_scope(user), pk=application.candidate_id).exists(),
        "match": match,
        "clearances": rows,
        "assessment": assessment_for(viewer=user, application=application),
        "offers": list(application.offers.all()),
        "withdraw_form": bound.get("withdraw_form") or ActionForm(),
        "shortlist_form": bound.get("shortlist_form") or ShortlistForm(prefix=row_prefix(application)),
        "submit_form": bound.get("submit_form") or ActionForm(prefix=row_prefix(application)),
        "select_form": bound.get("select_form") or SelectForm(),
        "refused": bool(bound),
    }
    return render_page(request, "recruitment/application_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def application_detail_view(request: HttpRequest, application_id: int) -> HttpResponse:
    user = request_user(request)
    return application_page(request, application_get(viewer=user, application_id=application_id))


# --- an offer and its onboarding ---------------------------------------------------------------


@dataclass
class TaskRow:
    task: OnboardingTask
    actions: list[str]
    verify_form: forms.Form
    details: bool = field(default=False)


def offer_page(request: HttpRequest, offer: Offer, *, status: int = 200, **bound: Any) -> HttpResponse:
    """One offer: its terms, the letter, the answer (the candidate), withdrawing and the entry on
    duty (recruiters), the onboarding tasks with their progress (documents and notes only for the
    candidate and recruiters). ``bound``: a refused form by its context name, ``verify_form`` with
    ``task_id``."""
    user = request_user(request)
    rows = []
    for task in offer.onboarding_tasks.all():
        verify = ActionForm(prefix=task_prefix(task))
        if bound.get("task_id") == task.pk and "verify_form" in bound:
            verify = bound["verify_form"]
        rows.append(
            TaskRow(
                task=task,
                actions=onboarding_task_actions(user=user, task=task),
                verify_form=verify,
                details=can_read_onboarding_details(user, task),
            )
        )
    application = offer.application
    context = {
        "offer": offer,
        "application": application,
        "doa": application.doa,
        "actions": offer_actions(user=user, offer=offer),
        "is_own": is_own_application(user, application),
        "follows_doa": user.has_role(*FOLLOWER_ROLES),
        "tasks": rows,
        "tasks_left": sum(1 for row in rows if row.task.status != OnboardingTask.Status.DONE),
        "accept_form": bound.get("accept_form") or OfferAcceptForm(),
        "decline_form": bound.get("decline_form") or OfferDeclineForm(),
        "withdraw_form": bound.get("withdraw_form") or OfferWithdrawForm(),
        "eod_form": bound.get("eod_form") or EnterOnDutyForm(),
    }
    return render_page(request, "recruitment/offer_detail.html", context, status=status)


def task_page(request: HttpRequest, task: OnboardingTask, *, status: int = 200, **bound: Any) -> HttpResponse:
    """One onboarding task: its progress, its document and note for those who may read them, the
    candidate's submit form, the recruiter's verify and return."""
    user = request_user(request)
    context = {
        "task": task,
        "offer": task.offer,
        "application": task.offer.application,
        "doa": task.offer.application.doa,
        "actions": onboarding_task_actions(user=user, task=task),
        "details": can_read_onboarding_details(user, task),
        "is_own": is_own_application(user, task.offer.application),
        "submit_form": bound.get("submit_form") or OnboardingSubmitForm(),
        "return_form": bound.get("return_form") or OnboardingReturnForm(),
        "verify_form": bound.get("verify_form") or ActionForm(),
    }
    return render_page(request, "recruitment/onboarding_task.html", context, status=status)
