"""Streaming an onboarding document to whoever ``selectors.onboarding_document_read`` let through."""

from __future__ import annotations

from django.http import FileResponse, Http404

from mobilize.recruitment.models import OnboardingTask


def onboarding_document_response(task: OnboardingTask) -> FileResponse:
    """The task's document as an attachment, never cached; call only after
    ``onboarding_document_read`` (the permission check and the audit of a staff read)."""
    if not task.document:
        raise Http404
    try:
        handle = task.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=task.original_name or "document",
        content_type=task.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
