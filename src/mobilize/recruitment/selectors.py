"""Reads of recruitment: always scoped by the viewer, joins declared, deterministic order.

* Opportunities (DoAs being sourced) for candidates: ``opportunity_list``, ``opportunity_get``.
* Applications, clearances, assessments, offers, onboarding tasks: ``*_list`` / ``*_get``.
* The applicants ranked with their eligibility explained: ``application_ranking``.
* What a person may do next: ``application_actions``, ``offer_actions``, ``onboarding_task_actions``.
* The shortlist's service level (``shortlist_sla``, ``with_shortlist`` for a list), the stage marks of a DoA
  (``doa_recruitment_stage_marks``, a ``MOBILIZE_DOA_STAGE_PROVIDERS`` entry) and what waits on
  whom (``recruitment_tasks_for``, a ``MOBILIZE_TASK_PROVIDERS`` entry).
* The audited read of an onboarding document: ``onboarding_document_read``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mobilize.accounts.models import Role
from mobilize.core.audit import audit_personal_read
from mobilize.matching.selectors import MAX_LIMIT, RankedCandidate, candidate_rank
from mobilize.notifications.selectors import TaskGroup, TaskItem, task_group
from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask
from mobilize.recruitment.permissions import (
    application_scope,
    assessment_scope,
    can_apply,
    can_assess,
    can_browse_opportunities,
    can_read_offer_letter,
    can_read_onboarding_details,
    can_recruit,
    can_respond_offer,
    can_submit_onboarding,
    can_withdraw_application,
    clearance_scope,
    is_own_application,
    offer_scope,
    onboarding_task_scope,
    own_candidate,
)
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.selectors import StageMark

S = Application.Status

SHORTLIST_TARGET_MIN = 3
SHORTLIST_TARGET_MAX = 5
SHORTLIST_DAYS = 14
"""The service level: 3 to 5 candidates shortlisted within 14 days of the DoA's approval."""


# --- links ------------------------------------------------------------------------------------


def page_link(name: str, **kwargs: Any) -> str:
    """The path of the page named ``name`` (docs/recruitment.md lists the names the recruitment
    pages provide), or "" while that page does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def application_url(application: Application) -> str:
    return page_link("recruitment:application_detail", application_id=application.pk)


def offer_url(offer: Offer) -> str:
    return page_link("recruitment:offer_detail", offer_id=offer.pk)


def doa_recruitment_url(doa: Doa) -> str:
    """The DoA's candidates page, or else the DoA's own page."""
    return page_link("recruitment:doa_recruitment", doa_id=doa.pk) or page_link(
        "requests:doa_detail", doa_id=doa.pk
    )


# --- opportunities ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpportunityFilters:
    """What the opportunity search may be narrowed by; ``None`` or empty means "any".

    ``arrangement``: "onsite" or "online". Every DoA is onsite until online volunteering exists, so
    "online" finds none. ``modality``: "national" or "international" (the category's)."""

    category_id: int | None = None
    country_id: int | None = None
    expertise_id: int | None = None
    language_id: int | None = None
    sdg_id: int | None = None
    reserved_for_pwd: bool | None = None
    arrangement: str | None = None
    modality: str | None = None
    q: str = ""


def _published() -> QuerySet[Doa]:
    return Doa.objects.filter(status=Doa.Status.SOURCING, is_template=False)


def opportunity_list(*, viewer: Any, filters: OpportunityFilters | None = None) -> QuerySet[Doa]:
    """The published opportunities (DoAs being sourced, not templates) narrowed by ``filters``,
    the soonest start first; none for donors and anyone signed out. One query."""
    if not can_browse_opportunities(viewer):
        return Doa.objects.none()
    f = filters or OpportunityFilters()
    qs = _published().select_related("host_entity", "country", "category", "sdg")
    if f.category_id is not None:
        qs = qs.filter(category_id=f.category_id)
    if f.country_id is not None:
        qs = qs.filter(country_id=f.country_id)
    if f.sdg_id is not None:
        qs = qs.filter(sdg_id=f.sdg_id)
    if f.reserved_for_pwd is not None:
        qs = qs.filter(reserved_for_pwd=f.reserved_for_pwd)
    if f.modality:
        qs = qs.filter(category__modality=f.modality)
    if f.arrangement == "online":
        qs = qs.none()
    if f.expertise_id is not None:
        qs = qs.filter(pk__in=Doa.objects.filter(expertise__id=f.expertise_id).values("pk"))
    if f.language_id is not None:
        qs = qs.filter(pk__in=DoaLanguage.objects.filter(language_id=f.language_id).values("doa_id"))
    term = f.q.strip()
    if term:
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(reference__icontains=term)
            | Q(description__icontains=term)
            | Q(host_entity__acronym__icontains=term)
        )
    return qs.order_by("start_date", "pk")


def opportunity_get(*, viewer: Any, doa_id: int) -> Doa:
    """One published opportunity with its expertise, languages and positions; ``Http404`` when it
    is not being sourced or the viewer may not browse opportunities."""
    if not can_browse_opportunities(viewer):
        raise Http404
    qs = (
        _published()
        .select_related("host_entity", "country", "category", "sdg")
        .prefetch_related(
            "expertise",
            Prefetch("languages", queryset=DoaLanguage.objects.select_related("language")),
            Prefetch("positions", queryset=Position.objects.select_related("duty_station")),
        )
    )
    try:
        return qs.get(pk=doa_id)
    except (Doa.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- applications -----------------------------------------------------------------------------


def _applications(viewer: Any) -> QuerySet[Application]:
    return Application.objects.filter(application_scope(viewer)).select_related(
        "doa__host_entity", "doa__country", "candidate"
    )


def application_list(
    *, viewer: Any, doa: Doa | None = None, status: str | None = None, candidate: Any = None
) -> QuerySet[Application]:
    """The applications ``viewer`` may see (of ``doa``, in ``status``, of ``candidate``), the
    oldest first. One query."""
    qs = _applications(viewer)
    if doa is not None:
        qs = qs.filter(doa=doa)
    if status:
        qs = qs.filter(status=status)
    if candidate is not None:
        qs = qs.filter(candidate=candidate)
    return qs.order_by("created_at", "pk")


def application_own_list(*, viewer: Any) -> QuerySet[Application]:
    """A candidate's own applications, the newest first; none for anyone else. One query."""
    candidate = own_candidate(viewer)
    if candidate is None:
        return Application.objects.none()
    return _applications(viewer).filter(candidate=candidate).order_by("-created_at", "-pk")


def application_get(*, viewer: Any, application_id: int) -> Application:
    """One application with its DoA, candidate and offers (newest first); ``Http404`` if missing
    or hidden. Its clearances and assessment: ``clearance_list`` and ``assessment_for``."""
    qs = _applications(viewer).prefetch_related(
        Prefetch(
            "offers",
            queryset=Offer.objects.select_related("position__duty_station").order_by("-made_at", "-pk"),
        )
    )
    try:
        return qs.get(pk=application_id)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def application_for(*, viewer: Any, doa: Doa) -> Application | None:
    """The viewer's own application for ``doa``, if they have one."""
    candidate = own_candidate(viewer)
    if candidate is None:
        return None
    return Application.objects.filter(doa=doa, candidate=candidate).first()


def application_counts(*, viewer: Any, doa: Doa) -> dict[str, int]:
    """How many of ``doa``'s applications ``viewer`` sees, by status (every status listed). One query."""
    counts = {status: 0 for status in S.values}
    rows = (
        Application.objects.filter(application_scope(viewer), doa=doa)
        .values("status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


@dataclass(frozen=True)
class RankedApplication:
    """An application with its candidate's eligibility and, when eligible, rank and score."""

    application: Application
    ranked: RankedCandidate

    @property
    def rank(self) -> int | None:
        return self.ranked.rank

    @property
    def eligible(self) -> bool:
        return self.ranked.eligible


def _best_first(row: RankedCandidate) -> tuple[int, int]:
    return (-(row.score.units if row.score is not None else 0), row.candidate.pk)


def application_ranking(
    *, viewer: Any, doa: Doa, statuses: frozenset[str] | None = None
) -> list[RankedApplication]:
    """``doa``'s applications that ``viewer`` sees (still open by default, or in ``statuses``),
    ranked for the DoA with each score explained: the eligible ones best first, then the
    ineligible ones with the rules they fail. Nothing for a candidate."""
    if not getattr(viewer, "is_authenticated", False) or viewer.has_role(Role.CANDIDATE):
        return []
    wanted = statuses if statuses is not None else Application.OPEN_STATUSES
    applications = {
        a.candidate_id: a for a in application_list(viewer=viewer, doa=doa).filter(status__in=wanted)
    }
    if not applications:
        return []
    ids = sorted(applications)
    rows: list[RankedCandidate] = []
    for start in range(0, len(ids), MAX_LIMIT):
        chunk = ids[start : start + MAX_LIMIT]
        rows += candidate_rank(doa=doa, scope="applicants", candidates=chunk, limit=len(chunk))
    eligible = sorted((r for r in rows if r.score is not None), key=_best_first)
    ineligible = sorted((r for r in rows if r.score is None), key=lambda r: r.candidate.pk)
    ranked = [
        RankedCandidate(candidate=r.candidate, rank=i, eligibility=r.eligibility, score=r.score)
        for i, r in enumerate(eligible, start=1)
    ] + [
        RankedCandidate(candidate=r.candidate, rank=None, eligibility=r.eligibility, score=None)
        for r in ineligible
    ]
    return [RankedApplication(application=applications[r.candidate.pk], ranked=r) for r in ranked]


def clearance_list(
    *, viewer: Any, application: Application | None = None, status: str | None = None
) -> QuerySet[Clearance]:
    """The clearances ``viewer`` may see (of ``application``, in ``status``), oldest first; one query."""
    qs = Clearance.objects.filter(clearance_scope(viewer)).select_related(
        "application__doa", "application__candidate", "decided_by"
    )
    if application is not None:
        qs = qs.filter(application=application)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


def assessment_for(*, viewer: Any, application: Application) -> Assessment | None:
    """The host's assessment of ``application``, if there is one and ``viewer`` may see it."""
    return (
        Assessment.objects.filter(assessment_scope(viewer), application=application)
        .select_related("assessed_by")
        .first()
    )


# --- offers and onboarding --------------------------------------------------------------------


def _offers(viewer: Any) -> QuerySet[Offer]:
    return Offer.objects.filter(offer_scope(viewer)).select_related(
        "application__doa__host_entity",
        "application__doa__country",
        "application__candidate",
        "position__duty_station",
    )


def offer_list(
    *, viewer: Any, doa: Doa | None = None, status: str | None = None, application: Application | None = None
) -> QuerySet[Offer]:
    """The offers ``viewer`` may see (of ``doa`` or ``application``, in ``status``), newest first;
    one query."""
    qs = _offers(viewer)
    if doa is not None:
        qs = qs.filter(application__doa=doa)
    if application is not None:
        qs = qs.filter(application=application)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-made_at", "-pk")


def offer_get(*, viewer: Any, offer_id: int) -> Offer:
    """One offer with its application, candidate, DoA, position and onboarding tasks; ``Http404``
    if missing or hidden."""
    qs = _offers(viewer).prefetch_related(
        Prefetch("onboarding_tasks", queryset=OnboardingTask.objects.order_by("pk"))
    )
    try:
        return qs.get(pk=offer_id)
    except (Offer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def onboarding_task_list(*, viewer: Any, offer: Offer) -> QuerySet[OnboardingTask]:
    """The onboarding tasks of ``offer`` that ``viewer`` may see, in a fixed order; one query."""
    return OnboardingTask.objects.filter(onboarding_task_scope(viewer), offer=offer).order_by("pk")


def onboarding_task_get(*, viewer: Any, task_id: int) -> OnboardingTask:
    """One onboarding task; ``Http404`` if missing or hidden."""
    try:
        return (
            OnboardingTask.objects.filter(onboarding_task_scope(viewer))
            .select_related("offer__application__candidate", "offer__application__doa")
            .get(pk=task_id)
        )
    except (OnboardingTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def onboarding_document_read(*, viewer: Any, task: OnboardingTask) -> OnboardingTask:
    """Let ``viewer`` read ``task``'s document (already fetched through ``onboarding_task_get``):
    ``PermissionDenied`` unless they are the candidate, a recruiter or headquarters, ``Http404``
    when there is no document; a read by anyone but the candidate is recorded in the audit trail.
    Stream it with ``files.onboarding_document_response``."""
    if not can_read_onboarding_details(viewer, task):
        raise PermissionDenied
    if not task.document:
        raise Http404
    if not is_own_application(viewer, task.offer.application):
        audit_personal_read(actor=viewer, subject=task, what=f"onboarding.{task.kind}")
    return task


# --- what a person may do ---------------------------------------------------------------------


def application_actions(*, user: Any, application: Application) -> list[str]:
    """What ``user`` may do to ``application`` as it stands, in the order of the process:
    ``apply`` (accept an invitation), ``withdraw``, ``shortlist``, ``submit_to_host``, ``assess``,
    ``select_preferred``, ``select_reserve``, ``make_offer``."""
    actions: list[str] = []
    status = application.status
    sourcing = application.doa.status == Doa.Status.SOURCING
    if status == S.INVITED and sourcing and can_apply(user, application.candidate):
        actions.append("apply")
    if status in Application.WITHDRAWABLE_STATUSES and can_withdraw_application(user, application):
        actions.append("withdraw")
    if not sourcing:
        return actions
    recruits = can_recruit(user, application.doa)
    if recruits and status == S.APPLIED:
        actions.append("shortlist")
    if (
        recruits
        and status == S.SHORTLISTED
        and not application.clearances.exclude(status=Clearance.Status.CLEARED).exists()
    ):
        actions.append("submit_to_host")
    if status in (S.SUBMITTED, S.PREFERRED, S.RESERVE) and can_assess(user, application):
        if status == S.SUBMITTED:
            actions.append("assess")
        recommended = Assessment.objects.filter(
            application=application, result=Assessment.Result.RECOMMENDED
        ).exists()
        if recommended and status in (S.SUBMITTED, S.RESERVE):
            actions.append("select_preferred")
        if recommended and status in (S.SUBMITTED, S.PREFERRED):
            actions.append("select_reserve")
    if recruits and status in (S.PREFERRED, S.RESERVE):
        actions.append("make_offer")
    return actions


def offer_actions(*, user: Any, offer: Offer) -> list[str]:
    """What ``user`` may do to ``offer``: ``accept``, ``decline``, ``withdraw``, ``enter_on_duty``,
    ``letter`` (read the offer letter)."""
    actions: list[str] = []
    if offer.status == Offer.Status.OPEN and can_respond_offer(user, offer):
        if offer.respond_by >= timezone.localdate():
            actions.append("accept")
        actions.append("decline")
    recruits = can_recruit(user)
    if recruits and offer.is_live and offer.application.status != S.ON_DUTY:
        actions.append("withdraw")
    if (
        recruits
        and offer.status == Offer.Status.ACCEPTED
        and offer.application.status == S.ACCEPTED
        and not offer.onboarding_tasks.exclude(status=OnboardingTask.Status.DONE).exists()
    ):
        actions.append("enter_on_duty")
    if can_read_offer_letter(user, offer):
        actions.append("letter")
    return actions


def onboarding_task_actions(*, user: Any, task: OnboardingTask) -> list[str]:
    """What ``user`` may do to ``task``: ``submit``, ``verify``, ``return``, ``download``."""
    actions: list[str] = []
    accepted = task.offer.status == Offer.Status.ACCEPTED
    if accepted and task.status != OnboardingTask.Status.DONE and can_submit_onboarding(user, task):
        actions.append("submit")
    if task.status == OnboardingTask.Status.SUBMITTED and can_recruit(user):
        actions += ["verify", "return"]
    if task.document and can_read_onboarding_details(user, task):
        actions.append("download")
    return actions


# --- the shortlist's service level ------------------------------------------------------------


@dataclass(frozen=True)
class ShortlistSla:
    """Where a DoA stands against the service level: ``SHORTLIST_TARGET_MIN`` to
    ``SHORTLIST_TARGET_MAX`` candidates shortlisted within ``SHORTLIST_DAYS`` of approval.

    ``state``: ``not_due`` (not approved: the clock has not started), ``on_track`` (fewer than the
    minimum so far, due date not passed), ``met`` (the minimum reached by the due date), ``late``
    (the due date passed before the minimum was reached, whether it was reached since or not).
    ``shortlisted`` counts every candidate ever shortlisted (a later withdrawal does not undo the
    work); ``reached_on`` is the day the minimum was reached; ``days_left`` is negative once overdue."""

    shortlisted: int
    target_min: int
    target_max: int
    approved_on: dt.date | None
    due: dt.date | None
    reached_on: dt.date | None
    state: str
    days_left: int | None

    @property
    def over_target(self) -> bool:
        return self.shortlisted > self.target_max


def _local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def with_shortlist(doas: QuerySet[Doa]) -> QuerySet[Doa]:
    """``doas`` annotated with what ``shortlist_sla`` reads: how many candidates were ever
    shortlisted (``sla_shortlisted``) and when the minimum was reached (``sla_reached_at``), so a
    list of DoAs gets its service levels in its own one query. Subqueries, not joins: the list's
    other counts stay right."""
    shortlisted = Application.objects.filter(doa=OuterRef("pk"), shortlisted_at__isnull=False)
    count = shortlisted.order_by().values("doa").annotate(n=Count("pk")).values("n")
    reached = shortlisted.order_by("shortlisted_at", "pk").values("shortlisted_at")[
        SHORTLIST_TARGET_MIN - 1 : SHORTLIST_TARGET_MIN
    ]
    return doas.annotate(sla_shortlisted=Coalesce(Subquery(count), 0), sla_reached_at=Subquery(reached))


def shortlist_sla(doa: Doa, *, today: dt.date | None = None) -> ShortlistSla:
    """Where ``doa`` stands against the shortlist service level (see ``ShortlistSla``): no query
    when ``doa`` came through ``with_shortlist``, one otherwise."""
    day = today or timezone.localdate()
    if not hasattr(doa, "sla_shortlisted"):
        doa = with_shortlist(Doa.objects.filter(pk=doa.pk)).get()
    count: int = getattr(doa, "sla_shortlisted")  # noqa: B009 - an annotation the stubs don't know
    reached_at: dt.datetime | None = getattr(doa, "sla_reached_at")  # noqa: B009
    reached = _local_day(reached_at) if reached_at is not None else None
    if doa.approved_at is None:
        approved = due = None
        state, days_left = "not_due", None
    else:
        approved = _local_day(doa.approved_at)
        due = approved + dt.timedelta(days=SHORTLIST_DAYS)
        days_left = (due - day).days
        if reached is not None and reached <= due:
            state = "met"
        elif reached is not None or day > due:
            state = "late"
        else:
            state = "on_track"
    return ShortlistSla(
        shortlisted=count,
        target_min=SHORTLIST_TARGET_MIN,
        target_max=SHORTLIST_TARGET_MAX,
        approved_on=approved,
        due=due,
        reached_on=reached,
        state=state,
        days_left=days_left,
    )


# --- stages -----------------------------------------------------------------------------------


def doa_recruitment_stage_marks(doa: Doa) -> list[StageMark]:
    """The recruitment stages of ``doa`` (a ``MOBILIZE_DOA_STAGE_PROVIDERS`` entry), each the first
    time any of its candidates reached it: shortlisted, submitted to the host, selected (preferred
    or reserve), offered, offer accepted, entry on duty (the assignment's date). One query."""
    marks = Application.objects.filter(doa=doa).aggregate(
        shortlisted=Min("shortlisted_at"),
        submitted=Min("submitted_at"),
        selected=Min("selected_at"),
        offered=Min("offered_at"),
        accepted=Min("accepted_at"),
        on_duty=Min("assignment__entry_on_duty"),
    )
    return [
        StageMark("shortlisted", str(_("First candidate shortlisted")), marks["shortlisted"]),
        StageMark("submitted_to_host", str(_("First candidate submitted to the host")), marks["submitted"]),
        StageMark("selected", str(_("Candidate selected by the host")), marks["selected"]),
        StageMark("offered", str(_("Offer made")), marks["offered"]),
        StageMark("offer_accepted", str(_("Offer accepted")), marks["accepted"]),
        StageMark("entry_on_duty", str(_("Entry on duty")), marks["on_duty"]),
    ]


# --- my tasks ---------------------------------------------------------------------------------


def _application_item(application: Application) -> TaskItem:
    doa = application.doa
    return TaskItem(
        title=f"{application.candidate.full_name} · {doa.reference}",
        url=application_url(application) or doa_recruitment_url(doa),
        detail=doa.title,
        since=getattr(application, "waiting_since", None),
    )


def _doa_item(doa: Doa) -> TaskItem:
    count = getattr(doa, "shortlisted_count", None)
    detail = (
        doa.title
        if count is None
        else _("%(title)s · %(count)s shortlisted") % {"title": doa.title, "count": count}
    )
    return TaskItem(
        title=f"{doa.reference}: {doa.title}",
        url=doa_recruitment_url(doa),
        detail=detail,
        since=getattr(doa, "waiting_since", None),
    )


def _offer_item(offer: Offer) -> TaskItem:
    application = offer.application
    return TaskItem(
        title=f"{application.candidate.full_name} · {application.doa.reference}",
        url=offer_url(offer) or application_url(application) or doa_recruitment_url(application.doa),
        detail=application.doa.title,
        since=getattr(offer, "waiting_since", None),
    )


def _task_item(task: OnboardingTask) -> TaskItem:
    application = task.offer.application
    return TaskItem(
        title=f"{task.get_kind_display()} · {application.candidate.full_name}",
        url=offer_url(task.offer) or application_url(application) or doa_recruitment_url(application.doa),
        detail=f"{application.doa.reference}: {application.doa.title}",
        since=getattr(task, "waiting_since", None),
    )


def _waiting_applications(scope: Q, status: str, since: str) -> QuerySet[Application]:
    return (
        Application.objects.filter(scope, status=status, doa__status=Doa.Status.SOURCING)
        .select_related("doa", "candidate")
        .annotate(waiting_since=F(since))
        .order_by("waiting_since", "pk")
    )


def _waiting_tasks(scope: Q, status: str, since: str) -> QuerySet[OnboardingTask]:
    return (
        OnboardingTask.objects.filter(scope, status=status, offer__status=Offer.Status.ACCEPTED)
        .select_related("offer__application__doa", "offer__application__candidate")
        .annotate(waiting_since=F(since))
        .order_by("waiting_since", "pk")
    )


def _recruiter_tasks() -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    groups += task_group(
        key="recruitment.screen",
        label=str(_("Applications to screen")),
        queryset=_waiting_applications(Q(), S.APPLIED, "applied_at"),
        item=_application_item,
    )
    shortlisted = Count("applications", filter=Q(applications__shortlisted_at__isnull=False))
    due = (
        Doa.objects.filter(status=Doa.Status.SOURCING, is_template=False, approved_at__isnull=False)
        .annotate(shortlisted_count=shortlisted, waiting_since=F("approved_at"))
        .filter(shortlisted_count__lt=SHORTLIST_TARGET_MIN)
        .order_by("approved_at", "pk")
    )
    groups += task_group(
        key="recruitment.shortlist_due",
        label=str(_("DoAs whose shortlist is due")),
        queryset=due,
        item=_doa_item,
    )
    pending = (
        Application.objects.filter(
            Exists(Clearance.objects.filter(application=OuterRef("pk"), status=Clearance.Status.PENDING)),
            status=S.SHORTLISTED,
            doa__status=Doa.Status.SOURCING,
        )
        .select_related("doa", "candidate")
        .annotate(waiting_since=F("shortlisted_at"))
        .order_by("waiting_since", "pk")
    )
    groups += task_group(
        key="recruitment.clearances",
        label=str(_("Clearances pending")),
        queryset=pending,
        item=_application_item,
    )
    groups += task_group(
        key="recruitment.offers_to_make",
        label=str(_("Preferred candidates waiting for an offer")),
        queryset=_waiting_applications(Q(), S.PREFERRED, "selected_at"),
        item=_application_item,
    )
    groups += task_group(
        key="recruitment.onboarding_verify",
        label=str(_("Onboarding tasks to verify")),
        queryset=_waiting_tasks(Q(), OnboardingTask.Status.SUBMITTED, "submitted_at"),
        item=_task_item,
    )
    ready = (
        Offer.objects.filter(status=Offer.Status.ACCEPTED, application__status=S.ACCEPTED)
        .exclude(
            Exists(
                OnboardingTask.objects.filter(offer=OuterRef("pk")).exclude(status=OnboardingTask.Status.DONE)
            )
        )
        .select_related("application__doa", "application__candidate")
        .annotate(waiting_since=F("responded_at"))
        .order_by("waiting_since", "pk")
    )
    groups += task_group(
        key="recruitment.entry_on_duty",
        label=str(_("Ready for entry on duty")),
        queryset=ready,
        item=_offer_item,
    )
    return groups


def _host_tasks(user: Any) -> list[TaskGroup]:
    own = Q(doa__host_entity__in=user.host_entity_ids())
    groups: list[TaskGroup] = []
    to_assess = _waiting_applications(own, S.SUBMITTED, "submitted_at").filter(assessment__isnull=True)
    groups += task_group(
        key="recruitment.assess",
        label=str(_("Candidates to assess")),
        queryset=to_assess,
        item=_application_item,
    )
    chosen = Application.objects.filter(doa=OuterRef("pk"), status__in=Application.CHOSEN_STATUSES)
    assessed = Application.objects.filter(
        doa=OuterRef("pk"), status=S.SUBMITTED, assessment__result=Assessment.Result.RECOMMENDED
    )
    to_choose = (
        Doa.objects.filter(
            Exists(assessed),
            ~Exists(chosen),
            host_entity__in=user.host_entity_ids(),
            status=Doa.Status.SOURCING,
        )
        .annotate(waiting_since=Min("applications__submitted_at"))
        .order_by("waiting_since", "pk")
    )
    groups += task_group(
        key="recruitment.choose_preferred",
        label=str(_("DoAs waiting for your preferred candidate")),
        queryset=to_choose,
        item=_doa_item,
    )
    return groups


def _candidate_tasks(candidate: Any) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    invitations = _waiting_applications(Q(candidate=candidate), S.INVITED, "invited_at")
    groups += task_group(
        key="recruitment.invitations",
        label=str(_("Invitations to apply")),
        queryset=invitations,
        item=_application_item,
    )
    offers = (
        Offer.objects.filter(
            application__candidate=candidate, status=Offer.Status.OPEN, respond_by__gte=timezone.localdate()
        )
        .select_related("application__doa", "application__candidate")
        .annotate(waiting_since=F("made_at"))
        .order_by("respond_by", "pk")
    )
    groups += task_group(
        key="recruitment.offers",
        label=str(_("Offers waiting for your answer")),
        queryset=offers,
        item=_offer_item,
    )
    groups += task_group(
        key="recruitment.onboarding",
        label=str(_("Onboarding tasks to do")),
        queryset=_waiting_tasks(
            Q(offer__application__candidate=candidate), OnboardingTask.Status.OPEN, "offer__responded_at"
        ),
        item=_task_item,
    )
    return groups


def recruitment_tasks_for(user: Any) -> list[TaskGroup]:
    """What waits on ``user`` in recruitment (a "my tasks" provider). Recruiters and headquarters:
    applications to screen, DoAs whose shortlist is due, clearances pending, preferred candidates
    waiting for an offer, onboarding to verify, offers ready for the entry on duty. A host focal
    point: candidates to assess, DoAs waiting for the preferred candidate. A candidate: invitations,
    open offers, onboarding tasks to do. Oldest first; one query per group of at most 20."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    if user.has_role(Role.HQ, Role.RECRUITER):
        return _recruiter_tasks()
    if user.has_role(Role.HOST_FOCAL_POINT):
        return _host_tasks(user)
    candidate = own_candidate(user)
    if candidate is not None:
        return _candidate_tasks(candidate)
    return []
