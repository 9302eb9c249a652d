"""Opportunities, applications, the ranking, clearances, the host's assessment and selection, and a
DoA's recruitment progress, over JSON.

Each read goes through the caller's scope (a record they may not see is a 404, like a missing one),
each write through one service, which decides whether the caller may act (403) and whether the
record's state allows it (409). An id in a request body that names nothing the caller may use is a
422 on that field.

(No ``from __future__ import annotations`` here: django-ninja reads the annotations of the
paginated views through its wrapper, whose module cannot resolve them as strings.)
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.accounts.models import Role
from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.core.errors import ApplicationError
from mobilize.matching.permissions import matching_doa_access
from mobilize.matching.schemas import ranked_fields
from mobilize.matching.selectors import RankedCandidate, candidate_rank
from mobilize.matching.weights import matching_weights
from mobilize.recruitment.api.schemas import (
    ApplicationDetailOut,
    ApplicationFilterIn,
    ApplicationInviteIn,
    ApplicationOut,
    ApplicationSubmitIn,
    AssessmentOut,
    AssessmentRecordIn,
    CandidatePickIn,
    ClearanceDecideIn,
    ClearanceFilterIn,
    ClearanceOut,
    OpportunityDetailOut,
    OpportunityFilterIn,
    OpportunityOut,
    RankedApplicationOut,
    RecruitmentProgressOut,
    RecruitmentRankingOut,
    RecruitmentRankingQueryIn,
    ReserveIn,
    ShortlistSlaOut,
    StageDaysOut,
)
from mobilize.recruitment.models import Application, Assessment, Clearance
from mobilize.recruitment.permissions import (
    application_access,
    can_recruit,
    clearance_access,
    own_candidate,
)
from mobilize.recruitment.selectors import (
    OpportunityFilters,
    application_counts,
    application_get,
    application_list,
    application_own_list,
    application_ranking,
    assessment_for,
    clearance_list,
    opportunity_get,
    opportunity_list,
    shortlist_sla,
)
from mobilize.recruitment.services import (
    application_invite,
    application_select,
    application_shortlist,
    application_source,
    application_submit,
    application_submit_to_host,
    application_withdraw,
    assessment_record,
    clearance_decide,
)
from mobilize.requests.models import Doa
from mobilize.requests.permissions import doa_access
from mobilize.requests.selectors import doa_stages
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import candidate_scope

router = Router()


def _application(request: AuthedRequest, application_id: int) -> Application:
    """The application as the caller now sees it (fresh, with its offers)."""
    return application_get(viewer=request.user, application_id=application_id)


def _pool_candidate(request: AuthedRequest, candidate_id: int) -> Candidate:
    """A candidate of the talent pool the caller may see, named in the body (422 otherwise)."""
    found = Candidate.objects.filter(candidate_scope(request.user), pk=candidate_id).first()
    if found is None:
        raise ValidationError({"candidate": [_("There is no candidate with this id that you may use.")]})
    return found


# --- opportunities ----------------------------------------------------------------------------


@router.get("/opportunities", response={200: list[OpportunityOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def opportunity_list_api(request: AuthedRequest, filters: Query[OpportunityFilterIn]) -> QuerySet[Doa]:
    """The published opportunities (DoAs being sourced), the soonest start first, narrowed by the
    filters; none for donors."""
    return opportunity_list(
        viewer=request.user,
        filters=OpportunityFilters(
            category_id=filters.category,
            country_id=filters.country,
            expertise_id=filters.expertise,
            language_id=filters.language,
            sdg_id=filters.sdg,
            reserved_for_pwd=filters.reserved_for_pwd,
            arrangement=filters.arrangement,
            modality=filters.modality,
            q=filters.q,
        ),
    )


@router.get("/opportunities/{doa_id}", response={200: OpportunityDetailOut, **ERROR_RESPONSES})
def opportunity_detail_api(request: AuthedRequest, doa_id: int) -> Doa:
    """One published opportunity (404 once it is no longer being sourced)."""
    return opportunity_get(viewer=request.user, doa_id=doa_id)


@router.post("/opportunities/{doa_id}/apply", response={201: ApplicationDetailOut, **ERROR_RESPONSES})
def application_submit_api(
    request: AuthedRequest, doa_id: int, payload: ApplicationSubmitIn
) -> Status[Application]:
    """Apply for yourself (a candidate with a profile, having consented to the processing of their
    data), or accept an invitation to apply. 403 for anyone but a candidate; 409 ``candidate``
    without a profile, ``consent`` without consent, ``candidate`` when already applied."""
    doa = opportunity_get(viewer=request.user, doa_id=doa_id)
    if not request.user.has_role(Role.CANDIDATE):
        raise PermissionDenied(_("Only candidates apply."))
    candidate = own_candidate(request.user)
    if candidate is None:
        raise ApplicationError(
            _("Create your candidate profile before applying."), field="candidate", code="profile_required"
        )
    application = application_submit(
        doa=doa,
        candidate=candidate,
        actor=request.user,
        motivation=payload.motivation,
        available_from=payload.available_from,
        self_declaration=payload.self_declaration,
    )
    return Status(201, _application(request, application.pk))


# --- applications -----------------------------------------------------------------------------


@router.get("/applications/mine", response={200: list[ApplicationOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def application_own_list_api(request: AuthedRequest) -> QuerySet[Application]:
    """Your own applications as a candidate, the newest first (none for anyone else)."""
    return application_own_list(viewer=request.user)


@router.get("/applications", response={200: list[ApplicationOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def application_list_api(
    request: AuthedRequest, filters: Query[ApplicationFilterIn]
) -> QuerySet[Application]:
    """The applications you may see (of a DoA, in a status, of a candidate), the oldest first: a
    host focal point only those submitted to it, a candidate only their own."""
    qs = application_list(viewer=request.user, status=filters.status)
    if filters.doa is not None:
        qs = qs.filter(doa_id=filters.doa)
    if filters.candidate is not None:
        qs = qs.filter(candidate_id=filters.candidate)
    return qs


@router.get("/applications/{application_id}", response={200: ApplicationDetailOut, **ERROR_RESPONSES})
def application_detail_api(request: AuthedRequest, application_id: int) -> Application:
    """One application, with your ``actions`` on it, its offers and, if you may read them, its
    clearances and the host's assessment."""
    return _application(request, application_id)


@router.post(
    "/applications/{application_id}/withdraw", response={200: ApplicationDetailOut, **ERROR_RESPONSES}
)
def application_withdraw_api(request: AuthedRequest, application_id: int) -> Application:
    """Withdraw your application (or decline an invitation) before an offer: the candidate only."""
    application = application_access(user=request.user, application_id=application_id)
    application_withdraw(application=application, actor=request.user)
    return _application(request, application_id)


@router.post("/doas/{doa_id}/invite", response={201: ApplicationDetailOut, **ERROR_RESPONSES})
def application_invite_api(
    request: AuthedRequest, doa_id: int, payload: ApplicationInviteIn
) -> Status[Application]:
    """Direct recruitment: invite one eligible candidate to apply (recruiters and headquarters).
    An ineligible one is refused, 422 on ``candidate`` naming each rule."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    if not can_recruit(request.user, doa):
        raise PermissionDenied(_("You may not invite candidates."))
    candidate = _pool_candidate(request, payload.candidate)
    application = application_invite(doa=doa, candidate=candidate, actor=request.user, note=payload.note)
    return Status(201, _application(request, application.pk))


@router.post("/doas/{doa_id}/source", response={201: ApplicationDetailOut, **ERROR_RESPONSES})
def application_source_api(
    request: AuthedRequest, doa_id: int, payload: CandidatePickIn
) -> Status[Application]:
    """Add a candidate from the talent pool to the DoA, so that they can be shortlisted
    (recruiters and headquarters); the pool's ranking is ``GET /doas/{doa_id}/ranking?scope=pool``."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    if not can_recruit(request.user, doa):
        raise PermissionDenied(_("You may not add candidates to a DoA."))
    candidate = _pool_candidate(request, payload.candidate)
    application = application_source(doa=doa, candidate=candidate, actor=request.user)
    return Status(201, _application(request, application.pk))


@router.post(
    "/applications/{application_id}/shortlist", response={200: ApplicationDetailOut, **ERROR_RESPONSES}
)
def application_shortlist_api(request: AuthedRequest, application_id: int) -> Application:
    """Shortlist an applied candidate (recruiters and headquarters); opens the clearances the DoA
    needs. An ineligible candidate is refused, 422 on ``candidate`` with one message per failed
    rule, each starting with the rule's name; a full shortlist is 409 ``shortlist_full``."""
    application = application_access(user=request.user, application_id=application_id)
    application_shortlist(application=application, actor=request.user)
    return _application(request, application_id)


@router.post(
    "/applications/{application_id}/submit-to-host",
    response={200: ApplicationDetailOut, **ERROR_RESPONSES},
)
def application_submit_to_host_api(request: AuthedRequest, application_id: int) -> Application:
    """Submit a shortlisted candidate, every clearance cleared, to the host (409 on
    ``clearances`` naming those that are not)."""
    application = application_access(user=request.user, application_id=application_id)
    application_submit_to_host(application=application, actor=request.user)
    return _application(request, application_id)


# --- ranking and progress ---------------------------------------------------------------------


def _ranked_row(row: RankedCandidate, application: Application | None) -> RankedApplicationOut:
    return RankedApplicationOut(
        **ranked_fields(row),
        application=application.pk if application is not None else None,
        application_status=application.status if application is not None else None,
        application_source=application.source if application is not None else None,
    )


@router.get("/doas/{doa_id}/ranking", response={200: RecruitmentRankingOut, **ERROR_RESPONSES})
def ranking_api(
    request: AuthedRequest, doa_id: int, query: Query[RecruitmentRankingQueryIn]
) -> RecruitmentRankingOut:
    """The DoA's candidates ranked, every score with its components and every eligibility rule in
    words. ``scope=applicants``: the applications you may see (a host focal point: those submitted
    to it). ``scope=pool``: the talent pool, for those who may rank it (403 for a host)."""
    if query.scope == "pool":
        doa = matching_doa_access(user=request.user, doa_id=doa_id)
        rows = candidate_rank(doa=doa, scope="pool", limit=query.limit, viewer=request.user)
        applied = {
            a.candidate_id: a
            for a in application_list(viewer=request.user, doa=doa).filter(
                candidate_id__in=[r.candidate.pk for r in rows]
            )
        }
        results = [_ranked_row(r, applied.get(r.candidate.pk)) for r in rows]
    else:
        doa = doa_access(user=request.user, doa_id=doa_id)
        statuses = frozenset(query.status) if query.status else None
        ranking = application_ranking(viewer=request.user, doa=doa, statuses=statuses)
        results = [_ranked_row(r.ranked, r.application) for r in ranking]
    return RecruitmentRankingOut(
        doa=doa.pk,
        doa_reference=doa.reference,
        scope=query.scope,
        weights=matching_weights(),
        results=results,
    )


@router.get("/doas/{doa_id}/progress", response={200: RecruitmentProgressOut, **ERROR_RESPONSES})
def progress_api(request: AuthedRequest, doa_id: int) -> RecruitmentProgressOut:
    """Where the DoA's recruitment stands: the shortlist's service level (3 to 5 within 14 days of
    approval), the calendar days from approval to each stage reached, and the applications you may
    see counted by status."""
    doa = doa_access(user=request.user, doa_id=doa_id)
    sla = shortlist_sla(doa)
    return RecruitmentProgressOut(
        doa=doa.pk,
        doa_reference=doa.reference,
        doa_status=doa.status,
        shortlist=ShortlistSlaOut(**vars(sla), over_target=sla.over_target),
        stages=[StageDaysOut(**vars(stage)) for stage in doa_stages(doa)],
        applications=application_counts(viewer=request.user, doa=doa),
    )


# --- clearances -------------------------------------------------------------------------------


@router.get("/clearances", response={200: list[ClearanceOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def clearance_list_api(request: AuthedRequest, filters: Query[ClearanceFilterIn]) -> QuerySet[Clearance]:
    """The clearances and reference checks you may see (UNV's staff only), oldest first."""
    qs = clearance_list(viewer=request.user, status=filters.status)
    if filters.doa is not None:
        qs = qs.filter(application__doa_id=filters.doa)
    if filters.application is not None:
        qs = qs.filter(application_id=filters.application)
    return qs


@router.post("/clearances/{clearance_id}/decide", response={200: ClearanceOut, **ERROR_RESPONSES})
def clearance_decide_api(request: AuthedRequest, clearance_id: int, payload: ClearanceDecideIn) -> Clearance:
    """Record a pending clearance as ``cleared`` or ``failed`` (with a note saying why)
    (recruiters and headquarters); 409 once decided."""
    clearance = clearance_access(user=request.user, clearance_id=clearance_id)
    clearance_decide(clearance=clearance, actor=request.user, status=payload.status, note=payload.note)
    return clearance_access(user=request.user, clearance_id=clearance_id)


# --- the host's assessment and selection ------------------------------------------------------


@router.get("/applications/{application_id}/assessment", response={200: AssessmentOut, **ERROR_RESPONSES})
def assessment_get_api(request: AuthedRequest, application_id: int) -> Assessment:
    """The host's assessment (staff and the host; 404 when there is none or you may not read it)."""
    application = application_access(user=request.user, application_id=application_id)
    assessment = assessment_for(viewer=request.user, application=application)
    if assessment is None:
        raise Http404
    return assessment


@router.put("/applications/{application_id}/assessment", response={200: AssessmentOut, **ERROR_RESPONSES})
def assessment_record_api(
    request: AuthedRequest, application_id: int, payload: AssessmentRecordIn
) -> Assessment:
    """Record (or correct, while the candidate is submitted) the assessment of a candidate
    submitted to your entity (its host focal points, and headquarters)."""
    application = application_access(user=request.user, application_id=application_id)
    return assessment_record(
        application=application,
        actor=request.user,
        method=payload.method,
        result=payload.result,
        score=payload.score,
        note=payload.note,
    )


@router.post(
    "/applications/{application_id}/select-preferred",
    response={200: ApplicationDetailOut, **ERROR_RESPONSES},
)
def application_select_preferred_api(request: AuthedRequest, application_id: int) -> Application:
    """Choose an assessed, recommended candidate as preferred (the host; at most one per open
    position, 409 otherwise)."""
    application = application_access(user=request.user, application_id=application_id)
    application_select(application=application, actor=request.user, as_="preferred")
    return _application(request, application_id)


@router.post(
    "/applications/{application_id}/select-reserve",
    response={200: ApplicationDetailOut, **ERROR_RESPONSES},
)
def application_select_reserve_api(
    request: AuthedRequest, application_id: int, payload: ReserveIn | None = None
) -> Application:
    """Put an assessed, recommended candidate on the reserve list (the host), at ``reserve_rank``
    (1 is offered first; by default after the last; the body may be left out)."""
    application = application_access(user=request.user, application_id=application_id)
    rank = payload.reserve_rank if payload is not None else None
    application_select(application=application, actor=request.user, as_="reserve", reserve_rank=rank)
    return _application(request, application_id)
