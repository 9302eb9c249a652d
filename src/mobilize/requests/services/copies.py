"""New drafts copied from a template or from another DoA.

A copy takes the source's fields, expertise, language requirements and positions into a new draft
with its own reference, for a host entity (and country) of the actor's choosing within their scope.
Positions are copied (each open) only when the copy stays in the source's country: duty stations
belong to a country. Nothing of the source's workflow (status, time stamps, comments) is copied.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobilize.accounts.models import User
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.requests.models import Doa, Position
from mobilize.requests.permissions import can_copy_doa, can_make_doa_template
from mobilize.requests.services.doa import (
    DOA_FIELDS,
    LanguageRow,
    _attname,
    _doa_errors,
    _provisional_reference,
    _replace_languages,
    doa_reference_assign,
)


def _copy(
    *, source: Doa, actor: User, host_entity_id: int, country_id: int, as_template: bool, verb: str
) -> Doa:
    if not can_copy_doa(actor, source):
        raise PermissionDenied(_("You may not create DoAs."))
    if as_template and not can_make_doa_template(actor):
        raise PermissionDenied(_("Only headquarters maintains templates."))
    draft = Doa(
        reference=_provisional_reference(),
        created_by=actor,
        status=Doa.Status.DRAFT,
        is_template=as_template,
        copied_from=source,
    )
    for name in DOA_FIELDS:
        setattr(draft, _attname(name), getattr(source, _attname(name)))
    draft.host_entity_id = host_entity_id
    draft.country_id = country_id
    # Only the new choices are judged (scope, an active host): the copied fields were valid in the
    # source, and its dates are the author's to change before submitting.
    errors = _doa_errors(doa=draft, actor=actor, changed={"host_entity", "country"})
    if errors:
        raise ValidationError(errors)

    doa_reference_assign(doa=draft)
    expertise = sorted(source.expertise.values_list("pk", flat=True))
    draft.expertise.set(expertise)
    rows = [
        LanguageRow(language_id=row.language_id, level=row.level, required=row.required)
        for row in source.languages.order_by("pk")
    ]
    languages = _replace_languages(draft, rows)
    stations: list[int] = []
    if draft.country_id == source.country_id:
        stations = list(
            source.positions.exclude(status=Position.Status.CANCELLED)
            .order_by("pk")
            .values_list("duty_station_id", flat=True)
        )
        Position.objects.bulk_create(Position(doa=draft, duty_station_id=station) for station in stations)
    changes = diff({}, snapshot(draft))
    changes["expertise"] = [[], expertise]
    changes["languages"] = languages
    changes["positions"] = [[], stations]
    audit_record(actor=actor, verb=verb, target=draft, changes=changes, detail=source.reference)
    return draft


@transaction.atomic
def doa_create_from_template(
    *, template: Doa, actor: User, host_entity_id: int, country_id: int | None = None
) -> Doa:
    """A new draft from ``template`` for ``host_entity_id``, in the template's country unless
    ``country_id`` says otherwise (then without positions)."""
    if not template.is_template:
        raise ApplicationError(_("This DoA is not a template."), field="template", code="not_template")
    return _copy(
        source=template,
        actor=actor,
        host_entity_id=host_entity_id,
        country_id=country_id if country_id is not None else template.country_id,
        as_template=False,
        verb="doa.created_from_template",
    )


@transaction.atomic
def doa_duplicate(
    *,
    doa: Doa,
    actor: User,
    host_entity_id: int | None = None,
    country_id: int | None = None,
    as_template: bool = False,
) -> Doa:
    """A new draft like ``doa`` (whatever its status), for the same host and country unless told
    otherwise; ``as_template`` (headquarters only) makes the copy a template."""
    return _copy(
        source=doa,
        actor=actor,
        host_entity_id=host_entity_id if host_entity_id is not None else doa.host_entity_id,
        country_id=country_id if country_id is not None else doa.country_id,
        as_template=as_template,
        verb="doa.template_created" if as_template else "doa.duplicated",
    )
