"""What the apps' pages share: the signed-in user, a filtered list page, a form's write through a
service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from mobilize.accounts.models import User
from mobilize.core.errors import ApplicationError
from mobilize.core.forms import form_add_service_error
from mobilize.core.htmx import render_page
from mobilize.web.paging import paginate

T = TypeVar("T")


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a ``@login_required`` page."""
    assert isinstance(request.user, User)
    return request.user


def list_page(
    request: HttpRequest, template: str, *, queryset: QuerySet[Any], **context: Any
) -> HttpResponse:
    """A list page: ``context`` (its filter form, its actions) and one page of ``queryset``; an htmx
    request gets only the ``results`` partial."""
    return render_page(request, template, {**context, **paginate(request, queryset)}, partial="results")


def form_write(
    form: forms.BaseForm,
    write: Callable[[], T],
    *,
    add_error: Callable[[Any, ValidationError | ApplicationError], None] = form_add_service_error,
) -> T | None:
    """Run ``write`` (a service call that returns what it saved) once ``form`` is valid. A refused
    write puts the service's error on the form (``add_error``) and gives ``None``, as does an invalid
    form: the page is then shown again with the form's errors."""
    if not form.is_valid():
        return None
    try:
        return write()
    except (ValidationError, ApplicationError) as exc:
        add_error(form, exc)
        return None
