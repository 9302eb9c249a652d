"""The recruiters' pages: the sourcing board, a DoA's recruitment (read by auditors, field units
and the host within their scope), adding from the pool, inviting, shortlisting, clearances,
submitting to the host and making the offer.

Each view fetches through a scoped selector (404 when hidden), refuses a person who may not act
(403), then calls one service; a refusal shows the page again with the service's messages under
the named fields (422); success redirects."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.recruitment.forms import (
    ActionForm,
    ClearanceDecideForm,
    InviteForm,
    OfferMakeForm,
    ShortlistForm,
    SourceForm,
    SourcingFilterForm,
)
from mobilize.recruitment.permissions import can_recruit, clearance_access
from mobilize.recruitment.selectors import application_get, shortlist_sla, with_shortlist
from mobilize.recruitment.services import (
    application_invite,
    application_shortlist,
    application_source,
    application_submit_to_host,
    clearance_decide,
    offer_make,
)
from mobilize.recruitment.views.common import act, back_to, came_from
from mobilize.recruitment.views.pages import (
    BOARD_ROLES,
    application_page,
    doa_page,
    recruitment_doa,
    row_prefix,
)
from mobilize.requests.models import Doa
from mobilize.requests.selectors import DoaFilters, doa_list
from mobilize.web.paging import paginate
from mobilize.web.views_helpers import request_user


@login_required
@require_http_methods(["GET"])
def sourcing_board_view(request: HttpRequest) -> HttpResponse:
    """The DoAs being sourced, the longest approved first, each with its shortlist against the
    service level (3 to 5 within 14 days of approval): how many, by when, late or not."""
    user = request_user(request)
    if not user.has_role(*BOARD_ROLES):
        raise PermissionDenied
    form = SourcingFilterForm(request.GET or None)
    doas = doa_list(viewer=user, filters=DoaFilters(status=Doa.Status.SOURCING, **form.values()))
    page = paginate(request, with_shortlist(doas).order_by("approved_at", "pk"))
    rows = [(doa, shortlist_sla(doa)) for doa in page["object_list"]]
    context = {**page, "rows": rows, "filter_form": form}
    return render_page(request, "recruitment/sourcing_board.html", context, partial="results")


@login_required
@require_http_methods(["GET"])
def doa_recruitment_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return doa_page(request, recruitment_doa(request_user(request), doa_id))


def _recruiting_doa(request: HttpRequest, doa_id: int) -> Doa:
    user = request_user(request)
    doa = recruitment_doa(user, doa_id)
    if not can_recruit(user, doa):
        raise PermissionDenied
    return doa


@login_required
@require_http_methods(["POST"])
def application_source_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    """Add a candidate of the talent pool to the DoA."""
    user = request_user(request)
    doa = _recruiting_doa(request, doa_id)
    form = SourceForm(request.POST, user=user)
    return act(
        request,
        form,
        lambda: application_source(doa=doa, candidate=form.cleaned_data["candidate"], actor=user),
        done=_("The candidate was added to the DoA."),
        success=lambda a: redirect("recruitment:doa_recruitment", doa_id=doa.pk),
        refused=lambda: doa_page(request, doa, status=422, source_form=form),
    )


@login_required
@require_http_methods(["POST"])
def application_invite_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    """Direct recruitment: invite one candidate to apply."""
    user = request_user(request)
    doa = _recruiting_doa(request, doa_id)
    form = InviteForm(request.POST, user=user)
    return act(
        request,
        form,
        lambda: application_invite(
            doa=doa, candidate=form.cleaned_data["candidate"], actor=user, note=form.cleaned_data["note"]
        ),
        done=_("The candidate was invited to apply."),
        success=lambda a: redirect("recruitment:doa_recruitment", doa_id=doa.pk),
        refused=lambda: doa_page(request, doa, status=422, invite_form=form),
    )


@login_required
@require_http_methods(["POST"])
def application_shortlist_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """Shortlist; an ineligible candidate is refused with each rule they fail."""
    user = request_user(request)
    application = application_get(viewer=user, application_id=application_id)
    if not can_recruit(user, application.doa):
        raise PermissionDenied
    form = ShortlistForm(request.POST, prefix=row_prefix(application))
    return act(
        request,
        form,
        lambda: application_shortlist(application=application, actor=user),
        done=_("The candidate was shortlisted."),
        success=lambda a: back_to(request, a),
        refused=lambda: (
            doa_page(request, application.doa, status=422, failed=(application.pk, "shortlist", form))
            if came_from(request) == "doa"
            else application_page(request, application, status=422, shortlist_form=form)
        ),
    )


@login_required
@require_http_methods(["POST"])
def application_submit_to_host_view(request: HttpRequest, application_id: int) -> HttpResponse:
    user = request_user(request)
    application = application_get(viewer=user, application_id=application_id)
    if not can_recruit(user, application.doa):
        raise PermissionDenied
    form = ActionForm(request.POST, prefix=row_prefix(application))
    return act(
        request,
        form,
        lambda: application_submit_to_host(application=application, actor=user),
        done=_("The candidate was submitted to the host."),
        success=lambda a: back_to(request, a),
        refused=lambda: (
            doa_page(request, application.doa, status=422, failed=(application.pk, "submit", form))
            if came_from(request) == "doa"
            else application_page(request, application, status=422, submit_form=form)
        ),
    )


@login_required
@require_http_methods(["POST"])
def clearance_decide_view(request: HttpRequest, clearance_id: int) -> HttpResponse:
    """Record a clearance or reference check: cleared, or not (with the reason)."""
    user = request_user(request)
    clearance = clearance_access(user=user, clearance_id=clearance_id)
    application = application_get(viewer=user, application_id=clearance.application_id)
    if not can_recruit(user, application.doa):
        raise PermissionDenied
    form = ClearanceDecideForm(request.POST, clearance=clearance)
    return act(
        request,
        form,
        lambda: clearance_decide(
            clearance=clearance,
            actor=user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
        done=_("The clearance was recorded."),
        success=lambda c: redirect("recruitment:application_detail", application_id=application.pk),
        refused=lambda: application_page(
            request, application, status=422, clearance_id=clearance.pk, clearance_form=form
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_create_view(request: HttpRequest, application_id: int) -> HttpResponse:
    """Offer a position of the DoA to the host's preferred (or reserve) candidate."""
    user = request_user(request)
    application = application_get(viewer=user, application_id=application_id)
    if not can_recruit(user, application.doa):
        raise PermissionDenied
    doa = application.doa
    form = OfferMakeForm(request.POST if request.method == "POST" else None, doa=doa)
    context = {"application": application, "doa": doa, "form": form}
    if request.method != "POST":
        return render_page(request, "recruitment/offer_form.html", context)
    return act(
        request,
        form,
        lambda: offer_make(
            application=application,
            position=form.cleaned_data["position"],
            actor=user,
            entry_on_duty=form.cleaned_data["entry_on_duty"],
            planned_end=form.cleaned_data["planned_end"],
            respond_by=form.cleaned_data["respond_by"],
        ),
        done=_("The offer was made; the candidate is told."),
        success=lambda o: redirect("recruitment:offer_detail", offer_id=o.pk),
        refused=lambda: render_page(request, "recruitment/offer_form.html", context, status=422),
    )
