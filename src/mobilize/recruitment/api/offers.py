"""Offers, their letter, onboarding tasks and the entry on duty, over JSON.

The offer letter and the onboarding documents are files, never public: each is streamed to whoever
may read it (the candidate, recruiters, headquarters), as an attachment that is not cached; a staff
read of an onboarding document or note is recorded in the audit trail.

(No ``from __future__ import annotations`` here: django-ninja reads the annotations of the
paginated views through its wrapper, whose module cannot resolve them as strings.)
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.core.audit import audit_personal_read
from mobilize.recruitment.api.schemas import (
    EntryOnDutyIn,
    EntryOnDutyOut,
    OfferDeclineIn,
    OfferDetailOut,
    OfferFilterIn,
    OfferMakeIn,
    OfferOut,
    OfferWithdrawIn,
    OnboardingTaskDetailOut,
    OnboardingTaskOut,
    TaskReturnIn,
)
from mobilize.recruitment.files import onboarding_document_response
from mobilize.recruitment.letters import offer_letter_pdf
from mobilize.recruitment.models import Offer, OnboardingTask
from mobilize.recruitment.permissions import (
    application_access,
    can_read_offer_letter,
    can_read_onboarding_details,
    can_recruit,
    is_own_application,
    offer_access,
    onboarding_task_access,
)
from mobilize.recruitment.selectors import (
    offer_get,
    offer_list,
    onboarding_document_read,
    onboarding_task_get,
    onboarding_task_list,
)
from mobilize.recruitment.services import (
    offer_accept,
    offer_decline,
    offer_enter_on_duty,
    offer_make,
    offer_withdraw,
    onboarding_task_return,
    onboarding_task_submit,
    onboarding_task_verify,
)
from mobilize.requests.models import Doa, Position

router = Router()

_FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as an attachment.",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
_PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The offer letter (PDF), as an attachment.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _offer(request: AuthedRequest, offer_id: int) -> Offer:
    """The offer as the caller now sees it (fresh, with its onboarding tasks)."""
    return offer_get(viewer=request.user, offer_id=offer_id)


# --- offers -----------------------------------------------------------------------------------


@router.post("/applications/{application_id}/offers", response={201: OfferDetailOut, **ERROR_RESPONSES})
def offer_make_api(request: AuthedRequest, application_id: int, payload: OfferMakeIn) -> Status[Offer]:
    """Offer an open position of the DoA to its preferred candidate (or, once the preferred ones no
    longer cover the positions, to a reserve one): recruiters and headquarters. 422 on
    ``position`` when it is not an open position of the DoA without a live offer, on the dates,
    or on ``candidate`` when no longer eligible on the entry on duty."""
    application = application_access(user=request.user, application_id=application_id)
    if not can_recruit(request.user, application.doa):
        raise PermissionDenied(_("You may not make offers."))
    position = Position.objects.filter(pk=payload.position, doa_id=application.doa_id).first()
    if position is None:
        raise ValidationError({"position": [_("Choose a position of this DoA.")]})
    offer = offer_make(
        application=application,
        position=position,
        actor=request.user,
        entry_on_duty=payload.entry_on_duty,
        planned_end=payload.planned_end,
        respond_by=payload.respond_by,
    )
    return Status(201, _offer(request, offer.pk))


@router.get("/offers", response={200: list[OfferOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def offer_list_api(request: AuthedRequest, filters: Query[OfferFilterIn]) -> QuerySet[Offer]:
    """The offers you may see (a candidate: their own), the newest first."""
    qs = offer_list(viewer=request.user, status=filters.status)
    if filters.doa is not None:
        qs = qs.filter(application__doa_id=filters.doa)
    if filters.application is not None:
        qs = qs.filter(application_id=filters.application)
    return qs


@router.get("/offers/{offer_id}", response={200: OfferDetailOut, **ERROR_RESPONSES})
def offer_detail_api(request: AuthedRequest, offer_id: int) -> Offer:
    """One offer, with your ``actions`` on it, its onboarding tasks and its letter's link."""
    return _offer(request, offer_id)


@router.post("/offers/{offer_id}/accept", response={200: OfferDetailOut, **ERROR_RESPONSES})
def offer_accept_api(request: AuthedRequest, offer_id: int) -> Offer:
    """Accept your offer by its deadline (409 ``respond_by`` after it); 422 on ``offer`` when it
    overlaps another accepted offer or an assignment. Opens the onboarding tasks."""
    offer_accept(offer=offer_access(user=request.user, offer_id=offer_id), actor=request.user)
    return _offer(request, offer_id)


@router.post("/offers/{offer_id}/decline", response={200: OfferDetailOut, **ERROR_RESPONSES})
def offer_decline_api(request: AuthedRequest, offer_id: int, payload: OfferDeclineIn | None = None) -> Offer:
    """Decline your offer, optionally saying why (the body may be left out); the application closes."""
    reason = payload.reason if payload is not None else ""
    offer_decline(offer=offer_access(user=request.user, offer_id=offer_id), actor=request.user, reason=reason)
    return _offer(request, offer_id)


@router.post("/offers/{offer_id}/withdraw", response={200: OfferDetailOut, **ERROR_RESPONSES})
def offer_withdraw_api(request: AuthedRequest, offer_id: int, payload: OfferWithdrawIn) -> Offer:
    """Withdraw an open or accepted offer for a reason (recruiters and headquarters)."""
    offer = offer_access(user=request.user, offer_id=offer_id)
    offer_withdraw(offer=offer, actor=request.user, reason=payload.reason)
    return _offer(request, offer_id)


@router.get(
    "/offers/{offer_id}/letter",
    response=ERROR_RESPONSES,
    url_name="offer_letter_api",
    openapi_extra=_PDF_RESPONSE,
)
def offer_letter_api(request: AuthedRequest, offer_id: int) -> HttpResponse:
    """The offer letter as a PDF: the candidate, recruiters and headquarters (403 for others who
    see the offer)."""
    offer = offer_access(user=request.user, offer_id=offer_id)
    if not can_read_offer_letter(request.user, offer):
        raise PermissionDenied
    response = HttpResponse(offer_letter_pdf(offer=offer), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="offer-{offer.application.doa.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/offers/{offer_id}/enter-on-duty", response={201: EntryOnDutyOut, **ERROR_RESPONSES})
def offer_enter_on_duty_api(
    request: AuthedRequest, offer_id: int, payload: EntryOnDutyIn | None = None
) -> Status[EntryOnDutyOut]:
    """Record the entry on duty of an accepted offer whose onboarding tasks are all verified
    (recruiters and headquarters; 409 ``onboarding`` naming those that are not): the assignment is
    made; with the DoA's last position filled, the DoA is recruited and the other candidates are
    told they were not selected. The body may be left out (the offer's date)."""
    offer = offer_access(user=request.user, offer_id=offer_id)
    day = payload.entry_on_duty if payload is not None else None
    assignment = offer_enter_on_duty(offer=offer, actor=request.user, entry_on_duty=day)
    offer.refresh_from_db()
    application = offer.application
    application.refresh_from_db()
    doa = Doa.objects.only("pk", "status").get(pk=application.doa_id)
    return Status(
        201,
        EntryOnDutyOut(
            assignment=assignment.pk,
            assignment_reference=assignment.reference,
            entry_on_duty=assignment.entry_on_duty,
            planned_end=assignment.planned_end,
            offer=offer.pk,
            application=application.pk,
            application_status=application.status,
            doa=doa.pk,
            doa_status=doa.status,
        ),
    )


# --- onboarding -------------------------------------------------------------------------------


@router.get("/offers/{offer_id}/onboarding-tasks", response={200: list[OnboardingTaskOut], **ERROR_RESPONSES})
def onboarding_task_list_api(request: AuthedRequest, offer_id: int) -> Any:
    """The onboarding tasks of an accepted offer (five at most), in a fixed order."""
    offer = offer_access(user=request.user, offer_id=offer_id)
    return list(
        onboarding_task_list(viewer=request.user, offer=offer).select_related("offer__application__candidate")
    )


def _task(request: AuthedRequest, task_id: int) -> OnboardingTask:
    return onboarding_task_get(viewer=request.user, task_id=task_id)


@router.get("/onboarding-tasks/{task_id}", response={200: OnboardingTaskDetailOut, **ERROR_RESPONSES})
def onboarding_task_detail_api(request: AuthedRequest, task_id: int) -> OnboardingTask:
    """One onboarding task; its note only for the candidate, recruiters and headquarters (a staff
    read of a note is recorded in the audit trail)."""
    task = _task(request, task_id)
    user = request.user
    if (
        task.note
        and can_read_onboarding_details(user, task)
        and not is_own_application(user, task.offer.application)
    ):
        audit_personal_read(actor=user, subject=task, what=f"onboarding.{task.kind}.note")
    return task


@router.post("/onboarding-tasks/{task_id}/submit", response={200: OnboardingTaskOut, **ERROR_RESPONSES})
def onboarding_task_submit_api(
    request: AuthedRequest,
    task_id: int,
    note: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> OnboardingTask:
    """Submit an onboarding task of your accepted offer (multipart: ``file``, a PDF, JPEG or PNG,
    and/or ``note``); a new file replaces the last. 422 on ``file`` when it is refused."""
    task = onboarding_task_access(user=request.user, task_id=task_id)
    onboarding_task_submit(task=task, actor=request.user, file=file, note=note)
    return _task(request, task_id)


@router.get(
    "/onboarding-tasks/{task_id}/document",
    response=ERROR_RESPONSES,
    url_name="onboarding_document_api",
    openapi_extra=_FILE_RESPONSE,
)
def onboarding_document_api(request: AuthedRequest, task_id: int) -> FileResponse:
    """Stream the task's document: the candidate, recruiters and headquarters (403 for others who
    see the task; 404 when there is none). A staff read is recorded in the audit trail."""
    task = _task(request, task_id)
    return onboarding_document_response(onboarding_document_read(viewer=request.user, task=task))


@router.post("/onboarding-tasks/{task_id}/verify", response={200: OnboardingTaskOut, **ERROR_RESPONSES})
def onboarding_task_verify_api(request: AuthedRequest, task_id: int) -> OnboardingTask:
    """Verify a submitted onboarding task: it is done (recruiters and headquarters)."""
    onboarding_task_verify(
        task=onboarding_task_access(user=request.user, task_id=task_id), actor=request.user
    )
    return _task(request, task_id)


@router.post("/onboarding-tasks/{task_id}/return", response={200: OnboardingTaskOut, **ERROR_RESPONSES})
def onboarding_task_return_api(request: AuthedRequest, task_id: int, payload: TaskReturnIn) -> OnboardingTask:
    """Return a submitted onboarding task to the candidate, saying what is missing (``note``)."""
    task = onboarding_task_access(user=request.user, task_id=task_id)
    onboarding_task_return(task=task, actor=request.user, note=payload.note)
    return _task(request, task_id)
