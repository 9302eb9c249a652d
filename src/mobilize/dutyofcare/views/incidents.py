"""Incidents: the list (a host focal point sees counts only), reporting one, its page, following up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.dutyofcare.forms import IncidentFilterForm, IncidentReportForm, IncidentUpdateForm
from mobilize.dutyofcare.permissions import (
    can_count_incidents,
    can_list_incidents,
    can_report_incident,
    can_update_incident,
    incident_access,
)
from mobilize.dutyofcare.selectors import (
    incident_assignment_by_reference,
    incident_counts,
    incident_list,
    incident_read,
    incidents_shown,
)
from mobilize.dutyofcare.services import incident_report, incident_update
from mobilize.dutyofcare.views.nav import section_links
from mobilize.web.paging import paginate
from mobilize.web.views_helpers import form_write, request_user


@login_required
@require_http_methods(["GET"])
def incident_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_count_incidents(user):
        raise PermissionDenied
    counts = incident_counts(viewer=user)
    if not can_list_incidents(user):
        context: dict[str, Any] = {
            "counts": counts,
            "counts_only": True,
            "care_links": section_links(user, "dutyofcare:incident_list"),
        }
        return render_page(request, "dutyofcare/incident_list.html", context)
    form = IncidentFilterForm(request.GET)
    page = paginate(request, incident_list(viewer=user, filters=form.filters()))
    incidents_shown(viewer=user, incidents=page["object_list"])
    context = {
        "filter_form": form,
        "counts": counts,
        "counts_only": False,
        "can_report": can_report_incident(user),
        "care_links": section_links(user, "dutyofcare:incident_list"),
    }
    return render_page(request, "dutyofcare/incident_list.html", {**context, **page}, partial="results")


def _report(form: IncidentReportForm, user: Any) -> Any:
    if form.own:
        assignment = form.cleaned_data["assignment"]
    else:
        assignment = incident_assignment_by_reference(user=user, reference=form.cleaned_data["reference"])
        if assignment is None:
            raise ValidationError({"reference": [_("No assignment of yours has this reference.")]})
    return incident_report(assignment=assignment, data=form.data_for_service(), actor=user)


@login_required
@require_http_methods(["GET", "POST"])
def incident_report_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_report_incident(user):
        raise PermissionDenied
    if request.method == "POST":
        form = IncidentReportForm(request.POST, user=user)
        incident = form_write(form, lambda: _report(form, user))
        if incident is not None:
            messages.success(
                request, _("The incident was reported; the field unit and headquarters were told.")
            )
            return redirect("dutyofcare:incident_detail", incident_id=incident.pk)
        return render_page(
            request, "dutyofcare/incident_form.html", {"form": form}, partial="form", status=422
        )
    form = IncidentReportForm(user=user)
    return render_page(request, "dutyofcare/incident_form.html", {"form": form}, partial="form")


@login_required
@require_http_methods(["GET"])
def incident_detail_view(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = request_user(request)
    incident = incident_read(viewer=user, incident_id=incident_id)
    context = {"incident": incident, "can_update": can_update_incident(user, incident)}
    return render_page(request, "dutyofcare/incident_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def incident_update_view(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = request_user(request)
    incident = incident_access(user=user, incident_id=incident_id)
    if not can_update_incident(user, incident):
        raise PermissionDenied
    context: dict[str, Any] = {"incident": incident}
    if request.method == "POST":
        form = IncidentUpdateForm(request.POST)
        saved = form_write(
            form,
            lambda: incident_update(
                incident=incident,
                data={"status": form.cleaned_data["status"], "follow_up": form.cleaned_data["follow_up"]},
                expected_version=form.cleaned_data["version"],
                actor=user,
            ),
        )
        if saved is not None:
            messages.success(request, _("The incident was saved."))
            return redirect("dutyofcare:incident_detail", incident_id=incident.pk)
        context["form"] = form
        return render_page(request, "dutyofcare/incident_update.html", context, partial="form", status=422)
    context["form"] = IncidentUpdateForm(
        initial={"status": incident.status, "follow_up": incident.follow_up, "version": incident.version}
    )
    return render_page(request, "dutyofcare/incident_update.html", context, partial="form")
