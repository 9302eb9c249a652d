"""The candidate's pages: the opportunities (search and detail, with the application form), their
applications (withdraw), invitations, offers and onboarding tasks.

Each page is the candidate's own: the selectors return only their records, and a role without a
candidate's pages gets 403 (a record of someone else is a 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import Role, User
from mobilize.core.htmx import render_page
from mobilize.recruitment.forms import ActionForm, ApplyForm, OpportunityFilterForm
from mobilize.recruitment.models import Application, Offer
from mobilize.recruitment.permissions import (
    FOLLOWER_ROLES,
    can_browse_opportunities,
    can_withdraw_application,
    own_candidate,
)
from mobilize.recruitment.selectors import (
    application_for,
    application_get,
    application_own_list,
    offer_list,
    onboarding_task_actions,
    onboarding_task_list,
    opportunity_get,
    opportunity_list,
)
from mobilize.recruitment.services import application_submit, application_withdraw
from mobilize.recruitment.views.common import act, back_to, came_from
from mobilize.recruitment.views.pages import application_page
from mobilize.requests.models import Doa
from mobilize.requests.permissions import doa_scope
from mobilize.web.views_helpers import list_page, request_user

S = Application.Status


def _candidate_pages(user: User) -> None:
    """The candidate's own pages are for candidates (403 for any other role)."""
    if not user.has_role(Role.CANDIDATE):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def opportunity_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_browse_opportunities(user):
        raise PermissionDenied
    form = OpportunityFilterForm(request.GET or None)
    return list_page(
        request,
        "recruitment/opportunity_list.html",
        queryset=opportunity_list(viewer=user, filters=form.filters()),
        filter_form=form,
    )


def _may_apply(application: Application | None) -> bool:
    """The form shows to a candidate not yet applied, invited, or added from the pool without
    having confirmed their motivation."""
    if application is None:
        return True
    if application.status == S.INVITED:
        return True
    return (
        application.source == Application.Source.SOURCED
        and not application.self_declaration
        and application.is_open
    )


def _opportunity_page(
    request: HttpRequest, doa: Doa, *, form: ApplyForm | None = None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    candidate = own_candidate(user)
    application = application_for(viewer=user, doa=doa)
    follows = user.has_role(*FOLLOWER_ROLES) and Doa.objects.filter(doa_scope(user), pk=doa.pk).exists()
    context = {
        "doa": doa,
        "candidate": candidate,
        "is_candidate": user.has_role(Role.CANDIDATE),
        "application": application,
        "may_apply": candidate is not None and _may_apply(application),
        "consent_missing": candidate is not None and candidate.consent_at is None,
        "apply_form": form or ApplyForm(),
        "follows_doa": follows,
    }
    return render_page(request, "recruitment/opportunity_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def opportunity_detail_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    user = request_user(request)
    return _opportunity_page(request, opportunity_get(viewer=user, doa_id=doa_id))


@login_required
@require_http_methods(["POST"])
def application_create_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    """Apply (or accept an invitation) with the motivation, the date and the declaration."""
    user = request_user(request)
    doa = opportunity_get(viewer=user, doa_id=doa_id)
    candidate = own_candidate(user)
    if candidate is None:
        raise PermissionDenied
    form = ApplyForm(request.POST)
    return act(
        request,
        form,
        lambda: application_submit(
            doa=doa,
            candidate=candidate,
            actor=user,
            motivation=form.cleaned_data["motivation"],
            available_from=form.cleaned_data["available_from"],
            self_declaration=form.cleaned_data["self_declaration"],
        ),
        done=_("Your application was sent."),
        success=lambda a: redirect("recruitment:application_detail", application_id=a.pk),
        refused=lambda: _opportunity_page(request, doa, form=form, status=422),
    )


@login_required
@require_http_methods(["POST"])
def application_withdraw_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """The candidate withdraws (or declines an invitation)."""
    user = request_user(request)
    application = application_get(viewer=user, application_id=application_id)
    if not can_withdraw_application(user, application):
        raise PermissionDenied
    form = ActionForm(request.POST)
    mine = came_from(request) in ("mine", "invitations")
    return act(
        request,
        form,
        lambda: application_withdraw(application=application, actor=user),
        done=_("The application was withdrawn."),
        success=lambda a: back_to(request, a),
        refused=lambda: (
            _my_applications_page(request, failed=(application.pk, form))
            if mine
            else application_page(request, application, status=422, withdraw_form=form)
        ),
    )


def _my_applications_page(
    request: HttpRequest, *, failed: tuple[int, ActionForm] | None = None
) -> HttpResponse:
    """The candidate's applications, newest first, each with its withdraw button; ``failed``: the
    application whose withdrawal was refused, with its form (status 422)."""
    user = request_user(request)
    _candidate_pages(user)
    response = list_page(
        request,
        "recruitment/my_applications.html",
        queryset=application_own_list(viewer=user),
        has_profile=own_candidate(user) is not None,
        withdrawable=Application.WITHDRAWABLE_STATUSES,
        failed_id=failed[0] if failed else None,
        failed_form=failed[1] if failed else None,
    )
    if failed is not None:
        response.status_code = 422
    return response


@login_required
@require_http_methods(["GET"])
def my_applications_view(request: HttpRequest) -> HttpResponse:
    return _my_applications_page(request)


@login_required
@require_http_methods(["GET"])
def my_invitations_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _candidate_pages(user)
    return list_page(
        request,
        "recruitment/my_invitations.html",
        queryset=application_own_list(viewer=user).filter(status=S.INVITED),
        has_profile=own_candidate(user) is not None,
    )


@login_required
@require_http_methods(["GET"])
def my_offers_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _candidate_pages(user)
    return list_page(
        request,
        "recruitment/my_offers.html",
        queryset=offer_list(viewer=user),
        has_profile=own_candidate(user) is not None,
    )


@login_required
@require_http_methods(["GET"])
def my_onboarding_view(request: HttpRequest) -> HttpResponse:
    """The onboarding tasks of the candidate's accepted offers, each with what is left to do."""
    user = request_user(request)
    _candidate_pages(user)
    offers = []
    for offer in offer_list(viewer=user, status=Offer.Status.ACCEPTED):
        tasks = [
            (task, onboarding_task_actions(user=user, task=task))
            for task in onboarding_task_list(viewer=user, offer=offer).select_related(
                "offer__application__candidate"
            )
        ]
        offers.append((offer, tasks))
    context = {"offers": offers, "has_profile": own_candidate(user) is not None}
    return render_page(request, "recruitment/my_onboarding.html", context)
