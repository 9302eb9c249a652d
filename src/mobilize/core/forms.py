"""Carrying service errors back onto a form, so a page names the field just as the API does."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from mobilize.core.errors import ApplicationError


def form_add_service_error(form: forms.BaseForm, exc: ValidationError | ApplicationError) -> None:
    """Attach ``exc`` to ``form``: a field-named error to that field when the form has it, else to
    the form as a whole."""
    if isinstance(exc, ApplicationError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(
                    target, message if target or name == NON_FIELD_ERRORS else f"{name}: {message}"
                )
        return
    for message in exc.messages:
        form.add_error(None, message)


class VersionedFormMixin(forms.Form):
    """A hidden ``version`` so that an edit based on a stale copy is refused, not silently lost."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
