"""Writes on duty of care. Each runs in one transaction: lock, check, write, audit; a refused write
leaves nothing behind. Notifications are written with the change (``notify``) and emailed once it
commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.accounts.models import User
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError
from mobilize.core.writes import check_version, create_validated, locked, update_validated
from mobilize.dutyofcare.models import (
    UNACCOUNTED,
    Answer,
    CheckIn,
    CheckInResponse,
    Evacuation,
    EvacuationMove,
    EvacuationPerson,
    Incident,
    PersonStatus,
    SecurityLevel,
    SecurityLevelChange,
)
from mobilize.dutyofcare.permissions import (
    can_close_checkin,
    can_close_evacuation,
    can_move_evacuation_person,
    can_record_security_level,
    can_report_incident,
    can_report_incident_for,
    can_send_checkin,
    can_start_evacuation,
    can_update_incident,
)
from mobilize.dutyofcare.selectors import assignments_present, dependants_present, duty_of_care_contacts
from mobilize.geo.models import Country, DutyStation
from mobilize.notifications.services import notify

# --- security levels --------------------------------------------------------------------------


@transaction.atomic
def security_level_record(
    *,
    country: Country,
    level: int,
    effective_from: dt.date,
    duty_station: DutyStation | None = None,
    note: str = "",
    actor: Any,
) -> SecurityLevelChange:
    """Record a new security level for a country (or one of its duty stations) from a day. Nothing
    is overwritten: the history is every row recorded; a second change for the same place and day
    is refused (record a later one)."""
    if not can_record_security_level(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not can_record_security_level(actor, country.pk):
        errors["country"] = [_("You may only record security levels in your countries.")]
    if level not in SecurityLevel.values:
        errors["level"] = [_("A security level is from 1 (minimal) to 6 (extreme).")]
    if duty_station is not None and duty_station.country_id != country.pk:
        errors["duty_station"] = [_("The duty station is not in this country.")]
    same_day = SecurityLevelChange.objects.filter(
        country=country, duty_station=duty_station, effective_from=effective_from
    )
    if not errors and same_day.exists():
        errors["effective_from"] = [
            _("A level is already recorded for this place from this day; record a later change instead.")
        ]
    if errors:
        raise ValidationError(errors)
    change = SecurityLevelChange(
        country=country,
        duty_station=duty_station,
        level=level,
        effective_from=effective_from,
        note=note.strip(),
        recorded_by=actor,
    )
    return create_validated(instance=change, actor=actor, verb="security_level.recorded")


# --- evacuations ------------------------------------------------------------------------------

# The moves of a person while the event is open; once it is closed only safe -> returned remains.
TRANSITIONS: dict[str, frozenset[str]] = {
    PersonStatus.TO_MOVE: frozenset({PersonStatus.IN_TRANSIT, PersonStatus.SAFE}),
    PersonStatus.IN_TRANSIT: frozenset({PersonStatus.TO_MOVE, PersonStatus.SAFE}),
    PersonStatus.SAFE: frozenset({PersonStatus.RETURNED}),
    PersonStatus.RETURNED: frozenset(),
}
AFTER_CLOSE: dict[str, frozenset[str]] = {PersonStatus.SAFE: frozenset({PersonStatus.RETURNED})}


def allowed_moves(person: EvacuationPerson, evacuation: Evacuation) -> frozenset[str]:
    """The statuses ``person`` may move to now."""
    table = TRANSITIONS if evacuation.is_open else AFTER_CLOSE
    return table.get(person.status, frozenset())


def _evacuation_url(evacuation: Evacuation) -> str:
    return reverse("dutyofcare:evacuation_detail", kwargs={"evacuation_id": evacuation.pk})


@transaction.atomic
def evacuation_start(
    *,
    country: Country,
    as_of: dt.date,
    kind: str = Evacuation.Kind.EVACUATION,
    title: str = "",
    reason: str = "",
    duty_stations: Iterable[DutyStation] = (),
    actor: Any,
) -> Evacuation:
    """Start an evacuation or relocation for a country (or some of its duty stations) and list, in
    this one transaction, exactly the people there on ``as_of``: each volunteer with an assignment
    present that day (once, however many assignments), and each of their dependants who accompanies
    them and is recognized that day. Everyone starts "to move". The country's field unit and
    headquarters are told. One open event per country at a time (409)."""
    if not can_start_evacuation(actor):
        raise PermissionDenied
    stations = list(duty_stations)
    errors: dict[str, list[str]] = {}
    if not can_start_evacuation(actor, country.pk):
        errors["country"] = [_("You may only start an evacuation in your countries.")]
    if kind not in Evacuation.Kind.values:
        errors["kind"] = [_("Choose evacuation or relocation.")]
    if as_of > timezone.localdate():
        errors["as_of"] = [_("The day people were present cannot be in the future.")]
    if any(s.country_id != country.pk for s in stations):
        errors["duty_stations"] = [_("Every duty station must be in the country.")]
    if errors:
        raise ValidationError(errors)
    # Lock the country: two people starting an event for it at once are served one after the other.
    locked(country)
    if Evacuation.objects.filter(country=country, status=Evacuation.Status.OPEN).exists():
        raise ApplicationError(
            _("This country already has an open evacuation or relocation; close it first."), field="country"
        )
    kind_label = Evacuation.Kind(kind).label
    evacuation = Evacuation(
        title=title.strip() or f"{kind_label}: {country.name_en}, {as_of.isoformat()}",
        kind=kind,
        country=country,
        as_of=as_of,
        reason=reason.strip(),
        started_by=actor,
    )
    evacuation.full_clean()
    evacuation.save()
    if stations:
        evacuation.duty_stations.set(stations)
    people = _roster(evacuation, stations)
    EvacuationPerson.objects.bulk_create(people)
    volunteers = sum(1 for p in people if p.kind == EvacuationPerson.Kind.VOLUNTEER)
    dependants = len(people) - volunteers
    audit_record(
        actor=actor,
        verb="evacuation.started",
        target=evacuation,
        changes={**diff({}, snapshot(evacuation)), "duty_stations": [[], sorted(s.pk for s in stations)]},
        detail=f"{volunteers} volunteers, {dependants} dependants",
    )
    if not people:
        evacuation = _close(evacuation, actor=actor, reason="")
    notify(
        recipients=duty_of_care_contacts(country_id=country.pk),
        verb=f"evacuation.started.{kind}",
        target=evacuation,
        message=gettext_lazy(
            "%(title)s started: %(volunteers)s volunteers and %(dependants)s dependants to account for."
        ),
        params={"title": evacuation.title, "volunteers": volunteers, "dependants": dependants},
        url=_evacuation_url(evacuation),
        actor=actor,
    )
    return evacuation


def _roster(evacuation: Evacuation, stations: list[DutyStation]) -> list[EvacuationPerson]:
    present = list(
        assignments_present(
            day=evacuation.as_of, country_id=evacuation.country_id, duty_station_ids=[s.pk for s in stations]
        )
    )
    people: list[EvacuationPerson] = []
    seen: set[int] = set()
    for assignment in present:
        if assignment.volunteer_id in seen:
            continue
        seen.add(assignment.volunteer_id)
        people.append(
            EvacuationPerson(
                evacuation=evacuation,
                kind=EvacuationPerson.Kind.VOLUNTEER,
                assignment=assignment,
                volunteer_id=assignment.volunteer_id,
                name=assignment.volunteer.full_name,
                duty_station_id=assignment.duty_station_id,
                host_entity_id=assignment.host_entity_id,
            )
        )
    by_pk = {a.pk: a for a in present}
    for dependant in dependants_present(day=evacuation.as_of, assignment_ids=by_pk):
        assignment = by_pk[dependant.assignment_id]
        people.append(
            EvacuationPerson(
                evacuation=evacuation,
                kind=EvacuationPerson.Kind.DEPENDANT,
                assignment=assignment,
                volunteer_id=assignment.volunteer_id,
                dependant=dependant,
                name=str(dependant),
                duty_station_id=assignment.duty_station_id,
                host_entity_id=assignment.host_entity_id,
            )
        )
    return people


def _close(evacuation: Evacuation, *, actor: Any, reason: str) -> Evacuation:
    """Close the (locked) event: by hand with a reason, or with none when everyone is accounted for."""
    return update_validated(
        instance=evacuation,
        data={
            "status": Evacuation.Status.CLOSED,
            "closed_at": timezone.now(),
            "closed_by": actor if reason else None,
            "close_reason": reason,
        },
        actor=actor,
        verb="evacuation.closed" if reason else "evacuation.all_accounted_for",
    )


@transaction.atomic
def evacuation_person_move(
    *,
    person: EvacuationPerson,
    status: str,
    expected_version: int | None,
    location: str = "",
    actor: Any,
) -> EvacuationPerson:
    """Move one person to a new status (to move -> in transit -> safe -> returned; in transit may go
    back to "to move"; "to move" may go straight to safe), time-stamped and audited. The event's row
    is locked first, so the moves of one event follow one another; ``expected_version`` is the
    person's version the mover saw, and a stale one is refused (409), so two people moving one
    person cannot both win. When nobody is left to move or in transit the event closes."""
    evacuation = locked(person.evacuation)
    if not can_move_evacuation_person(actor, evacuation):
        raise PermissionDenied
    if status not in PersonStatus.values:
        raise ValidationError({"status": [_("Choose one of the statuses offered.")]})
    current = locked(person)
    check_version(current, expected_version)
    if status not in allowed_moves(current, evacuation):
        raise ApplicationError(
            _("%(name)s cannot go from %(current)s to %(new)s here.")
            % {
                "name": current.name,
                "current": PersonStatus(current.status).label,
                "new": PersonStatus(status).label,
            },
            field="status",
        )
    previous = current.status
    location = location.strip()
    moved = update_validated(
        instance=current,
        data={
            "status": status,
            "status_changed_at": timezone.now(),
            "status_changed_by": actor,
            "location": location or current.location,
        },
        actor=actor,
        verb="evacuation.person_moved",
        expected_version=expected_version,
    )
    EvacuationMove.objects.create(
        person=moved, from_status=previous, to_status=status, by=actor, location=location
    )
    if evacuation.is_open and not evacuation.people.filter(status__in=UNACCOUNTED).exists():
        _close(evacuation, actor=actor, reason="")
    return moved


@transaction.atomic
def evacuation_close(*, evacuation: Evacuation, reason: str, actor: Any) -> Evacuation:
    """Close an open event by hand (headquarters), saying why; whoever was not accounted for stays
    as they were."""
    if not can_close_evacuation(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": [_("Say why the event is closed before everyone is accounted for.")]}
        )
    current = locked(evacuation)
    if not current.is_open:
        raise ApplicationError(_("This event is already closed."), field="status")
    return _close(current, actor=actor, reason=reason[:300])


# --- incidents --------------------------------------------------------------------------------

INCIDENT_FIELDS = frozenset({"kind", "severity", "occurred_on", "place", "description"})
NEEDS_FOLLOW_UP = frozenset({Incident.Status.FOLLOWED_UP, Incident.Status.CLOSED})


def _incident_url(incident: Incident) -> str:
    return reverse("dutyofcare:incident_detail", kwargs={"incident_id": incident.pk})


@transaction.atomic
def incident_report(*, assignment: Any, data: Mapping[str, Any], actor: Any) -> Incident:
    """Report an incident of a volunteer: the volunteer for themselves, or headquarters or the field
    unit of the country on their behalf. Not in the future. Headquarters and the country's field
    unit are told (without the details)."""
    if not can_report_incident(actor):
        raise PermissionDenied
    unknown = sorted(set(data) - INCIDENT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
    if not can_report_incident_for(actor, assignment):
        raise ValidationError({"assignment": [_("You may not report an incident for this assignment.")]})
    occurred_on = data.get("occurred_on")
    if isinstance(occurred_on, dt.date) and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": [_("The date of an incident cannot be in the future.")]})
    incident = Incident(
        assignment=assignment,
        volunteer_id=assignment.volunteer_id,
        country_id=assignment.duty_country_id,
        host_entity_id=assignment.host_entity_id,
        reported_by=actor,
        **{k: v.strip() if isinstance(v, str) else v for k, v in data.items()},
    )
    incident = create_validated(instance=incident, actor=actor, verb="incident.reported")
    notify(
        recipients=duty_of_care_contacts(country_id=assignment.duty_country_id),
        verb="incident.reported",
        target=incident,
        message=gettext_lazy("An incident was reported in %(country)s."),
        params={"country": assignment.duty_country.name_en},
        url=_incident_url(incident),
        actor=actor,
    )
    return incident


@transaction.atomic
def incident_update(
    *, incident: Incident, data: Mapping[str, Any], expected_version: int | None, actor: Any
) -> Incident:
    """Follow an incident up: change its status and the follow-up note (headquarters or the field
    unit of the country). Followed up and closed need a follow-up note; a stale edit is refused (409)."""
    if not can_update_incident(actor, incident):
        raise PermissionDenied
    unknown = sorted(set(data) - {"status", "follow_up"})
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    current = locked(incident)
    check_version(current, expected_version)
    status = data.get("status", current.status)
    follow_up = str(data.get("follow_up", current.follow_up)).strip()
    if status not in Incident.Status.values:
        raise ValidationError({"status": [_("Choose one of the statuses offered.")]})
    if status in NEEDS_FOLLOW_UP and not follow_up:
        raise ValidationError(
            {"follow_up": [_("Say what was done before marking it followed up or closed.")]}
        )
    changes = {
        name: value
        for name, value in {"status": status, "follow_up": follow_up}.items()
        if getattr(current, name) != value
    }
    if not changes:
        return current
    return update_validated(
        instance=current,
        data=changes,
        actor=actor,
        verb="incident.updated",
        expected_version=expected_version,
    )


# --- check-ins --------------------------------------------------------------------------------


def _my_page_url() -> str:
    return reverse("dutyofcare:my_duty_of_care")


@transaction.atomic
def checkin_send(
    *,
    message: str,
    actor: Any,
    country: Country | None = None,
    duty_station: DutyStation | None = None,
    evacuation: Evacuation | None = None,
    as_of: dt.date | None = None,
) -> CheckIn:
    """Ask volunteers how they are: every volunteer present in a country (or one duty station) on
    ``as_of`` (today by default), or every volunteer of an evacuation. Each gets a pending answer
    and a notification; the sender then sees who has not answered."""
    if not can_send_checkin(actor):
        raise PermissionDenied
    message = message.strip()
    errors: dict[str, list[str]] = {}
    if not message:
        errors["message"] = [_("Write the question the volunteers will answer.")]
    if evacuation is not None:
        country = evacuation.country
        duty_station = None
        as_of = evacuation.as_of
    elif country is None and duty_station is not None:
        country = duty_station.country
    if country is None:
        errors["country"] = [_("Choose a country, a duty station or an evacuation.")]
    elif not can_send_checkin(actor, country.pk):
        errors["country"] = [_("You may only send check-ins in your countries.")]
    elif duty_station is not None and duty_station.country_id != country.pk:
        errors["duty_station"] = [_("The duty station is not in this country.")]
    as_of = as_of or timezone.localdate()
    if as_of > timezone.localdate():
        errors["as_of"] = [_("The day volunteers were present cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    assert country is not None
    rows = _checkin_recipients(country=country, duty_station=duty_station, evacuation=evacuation, as_of=as_of)
    if not rows:
        field = "evacuation" if evacuation is not None else ("duty_station" if duty_station else "country")
        raise ValidationError({field: [_("No volunteer was there on that day: nobody to ask.")]})
    checkin = create_validated(
        instance=CheckIn(
            country=country,
            duty_station=duty_station,
            evacuation=evacuation,
            as_of=as_of,
            message=message,
            sent_by=actor,
        ),
        actor=actor,
        verb="checkin.sent",
    )
    responses = CheckInResponse.objects.bulk_create(
        CheckInResponse(checkin=checkin, assignment_id=a, volunteer_id=v, duty_station_id=s)
        for a, v, s, _u in rows
    )
    audit_record(
        actor=actor, verb="checkin.recipients", target=checkin, detail=f"{len(responses)} volunteers"
    )
    notify(
        recipients=User.objects.filter(pk__in=[u for *_r, u in rows if u is not None]).order_by("pk"),
        verb="checkin.sent",
        target=checkin,
        message=gettext_lazy("Are you safe? Please answer the well-being check-in: %(message)s"),
        params={"message": message},
        url=_my_page_url(),
        actor=actor,
    )
    return checkin


def _checkin_recipients(
    *, country: Country, duty_station: DutyStation | None, evacuation: Evacuation | None, as_of: dt.date
) -> list[tuple[int, int, int, int | None]]:
    """(assignment, volunteer, duty station, user) of each volunteer asked, once per volunteer."""
    if evacuation is not None:
        people = evacuation.people.filter(kind=EvacuationPerson.Kind.VOLUNTEER).select_related("volunteer")
        return [
            (p.assignment_id, p.volunteer_id, p.duty_station_id, p.volunteer.user_id)
            for p in people.order_by("pk")
        ]
    stations = [duty_station.pk] if duty_station is not None else []
    rows: list[tuple[int, int, int, int | None]] = []
    seen: set[int] = set()
    for a in assignments_present(day=as_of, country_id=country.pk, duty_station_ids=stations):
        if a.volunteer_id not in seen:
            seen.add(a.volunteer_id)
            rows.append((a.pk, a.volunteer_id, a.duty_station_id, a.volunteer.user_id))
    return rows


@transaction.atomic
def checkin_answer(
    *, response: CheckInResponse, answer: str, note: str = "", expected_version: int | None = None, actor: Any
) -> CheckInResponse:
    """A volunteer answers a check-in (they may change their answer while it is open). "I need
    help" tells whoever sent it, the country's field unit and headquarters."""
    if response.volunteer.user_id is None or response.volunteer.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if answer not in (Answer.SAFE, Answer.NEED_HELP):
        raise ValidationError({"answer": [_("Answer that you are safe or that you need help.")]})
    current = locked(response)
    checkin = CheckIn.objects.select_related("country", "sent_by").get(pk=current.checkin_id)
    if not checkin.is_open:
        raise ApplicationError(_("This check-in is closed."), field="answer")
    check_version(current, expected_version)
    answered = update_validated(
        instance=current,
        data={"answer": answer, "note": note.strip(), "answered_at": timezone.now()},
        actor=actor,
        verb="checkin.answered",
        expected_version=expected_version,
    )
    if answer == Answer.NEED_HELP:
        recipients = duty_of_care_contacts(country_id=checkin.country_id)
        if checkin.sent_by is not None:
            recipients.append(checkin.sent_by)
        notify(
            recipients=recipients,
            verb="checkin.need_help",
            target=checkin,
            message=gettext_lazy("%(name)s needs help (well-being check-in in %(country)s)."),
            params={"name": response.volunteer.full_name, "country": checkin.country.name_en},
            url=reverse("dutyofcare:checkin_detail", kwargs={"checkin_id": checkin.pk}),
            actor=actor,
        )
    return answered


@transaction.atomic
def checkin_close(*, checkin: CheckIn, actor: Any) -> CheckIn:
    """Stop taking answers (headquarters or the country's field unit)."""
    if not can_close_checkin(actor, checkin):
        raise PermissionDenied
    current = locked(checkin)
    if not current.is_open:
        raise ApplicationError(_("This check-in is already closed."), field="status")
    return update_validated(
        instance=current,
        data={"status": CheckIn.Status.CLOSED, "closed_at": timezone.now()},
        actor=actor,
        verb="checkin.closed",
    )
