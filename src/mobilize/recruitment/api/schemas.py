"""The schemas of the recruitment API: what goes in, what comes out.

What a viewer may read of a record is decided by ``recruitment.permissions`` (the resolvers below
ask it, through the request in the serialization context): the onboarding documents' names and the
candidate's notes only for the candidate, recruiters and headquarters; clearances for UNV's staff;
the host's assessment for staff and the host, never for the candidate.

(No ``from __future__ import annotations``: django-ninja reads these annotations at run time.)
"""

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from mobilize.api.schemas import DoaLanguageOut
from mobilize.matching.schemas import RankedCandidateOut
from mobilize.matching.selectors import MAX_LIMIT
from mobilize.recruitment.models import (
    SELF_DECLARATION_TEXT,
    Application,
    Assessment,
    Clearance,
    Offer,
    OnboardingTask,
)
from mobilize.recruitment.permissions import (
    can_read_offer_letter,
    can_read_onboarding_details,
    is_own_application,
)
from mobilize.recruitment.selectors import (
    application_actions,
    application_for,
    assessment_for,
    clearance_list,
    offer_actions,
    onboarding_task_actions,
)
from mobilize.reference.models import Modality
from mobilize.requests.models import Doa, DoaLanguage, Position


def _viewer(context: Any) -> Any:
    return getattr((context or {}).get("request"), "user", None)


# --- opportunities ----------------------------------------------------------------------------


class OpportunityFilterIn(Schema):
    """Narrow the published opportunities; each filter is an id, except ``q`` (words in the title,
    reference, description or host's acronym). ``arrangement``: every DoA is onsite until online
    volunteering exists, so ``online`` finds none."""

    category: int | None = None
    country: int | None = None
    expertise: int | None = None
    language: int | None = None
    sdg: int | None = None
    reserved_for_pwd: bool | None = None
    modality: Modality | None = None
    arrangement: Literal["onsite", "online"] | None = None
    q: str = Field("", max_length=200)


class OpportunityOut(Schema):
    id: int
    reference: str
    title: str
    host_entity: int
    host_entity_acronym: str
    country: int
    country_name: str
    category: int
    category_code: str
    modality: str
    sdg: int | None
    sdg_number: int | None
    start_date: dt.date
    end_date: dt.date
    duration_days: int
    reserved_for_pwd: bool
    reasonable_accommodation: bool

    @staticmethod
    def resolve_host_entity(obj: Doa) -> int:
        return obj.host_entity_id

    @staticmethod
    def resolve_host_entity_acronym(obj: Doa) -> str:
        return obj.host_entity.acronym

    @staticmethod
    def resolve_country(obj: Doa) -> int:
        return obj.country_id

    @staticmethod
    def resolve_country_name(obj: Doa) -> str:
        return obj.country.name

    @staticmethod
    def resolve_category(obj: Doa) -> int:
        return obj.category_id

    @staticmethod
    def resolve_category_code(obj: Doa) -> str:
        return obj.category.code

    @staticmethod
    def resolve_modality(obj: Doa) -> str:
        return obj.category.modality

    @staticmethod
    def resolve_sdg(obj: Doa) -> int | None:
        return obj.sdg_id

    @staticmethod
    def resolve_sdg_number(obj: Doa) -> int | None:
        return obj.sdg.number if obj.sdg is not None else None


class OpportunityExpertiseOut(Schema):
    id: int
    code: str
    name: str


class OpportunityPositionOut(Schema):
    id: int
    duty_station: int
    duty_station_name: str
    status: str

    @staticmethod
    def resolve_duty_station(obj: Position) -> int:
        return obj.duty_station_id

    @staticmethod
    def resolve_duty_station_name(obj: Position) -> str:
        return obj.duty_station.name


class OwnApplicationRefOut(Schema):
    id: int
    status: str
    version: int


class OpportunityDetailOut(OpportunityOut):
    """One opportunity, with ``my_application`` (the caller's own, if any) and the text of the
    self-declaration an application confirms."""

    description: str
    expected_results: str
    extension_possible: bool
    education: str
    min_experience_months: int
    driving_licence_required: bool
    expertise: list[OpportunityExpertiseOut]
    languages: list[DoaLanguageOut]
    positions: list[OpportunityPositionOut]
    self_declaration_text: str
    my_application: OwnApplicationRefOut | None

    @staticmethod
    def resolve_expertise(obj: Doa) -> list[OpportunityExpertiseOut]:
        return [OpportunityExpertiseOut(id=a.pk, code=a.code, name=a.name_en) for a in obj.expertise.all()]

    @staticmethod
    def resolve_languages(obj: Doa) -> list[DoaLanguage]:
        return list(obj.languages.all())

    @staticmethod
    def resolve_positions(obj: Doa) -> list[Position]:
        return [p for p in obj.positions.all() if p.status == Position.Status.OPEN]

    @staticmethod
    def resolve_self_declaration_text(obj: Doa) -> str:
        return str(SELF_DECLARATION_TEXT)

    @staticmethod
    def resolve_my_application(obj: Doa, context: Any) -> OwnApplicationRefOut | None:
        viewer = _viewer(context)
        own = application_for(viewer=viewer, doa=obj) if viewer is not None else None
        if own is None:
            return None
        return OwnApplicationRefOut(id=own.pk, status=own.status, version=own.version)


# --- applications -----------------------------------------------------------------------------


class ApplicationSubmitIn(Schema):
    """The candidate's application: why, from when, and the self-declaration (``true``)."""

    motivation: str = ""
    available_from: dt.date | None = None
    self_declaration: bool = False


class CandidatePickIn(Schema):
    """A candidate from the talent pool, by id."""

    candidate: int


class ApplicationInviteIn(CandidatePickIn):
    note: str = ""


class ApplicationFilterIn(Schema):
    doa: int | None = None
    status: Application.Status | None = None
    candidate: int | None = None


class ApplicationOut(Schema):
    id: int
    doa: int
    doa_reference: str
    doa_title: str
    doa_status: str
    host_entity_acronym: str
    country_name: str
    candidate: int
    candidate_name: str
    source: Application.Source
    status: Application.Status
    motivation: str
    available_from: dt.date | None
    self_declaration: bool
    invitation_note: str
    reserve_rank: int | None
    assignment: int | None
    created_at: dt.datetime
    invited_at: dt.datetime | None
    applied_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    shortlisted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    selected_at: dt.datetime | None
    offered_at: dt.datetime | None
    accepted_at: dt.datetime | None
    on_duty_at: dt.datetime | None
    closed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_doa(obj: Application) -> int:
        return obj.doa_id

    @staticmethod
    def resolve_doa_reference(obj: Application) -> str:
        return obj.doa.reference

    @staticmethod
    def resolve_doa_title(obj: Application) -> str:
        return obj.doa.title

    @staticmethod
    def resolve_doa_status(obj: Application) -> str:
        return obj.doa.status

    @staticmethod
    def resolve_host_entity_acronym(obj: Application) -> str:
        return obj.doa.host_entity.acronym

    @staticmethod
    def resolve_country_name(obj: Application) -> str:
        return obj.doa.country.name

    @staticmethod
    def resolve_candidate(obj: Application) -> int:
        return obj.candidate_id

    @staticmethod
    def resolve_candidate_name(obj: Application) -> str:
        return obj.candidate.full_name

    @staticmethod
    def resolve_assignment(obj: Application) -> int | None:
        return obj.assignment_id


class ClearanceOut(Schema):
    id: int
    application: int
    doa_reference: str
    candidate_name: str
    kind: Clearance.Kind
    status: Clearance.Status
    note: str
    decided_by: str | None
    decided_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_application(obj: Clearance) -> int:
        return obj.application_id

    @staticmethod
    def resolve_doa_reference(obj: Clearance) -> str:
        return obj.application.doa.reference

    @staticmethod
    def resolve_candidate_name(obj: Clearance) -> str:
        return obj.application.candidate.full_name

    @staticmethod
    def resolve_decided_by(obj: Clearance) -> str | None:
        return obj.decided_by.username if obj.decided_by is not None else None


class ClearanceFilterIn(Schema):
    doa: int | None = None
    application: int | None = None
    status: Clearance.Status | None = None


class ClearanceDecideIn(Schema):
    """``cleared`` or ``failed`` (then the note, saying why, is required)."""

    status: str
    note: str = ""


class AssessmentRecordIn(Schema):
    """``method``: not_assessed (no result, no score), interview, written_test or desk_review with
    ``result`` recommended or not_recommended and optionally a ``score`` from 0 to 100."""

    method: str
    result: str = ""
    score: int | None = None
    note: str = ""


class AssessmentOut(Schema):
    application: int
    method: Assessment.Method
    result: str
    score: int | None
    note: str
    assessed_by: str | None
    assessed_at: dt.datetime
    version: int

    @staticmethod
    def resolve_application(obj: Assessment) -> int:
        return obj.application_id

    @staticmethod
    def resolve_assessed_by(obj: Assessment) -> str | None:
        return obj.assessed_by.username if obj.assessed_by is not None else None


class ReserveIn(Schema):
    """The rank on the reserve list (1 is offered first); by default after the last."""

    reserve_rank: int | None = None


class OfferRefOut(Schema):
    id: int
    status: Offer.Status
    position: int
    entry_on_duty: dt.date
    respond_by: dt.date

    @staticmethod
    def resolve_position(obj: Offer) -> int:
        return obj.position_id


class ApplicationDetailOut(ApplicationOut):
    """One application with what the caller may do to it now (``actions``), its offers, and —
    when the caller may read them — its clearances and the host's assessment."""

    actions: list[str]
    offers: list[OfferRefOut]
    clearances: list[ClearanceOut]
    assessment: AssessmentOut | None

    @staticmethod
    def resolve_actions(obj: Application, context: Any) -> list[str]:
        viewer = _viewer(context)
        return application_actions(user=viewer, application=obj) if viewer is not None else []

    @staticmethod
    def resolve_offers(obj: Application) -> list[Offer]:
        return list(obj.offers.all())

    @staticmethod
    def resolve_clearances(obj: Application, context: Any) -> list[Clearance]:
        viewer = _viewer(context)
        return list(clearance_list(viewer=viewer, application=obj)) if viewer is not None else []

    @staticmethod
    def resolve_assessment(obj: Application, context: Any) -> Assessment | None:
        viewer = _viewer(context)
        return assessment_for(viewer=viewer, application=obj) if viewer is not None else None


# --- ranking ----------------------------------------------------------------------------------


class RecruitmentRankingQueryIn(Schema):
    """``applicants`` (the default): the DoA's open applications you may see (or those in
    ``status``, repeat it), eligible ones ranked, then the others with the rules they fail.
    ``pool``: the best ``limit`` eligible candidates of the talent pool (as the matching API's
    ranking), each with their application to this DoA if they have one."""

    scope: Literal["applicants", "pool"] = "applicants"
    status: list[Application.Status] = Field([], description="With scope=applicants (repeat it).")
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="With scope=pool.")


class RankedApplicationOut(RankedCandidateOut):
    """A ranked candidate (as the matching API gives it) with their application to the DoA (none:
    a pool candidate who has not applied)."""

    application: int | None
    application_status: str | None
    application_source: str | None


class RecruitmentRankingOut(Schema):
    doa: int
    doa_reference: str
    scope: str
    weights: dict[str, float]
    results: list[RankedApplicationOut]


# --- a DoA's progress -------------------------------------------------------------------------


class ShortlistSlaOut(Schema):
    """The shortlist's service level: ``target_min`` to ``target_max`` candidates shortlisted by
    ``due`` (14 days after approval). ``state``: not_due (not approved), on_track, met, late."""

    shortlisted: int
    target_min: int
    target_max: int
    approved_on: dt.date | None
    due: dt.date | None
    reached_on: dt.date | None
    state: str
    days_left: int | None
    over_target: bool


class StageDaysOut(Schema):
    key: str
    label: str
    at: dt.datetime | dt.date | None
    days: int | None


class RecruitmentProgressOut(Schema):
    """Where a DoA's recruitment stands: the shortlist's service level, each stage with the calendar
    days since approval, and the applications you may see by status."""

    doa: int
    doa_reference: str
    doa_status: str
    shortlist: ShortlistSlaOut
    stages: list[StageDaysOut]
    applications: dict[str, int]


# --- offers and onboarding --------------------------------------------------------------------


class OfferMakeIn(Schema):
    """An open position of the DoA (id), the proposed entry on duty, the planned end and the last
    day to answer (today at the earliest, the entry on duty at the latest)."""

    position: int
    entry_on_duty: dt.date
    planned_end: dt.date
    respond_by: dt.date


class OfferDeclineIn(Schema):
    reason: str = ""


class OfferWithdrawIn(Schema):
    reason: str


class OfferFilterIn(Schema):
    doa: int | None = None
    application: int | None = None
    status: Offer.Status | None = None


class EntryOnDutyIn(Schema):
    """The day of the entry on duty, when it is not the offer's."""

    entry_on_duty: dt.date | None = None


class TaskReturnIn(Schema):
    note: str


def _task_details(task: OnboardingTask, context: Any) -> bool:
    """Whether the caller may see ``task``'s document (name, type, size, link)."""
    viewer = _viewer(context)
    return viewer is not None and bool(task.document) and can_read_onboarding_details(viewer, task)


class OnboardingTaskOut(Schema):
    """An onboarding task's progress. The document's name, type and size are given only to the
    candidate, recruiters and headquarters (``download_url`` likewise); the candidate's ``note``
    only to the candidate here (staff read it, audited, at ``GET /onboarding-tasks/{id}``)."""

    id: int
    offer: int
    kind: OnboardingTask.Kind
    status: OnboardingTask.Status
    has_document: bool
    original_name: str | None
    content_type: str | None
    size: int | None
    note: str | None
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    version: int
    download_url: str | None
    actions: list[str]

    @staticmethod
    def resolve_offer(obj: OnboardingTask) -> int:
        return obj.offer_id

    @staticmethod
    def resolve_has_document(obj: OnboardingTask) -> bool:
        return bool(obj.document)

    @staticmethod
    def resolve_original_name(obj: OnboardingTask, context: Any) -> str | None:
        return obj.original_name if _task_details(obj, context) else None

    @staticmethod
    def resolve_content_type(obj: OnboardingTask, context: Any) -> str | None:
        return obj.content_type if _task_details(obj, context) else None

    @staticmethod
    def resolve_size(obj: OnboardingTask, context: Any) -> int | None:
        return obj.size if _task_details(obj, context) else None

    @staticmethod
    def resolve_note(obj: OnboardingTask, context: Any) -> str | None:
        viewer = _viewer(context)
        own = viewer is not None and is_own_application(viewer, obj.offer.application)
        return obj.note if own else None

    @staticmethod
    def resolve_download_url(obj: OnboardingTask, context: Any) -> str | None:
        if not _task_details(obj, context):
            return None
        return reverse("api:onboarding_document_api", kwargs={"task_id": obj.pk})

    @staticmethod
    def resolve_actions(obj: OnboardingTask, context: Any) -> list[str]:
        viewer = _viewer(context)
        return onboarding_task_actions(user=viewer, task=obj) if viewer is not None else []


class OnboardingTaskDetailOut(OnboardingTaskOut):
    """One onboarding task; its ``note`` is given to the candidate, recruiters and headquarters
    (a staff read is recorded in the audit trail)."""

    @staticmethod
    def resolve_note(obj: OnboardingTask, context: Any) -> str | None:
        viewer = _viewer(context)
        return obj.note if viewer is not None and can_read_onboarding_details(viewer, obj) else None


class OfferOut(Schema):
    id: int
    application: int
    doa: int
    doa_reference: str
    doa_title: str
    candidate: int
    candidate_name: str
    position: int
    duty_station_name: str
    status: Offer.Status
    entry_on_duty: dt.date
    planned_end: dt.date
    respond_by: dt.date
    made_at: dt.datetime
    responded_at: dt.datetime | None
    decline_reason: str
    withdrawn_at: dt.datetime | None
    withdraw_reason: str
    version: int

    @staticmethod
    def resolve_application(obj: Offer) -> int:
        return obj.application_id

    @staticmethod
    def resolve_doa(obj: Offer) -> int:
        return obj.application.doa_id

    @staticmethod
    def resolve_doa_reference(obj: Offer) -> str:
        return obj.application.doa.reference

    @staticmethod
    def resolve_doa_title(obj: Offer) -> str:
        return obj.application.doa.title

    @staticmethod
    def resolve_candidate(obj: Offer) -> int:
        return obj.application.candidate_id

    @staticmethod
    def resolve_candidate_name(obj: Offer) -> str:
        return obj.application.candidate.full_name

    @staticmethod
    def resolve_position(obj: Offer) -> int:
        return obj.position_id

    @staticmethod
    def resolve_duty_station_name(obj: Offer) -> str:
        return obj.position.duty_station.name


class OfferDetailOut(OfferOut):
    """One offer with what the caller may do now (``actions``), its onboarding tasks and the link
    to its letter (for those who may read it)."""

    actions: list[str]
    letter_url: str | None
    onboarding_tasks: list[OnboardingTaskOut]

    @staticmethod
    def resolve_actions(obj: Offer, context: Any) -> list[str]:
        viewer = _viewer(context)
        return offer_actions(user=viewer, offer=obj) if viewer is not None else []

    @staticmethod
    def resolve_letter_url(obj: Offer, context: Any) -> str | None:
        viewer = _viewer(context)
        if viewer is None or not can_read_offer_letter(viewer, obj):
            return None
        return reverse("api:offer_letter_api", kwargs={"offer_id": obj.pk})

    @staticmethod
    def resolve_onboarding_tasks(obj: Offer) -> list[OnboardingTask]:
        return list(obj.onboarding_tasks.all())


class EntryOnDutyOut(Schema):
    """The entry on duty recorded: the assignment made, and where the application and DoA now stand
    (the DoA is ``recruited`` once its last position is filled)."""

    assignment: int
    assignment_reference: str
    entry_on_duty: dt.date
    planned_end: dt.date
    offer: int
    application: int
    application_status: str
    doa: int
    doa_status: str
