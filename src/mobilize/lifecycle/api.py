"""The lifecycle over JSON, under /api/v1/lifecycle/: extensions, resignations and terminations,
reassignments, the end of assignment and its certificate, redeployment consent, and mission
closures (preview and commit). Each read through the caller's scope (a hidden record is a 404),
each write through a service (a refused one is 403, 409 or 422 with the field named).

(No ``from __future__ import annotations`` here: django-ninja reads the annotations of the
paginated views through its wrapper, whose module cannot resolve them as strings.)
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.accounts.models import Role
from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.assignments.models import Assignment
from mobilize.assignments.permissions import assignment_access
from mobilize.core.errors import ApplicationError
from mobilize.geo.models import DutyStation
from mobilize.lifecycle.certificates import certificate_available, certificate_pdf
from mobilize.lifecycle.models import (
    ChecklistItem,
    EndOfAssignment,
    Extension,
    MissionClosure,
    Reassignment,
    Redeployment,
    RedeploymentConsent,
    Separation,
)
from mobilize.lifecycle.permissions import (
    closure_access,
    end_of_assignment_access,
    extension_access,
    reassignment_access,
    separation_access,
)
from mobilize.lifecycle.selectors import (
    ClosurePreview,
    assignment_lifecycle,
    assignments_ending,
    closure_list,
    end_of_assignment_list,
    extension_list,
    mission_closure_preview,
    reassignment_list,
    redeployment_list,
    separation_list,
)
from mobilize.lifecycle.services import (
    checklist_item_tick,
    end_of_assignment_start,
    extension_approve,
    extension_confirm_funding,
    extension_refuse,
    extension_request,
    final_clearance_grant,
    mission_close,
    performance_assess,
    reassignment_answer,
    reassignment_request,
    redeployment_consent_give,
    resignation_accept,
    resignation_return,
    resignation_submit,
    termination_record,
)
from mobilize.partners.models import HostEntity

router = Router(tags=["lifecycle"])

ENDING_ROLES = (Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT)


# --- schemas -----------------------------------------------------------------------------------


class ExtensionOut(Schema):
    id: int
    assignment: int = Field(..., alias="assignment_id")
    assignment_reference: str = Field(..., alias="assignment.reference")
    previous_planned_end: dt.date
    new_planned_end: dt.date
    reason: str
    status: Extension.Status
    requested_at: dt.datetime
    funding_confirmed_at: dt.datetime | None
    funding_note: str
    decided_at: dt.datetime | None
    decision_note: str
    version: int


class SeparationOut(Schema):
    id: int
    assignment: int = Field(..., alias="assignment_id")
    assignment_reference: str = Field(..., alias="assignment.reference")
    kind: Separation.Kind
    status: Separation.Status
    last_day: dt.date
    reason: str
    leave_rate: Decimal | None = Field(
        ..., description="Days a month in force on the last day; null when no leave accrual rate is in force."
    )
    leave_accrued_days: Decimal | None = Field(
        ..., description="Null when a day of the service has no leave accrual rate in force."
    )
    leave_taken_days: Decimal
    leave_owing_days: Decimal | None = Field(
        ..., description="Null when a day of the service has no leave accrual rate in force."
    )
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


class ReassignmentOut(Schema):
    id: int
    assignment: int = Field(..., alias="assignment_id")
    assignment_reference: str = Field(..., alias="assignment.reference")
    from_station: int = Field(..., alias="from_station_id")
    to_station: int = Field(..., alias="to_station_id")
    to_station_name: str = Field(..., alias="to_station.name")
    effective_date: dt.date
    reason: str
    status: Reassignment.Status
    requested_at: dt.datetime
    consent_at: dt.datetime | None


class ChecklistItemOut(Schema):
    id: int
    kind: ChecklistItem.Kind
    label: str = Field(..., alias="get_kind_display")
    done_at: dt.datetime | None


class EndOfAssignmentOut(Schema):
    id: int
    assignment: int = Field(..., alias="assignment_id")
    assignment_reference: str = Field(..., alias="assignment.reference")
    last_day: dt.date
    status: EndOfAssignment.Status
    started_at: dt.datetime
    rating: str
    assessment: str
    assessed_at: dt.datetime | None
    cleared_at: dt.datetime | None
    certificate_number: str
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj: EndOfAssignment) -> list[ChecklistItem]:
        return list(obj.items.order_by("pk"))


class ConsentOut(Schema):
    assignment: int = Field(..., alias="assignment_id")
    consents: bool
    preferences: str
    answered_at: dt.datetime


class RedeploymentOut(Schema):
    id: int
    closure: int = Field(..., alias="closure_id")
    assignment: int = Field(..., alias="assignment_id")
    volunteer: int = Field(..., alias="volunteer_id")
    status: Redeployment.Status
    position: int | None = Field(None, alias="position_id")
    host_entity: int | None = Field(None, alias="host_entity_id")
    application: int | None = Field(None, alias="application_id")
    new_assignment: int | None = Field(None, alias="new_assignment_id")


class ReminderOut(Schema):
    kind: str
    planned_end: dt.date
    due_on: dt.date
    sent_at: dt.datetime


class LifecycleOut(Schema):
    assignment: int
    reference: str
    status: str
    planned_end: dt.date
    actual_end: dt.date | None
    extensions: list[ExtensionOut]
    separations: list[SeparationOut]
    reassignments: list[ReassignmentOut]
    end_of_assignment: EndOfAssignmentOut | None
    consent: ConsentOut | None
    redeployment: RedeploymentOut | None
    reminders: list[ReminderOut]


class EndingOut(Schema):
    id: int
    reference: str
    volunteer_name: str = Field(..., alias="volunteer.full_name")
    host_entity: int = Field(..., alias="host_entity_id")
    duty_country: int = Field(..., alias="duty_country_id")
    planned_end: dt.date
    extension_open: bool
    end_started: bool
    separation_open: bool


class ClosureOut(Schema):
    id: int
    host_entity: int = Field(..., alias="host_entity_id")
    host_entity_acronym: str = Field(..., alias="host_entity.acronym")
    closure_date: dt.date
    note: str
    committed_at: dt.datetime
    ended_count: int
    cancelled_count: int
    redeployment_count: int
    months_not_paid: Decimal
    amount_not_paid: Decimal | None


class PreviewLineOut(Schema):
    assignment: int
    reference: str
    volunteer_name: str
    planned_end: dt.date
    new_status: str
    months_not_paid: Decimal
    amount_not_paid: Decimal | None
    consents: bool | None


class PreviewOptionOut(Schema):
    assignment: int
    volunteer: int
    positions: list[int]
    default_position: int | None


class PreviewOut(Schema):
    host_entity: int
    closure_date: dt.date
    already_closed: bool
    ended_count: int
    cancelled_count: int
    consenting_count: int
    redeployable_count: int
    months_not_paid: Decimal
    amount_not_paid: Decimal | None
    amount_unknown_count: int
    blocking: list[str]
    lines: list[PreviewLineOut]
    options: list[PreviewOptionOut]


class ExtensionIn(Schema):
    planned_end: dt.date = Field(..., description="The new planned end.")
    reason: str = ""


class NoteIn(Schema):
    note: str = ""


class ResignationIn(Schema):
    last_day: dt.date
    reason: str = ""
    leave_taken_days: Decimal = Field(Decimal("0"), ge=0, max_digits=6, decimal_places=2)


class TerminationIn(Schema):
    last_day: dt.date
    reason: str
    leave_taken_days: Decimal = Field(Decimal("0"), ge=0, max_digits=6, decimal_places=2)


class ReassignmentIn(Schema):
    duty_station: int
    effective_date: dt.date
    reason: str = ""


class AnswerIn(Schema):
    consents: bool


class ConsentIn(Schema):
    consents: bool
    preferences: str = ""


class TickIn(Schema):
    done: bool = True
    note: str = ""


class AssessmentIn(Schema):
    rating: EndOfAssignment.Rating
    assessment: str


class PreviewIn(Schema):
    host_entity: int
    closure_date: dt.date


class RedeploymentChoiceIn(Schema):
    assignment: int
    position: int | None = None


class ClosureIn(Schema):
    host_entity: int
    closure_date: dt.date
    note: str = ""
    redeployments: list[RedeploymentChoiceIn] | None = Field(
        None, description="One position (or none) per consenting volunteer; omitted: the preview's defaults."
    )


class ListFilterIn(Schema):
    status: str | None = None


# --- helpers -----------------------------------------------------------------------------------


def _host(pk: int) -> HostEntity:
    host = HostEntity.objects.filter(pk=pk).first()
    if host is None:
        raise ValidationError({"host_entity": [_("There is no record with this id that you may use.")]})
    return host


def _preview_out(preview: ClosurePreview) -> dict[str, Any]:
    defaults = preview.default_choices()
    return {
        "host_entity": preview.host_entity.pk,
        "closure_date": preview.closure_date,
        "already_closed": preview.already_closed is not None,
        "ended_count": preview.ended_count,
        "cancelled_count": preview.cancelled_count,
        "consenting_count": preview.consenting_count,
        "redeployable_count": preview.redeployable_count,
        "months_not_paid": preview.months_not_paid,
        "amount_not_paid": preview.amount_not_paid,
        "amount_unknown_count": preview.amount_unknown_count,
        "blocking": [a.reference for a in preview.blocking],
        "lines": [
            {
                "assignment": line.assignment.pk,
                "reference": line.assignment.reference,
                "volunteer_name": line.assignment.volunteer.full_name,
                "planned_end": line.assignment.planned_end,
                "new_status": line.new_status,
                "months_not_paid": line.cost.months,
                "amount_not_paid": line.cost.amount,
                "consents": line.consents,
            }
            for line in preview.lines
        ],
        "options": [
            {
                "assignment": option.assignment.pk,
                "volunteer": option.assignment.volunteer_id,
                "positions": [p.pk for p in option.positions],
                "default_position": defaults.get(option.assignment.pk),
            }
            for option in preview.options
        ],
    }


def _require_ending_role(request: AuthedRequest) -> None:
    if not request.user.has_role(*ENDING_ROLES):
        raise PermissionDenied


# --- one assignment ---------------------------------------------------------------------------


@router.get("/assignments/{assignment_id}", response={200: LifecycleOut, **ERROR_RESPONSES})
def assignment_lifecycle_api(request: AuthedRequest, assignment_id: int) -> dict[str, Any]:
    life = assignment_lifecycle(viewer=request.user, assignment_id=assignment_id)
    a = life.assignment
    return {
        "assignment": a.pk,
        "reference": a.reference,
        "status": a.status,
        "planned_end": a.planned_end,
        "actual_end": a.actual_end,
        "extensions": life.extensions,
        "separations": life.separations,
        "reassignments": life.reassignments,
        "end_of_assignment": life.end,
        "consent": life.consent,
        "redeployment": life.redeployment,
        "reminders": life.reminders,
    }


@router.post("/assignments/{assignment_id}/extensions", response={201: ExtensionOut, **ERROR_RESPONSES})
def extension_request_api(
    request: AuthedRequest, assignment_id: int, payload: ExtensionIn
) -> Status[Extension]:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    extension = extension_request(
        assignment=assignment, new_planned_end=payload.planned_end, reason=payload.reason, actor=request.user
    )
    return Status(201, extension)


@router.post("/assignments/{assignment_id}/resignation", response={201: SeparationOut, **ERROR_RESPONSES})
def resignation_api(request: AuthedRequest, assignment_id: int, payload: ResignationIn) -> Status[Separation]:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    separation = resignation_submit(
        assignment=assignment,
        actor=request.user,
        last_day=payload.last_day,
        reason=payload.reason,
        leave_taken_days=payload.leave_taken_days,
    )
    return Status(201, separation)


@router.post("/assignments/{assignment_id}/termination", response={201: SeparationOut, **ERROR_RESPONSES})
def termination_api(request: AuthedRequest, assignment_id: int, payload: TerminationIn) -> Status[Separation]:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    separation = termination_record(
        assignment=assignment,
        actor=request.user,
        last_day=payload.last_day,
        reason=payload.reason,
        leave_taken_days=payload.leave_taken_days,
    )
    return Status(201, separation)


@router.post("/assignments/{assignment_id}/reassignments", response={201: ReassignmentOut, **ERROR_RESPONSES})
def reassignment_request_api(
    request: AuthedRequest, assignment_id: int, payload: ReassignmentIn
) -> Status[Reassignment]:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    station = DutyStation.objects.filter(pk=payload.duty_station).first()
    if station is None:
        raise ValidationError({"duty_station": [_("There is no record with this id that you may use.")]})
    reassignment = reassignment_request(
        assignment=assignment,
        actor=request.user,
        duty_station=station,
        effective_date=payload.effective_date,
        reason=payload.reason,
    )
    return Status(201, reassignment)


@router.put(
    "/assignments/{assignment_id}/redeployment-consent", response={200: ConsentOut, **ERROR_RESPONSES}
)
def consent_api(request: AuthedRequest, assignment_id: int, payload: ConsentIn) -> RedeploymentConsent:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    return redeployment_consent_give(
        assignment=assignment, actor=request.user, consents=payload.consents, preferences=payload.preferences
    )


@router.post("/assignments/{assignment_id}/end", response={201: EndOfAssignmentOut, **ERROR_RESPONSES})
def end_start_api(request: AuthedRequest, assignment_id: int) -> Status[EndOfAssignment]:
    assignment = assignment_access(user=request.user, assignment_id=assignment_id)
    return Status(201, end_of_assignment_start(assignment=assignment, actor=request.user))


# --- extensions --------------------------------------------------------------------------------


@router.get("/extensions", response={200: list[ExtensionOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def extension_list_api(request: AuthedRequest, filters: Query[ListFilterIn]) -> QuerySet[Extension]:
    return extension_list(viewer=request.user, status=filters.status)


@router.get("/extensions/{extension_id}", response={200: ExtensionOut, **ERROR_RESPONSES})
def extension_detail_api(request: AuthedRequest, extension_id: int) -> Extension:
    return extension_access(user=request.user, extension_id=extension_id)


@router.post("/extensions/{extension_id}/confirm-funding", response={200: ExtensionOut, **ERROR_RESPONSES})
def extension_confirm_funding_api(request: AuthedRequest, extension_id: int, payload: NoteIn) -> Extension:
    extension = extension_access(user=request.user, extension_id=extension_id)
    return extension_confirm_funding(extension=extension, actor=request.user, note=payload.note)


@router.post("/extensions/{extension_id}/approve", response={200: ExtensionOut, **ERROR_RESPONSES})
def extension_approve_api(request: AuthedRequest, extension_id: int, payload: NoteIn) -> Extension:
    extension = extension_access(user=request.user, extension_id=extension_id)
    return extension_approve(extension=extension, actor=request.user, note=payload.note)


@router.post("/extensions/{extension_id}/refuse", response={200: ExtensionOut, **ERROR_RESPONSES})
def extension_refuse_api(request: AuthedRequest, extension_id: int, payload: NoteIn) -> Extension:
    extension = extension_access(user=request.user, extension_id=extension_id)
    return extension_refuse(extension=extension, actor=request.user, note=payload.note)


# --- resignations and terminations ----------------------------------------------------------------


@router.get("/separations", response={200: list[SeparationOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def separation_list_api(request: AuthedRequest, filters: Query[ListFilterIn]) -> QuerySet[Separation]:
    return separation_list(viewer=request.user, status=filters.status)


@router.get("/separations/{separation_id}", response={200: SeparationOut, **ERROR_RESPONSES})
def separation_detail_api(request: AuthedRequest, separation_id: int) -> Separation:
    return separation_access(user=request.user, separation_id=separation_id)


@router.post("/separations/{separation_id}/accept", response={200: SeparationOut, **ERROR_RESPONSES})
def resignation_accept_api(request: AuthedRequest, separation_id: int, payload: NoteIn) -> Separation:
    separation = separation_access(user=request.user, separation_id=separation_id)
    return resignation_accept(separation=separation, actor=request.user, note=payload.note)


@router.post("/separations/{separation_id}/return", response={200: SeparationOut, **ERROR_RESPONSES})
def resignation_return_api(request: AuthedRequest, separation_id: int, payload: NoteIn) -> Separation:
    separation = separation_access(user=request.user, separation_id=separation_id)
    return resignation_return(separation=separation, actor=request.user, note=payload.note)


# --- reassignments -----------------------------------------------------------------------------


@router.get("/reassignments", response={200: list[ReassignmentOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def reassignment_list_api(request: AuthedRequest, filters: Query[ListFilterIn]) -> QuerySet[Reassignment]:
    return reassignment_list(viewer=request.user, status=filters.status)


@router.post("/reassignments/{reassignment_id}/answer", response={200: ReassignmentOut, **ERROR_RESPONSES})
def reassignment_answer_api(request: AuthedRequest, reassignment_id: int, payload: AnswerIn) -> Reassignment:
    reassignment = reassignment_access(user=request.user, reassignment_id=reassignment_id)
    return reassignment_answer(reassignment=reassignment, actor=request.user, consents=payload.consents)


# --- ends of assignment ------------------------------------------------------------------------


@router.get("/ending", response={200: list[EndingOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def ending_api(request: AuthedRequest, within_days: int = 92) -> QuerySet[Assignment]:
    """Serving assignments the caller sees that end within ``within_days`` (0 to 366), soonest first."""
    _require_ending_role(request)
    if not 0 <= within_days <= 366:
        raise ValidationError({"within_days": [_("Give 0 to 366 days.")]})
    return assignments_ending(viewer=request.user, today=timezone.localdate(), within_days=within_days)


@router.get("/ends", response={200: list[EndOfAssignmentOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def end_list_api(request: AuthedRequest, filters: Query[ListFilterIn]) -> QuerySet[EndOfAssignment]:
    return end_of_assignment_list(viewer=request.user, status=filters.status).prefetch_related("items")


@router.get("/ends/{end_id}", response={200: EndOfAssignmentOut, **ERROR_RESPONSES})
def end_detail_api(request: AuthedRequest, end_id: int) -> EndOfAssignment:
    return end_of_assignment_access(user=request.user, end_id=end_id)


@router.post("/ends/{end_id}/items/{kind}", response={200: EndOfAssignmentOut, **ERROR_RESPONSES})
def checklist_tick_api(request: AuthedRequest, end_id: int, kind: str, payload: TickIn) -> EndOfAssignment:
    end = end_of_assignment_access(user=request.user, end_id=end_id)
    item = end.items.filter(kind=kind).first()
    if item is None:
        raise Http404
    checklist_item_tick(item=item, actor=request.user, done=payload.done, note=payload.note)
    return end_of_assignment_access(user=request.user, end_id=end_id)


@router.post("/ends/{end_id}/assessment", response={200: EndOfAssignmentOut, **ERROR_RESPONSES})
def assessment_api(request: AuthedRequest, end_id: int, payload: AssessmentIn) -> EndOfAssignment:
    end = end_of_assignment_access(user=request.user, end_id=end_id)
    return performance_assess(
        end=end, actor=request.user, rating=payload.rating, assessment=payload.assessment
    )


@router.post("/ends/{end_id}/clearance", response={200: EndOfAssignmentOut, **ERROR_RESPONSES})
def clearance_api(request: AuthedRequest, end_id: int) -> EndOfAssignment:
    end = end_of_assignment_access(user=request.user, end_id=end_id)
    return final_clearance_grant(end=end, actor=request.user)


@router.get("/ends/{end_id}/certificate", response={200: None, **ERROR_RESPONSES})
def certificate_api(request: AuthedRequest, end_id: int) -> HttpResponse:
    """The service certificate as PDF (409 before the final clearance)."""
    end = end_of_assignment_access(user=request.user, end_id=end_id)
    if not certificate_available(end):
        raise ApplicationError(_("The certificate is issued with the final clearance."), field="status")
    response = HttpResponse(certificate_pdf(end=end), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{end.certificate_number}.pdf"'
    return response


# --- mission closures --------------------------------------------------------------------------


@router.get("/closures", response={200: list[ClosureOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def closure_list_api(request: AuthedRequest) -> QuerySet[MissionClosure]:
    return closure_list(viewer=request.user)


@router.get("/closures/preview", response={200: PreviewOut, **ERROR_RESPONSES})
def closure_preview_api(request: AuthedRequest, query: Query[PreviewIn]) -> dict[str, Any]:
    """What closing the host on the date would do; writes nothing. Headquarters only."""
    if not request.user.has_role(Role.HQ):
        raise PermissionDenied
    preview = mission_closure_preview(
        viewer=request.user, host_entity=_host(query.host_entity), closure_date=query.closure_date
    )
    return _preview_out(preview)


@router.post("/closures", response={201: ClosureOut, **ERROR_RESPONSES})
def closure_commit_api(request: AuthedRequest, payload: ClosureIn) -> Status[MissionClosure]:
    if not request.user.has_role(Role.HQ):
        raise PermissionDenied
    choices = None
    if payload.redeployments is not None:
        choices = {row.assignment: row.position for row in payload.redeployments}
    closure = mission_close(
        host_entity=_host(payload.host_entity),
        closure_date=payload.closure_date,
        actor=request.user,
        redeployments=choices,
        note=payload.note,
    )
    return Status(201, closure)


@router.get("/closures/{closure_id}", response={200: ClosureOut, **ERROR_RESPONSES})
def closure_detail_api(request: AuthedRequest, closure_id: int) -> MissionClosure:
    return closure_access(user=request.user, closure_id=closure_id)


@router.get("/redeployments", response={200: list[RedeploymentOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def redeployment_list_api(request: AuthedRequest, closure: int | None = None) -> QuerySet[Redeployment]:
    found = closure_access(user=request.user, closure_id=closure) if closure is not None else None
    return redeployment_list(viewer=request.user, closure=found)
