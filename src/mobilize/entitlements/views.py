"""Entitlement pages: the rate tables (read by programme staff, edited by headquarters), a
volunteer's statements and the cost of an assignment, the pro-forma cost of a DoA, the costs list,
and the dependants of an assignment. Thin: fetch with permission, call a selector or a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import Role
from mobilize.assignments.permissions import assignment_access
from mobilize.assignments.selectors import assignment_list
from mobilize.assignments.services import dependant_add, dependant_update
from mobilize.core.htmx import render_page
from mobilize.entitlements.forms import (
    CostFilterForm,
    DependantForm,
    rate_changes,
    rate_filter_form_class,
    rate_form_class,
    rate_initial,
)
from mobilize.entitlements.permissions import (
    can_edit_dependants,
    can_edit_rates,
    can_read_rates,
    can_view_cost,
    dependant_access,
    doa_cost_access,
    statement_access,
)
from mobilize.entitlements.selectors import (
    assignment_cost_rows,
    assignment_life_cost,
    assignment_statement,
    doa_pro_forma,
    rate_get,
    rate_list,
    rate_table,
    rate_tables_summary,
)
from mobilize.entitlements.services import rate_create, rate_update
from mobilize.web.paging import paginate
from mobilize.web.views_helpers import form_write, request_user

# --- rate tables ------------------------------------------------------------------------------


def _require_reader(user: Any) -> None:
    if not can_read_rates(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def rate_index_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require_reader(user)
    today = timezone.localdate()
    context = {"tables": rate_tables_summary(on=today), "today": today, "can_edit": can_edit_rates(user)}
    return render_page(request, "entitlements/rate_index.html", context)


@login_required
@require_http_methods(["GET"])
def rate_list_view(request: HttpRequest, table: str) -> HttpResponse:
    user = request_user(request)
    _require_reader(user)
    model = rate_table(table)
    filter_form = rate_filter_form_class(model)(request.GET)
    rows = rate_list(table=model, on=filter_form.on_day(), keys=filter_form.filters())  # type: ignore[attr-defined]
    context = {
        "table": model,
        "meta": model._meta,
        "filter_form": filter_form,
        "value_fields": [model._meta.get_field(name) for name in model.VALUE_FIELDS],
        "today": timezone.localdate(),
        "can_edit": can_edit_rates(user),
        **paginate(request, rows),
    }
    return render_page(request, "entitlements/rate_list.html", context, partial="results")


def _back_to(table: str) -> str:
    return reverse("entitlements:rate_list", kwargs={"table": table})


@login_required
@require_http_methods(["GET", "POST"])
def rate_create_view(request: HttpRequest, table: str) -> HttpResponse:
    user = request_user(request)
    model = rate_table(table)
    if not can_edit_rates(user):
        raise PermissionDenied
    form_class = rate_form_class(model, create=True)
    context: dict[str, Any] = {"table": model, "meta": model._meta, "cancel": _back_to(table)}
    if request.method == "POST":
        form = form_class(request.POST)
        row = form_write(form, lambda: rate_create(table=model, data=form.cleaned_data, actor=user))
        if row is not None:
            messages.success(request, _("The rate is recorded."))
            return redirect("entitlements:rate_list", table=table)
        return render_page(request, "entitlements/rate_form.html", {**context, "form": form}, status=422)
    return render_page(request, "entitlements/rate_form.html", {**context, "form": form_class()})


@login_required
@require_http_methods(["GET", "POST"])
def rate_edit_view(request: HttpRequest, table: str, row_id: int) -> HttpResponse:
    user = request_user(request)
    model = rate_table(table)
    if not can_edit_rates(user):
        raise PermissionDenied
    row = rate_get(table=model, row_id=row_id)
    form_class = rate_form_class(model, create=False)
    context: dict[str, Any] = {"table": model, "meta": model._meta, "row": row, "cancel": _back_to(table)}
    if request.method == "POST":
        form = form_class(request.POST)
        saved = form_write(
            form,
            lambda: rate_update(
                row=row,
                data=rate_changes(form, row),
                expected_version=form.cleaned_data["version"],
                actor=user,
            ),
        )
        if saved is not None:
            messages.success(request, _("The rate is saved."))
            return redirect("entitlements:rate_list", table=table)
        return render_page(request, "entitlements/rate_form.html", {**context, "form": form}, status=422)
    form = form_class(initial=rate_initial(row))
    return render_page(request, "entitlements/rate_form.html", {**context, "form": form})


# --- statements and costs ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def cost_list_view(request: HttpRequest) -> HttpResponse:
    """Assignments with their allowances and, for those who may see costs, their cost over the life."""
    user = request_user(request)
    if user.has_role(Role.DONOR):
        raise PermissionDenied
    own = user.has_role(Role.CANDIDATE)
    filter_form = CostFilterForm(request.GET)
    page = paginate(request, assignment_list(viewer=user, filters=filter_form.filters()))
    rows = assignment_cost_rows(assignments=page["object_list"])
    context = {
        "title": _("My allowances") if own else _("Allowances and costs"),
        "own": own,
        "filter_form": filter_form,
        "show_cost": can_view_cost(user),
        "rows": rows,
        **page,
    }
    return render_page(request, "entitlements/cost_list.html", context, partial="results")


@login_required
@require_http_methods(["GET"])
def assignment_entitlements_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = statement_access(user=user, assignment_id=assignment_id)
    cost = assignment_life_cost(assignment=assignment)
    context = {"assignment": assignment, "cost": cost, "show_cost": can_view_cost(user)}
    return render_page(request, "entitlements/assignment_entitlements.html", context)


@login_required
@require_http_methods(["GET"])
def statement_view(request: HttpRequest, assignment_id: int, year: int, month: int) -> HttpResponse:
    user = request_user(request)
    assignment = statement_access(user=user, assignment_id=assignment_id)
    statement = assignment_statement(assignment=assignment, year=year, month=month)
    return render_page(
        request, "entitlements/statement.html", {"assignment": assignment, "statement": statement}
    )


@login_required
@require_http_methods(["GET"])
def doa_cost_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    user = request_user(request)
    doa = doa_cost_access(user=user, doa_id=doa_id)
    return render_page(
        request, "entitlements/doa_cost.html", {"doa": doa, "pro_forma": doa_pro_forma(doa=doa)}
    )


# --- dependants -------------------------------------------------------------------------------


def _assignment_page(assignment_id: int) -> str:
    return reverse("assignments:assignment_detail", kwargs={"assignment_id": assignment_id}) + "#dependants"


@login_required
@require_http_methods(["GET", "POST"])
def dependant_create_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    if not can_edit_dependants(user, assignment):
        raise PermissionDenied
    context: dict[str, Any] = {"assignment": assignment, "cancel": _assignment_page(assignment.pk)}
    if request.method == "POST":
        form = DependantForm(request.POST)
        saved = form_write(
            form, lambda: dependant_add(assignment=assignment, data=form.data_for_service(), actor=user)
        )
        if saved is not None:
            messages.success(request, _("The dependant is recognized."))
            return redirect(_assignment_page(assignment.pk))
        return render_page(request, "entitlements/dependant_form.html", {**context, "form": form}, status=422)
    return render_page(request, "entitlements/dependant_form.html", {**context, "form": DependantForm()})


@login_required
@require_http_methods(["GET", "POST"])
def dependant_edit_view(request: HttpRequest, assignment_id: int, dependant_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    if not can_edit_dependants(user, assignment):
        raise PermissionDenied
    dependant = dependant_access(user=user, assignment=assignment, dependant_id=dependant_id)
    context: dict[str, Any] = {
        "assignment": assignment,
        "dependant": dependant,
        "cancel": _assignment_page(assignment.pk),
    }
    if request.method == "POST":
        form = DependantForm(request.POST)
        saved = form_write(
            form,
            lambda: dependant_update(
                dependant=dependant,
                data=form.data_for_service(dependant),
                expected_version=form.cleaned_data["version"],
                actor=user,
            ),
        )
        if saved is not None:
            messages.success(request, _("The dependant is saved."))
            return redirect(_assignment_page(assignment.pk))
        return render_page(request, "entitlements/dependant_form.html", {**context, "form": form}, status=422)
    form = DependantForm(initial=DependantForm.initial_for(dependant))
    return render_page(request, "entitlements/dependant_form.html", {**context, "form": form})
