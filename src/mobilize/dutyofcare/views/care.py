"""Who is where, security levels, and the volunteer's own duty-of-care page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.dutyofcare.forms import CheckInAnswerForm, DayForm, SecurityLevelForm, WhereaboutsFilterForm
from mobilize.dutyofcare.models import Answer
from mobilize.dutyofcare.permissions import (
    can_list_checkins,
    can_list_incidents,
    can_record_security_level,
    can_report_incident,
    can_view_own_duty_of_care,
    can_view_security_levels,
    can_view_whereabouts,
)
from mobilize.dutyofcare.selectors import (
    checkin_mine,
    evacuation_mine,
    incident_list,
    my_stations,
    security_level_history,
    security_level_overview,
    whereabouts_by_station,
    whereabouts_people,
)
from mobilize.dutyofcare.services import security_level_record
from mobilize.dutyofcare.views.nav import section_links
from mobilize.geo.models import Country
from mobilize.web.views_helpers import form_write, list_page, request_user


@login_required
@require_http_methods(["GET"])
def whereabouts_view(request: HttpRequest) -> HttpResponse:
    """Who is where on a day: volunteers and accompanying dependants by duty station, then the list
    of people (paged)."""
    user = request_user(request)
    if not can_view_whereabouts(user):
        raise PermissionDenied
    form = WhereaboutsFilterForm(request.GET, user=user)
    filters = form.filters()
    return list_page(
        request,
        "dutyofcare/whereabouts.html",
        queryset=whereabouts_people(viewer=user, filters=filters),
        filter_form=form,
        care_links=section_links(user, "dutyofcare:whereabouts"),
        summary=whereabouts_by_station(viewer=user, filters=filters),
        can_list_checkins=can_list_checkins(user),
        can_list_incidents=can_list_incidents(user),
    )


@login_required
@require_http_methods(["GET"])
def security_level_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_view_security_levels(user) or not can_view_whereabouts(user):
        raise PermissionDenied
    form = DayForm(request.GET)
    day = form.day_or_today()
    context = {
        "form": form,
        "day": day,
        "countries": security_level_overview(day=day),
        "can_record": can_record_security_level(user),
        "care_links": section_links(user, "dutyofcare:security_level_list"),
    }
    return render_page(request, "dutyofcare/security_level_list.html", context, partial="results")


@login_required
@require_http_methods(["GET"])
def security_level_history_view(request: HttpRequest, country_id: int) -> HttpResponse:
    user = request_user(request)
    if not can_view_security_levels(user) or not can_view_whereabouts(user):
        raise PermissionDenied
    country = get_object_or_404(Country, pk=country_id)
    context = {
        "country": country,
        "history": security_level_history(country_id=country.pk),
        "current": security_level_overview(day=timezone.localdate(), country_id=country.pk),
        "can_record": can_record_security_level(user, country.pk),
    }
    return render_page(request, "dutyofcare/security_level_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def security_level_create_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_record_security_level(user):
        raise PermissionDenied
    if request.method == "POST":
        form = SecurityLevelForm(request.POST, user=user)
        change = form_write(form, lambda: security_level_record(actor=user, **form.cleaned_data))
        if change is not None:
            messages.success(request, _("The security level was recorded."))
            return redirect("dutyofcare:security_level_history", country_id=change.country_id)
        return render_page(
            request, "dutyofcare/security_level_form.html", {"form": form}, partial="form", status=422
        )
    initial = {"effective_from": timezone.localdate(), "country": request.GET.get("country")}
    form = SecurityLevelForm(user=user, initial=initial)
    return render_page(request, "dutyofcare/security_level_form.html", {"form": form}, partial="form")


def my_page_context(
    user: object, *, answer_forms: dict[int, CheckInAnswerForm] | None = None
) -> dict[str, object]:
    """What a volunteer's page shows: where they are and the level there, their open check-ins (a
    form for each), their evacuation status, their incidents."""
    today = timezone.localdate()
    checkins = list(checkin_mine(user=user))
    forms = answer_forms or {}
    for response in checkins:
        response.form = forms.get(response.pk) or CheckInAnswerForm(  # type: ignore[attr-defined]
            initial={
                "answer": response.answer if response.answer != Answer.PENDING else None,
                "note": response.note,
                "version": response.version,
            },
            prefix=f"c{response.pk}",
        )
    return {
        "today": today,
        "stations": my_stations(user=user, day=today),
        "checkins": checkins,
        "evacuations": evacuation_mine(user=user),
        "incidents": incident_list(viewer=user),
        "can_report": can_report_incident(user),
    }


@login_required
@require_http_methods(["GET"])
def my_duty_of_care_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_view_own_duty_of_care(user):
        raise PermissionDenied
    return render_page(request, "dutyofcare/my_duty_of_care.html", my_page_context(user))
