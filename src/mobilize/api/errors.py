"""One error shape everywhere: ``{"message": ..., "errors": [{"field": ..., "message": ...}]}``.

422 invalid input (fields named), 409 a business rule (``ApplicationError``), 403 a refused action
on a visible object, 404 missing or hidden, 401 not signed in.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from mobilize.core.errors import ApplicationError


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """A Django ValidationError as a list of {field, message}; non-field errors name no field."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": str(message)}
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "", "message": str(m)} for m in exc.messages]


def _ninja_field(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "payload", "query", "path", "form", "file"}]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _ninja_field(list(e.get("loc", []))), "message": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return api.create_response(
            request, {"message": _("The input is not valid."), "errors": errors}, status=422
        )

    @api.exception_handler(ValidationError)
    def django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(
            request, {"message": _("The input is not valid."), "errors": field_errors(exc)}, status=422
        )

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        errors = [{"field": exc.field or "", "message": exc.message}]
        return api.create_response(request, {"message": exc.message, "errors": errors}, status=409)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You may not do this.")
        return api.create_response(request, {"message": message, "errors": []}, status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"message": _("Not found."), "errors": []}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"message": _("Sign in or send a bearer token."), "errors": []}, status=401
        )
