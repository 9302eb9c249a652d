"""What the recruitment views share: one posted action through one service, and where it goes
back to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from mobilize.recruitment.models import Application
from mobilize.web.views_helpers import form_write

BACK_PAGES = {
    "doa": lambda a: reverse("recruitment:doa_recruitment", kwargs={"doa_id": a.doa_id}),
    "mine": lambda a: reverse("recruitment:my_applications"),
    "invitations": lambda a: reverse("recruitment:my_invitations"),
}
"""The pages a button may come from (its hidden ``from``), besides the application's own page."""


def came_from(request: HttpRequest) -> str:
    """Which page a button was pressed on ("" for the application's own page)."""
    value = request.POST.get("from", "")
    return value if value in BACK_PAGES else ""


def back_to(request: HttpRequest, application: Application) -> HttpResponse:
    """Back to the page the button was pressed on, else the application's page."""
    page = BACK_PAGES.get(came_from(request))
    if page is not None:
        return redirect(page(application))
    return redirect("recruitment:application_detail", application_id=application.pk)


def act(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[], Any],
    *,
    done: str,
    success: Callable[[Any], HttpResponse],
    refused: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run ``write`` (one service) once ``form`` is valid: then say ``done`` and go on with
    ``success(result)``; a refusal puts the service's messages on the form (under the fields they
    name) and shows the page again through ``refused`` (status 422)."""
    result = form_write(form, write)
    if result is None:
        return refused()
    messages.success(request, done)
    return success(result)
