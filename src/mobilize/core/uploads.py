"""Private uploads (identity documents, CVs, onboarding papers): one check of what is accepted, shared
by every app that stores a person's document."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
"""The accepted types, read from the first bytes of the content (never from the name)."""
SUFFIXES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
"""The suffix a stored file gets for its type (the stored name never comes from the upload)."""


def upload_errors(file: UploadedFile) -> tuple[list[str], str]:
    """What is wrong with ``file`` (empty, over ``MOBILIZE_MAX_DOCUMENT_BYTES``, not PDF, JPEG or
    PNG by content), and the content type read from its first bytes ("" when refused)."""
    limit = settings.MOBILIZE_MAX_DOCUMENT_BYTES
    if not file.size:
        return [_("The file is empty.")], ""
    if file.size > limit:
        return [_("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)}], ""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    content_type = next((ctype for magic, ctype in SIGNATURES if head.startswith(magic)), "")
    if not content_type:
        return [_("Only PDF, JPEG and PNG files are accepted.")], ""
    return [], content_type


def display_name(name: str | None) -> str:
    """The uploaded file's name as shown to people: its last path part, printable, at most 200
    characters ("document" when nothing is left)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[-200:] or "document"
