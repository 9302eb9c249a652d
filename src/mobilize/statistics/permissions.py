"""Who may read the programme-wide statistics.

The figures are aggregates: counts, shares and means over the whole programme, never a person's
record. Headquarters, recruiters and auditors see everything anyway; donors fund the programme and
its aggregate results are theirs to read (DESIGN.md section 1). Host focal points, field units and
candidates see only their own part of the records, so a programme-wide figure would tell them more
than their scope (e.g. another entity's volunteers by country): they are refused until scoped
statistics exist.
"""

from __future__ import annotations

from typing import Any

from mobilize.accounts.models import Role

STATISTICS_ROLES = frozenset({Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.DONOR})


def can_view_statistics(user: Any) -> bool:
    """Whether ``user`` may read the programme-wide statistics (HQ, recruiter, auditor, donor)."""
    return bool(user is not None and user.is_authenticated and user.is_active) and user.has_role(
        *STATISTICS_ROLES
    )
