"""Pages for countries and duty stations: thin, each fetch through ``*_access``, each write
through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.geo.forms import (
    CountryEditForm,
    CountryFilterForm,
    DutyStationEditForm,
    DutyStationFilterForm,
    DutyStationForm,
)
from mobilize.geo.permissions import (
    can_create_dutystation,
    can_edit_country,
    can_edit_dutystation,
    can_place_dutystation_in,
    country_access,
    dutystation_access,
)
from mobilize.geo.selectors import country_list, dutystation_list
from mobilize.geo.services import country_update, dutystation_create, dutystation_update
from mobilize.web.views_helpers import form_write, list_page, request_user


@login_required
@require_http_methods(["GET"])
def country_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filter_form = CountryFilterForm(request.GET)
    countries = country_list(viewer=user, **filter_form.filters())
    return list_page(request, "geo/country_list.html", queryset=countries, filter_form=filter_form)


@login_required
@require_http_methods(["GET"])
def country_detail_view(request: HttpRequest, country_id: int) -> HttpResponse:
    user = request_user(request)
    country = country_access(user=user, country_id=country_id)
    context = {
        "country": country,
        "stations": dutystation_list(viewer=user, country_id=country.pk),
        "can_edit": can_edit_country(user, country),
        "can_add_station": can_place_dutystation_in(user, country.pk),
    }
    return render_page(request, "geo/country_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def country_edit_view(request: HttpRequest, country_id: int) -> HttpResponse:
    user = request_user(request)
    country = country_access(user=user, country_id=country_id)
    if not can_edit_country(user, country):
        raise PermissionDenied
    if request.method == "POST":
        form = CountryEditForm(request.POST)
        saved = form_write(
            form,
            lambda: country_update(
                country=country,
                actor=user,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The country was saved."))
            return redirect("geo:country_detail", country_id=country.pk)
        context = {"form": form, "country": country}
        return render_page(request, "geo/country_form.html", context, status=422)
    form = CountryEditForm(initial=CountryEditForm.initial_for(country))
    return render_page(request, "geo/country_form.html", {"form": form, "country": country})


@login_required
@require_http_methods(["GET"])
def dutystation_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filter_form = DutyStationFilterForm(request.GET)
    stations = dutystation_list(viewer=user, **filter_form.filters())
    return list_page(
        request,
        "geo/dutystation_list.html",
        queryset=stations,
        filter_form=filter_form,
        can_create=can_create_dutystation(user),
    )


@login_required
@require_http_methods(["GET"])
def dutystation_detail_view(request: HttpRequest, dutystation_id: int) -> HttpResponse:
    user = request_user(request)
    station = dutystation_access(user=user, dutystation_id=dutystation_id)
    context = {"station": station, "can_edit": can_edit_dutystation(user, station)}
    return render_page(request, "geo/dutystation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dutystation_create_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_create_dutystation(user):
        raise PermissionDenied
    if request.method == "POST":
        form = DutyStationForm(request.POST, user=user)
        station = form_write(form, lambda: dutystation_create(actor=user, **form.changes()))
        if station is not None:
            messages.success(request, _("The duty station was added."))
            return redirect("geo:dutystation_detail", dutystation_id=station.pk)
        return render_page(request, "geo/dutystation_form.html", {"form": form}, status=422)
    form = DutyStationForm(user=user, initial={"country": request.GET.get("country")})
    return render_page(request, "geo/dutystation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dutystation_edit_view(request: HttpRequest, dutystation_id: int) -> HttpResponse:
    user = request_user(request)
    station = dutystation_access(user=user, dutystation_id=dutystation_id)
    if not can_edit_dutystation(user, station):
        raise PermissionDenied
    if request.method == "POST":
        form = DutyStationEditForm(request.POST, user=user)
        saved = form_write(
            form,
            lambda: dutystation_update(
                station=station,
                actor=user,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The duty station was saved."))
            return redirect("geo:dutystation_detail", dutystation_id=station.pk)
        context = {"form": form, "station": station}
        return render_page(request, "geo/dutystation_form.html", context, status=422)
    form = DutyStationEditForm(user=user, initial=DutyStationEditForm.initial_for(station))
    return render_page(request, "geo/dutystation_form.html", {"form": form, "station": station})
