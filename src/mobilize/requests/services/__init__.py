"""Writes on DoAs, by topic: ``doa`` (create, edit, languages, positions), ``workflow`` (the
transitions and the conversation), ``copies`` (from a template, duplicates). Import from here."""

from mobilize.requests.services.copies import doa_create_from_template, doa_duplicate
from mobilize.requests.services.doa import (
    DOA_FIELDS,
    MAX_EXPERIENCE_MONTHS,
    MAX_POSITIONS_PER_ADD,
    MAX_YEARS_AHEAD,
    LanguageRow,
    doa_create,
    doa_languages_set,
    doa_reference_assign,
    doa_update,
    position_add,
    position_remove,
)
from mobilize.requests.services.workflow import (
    MAX_COMMENT_LENGTH,
    doa_approve,
    doa_cancel,
    doa_comment_add,
    doa_mark_recruited,
    doa_request_edits,
    doa_resubmit,
    doa_start_sourcing,
    doa_submit,
)

__all__ = [
    "DOA_FIELDS",
    "MAX_COMMENT_LENGTH",
    "MAX_EXPERIENCE_MONTHS",
    "MAX_POSITIONS_PER_ADD",
    "MAX_YEARS_AHEAD",
    "LanguageRow",
    "doa_approve",
    "doa_cancel",
    "doa_comment_add",
    "doa_create",
    "doa_create_from_template",
    "doa_duplicate",
    "doa_languages_set",
    "doa_mark_recruited",
    "doa_reference_assign",
    "doa_request_edits",
    "doa_resubmit",
    "doa_start_sourcing",
    "doa_submit",
    "doa_update",
    "position_add",
    "position_remove",
]
