"""The DoA's page and its workflow: the transitions (POST forms on the page, per role), the
conversation, cancelling (a page of its own with the reason), duplicates and templates.

Each view fetches through the scoped selector (404 when hidden), refuses an action the person may
not take (403), then calls one service; the service's refusal (a wrong status, a missing comment)
re-renders the page with the message and status 422; success redirects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.accounts.models import User
from mobilize.core.errors import ApplicationError
from mobilize.core.forms import form_add_service_error
from mobilize.core.htmx import render_page
from mobilize.matching.permissions import can_rank_candidates
from mobilize.requests.forms import (
    DoaCancelForm,
    DoaCommentForm,
    DoaCopyForm,
    DoaRequestEditsForm,
    DoaResubmitForm,
)
from mobilize.requests.models import Doa
from mobilize.requests.permissions import (
    can_cancel_doa,
    can_comment_doa,
    can_copy_doa,
    can_create_doa,
    can_list_doas,
    can_make_doa_template,
    can_review_doa,
    can_source_doa,
    can_submit_doa,
)
from mobilize.requests.selectors import (
    doa_actions,
    doa_comment_list,
    doa_get,
    doa_stages,
    doa_template_list,
)
from mobilize.requests.services import (
    doa_approve,
    doa_cancel,
    doa_comment_add,
    doa_create_from_template,
    doa_duplicate,
    doa_request_edits,
    doa_resubmit,
    doa_start_sourcing,
    doa_submit,
)
from mobilize.web.views_helpers import list_page, request_user


def _detail_page(request: HttpRequest, doa: Doa, *, status: int = 200, **parts: Any) -> HttpResponse:
    user = request_user(request)
    actions = doa_actions(user=user, doa=doa)
    context = {
        "doa": doa,
        "actions": actions,
        "can_edit": "edit" in actions,
        "can_rank": can_rank_candidates(user, doa) and not doa.is_template,
        "comments": doa_comment_list(doa=doa),
        "stages": doa_stages(doa) if doa.approved_at is not None else [],
        "edits_form": parts.get("edits_form") or DoaRequestEditsForm(),
        "resubmit_form": parts.get("resubmit_form") or DoaResubmitForm(),
        "comment_form": parts.get("comment_form") or DoaCommentForm(),
        "page_error": parts.get("page_error"),
    }
    return render_page(request, "requests/doa_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def doa_detail_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _detail_page(request, doa_get(viewer=request_user(request), doa_id=doa_id))


def _error_text(exc: ValidationError | ApplicationError) -> str:
    return exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)


def _act(
    request: HttpRequest,
    doa_id: int,
    *,
    allowed: Callable[[User, Doa], bool],
    write: Callable[[User, Doa, dict[str, Any]], object],
    done: str,
    form_class: type[forms.Form] | None = None,
    form_name: str = "",
) -> HttpResponse:
    """One transition posted from the DoA's page: 404 hidden, 403 not allowed, 422 refused (the
    page again with the message), else back to the page."""
    user = request_user(request)
    doa = doa_get(viewer=user, doa_id=doa_id)
    if not allowed(user, doa):
        raise PermissionDenied
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        return _detail_page(request, doa, status=422, **{form_name: form})
    try:
        write(user, doa, form.cleaned_data if form is not None else {})
    except (ValidationError, ApplicationError) as exc:
        if form is not None:
            form_add_service_error(form, exc)
            return _detail_page(request, doa, status=422, **{form_name: form})
        return _detail_page(request, doa, status=422, page_error=_error_text(exc))
    messages.success(request, done)
    return redirect("requests:doa_detail", doa_id=doa.pk)


@login_required
@require_http_methods(["POST"])
def doa_submit_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _act(
        request,
        doa_id,
        allowed=can_submit_doa,
        write=lambda user, doa, data: doa_submit(doa=doa, actor=user),
        done=_("The DoA was submitted for review."),
    )


@login_required
@require_http_methods(["POST"])
def doa_request_edits_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _act(
        request,
        doa_id,
        allowed=can_review_doa,
        write=lambda user, doa, data: doa_request_edits(doa=doa, actor=user, comment=data["comment"]),
        done=_("The DoA was returned to its host for edits."),
        form_class=DoaRequestEditsForm,
        form_name="edits_form",
    )


@login_required
@require_http_methods(["POST"])
def doa_resubmit_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _act(
        request,
        doa_id,
        allowed=can_submit_doa,
        write=lambda user, doa, data: doa_resubmit(doa=doa, actor=user, comment=data["comment"]),
        done=_("The DoA was submitted again for review."),
        form_class=DoaResubmitForm,
        form_name="resubmit_form",
    )


@login_required
@require_http_methods(["POST"])
def doa_approve_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _act(
        request,
        doa_id,
        allowed=can_review_doa,
        write=lambda user, doa, data: doa_approve(doa=doa, actor=user),
        done=_("The DoA was approved for sourcing."),
    )


@login_required
@require_http_methods(["POST"])
def doa_start_sourcing_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _act(
        request,
        doa_id,
        allowed=can_source_doa,
        write=lambda user, doa, data: doa_start_sourcing(doa=doa, actor=user),
        done=_("Sourcing started."),
    )


@login_required
@require_http_methods(["POST"])
def doa_comment_create_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    return _act(
        request,
        doa_id,
        allowed=can_comment_doa,
        write=lambda user, doa, data: doa_comment_add(doa=doa, actor=user, body=data["body"]),
        done=_("Your comment was added."),
        form_class=DoaCommentForm,
        form_name="comment_form",
    )


@login_required
@require_http_methods(["GET", "POST"])
def doa_cancel_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    """A confirmation page with the reason; cancelling cannot be undone."""
    user = request_user(request)
    doa = doa_get(viewer=user, doa_id=doa_id)
    if not can_cancel_doa(user, doa):
        raise PermissionDenied
    form = DoaCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                doa_cancel(doa=doa, actor=user, reason=form.cleaned_data["reason"])
            except (ValidationError, ApplicationError) as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("The DoA was cancelled."))
                return redirect("requests:doa_detail", doa_id=doa.pk)
        return render_page(request, "requests/doa_cancel.html", {"doa": doa, "form": form}, status=422)
    return render_page(request, "requests/doa_cancel.html", {"doa": doa, "form": form})


def _copy_page(
    request: HttpRequest,
    *,
    source: Doa,
    allow_template: bool,
    copy: Callable[[User, dict[str, Any]], Doa],
    template: str,
) -> HttpResponse:
    user = request_user(request)
    initial = {"as_template": True} if allow_template and request.GET.get("template") == "1" else {}
    form = DoaCopyForm(
        request.POST if request.method == "POST" else None,
        user=user,
        source=source,
        allow_template=allow_template,
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                draft = copy(user, form.cleaned_data)
            except (ValidationError, ApplicationError) as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(
                    request, _("The draft %(reference)s was created.") % {"reference": draft.reference}
                )
                return redirect("requests:doa_detail", doa_id=draft.pk)
        return render_page(request, template, {"source": source, "form": form}, status=422)
    return render_page(request, template, {"source": source, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def doa_duplicate_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    """A new draft like this DoA; headquarters may make it a template."""
    user = request_user(request)
    source = doa_get(viewer=user, doa_id=doa_id)
    if not can_copy_doa(user, source):
        raise PermissionDenied
    return _copy_page(
        request,
        source=source,
        allow_template=can_make_doa_template(user),
        copy=lambda actor, data: doa_duplicate(
            doa=source,
            actor=actor,
            host_entity_id=data["host_entity"].pk,
            country_id=data["country"].pk,
            as_template=bool(data.get("as_template")),
        ),
        template="requests/doa_duplicate.html",
    )


@login_required
@require_http_methods(["GET"])
def doa_template_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_list_doas(user):
        raise PermissionDenied
    return list_page(
        request,
        "requests/doa_template_list.html",
        queryset=doa_template_list(viewer=user),
        can_use=can_create_doa(user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def doa_template_use_view(request: HttpRequest, template_id: int) -> HttpResponse:
    """Start a new draft from a template."""
    user = request_user(request)
    template = doa_get(viewer=user, doa_id=template_id)
    if not template.is_template:
        raise Http404
    if not can_copy_doa(user, template):
        raise PermissionDenied
    return _copy_page(
        request,
        source=template,
        allow_template=False,
        copy=lambda actor, data: doa_create_from_template(
            template=template,
            actor=actor,
            host_entity_id=data["host_entity"].pk,
            country_id=data["country"].pk,
        ),
        template="requests/doa_template_use.html",
    )
