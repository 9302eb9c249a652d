"""Writes of statistics: only its own derived rows, the fact tables the figures count.

``statistics_facts_refresh`` is the hook the apps that change what the figures read call after their
write, in its transaction (as they call ``matching.services.candidate_features_refresh``):
assignments when an assignment is made, extended, updated or ended, talent when a profile or a
disclosure changes. ``statistics_facts_rebuild`` recomputes every row, for bulk writers (the
generator, the demo seed) and to repair. A write that bypasses both is still caught: the database
triggers list its volunteers as stale and the next read recomputes them (``facts.facts_catch_up``).
Derived rows carry no audit record: the audited records are the ones they are computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from mobilize.statistics.facts import facts_claim_stale, facts_write, facts_write_all


@transaction.atomic
def statistics_facts_refresh(*, candidate_ids: Iterable[int]) -> int:
    """Recompute the fact rows of ``candidate_ids`` (every year they served) from their assignments
    and profiles, and take them off the stale list; returns the number of volunteers recomputed.
    A candidate who never served (or no longer exists) is left without rows."""
    ids = sorted(set(candidate_ids))
    if not ids:
        return 0
    facts_claim_stale(ids)
    return facts_write(ids)


def statistics_facts_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Recompute every fact row, a year at a time (``progress`` is told each year done); returns the
    number of volunteer-year rows. For bulk writers: one pass instead of a refresh per volunteer."""
    return facts_write_all(progress)
