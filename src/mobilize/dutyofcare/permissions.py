"""Who sees and does what in duty of care: the one place that decides it.

- Security levels are not confidential: every signed-in person may read them. Headquarters records
  them anywhere, a field unit in its countries.
- Who is where (assignments present on a day): headquarters, recruiters and auditors everywhere; a
  field unit in its countries; a host focal point its entities' volunteers. Volunteers and donors do
  not see this page.
- Evacuations and relocations: read as who is where (a host focal point sees the events that list
  its volunteers, and only those people); started by headquarters or the country's field unit,
  people moved by them; closed by hand only by headquarters.
- Incidents are confidential: headquarters, auditors (read only, each read recorded), the field
  unit of the country and the volunteer concerned read them; a host focal point sees only a count;
  recruiters and donors nothing.
- Check-ins: headquarters and auditors read all, a field unit those in its countries; each
  volunteer their own answers. Headquarters or the country's field unit sends and closes them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.assignments.permissions import assignment_scope
from mobilize.dutyofcare.models import (
    CheckIn,
    CheckInResponse,
    Evacuation,
    EvacuationPerson,
    Incident,
)

NOTHING = Q(pk__in=[])
READ_ALL = (Role.HQ, Role.RECRUITER, Role.AUDITOR)


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- security levels --------------------------------------------------------------------------


def can_view_security_levels(user: Any) -> bool:
    return _signed_in(user)


def can_record_security_level(user: Any, country_id: int | None = None) -> bool:
    """Headquarters anywhere; a field unit in its own countries (any of them when no country is
    named, e.g. to show the form)."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ):
        return True
    if user.has_role(Role.FIELD_UNIT):
        return country_id is None or country_id in user.country_ids()
    return False


# --- who is where -----------------------------------------------------------------------------


def can_view_whereabouts(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*READ_ALL, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT)


def whereabouts_scope(user: Any) -> Q:
    """The assignments (``assignments.Assignment``) whose people ``user`` may see on "who is where":
    those ``assignment_scope`` lets them read, for the roles that see this page."""
    return assignment_scope(user) if can_view_whereabouts(user) else NOTHING


# --- evacuations ------------------------------------------------------------------------------


def evacuation_person_scope(user: Any, prefix: str = "") -> Q:
    """The people of evacuations ``user`` may see (a volunteer: their own rows, for their page);
    ``prefix`` reaches them from another model (e.g. ``people__`` from an event)."""
    p = prefix
    if not _signed_in(user):
        return NOTHING
    if user.has_role(*READ_ALL):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(**{f"{p}evacuation__country__in": user.country_ids()})
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(**{f"{p}host_entity__in": user.host_entity_ids()})
    if user.has_role(Role.CANDIDATE):
        return Q(**{f"{p}volunteer__user": user})
    return NOTHING


def evacuation_scope(user: Any) -> Q:
    """The events ``user`` may open: all (headquarters, recruiters, auditors), those of its
    countries (field unit), those listing one of its entities' volunteers (host focal point)."""
    if not can_view_whereabouts(user):
        return NOTHING
    if user.has_role(*READ_ALL):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(country__in=user.country_ids())
    listed = EvacuationPerson.objects.filter(
        evacuation=OuterRef("pk"), host_entity__in=user.host_entity_ids()
    )
    return Q(Exists(listed))


def evacuation_access(*, user: Any, evacuation_id: int) -> Evacuation:
    """The event if ``user`` may see it; 404 if missing or hidden alike."""
    try:
        return (
            Evacuation.objects.filter(evacuation_scope(user)).select_related("country").get(pk=evacuation_id)
        )
    except Evacuation.DoesNotExist:
        raise Http404 from None


def can_start_evacuation(user: Any, country_id: int | None = None) -> bool:
    """Headquarters anywhere; the field unit of the country."""
    return can_record_security_level(user, country_id)


def can_move_evacuation_person(user: Any, evacuation: Evacuation) -> bool:
    return can_start_evacuation(user, evacuation.country_id)


def can_close_evacuation(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.HQ)


def evacuation_person_access(*, user: Any, evacuation: Evacuation, person_id: int) -> EvacuationPerson:
    try:
        return (
            EvacuationPerson.objects.filter(evacuation_person_scope(user), evacuation=evacuation)
            .select_related("evacuation", "duty_station", "host_entity")
            .get(pk=person_id)
        )
    except EvacuationPerson.DoesNotExist:
        raise Http404 from None


# --- incidents --------------------------------------------------------------------------------


def incident_scope(user: Any) -> Q:
    """The incidents ``user`` may read (confidential; an auditor's reads are recorded)."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.HQ, Role.AUDITOR):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(country__in=user.country_ids())
    if user.has_role(Role.CANDIDATE):
        return Q(volunteer__user=user)
    return NOTHING


def incident_count_scope(user: Any) -> Q:
    """The incidents ``user`` may count: those it reads, and for a host focal point those of its
    entities' volunteers (a count, never the incidents)."""
    if _signed_in(user) and user.has_role(Role.HOST_FOCAL_POINT):
        return Q(host_entity__in=user.host_entity_ids())
    return incident_scope(user)


def can_list_incidents(user: Any) -> bool:
    """Whose incident page lists incidents (a host focal point's shows counts only)."""
    return _signed_in(user) and user.has_role(Role.HQ, Role.AUDITOR, Role.FIELD_UNIT, Role.CANDIDATE)


def can_count_incidents(user: Any) -> bool:
    return can_list_incidents(user) or (_signed_in(user) and user.has_role(Role.HOST_FOCAL_POINT))


def is_audited_incident_read(user: Any) -> bool:
    """Whether ``user`` reading an incident must be recorded: an auditor (read-only oversight)."""
    return _signed_in(user) and user.has_role(Role.AUDITOR)


def incident_access(*, user: Any, incident_id: int) -> Incident:
    """An incident ``user`` may read, to act on it; 404 otherwise. To show it, use
    ``selectors.incident_read``, which records an auditor's read."""
    try:
        return (
            Incident.objects.filter(incident_scope(user))
            .select_related("assignment", "volunteer", "country", "host_entity", "reported_by")
            .get(pk=incident_id)
        )
    except Incident.DoesNotExist:
        raise Http404 from None


def can_report_incident(user: Any) -> bool:
    """A volunteer (for themselves), headquarters or a field unit (on a volunteer's behalf)."""
    return _signed_in(user) and user.has_role(Role.HQ, Role.FIELD_UNIT, Role.CANDIDATE)


def can_report_incident_for(user: Any, assignment: Any) -> bool:
    """Whether ``user`` may report an incident of ``assignment``'s volunteer."""
    if not can_report_incident(user):
        return False
    if user.has_role(Role.HQ):
        return True
    if user.has_role(Role.FIELD_UNIT):
        return assignment.duty_country_id in user.country_ids()
    return assignment.volunteer.user_id == user.pk


def can_update_incident(user: Any, incident: Incident) -> bool:
    """Headquarters, or the field unit of the incident's country, follows it up."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ):
        return True
    return user.has_role(Role.FIELD_UNIT) and incident.country_id in user.country_ids()


# --- check-ins --------------------------------------------------------------------------------


def checkin_scope(user: Any) -> Q:
    """The check-ins whose answers ``user`` may read."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.HQ, Role.AUDITOR):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(country__in=user.country_ids())
    return NOTHING


def can_list_checkins(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.HQ, Role.AUDITOR, Role.FIELD_UNIT)


def checkin_access(*, user: Any, checkin_id: int) -> CheckIn:
    try:
        return (
            CheckIn.objects.filter(checkin_scope(user))
            .select_related("country", "duty_station", "evacuation", "sent_by")
            .get(pk=checkin_id)
        )
    except CheckIn.DoesNotExist:
        raise Http404 from None


def can_send_checkin(user: Any, country_id: int | None = None) -> bool:
    return can_record_security_level(user, country_id)


def can_close_checkin(user: Any, checkin: CheckIn) -> bool:
    return can_send_checkin(user, checkin.country_id)


def checkin_response_scope(user: Any) -> Q:
    """The answers ``user`` may read: their own (a volunteer), those of the check-ins it reads."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.CANDIDATE):
        return Q(volunteer__user=user)
    if user.has_role(Role.HQ, Role.AUDITOR):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(checkin__country__in=user.country_ids())
    return NOTHING


def checkin_response_own(*, user: Any, checkin_id: int) -> CheckInResponse:
    """``user``'s own answer to a check-in (a volunteer answering); 404 if they were not asked."""
    if not _signed_in(user) or not user.has_role(Role.CANDIDATE):
        raise Http404
    try:
        return CheckInResponse.objects.select_related("checkin", "volunteer", "duty_station").get(
            checkin_id=checkin_id, volunteer__user=user
        )
    except CheckInResponse.DoesNotExist:
        raise Http404 from None


def can_view_own_duty_of_care(user: Any) -> bool:
    """The volunteer's own page (check-ins to answer, incidents, evacuation status)."""
    return _signed_in(user) and user.has_role(Role.CANDIDATE)
