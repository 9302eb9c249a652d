"""Writes of matching: only its own derived rows, the per-candidate features.

``candidate_features_refresh`` is the hook the apps that change what matching reads call after
their write commits: talent when a profile, its languages or its expertise change, assignments when
an assignment is made, changes dates or status. ``candidate_features_rebuild`` recomputes the whole
table (after a bulk load, or to repair). Derived data carries no audit record: the audited records
are the profile and the assignments it is computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction

from mobilize.matching.facts import SCALARS, CandidateFacts, features_row, features_values, load_facts
from mobilize.matching.models import CandidateFeatures
from mobilize.talent.models import Candidate

FIELDS = CandidateFeatures._meta.concrete_fields
UPDATE_FIELDS = [f.name for f in FIELDS if not f.primary_key]
REBUILD_CHUNK = 5_000


@transaction.atomic
def candidate_features_refresh(*, candidate_ids: Iterable[int]) -> int:
    """Recompute the feature rows of ``candidate_ids`` from their profiles and assignments (a
    candidate who no longer exists loses their row); returns the number of rows written."""
    ids = sorted(set(candidate_ids))
    if not ids:
        return 0
    facts = load_facts(ids=ids)
    CandidateFeatures.objects.filter(candidate_id__in=set(ids) - set(facts)).delete()
    rows = [features_row(f) for f in facts.values()]
    CandidateFeatures.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["candidate"], update_fields=UPDATE_FIELDS
    )
    return len(rows)


@transaction.atomic
def candidate_features_rebuild(
    *, chunk: int = REBUILD_CHUNK, progress: Callable[[int], None] | None = None
) -> int:
    """Recompute every feature row, ``chunk`` candidates at a time (four reads and one insert per
    chunk); ``progress`` is told the running total. Returns the number of rows."""
    CandidateFeatures.objects.all().delete()
    done, last = 0, 0
    while True:
        scalars = list(Candidate.objects.filter(pk__gt=last).order_by("pk").values_list(*SCALARS)[:chunk])
        if not scalars:
            return done
        first, last = scalars[0][0], scalars[-1][0]
        facts = load_facts(id_range=(first, last + 1), scalars=scalars)
        _insert(facts.values())
        done += len(scalars)
        if progress is not None:
            progress(done)


def _insert(facts: Iterable[CandidateFacts]) -> None:
    """Insert feature rows straight from their values: a million rows through model instances and
    ``bulk_create`` take four minutes, this about one. (The table was emptied in the same
    transaction, and every value is an integer, a boolean or a date.)"""
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datefield_value
    dates = {f.attname for f in FIELDS if f.get_internal_type() == "DateField"}
    names = [f.attname for f in FIELDS]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names come from the model)
        quote(CandidateFeatures._meta.db_table),
        ", ".join(quote(f.column) for f in FIELDS),
        ", ".join(["%s"] * len(FIELDS)),
    )

    def row(values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(adapt(values[name]) if name in dates else values[name] for name in names)

    with connection.cursor() as cursor:
        cursor.executemany(sql, [row(features_values(f)) for f in facts])
