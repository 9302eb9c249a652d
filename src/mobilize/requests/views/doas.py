"""Pages for DoAs: the list, create, edit and positions. Thin: each fetch through the scoped access
or selector, each write through a service. A refused write re-renders the page with the services'
messages and status 422."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import User
from mobilize.core.errors import ApplicationError
from mobilize.core.htmx import render_page
from mobilize.requests.forms import (
    DoaEditForm,
    DoaFilterForm,
    DoaForm,
    PositionAddForm,
    doa_forms_add_service_error,
    language_formset,
    language_rows,
    position_formset,
    position_rows,
)
from mobilize.requests.models import Doa
from mobilize.requests.permissions import can_create_doa, can_edit_doa, can_list_doas
from mobilize.requests.selectors import doa_get, doa_list, position_get
from mobilize.requests.services import doa_create, doa_update, position_add, position_remove
from mobilize.web.views_helpers import list_page, request_user


def _editable_doa(user: User, doa_id: int) -> Doa:
    """The DoA with everything the edit page shows, once ``user`` may edit it (404, else 403)."""
    doa = doa_get(viewer=user, doa_id=doa_id)
    if not can_edit_doa(user, doa):
        raise PermissionDenied
    return doa


def _not_editable(request: HttpRequest, doa: Doa) -> HttpResponse:
    return render_page(request, "requests/doa_not_editable.html", {"doa": doa}, status=409)


def _edit_page(request: HttpRequest, doa: Doa, *, status: int = 200, **parts: Any) -> HttpResponse:
    user = request_user(request)
    context = {
        "doa": doa,
        "form": parts.get("form") or DoaEditForm(user=user, doa=doa),
        "language_formset": parts.get("language_formset") or language_formset(doa=doa),
        "position_form": parts.get("position_form") or PositionAddForm(doa=doa),
        "page_error": parts.get("page_error"),
    }
    return render_page(request, "requests/doa_edit.html", context, status=status, partial="form")


@login_required
@require_http_methods(["GET"])
def doa_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_list_doas(user):
        raise PermissionDenied
    filter_form = DoaFilterForm(request.GET or None, user=user)
    doas = doa_list(viewer=user, filters=filter_form.filters())
    return list_page(
        request,
        "requests/doa_list.html",
        queryset=doas,
        filter_form=filter_form,
        can_create=can_create_doa(user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def doa_create_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_create_doa(user):
        raise PermissionDenied
    if request.method == "POST":
        form = DoaForm(request.POST, user=user)
        languages = language_formset(request.POST)
        positions = position_formset(request.POST, user=user)
        if form.is_valid() and languages.is_valid() and positions.is_valid():
            language_index = language_rows(languages)
            position_index = position_rows(positions)
            try:
                doa = doa_create(
                    actor=user,
                    data=form.service_data(),
                    expertise_ids=form.expertise_ids(),
                    languages=language_index.values,
                    duty_station_ids=position_index.values,
                )
            except (ValidationError, ApplicationError) as exc:
                doa_forms_add_service_error(
                    form=form,
                    exc=exc,
                    languages=languages,
                    language_index=language_index,
                    positions=positions,
                    position_index=position_index,
                )
            else:
                messages.success(
                    request, _("The DoA %(reference)s was saved as a draft.") % {"reference": doa.reference}
                )
                return redirect("requests:doa_detail", doa_id=doa.pk)
        context = {"form": form, "language_formset": languages, "position_formset": positions}
        return render_page(request, "requests/doa_create.html", context, status=422, partial="form")
    context = {
        "form": DoaForm(user=user),
        "language_formset": language_formset(),
        "position_formset": position_formset(user=user),
    }
    return render_page(request, "requests/doa_create.html", context, partial="form")


@login_required
@require_http_methods(["GET", "POST"])
def doa_edit_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    user = request_user(request)
    doa = _editable_doa(user, doa_id)
    if not doa.is_editable:
        return _not_editable(request, doa)
    if request.method == "POST":
        form = DoaEditForm(request.POST, user=user, doa=doa)
        languages = language_formset(request.POST, doa=doa)
        if form.is_valid() and languages.is_valid():
            language_index = language_rows(languages)
            try:
                doa_update(
                    doa=doa,
                    actor=user,
                    data=form.service_data(),
                    expected_version=form.cleaned_data["version"],
                    expertise_ids=form.expertise_ids(),
                    languages=language_index.values,
                )
            except (ValidationError, ApplicationError) as exc:
                doa_forms_add_service_error(
                    form=form, exc=exc, languages=languages, language_index=language_index
                )
            else:
                messages.success(request, _("The DoA was saved."))
                return redirect("requests:doa_detail", doa_id=doa.pk)
        return _edit_page(request, doa, status=422, form=form, language_formset=languages)
    return _edit_page(request, doa)


@login_required
@require_http_methods(["POST"])
def position_add_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    user = request_user(request)
    doa = _editable_doa(user, doa_id)
    if not doa.is_editable:
        return _not_editable(request, doa)
    form = PositionAddForm(request.POST, doa=doa)
    if form.is_valid():
        try:
            added = position_add(
                doa=doa,
                actor=user,
                duty_station_id=form.cleaned_data["duty_station"].pk,
                count=form.cleaned_data["count"],
            )
        except (ValidationError, ApplicationError) as exc:
            doa_forms_add_service_error(form=form, exc=exc)
        else:
            messages.success(
                request,
                ngettext("%(count)s position added.", "%(count)s positions added.", len(added))
                % {"count": len(added)},
            )
            return redirect("requests:doa_edit", doa_id=doa.pk)
    return _edit_page(request, doa, status=422, position_form=form)


@login_required
@require_http_methods(["POST"])
def position_remove_view(request: HttpRequest, doa_id: int, position_id: int) -> HttpResponse:
    user = request_user(request)
    doa = _editable_doa(user, doa_id)
    position = position_get(doa=doa, position_id=position_id)
    if not doa.is_editable:
        return _not_editable(request, doa)
    try:
        position_remove(position=position, actor=user)
    except (ValidationError, ApplicationError) as exc:
        message = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
        return _edit_page(request, doa, status=422, page_error=message)
    messages.success(request, _("The position was removed."))
    return redirect("requests:doa_edit", doa_id=doa.pk)
