"""Streaming a stored document to whoever the download view or API has already let through."""

from __future__ import annotations

from django.http import FileResponse, Http404

from mobilize.talent.models import CandidateDocument


def document_response(document: CandidateDocument) -> FileResponse:
    """The file as an attachment, never cached; call only after the permission check and audit."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
