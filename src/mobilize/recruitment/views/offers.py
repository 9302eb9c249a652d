"""An offer's pages: its detail (the terms, the answer, withdrawing, the entry on duty), its letter
(PDF), and its onboarding tasks (the candidate submits a private document, a recruiter verifies or
returns it; the documents are read only by the candidate and UNV's recruitment staff, each staff
read audited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import User
from mobilize.recruitment.files import onboarding_document_response
from mobilize.recruitment.forms import (
    ActionForm,
    EnterOnDutyForm,
    OfferAcceptForm,
    OfferDeclineForm,
    OfferWithdrawForm,
    OnboardingReturnForm,
    OnboardingSubmitForm,
)
from mobilize.recruitment.letters import offer_letter_pdf
from mobilize.recruitment.models import Offer
from mobilize.recruitment.permissions import (
    can_read_offer_letter,
    can_recruit,
    can_respond_offer,
    can_submit_onboarding,
)
from mobilize.recruitment.selectors import (
    offer_get,
    onboarding_document_read,
    onboarding_task_get,
)
from mobilize.recruitment.services import (
    offer_accept,
    offer_decline,
    offer_enter_on_duty,
    offer_withdraw,
    onboarding_task_return,
    onboarding_task_submit,
    onboarding_task_verify,
)
from mobilize.recruitment.views.common import act
from mobilize.recruitment.views.pages import offer_page, task_page, task_prefix
from mobilize.web.views_helpers import request_user


@login_required
@require_http_methods(["GET"])
def offer_detail_view(request: HttpRequest, offer_id: int) -> HttpResponse:
    return offer_page(request, offer_get(viewer=request_user(request), offer_id=offer_id))


@login_required
@require_http_methods(["GET"])
def offer_letter_view(request: HttpRequest, offer_id: int) -> HttpResponse:
    """The offer letter as a PDF: the candidate, recruiters and headquarters."""
    user = request_user(request)
    offer = offer_get(viewer=user, offer_id=offer_id)
    if not can_read_offer_letter(user, offer):
        raise PermissionDenied
    response = HttpResponse(offer_letter_pdf(offer=offer), content_type="application/pdf")
    name = f"offer-{offer.application.doa.reference}-{offer.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _answering(request: HttpRequest, offer_id: int) -> tuple[User, Offer]:
    user = request_user(request)
    offer = offer_get(viewer=user, offer_id=offer_id)
    if not can_respond_offer(user, offer):
        raise PermissionDenied
    return user, offer


def _recruiting(request: HttpRequest, offer_id: int) -> tuple[User, Offer]:
    user = request_user(request)
    offer = offer_get(viewer=user, offer_id=offer_id)
    if not can_recruit(user):
        raise PermissionDenied
    return user, offer


@login_required
@require_http_methods(["POST"])
def offer_accept_view(request: HttpRequest, offer_id: int) -> HttpResponse:
    user, offer = _answering(request, offer_id)
    form = OfferAcceptForm(request.POST)
    return act(
        request,
        form,
        lambda: offer_accept(offer=offer, actor=user),
        done=_("You accepted the offer. Your onboarding tasks are below."),
        success=lambda o: redirect("recruitment:offer_detail", offer_id=o.pk),
        refused=lambda: offer_page(request, offer, status=422, accept_form=form),
    )


@login_required
@require_http_methods(["POST"])
def offer_decline_view(request: HttpRequest, offer_id: int) -> HttpResponse:
    user, offer = _answering(request, offer_id)
    form = OfferDeclineForm(request.POST)
    return act(
        request,
        form,
        lambda: offer_decline(offer=offer, actor=user, reason=form.cleaned_data["reason"]),
        done=_("You declined the offer."),
        success=lambda o: redirect("recruitment:my_offers"),
        refused=lambda: offer_page(request, offer, status=422, decline_form=form),
    )


@login_required
@require_http_methods(["POST"])
def offer_withdraw_view(request: HttpRequest, offer_id: int) -> HttpResponse:
    user, offer = _recruiting(request, offer_id)
    form = OfferWithdrawForm(request.POST)
    return act(
        request,
        form,
        lambda: offer_withdraw(offer=offer, actor=user, reason=form.cleaned_data["reason"]),
        done=_("The offer was withdrawn; the candidate is told."),
        success=lambda o: redirect("recruitment:offer_detail", offer_id=o.pk),
        refused=lambda: offer_page(request, offer, status=422, withdraw_form=form),
    )


@login_required
@require_http_methods(["POST"])
def offer_enter_on_duty_view(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Record the entry on duty: the assignment is made."""
    user, offer = _recruiting(request, offer_id)
    form = EnterOnDutyForm(request.POST)
    return act(
        request,
        form,
        lambda: offer_enter_on_duty(
            offer=offer, actor=user, entry_on_duty=form.cleaned_data["entry_on_duty"]
        ),
        done=_("The entry on duty was recorded and the assignment made."),
        success=lambda assignment: redirect("recruitment:offer_detail", offer_id=offer.pk),
        refused=lambda: offer_page(request, offer, status=422, eod_form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_task_view(request: HttpRequest, task_id: int) -> HttpResponse:
    """One onboarding task; the candidate submits it here (a document and/or a note)."""
    user = request_user(request)
    task = onboarding_task_get(viewer=user, task_id=task_id)
    if request.method != "POST":
        return task_page(request, task)
    if not can_submit_onboarding(user, task):
        raise PermissionDenied
    form = OnboardingSubmitForm(request.POST, request.FILES)
    return act(
        request,
        form,
        lambda: onboarding_task_submit(
            task=task, actor=user, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
        ),
        done=_("Submitted: UNV will verify it."),
        success=lambda t: redirect("recruitment:my_onboarding"),
        refused=lambda: task_page(request, task, status=422, submit_form=form),
    )


@login_required
@require_http_methods(["GET"])
def onboarding_document_view(request: HttpRequest, task_id: int) -> HttpResponseBase:
    """The task's private document: the candidate, recruiters and headquarters (a staff read is
    recorded in the audit trail)."""
    user = request_user(request)
    task = onboarding_task_get(viewer=user, task_id=task_id)
    return onboarding_document_response(onboarding_document_read(viewer=user, task=task))


@login_required
@require_http_methods(["POST"])
def onboarding_task_verify_view(request: HttpRequest, task_id: int) -> HttpResponse:
    user = request_user(request)
    task = onboarding_task_get(viewer=user, task_id=task_id)
    if not can_recruit(user):
        raise PermissionDenied
    form = ActionForm(request.POST, prefix=task_prefix(task))
    offer = offer_get(viewer=user, offer_id=task.offer_id)
    return act(
        request,
        form,
        lambda: onboarding_task_verify(task=task, actor=user),
        done=_("%(task)s verified.") % {"task": task.get_kind_display()},
        success=lambda t: redirect("recruitment:offer_detail", offer_id=offer.pk),
        refused=lambda: offer_page(request, offer, status=422, task_id=task.pk, verify_form=form),
    )


@login_required
@require_http_methods(["POST"])
def onboarding_task_return_view(request: HttpRequest, task_id: int) -> HttpResponse:
    """Return a submitted task to the candidate, saying what is missing."""
    user = request_user(request)
    task = onboarding_task_get(viewer=user, task_id=task_id)
    if not can_recruit(user):
        raise PermissionDenied
    form = OnboardingReturnForm(request.POST)
    return act(
        request,
        form,
        lambda: onboarding_task_return(task=task, actor=user, note=form.cleaned_data["note"]),
        done=_("The task was returned to the candidate."),
        success=lambda t: redirect("recruitment:offer_detail", offer_id=task.offer_id),
        refused=lambda: task_page(request, task, status=422, return_form=form),
    )
