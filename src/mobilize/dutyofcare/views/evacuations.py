"""Evacuation and relocation events: the list, starting one, its page (counts per status and who is
not yet accounted for), moving a person, closing by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.errors import ApplicationError
from mobilize.core.forms import form_add_service_error
from mobilize.core.htmx import render_page
from mobilize.dutyofcare.forms import CloseForm, EvacuationMoveForm, EvacuationStartForm
from mobilize.dutyofcare.models import ACCOUNTED, UNACCOUNTED, Evacuation
from mobilize.dutyofcare.permissions import (
    can_close_evacuation,
    can_move_evacuation_person,
    can_send_checkin,
    can_start_evacuation,
    can_view_whereabouts,
    evacuation_access,
    evacuation_person_access,
)
from mobilize.dutyofcare.selectors import evacuation_counts, evacuation_list, evacuation_people
from mobilize.dutyofcare.services import (
    allowed_moves,
    evacuation_close,
    evacuation_person_move,
    evacuation_start,
)
from mobilize.dutyofcare.views.nav import section_links
from mobilize.web.views_helpers import form_write, list_page, request_user


@login_required
@require_http_methods(["GET"])
def evacuation_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_view_whereabouts(user):
        raise PermissionDenied
    status = request.GET.get("status") or None
    if status not in Evacuation.Status.values:
        status = None
    return list_page(
        request,
        "dutyofcare/evacuation_list.html",
        queryset=evacuation_list(viewer=user, status=status),
        status=status,
        statuses=Evacuation.Status.choices,
        can_start=can_start_evacuation(user),
        care_links=section_links(user, "dutyofcare:evacuation_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evacuation_start_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_start_evacuation(user):
        raise PermissionDenied
    if request.method == "POST":
        form = EvacuationStartForm(request.POST, user=user)
        evacuation = form_write(form, lambda: evacuation_start(actor=user, **form.cleaned_data))
        if evacuation is not None:
            messages.success(request, _("%(title)s started.") % {"title": evacuation.title})
            return redirect("dutyofcare:evacuation_detail", evacuation_id=evacuation.pk)
        return render_page(
            request, "dutyofcare/evacuation_form.html", {"form": form}, partial="form", status=422
        )
    form = EvacuationStartForm(user=user)
    return render_page(request, "dutyofcare/evacuation_form.html", {"form": form}, partial="form")


def _detail_context(user: object, evacuation: Evacuation) -> dict[str, object]:
    can_move = can_move_evacuation_person(user, evacuation)
    waiting = list(evacuation_people(viewer=user, evacuation=evacuation, statuses=UNACCOUNTED))
    accounted = list(evacuation_people(viewer=user, evacuation=evacuation, statuses=ACCOUNTED))
    if can_move:
        for person in [*waiting, *accounted]:
            person.moves_allowed = sorted(allowed_moves(person, evacuation))  # type: ignore[attr-defined]
    return {
        "evacuation": evacuation,
        "duty_stations": list(evacuation.duty_stations.order_by("name")),
        "counts": evacuation_counts(viewer=user, evacuation=evacuation),
        "waiting": waiting,
        "accounted": accounted,
        "can_move": can_move,
        "can_close": evacuation.is_open and can_close_evacuation(user),
        "can_send_checkin": can_send_checkin(user, evacuation.country_id),
    }


@login_required
@require_http_methods(["GET"])
def evacuation_detail_view(request: HttpRequest, evacuation_id: int) -> HttpResponse:
    user = request_user(request)
    evacuation = evacuation_access(user=user, evacuation_id=evacuation_id)
    return render_page(
        request, "dutyofcare/evacuation_detail.html", _detail_context(user, evacuation), partial="roster"
    )


@login_required
@require_http_methods(["POST"])
def evacuation_person_move_view(request: HttpRequest, evacuation_id: int, person_id: int) -> HttpResponse:
    """Move one person (a small form per person on the event page). A refusal shows the page again
    with the reason beside the person: 409 for a business conflict (a stale version, a move not
    allowed), 422 for bad input."""
    user = request_user(request)
    evacuation = evacuation_access(user=user, evacuation_id=evacuation_id)
    person = evacuation_person_access(user=user, evacuation=evacuation, person_id=person_id)
    if not can_move_evacuation_person(user, evacuation):
        raise PermissionDenied
    form = EvacuationMoveForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            evacuation_person_move(
                person=person,
                status=form.cleaned_data["status"],
                location=form.cleaned_data["location"],
                expected_version=form.cleaned_data["version"],
                actor=user,
            )
            return redirect("dutyofcare:evacuation_detail", evacuation_id=evacuation.pk)
        except ApplicationError as exc:
            status = 409
            form_add_service_error(form, exc)
        except ValidationError as exc:
            form_add_service_error(form, exc)
    evacuation.refresh_from_db()
    context = _detail_context(user, evacuation)
    context["move_errors"] = {person.pk: [str(m) for messages_ in form.errors.values() for m in messages_]}
    return render_page(request, "dutyofcare/evacuation_detail.html", context, partial="roster", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evacuation_close_view(request: HttpRequest, evacuation_id: int) -> HttpResponse:
    user = request_user(request)
    evacuation = evacuation_access(user=user, evacuation_id=evacuation_id)
    if not can_close_evacuation(user):
        raise PermissionDenied
    context: dict[str, object] = {"evacuation": evacuation}
    if not evacuation.is_open:
        return render_page(request, "dutyofcare/evacuation_close.html", context, status=409)
    if request.method == "POST":
        form = CloseForm(request.POST)
        closed = form_write(
            form,
            lambda: evacuation_close(evacuation=evacuation, reason=form.cleaned_data["reason"], actor=user),
        )
        if closed is not None:
            messages.success(request, _("%(title)s was closed.") % {"title": evacuation.title})
            return redirect("dutyofcare:evacuation_detail", evacuation_id=evacuation.pk)
        context["form"] = form
        return render_page(request, "dutyofcare/evacuation_close.html", context, partial="form", status=422)
    context["form"] = CloseForm()
    return render_page(request, "dutyofcare/evacuation_close.html", context, partial="form")
