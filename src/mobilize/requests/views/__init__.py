"""The DoA pages: ``doas`` (list, create, edit, positions) and ``workflow`` (the DoA's page with its
transitions and conversation, copies and templates)."""

from mobilize.requests.views.doas import (
    doa_create_view,
    doa_edit_view,
    doa_list_view,
    position_add_view,
    position_remove_view,
)
from mobilize.requests.views.workflow import (
    doa_approve_view,
    doa_cancel_view,
    doa_comment_create_view,
    doa_detail_view,
    doa_duplicate_view,
    doa_request_edits_view,
    doa_resubmit_view,
    doa_start_sourcing_view,
    doa_submit_view,
    doa_template_list_view,
    doa_template_use_view,
)

__all__ = [
    "doa_approve_view",
    "doa_cancel_view",
    "doa_comment_create_view",
    "doa_create_view",
    "doa_detail_view",
    "doa_duplicate_view",
    "doa_edit_view",
    "doa_list_view",
    "doa_request_edits_view",
    "doa_resubmit_view",
    "doa_start_sourcing_view",
    "doa_submit_view",
    "doa_template_list_view",
    "doa_template_use_view",
    "position_add_view",
    "position_remove_view",
]
