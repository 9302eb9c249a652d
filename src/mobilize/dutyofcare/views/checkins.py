"""Well-being check-ins: the list, sending one, its page (who has not answered), closing it, and a
volunteer's answer (from their own page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.errors import ApplicationError
from mobilize.core.htmx import render_page
from mobilize.dutyofcare.forms import CheckInAnswerForm, CheckInSendForm
from mobilize.dutyofcare.models import Answer
from mobilize.dutyofcare.permissions import (
    can_close_checkin,
    can_list_checkins,
    can_send_checkin,
    checkin_access,
    checkin_response_own,
)
from mobilize.dutyofcare.selectors import checkin_counts, checkin_list, checkin_responses
from mobilize.dutyofcare.services import checkin_answer, checkin_close, checkin_send
from mobilize.dutyofcare.views.care import my_page_context
from mobilize.dutyofcare.views.nav import section_links
from mobilize.web.views_helpers import form_write, list_page, request_user


@login_required
@require_http_methods(["GET"])
def checkin_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_list_checkins(user):
        raise PermissionDenied
    return list_page(
        request,
        "dutyofcare/checkin_list.html",
        queryset=checkin_list(viewer=user),
        can_send=can_send_checkin(user),
        care_links=section_links(user, "dutyofcare:checkin_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_send_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_send_checkin(user):
        raise PermissionDenied
    if request.method == "POST":
        form = CheckInSendForm(request.POST, user=user)
        checkin = form_write(form, lambda: checkin_send(actor=user, **form.cleaned_data))
        if checkin is not None:
            messages.success(request, _("The check-in was sent."))
            return redirect("dutyofcare:checkin_detail", checkin_id=checkin.pk)
        return render_page(
            request, "dutyofcare/checkin_form.html", {"form": form}, partial="form", status=422
        )
    initial = {"evacuation": request.GET.get("evacuation")} if request.GET.get("evacuation") else {}
    form = CheckInSendForm(user=user, initial=initial)
    return render_page(request, "dutyofcare/checkin_form.html", {"form": form}, partial="form")


@login_required
@require_http_methods(["GET"])
def checkin_detail_view(request: HttpRequest, checkin_id: int) -> HttpResponse:
    user = request_user(request)
    checkin = checkin_access(user=user, checkin_id=checkin_id)
    context = {
        "checkin": checkin,
        "counts": checkin_counts(checkin=checkin),
        "pending": checkin_responses(viewer=user, checkin=checkin, answers=[Answer.PENDING]),
        "need_help": checkin_responses(viewer=user, checkin=checkin, answers=[Answer.NEED_HELP]),
        "safe": checkin_responses(viewer=user, checkin=checkin, answers=[Answer.SAFE]),
        "can_close": checkin.is_open and can_close_checkin(user, checkin),
    }
    return render_page(request, "dutyofcare/checkin_detail.html", context)


@login_required
@require_http_methods(["POST"])
def checkin_close_view(request: HttpRequest, checkin_id: int) -> HttpResponse:
    user = request_user(request)
    checkin = checkin_access(user=user, checkin_id=checkin_id)
    if not can_close_checkin(user, checkin):
        raise PermissionDenied
    try:
        checkin_close(checkin=checkin, actor=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The check-in was closed."))
    return redirect("dutyofcare:checkin_detail", checkin_id=checkin.pk)


@login_required
@require_http_methods(["POST"])
def checkin_answer_view(request: HttpRequest, checkin_id: int) -> HttpResponse:
    """A volunteer answers from their page; a refusal shows their page again with the reason."""
    user = request_user(request)
    response = checkin_response_own(user=user, checkin_id=checkin_id)
    form = CheckInAnswerForm(request.POST, prefix=f"c{response.pk}")
    answered = form_write(
        form,
        lambda: checkin_answer(
            response=response,
            answer=form.cleaned_data["answer"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            actor=user,
        ),
    )
    if answered is not None:
        messages.success(request, _("Thank you: your answer was recorded."))
        return redirect("dutyofcare:my_duty_of_care")
    context: dict[str, Any] = my_page_context(user, answer_forms={response.pk: form})
    return render_page(request, "dutyofcare/my_duty_of_care.html", context, status=422)
