"""The host's pages: the candidates submitted to it, the assessment, the choice of the preferred
candidate and the reserve list. A host sees only the candidates submitted to it (the scoped
selectors); headquarters may act on its behalf."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import Role
from mobilize.core.htmx import render_page
from mobilize.recruitment.forms import AssessmentForm, HostCandidatesFilterForm, SelectForm
from mobilize.recruitment.models import Application
from mobilize.recruitment.permissions import can_assess
from mobilize.recruitment.selectors import application_get, application_list, assessment_for
from mobilize.recruitment.services import application_select, assessment_record
from mobilize.recruitment.views.common import act
from mobilize.recruitment.views.pages import application_page
from mobilize.web.views_helpers import list_page, request_user

S = Application.Status
CHOSEN = (S.PREFERRED, S.RESERVE, S.OFFERED, S.ACCEPTED, S.ON_DUTY)


@login_required
@require_http_methods(["GET"])
def host_candidates_view(request: HttpRequest) -> HttpResponse:
    """The candidates submitted to the host's DoAs: to assess, assessed and waiting for the
    choice, chosen, or all of them."""
    user = request_user(request)
    if not user.has_role(Role.HOST_FOCAL_POINT, Role.HQ):
        raise PermissionDenied
    form = HostCandidatesFilterForm(request.GET or None)
    show = form.show_value()
    # The scope already limits a host to what was submitted to it; the assessment of each is its own.
    applications = (
        application_list(viewer=user).filter(submitted_at__isnull=False).select_related("assessment")
    )
    if show == "to_assess":
        applications = applications.filter(status=S.SUBMITTED, assessment__isnull=True)
    elif show == "to_choose":
        applications = applications.filter(status=S.SUBMITTED, assessment__isnull=False)
    elif show == "chosen":
        applications = applications.filter(status__in=CHOSEN)
    return list_page(
        request,
        "recruitment/host_candidates.html",
        queryset=applications.order_by("submitted_at", "pk"),
        filter_form=form,
        show=show,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """Record (or correct, until the choice) the host's assessment of a candidate."""
    user = request_user(request)
    application = application_get(viewer=user, application_id=application_id)
    if not can_assess(user, application):
        raise PermissionDenied
    existing = assessment_for(viewer=user, application=application)
    initial = (
        {
            "method": existing.method,
            "result": existing.result,
            "score": existing.score,
            "note": existing.note,
        }
        if existing is not None
        else {}
    )
    form = AssessmentForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"application": application, "doa": application.doa, "form": form, "existing": existing}
    if request.method != "POST":
        return render_page(request, "recruitment/assessment_form.html", context)
    return act(
        request,
        form,
        lambda: assessment_record(
            application=application,
            actor=user,
            method=form.cleaned_data["method"],
            result=form.cleaned_data["result"],
            score=form.cleaned_data["score"],
            note=form.cleaned_data["note"],
        ),
        done=_("The assessment was recorded."),
        success=lambda a: redirect("recruitment:application_detail", application_id=application.pk),
        refused=lambda: render_page(request, "recruitment/assessment_form.html", context, status=422),
    )


@login_required
@require_http_methods(["POST"])
def application_select_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """Choose the candidate as preferred, or put them on the reserve list."""
    user = request_user(request)
    application = application_get(viewer=user, application_id=application_id)
    if not can_assess(user, application):
        raise PermissionDenied
    form = SelectForm(request.POST)
    return act(
        request,
        form,
        lambda: application_select(
            application=application,
            actor=user,
            as_=form.cleaned_data["as_"],
            reserve_rank=form.cleaned_data["reserve_rank"],
        ),
        done=_("Your choice was recorded; UNV will make the offer."),
        success=lambda a: redirect("recruitment:application_detail", application_id=a.pk),
        refused=lambda: application_page(request, application, status=422, select_form=form),
    )
