"""Assignment pages: thin, each fetch through ``assignment_access``/``assignment_get``, each write
through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import Role
from mobilize.assignments.forms import AssignmentCreateForm, AssignmentEditForm, AssignmentFilterForm
from mobilize.assignments.permissions import assignment_access, can_create_assignment, can_update_assignment
from mobilize.assignments.selectors import assignment_get, assignment_list
from mobilize.assignments.services import assignment_create, assignment_update
from mobilize.core.htmx import render_page
from mobilize.web.views_helpers import form_write, list_page, request_user


@login_required
@require_http_methods(["GET"])
def assignment_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    own = user.has_role(Role.CANDIDATE)
    filter_form = AssignmentFilterForm(request.GET)
    assignments = assignment_list(viewer=user, filters=filter_form.filters())
    return list_page(
        request,
        "assignments/assignment_list.html",
        queryset=assignments,
        title=_("My assignments") if own else _("Assignments"),
        own=own,
        filter_form=filter_form,
        can_create=can_create_assignment(user),
    )


@login_required
@require_http_methods(["GET"])
def assignment_detail_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_get(viewer=user, assignment_id=assignment_id)
    context = {
        "assignment": assignment,
        "can_edit": assignment.is_open and can_update_assignment(user, assignment),
    }
    return render_page(request, "assignments/assignment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_create_assignment(user):
        raise PermissionDenied
    if request.method == "POST":
        form = AssignmentCreateForm(request.POST, user=user)
        assignment = form_write(form, lambda: assignment_create(actor=user, **form.cleaned_data))
        if assignment is not None:
            messages.success(
                request, _("The assignment %(reference)s was created.") % {"reference": assignment}
            )
            return redirect("assignments:assignment_detail", assignment_id=assignment.pk)
        return render_page(
            request, "assignments/assignment_form.html", {"form": form}, partial="form", status=422
        )
    form = AssignmentCreateForm(user=user)
    return render_page(request, "assignments/assignment_form.html", {"form": form}, partial="form")


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = request_user(request)
    assignment = assignment_access(user=user, assignment_id=assignment_id)
    if not can_update_assignment(user, assignment):
        raise PermissionDenied
    context: dict[str, object] = {"assignment": assignment}
    if not assignment.is_open:
        return render_page(request, "assignments/assignment_form.html", context, status=409)
    if request.method == "POST":
        form = AssignmentEditForm(request.POST, assignment=assignment)
        saved = form_write(
            form,
            lambda: assignment_update(
                assignment=assignment,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
                actor=user,
            ),
        )
        if saved is not None:
            messages.success(
                request, _("The assignment %(reference)s was saved.") % {"reference": assignment}
            )
            return redirect("assignments:assignment_detail", assignment_id=assignment.pk)
        context["form"] = form
        return render_page(request, "assignments/assignment_form.html", context, partial="form", status=422)
    context["form"] = AssignmentEditForm(
        initial=AssignmentEditForm.initial_for(assignment), assignment=assignment
    )
    return render_page(request, "assignments/assignment_form.html", context, partial="form")
