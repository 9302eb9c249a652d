"""Replaying a closure that happened outside the platform, from its published figures.

The synthetic generator uses it for the closures a profile gives (``onsite.mission_closures``; the
2023 profile: "When MINUSMA's mandate ended, 294 UNV assignments were ended and 50 of those
volunteers were redeployed, mostly to other peacekeeping and political missions"). The replay
records the consent of the first ``redeployed`` serving volunteers (by reference), closes the host
through ``mission_close`` (no live invitations: the receiving posts are not in the platform), then
records each of them as redeployed to a host entity of the receiving types, in turn, through
``redeployment_record``. The number of assignments it ends is the number open on the closure date;
the generator plans the year so that it is the profile's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mobilize.assignments.models import Assignment
from mobilize.core.errors import ApplicationError
from mobilize.lifecycle.models import MissionClosure
from mobilize.lifecycle.services.closures import mission_close, redeployment_consent_give, redeployment_record
from mobilize.partners.models import HostEntity


@transaction.atomic
def closure_replay(
    *,
    host_entity: HostEntity,
    closure_date: dt.date,
    redeployed: int,
    receiving_types: Sequence[str],
    actor: Any,
    note: str = "",
) -> MissionClosure:
    """Close ``host_entity`` on ``closure_date`` and record ``redeployed`` of its volunteers as
    redeployed to host entities of ``receiving_types`` (in turn, by acronym). All or nothing; refused
    when fewer volunteers serve than are to be redeployed."""
    serving = list(
        Assignment.objects.filter(
            host_entity=host_entity, status=Assignment.Status.ACTIVE, entry_on_duty__lte=closure_date
        )
        .select_related("volunteer")
        .order_by("reference")
    )
    if redeployed > len(serving):
        raise ApplicationError(
            _("%(count)s volunteers are to be redeployed but %(serving)s serve at %(host)s.")
            % {"count": redeployed, "serving": len(serving), "host": host_entity.acronym},
            field="redeployed",
        )
    consenting = serving[:redeployed]
    for assignment in consenting:
        redeployment_consent_give(assignment=assignment, actor=actor, consents=True)
    closure = mission_close(
        host_entity=host_entity, closure_date=closure_date, actor=actor, redeployments={}, note=note
    )
    receiving = list(
        HostEntity.objects.filter(type__in=receiving_types).exclude(pk=host_entity.pk).order_by("acronym")
    ) or [host_entity]
    for index, assignment in enumerate(consenting):
        redeployment_record(
            closure=closure,
            assignment=assignment,
            host_entity=receiving[index % len(receiving)],
            actor=actor,
            note=note,
        )
    closure.refresh_from_db()
    return closure
