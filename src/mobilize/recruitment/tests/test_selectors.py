"""Reads: the opportunity search, the ranking, the shortlist service level, the stage marks (days
from approval), what waits on whom, and what each person may do next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from mobilize.notifications.selectors import my_tasks
from mobilize.recruitment import selectors, services
from mobilize.recruitment.models import Application, OnboardingTask
from mobilize.recruitment.selectors import OpportunityFilters, shortlist_sla
from mobilize.recruitment.tests.factories import ApplicationFactory, soon, sourcing, walk
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory, SdgFactory
from mobilize.requests.models import Doa
from mobilize.requests.selectors import doa_stage_days
from mobilize.requests.tests.factories import DoaFactory, DoaLanguageFactory
from mobilize.talent.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

S = Application.Status


# --- opportunities ----------------------------------------------------------------------------


def test_the_opportunity_search_filters(world, cast, open_doa):
    doa = open_doa.doa
    area, language, sdg = (
        ExpertiseAreaFactory(code="health"),
        LanguageFactory(code="sw"),
        SdgFactory(number=3),
    )
    doa.expertise.set([area])
    DoaLanguageFactory(doa=doa, language=language)
    Doa.objects.filter(pk=doa.pk).update(sdg=sdg, reserved_for_pwd=True, title="Community health officer")
    other = sourcing(world.other_doa)
    DoaFactory(
        host_entity=world.host, country=world.country, category=world.category
    )  # a draft: never listed
    viewer = cast["volunteer"]

    def found(**filters):
        return [
            d.pk for d in selectors.opportunity_list(viewer=viewer, filters=OpportunityFilters(**filters))
        ]

    assert sorted(found()) == sorted([doa.pk, other.pk])
    assert found(country_id=world.country.pk) == [doa.pk]
    assert found(expertise_id=area.pk) == [doa.pk]
    assert found(language_id=language.pk) == [doa.pk]
    assert found(sdg_id=sdg.pk) == [doa.pk]
    assert found(reserved_for_pwd=True) == [doa.pk]
    assert found(reserved_for_pwd=False) == [other.pk]
    assert found(q="health") == [doa.pk]
    assert found(q="HOSTB") == [other.pk]
    assert found(category_id=world.category.pk, modality="national") == sorted([doa.pk, other.pk])
    assert found(modality="international") == []
    assert sorted(found(arrangement="onsite")) == sorted([doa.pk, other.pk])
    assert found(arrangement="online") == []


def test_the_opportunity_search_is_one_query(world, cast, open_doa, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(selectors.opportunity_list(viewer=cast["volunteer"], filters=OpportunityFilters(q="o")))
        [(d.host_entity.acronym, d.country.name, d.category.name_en) for d in rows]


def test_application_list_is_one_query(world, cast, open_doa, django_assert_num_queries):
    for _ in range(3):
        ApplicationFactory(doa=open_doa.doa, candidate=CandidateFactory(nationality=world.country))
    with django_assert_num_queries(1):
        rows = list(selectors.application_list(viewer=cast["recruiter"], doa=open_doa.doa))
        [(a.candidate.full_name, a.doa.host_entity.acronym) for a in rows]
    assert len(rows) == 3


# --- ranking ----------------------------------------------------------------------------------


def test_applicants_are_ranked_eligible_first_with_the_reasons_of_the_others(world, cast, open_doa):
    strong = CandidateFactory(nationality=world.country, experience_months=120)
    weak = CandidateFactory(nationality=world.country, experience_months=30)
    for candidate in (world.other_volunteer, weak, strong):
        ApplicationFactory(doa=open_doa.doa, candidate=candidate)
    ranked = selectors.application_ranking(viewer=cast["recruiter"], doa=open_doa.doa)
    assert [(r.application.candidate, r.rank) for r in ranked] == [
        (strong, 1),
        (weak, 2),
        (world.other_volunteer, None),
    ]
    assert [reason.code for reason in ranked[2].ranked.eligibility.failures] == ["nationality"]


# --- the shortlist's service level ------------------------------------------------------------


def _shortlisted(doa, *days_after_approval):
    for days in days_after_approval:
        ApplicationFactory(
            doa=doa,
            candidate=CandidateFactory(),
            status=S.SHORTLISTED,
            shortlisted_at=doa.approved_at + dt.timedelta(days=days),
        )


def test_sla_not_due_before_approval(world):
    sla = shortlist_sla(world.doa)
    assert (sla.state, sla.due, sla.shortlisted, sla.days_left) == ("not_due", None, 0, None)


def test_sla_on_track_then_late(world, open_doa):
    doa = open_doa.doa  # approved three days ago
    _shortlisted(doa, 1, 2)
    approved = timezone.localtime(doa.approved_at).date()
    on_track = shortlist_sla(doa)
    assert (on_track.state, on_track.shortlisted, on_track.due, on_track.days_left) == (
        "on_track",
        2,
        approved + dt.timedelta(days=14),
        11,
    )
    late = shortlist_sla(doa, today=approved + dt.timedelta(days=15))
    assert (late.state, late.days_left, late.reached_on) == ("late", -1, None)


def test_sla_met_within_two_weeks_and_late_when_reached_after(world, open_doa):
    doa = open_doa.doa
    _shortlisted(doa, 1, 5, 13)
    met = shortlist_sla(doa, today=soon(60))
    assert (met.state, met.reached_on) == (
        "met",
        timezone.localtime(doa.approved_at + dt.timedelta(days=13)).date(),
    )
    other = sourcing(world.other_doa)
    _shortlisted(other, 1, 2, 20, 21, 22, 23)
    reached_late = shortlist_sla(other)
    assert (reached_late.state, reached_late.shortlisted, reached_late.over_target) == ("late", 6, True)


def test_sla_is_one_query(open_doa, django_assert_num_queries):
    with django_assert_num_queries(1):
        shortlist_sla(open_doa.doa)


# --- stage marks ------------------------------------------------------------------------------


def test_stage_days_from_approval_to_entry_on_duty(world, cast, open_doa):
    # given the volunteer went all the way, entering on duty in 30 days
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="on_duty", position=open_doa.position)
    # then every stage is reached, the shortlist etc. 3 days after approval (today)
    days = doa_stage_days(Doa.objects.get(pk=open_doa.doa.pk))
    assert days == {
        "approved": 0,
        "sourcing_started": 0,
        "shortlisted": 3,
        "submitted_to_host": 3,
        "selected": 3,
        "offered": 3,
        "offer_accepted": 3,
        "entry_on_duty": 33,
        "recruited": 3,
    }


@override_settings(
    MOBILIZE_DOA_STAGE_PROVIDERS=["mobilize.recruitment.selectors.doa_recruitment_stage_marks"]
)
def test_stages_not_reached_are_none_and_cost_one_query(world, open_doa, django_assert_num_queries):
    with django_assert_num_queries(1):
        marks = selectors.doa_recruitment_stage_marks(open_doa.doa)
    assert [(m.key, m.at) for m in marks] == [
        ("shortlisted", None),
        ("submitted_to_host", None),
        ("selected", None),
        ("offered", None),
        ("offer_accepted", None),
        ("entry_on_duty", None),
    ]


# --- what waits on whom -----------------------------------------------------------------------


def _keys(user):
    return {group.key: group.count for group in my_tasks(user=user) if group.key.startswith("recruitment.")}


def test_my_tasks_follow_the_application(world, cast, open_doa):
    doa = open_doa.doa
    # applied: the recruiter screens; the shortlist is due
    application = walk(cast=cast, doa=doa, candidate=world.volunteer, to="applied")
    assert _keys(cast["recruiter"]) == {"recruitment.screen": 1, "recruitment.shortlist_due": 1}
    assert _keys(cast["hq"]) == _keys(cast["recruiter"])
    assert _keys(cast["focal"]) == {}
    # submitted: the host assesses, then chooses
    Doa.objects.filter(pk=doa.pk).update(reference_checks_required=True)
    application = services.application_shortlist(application=application, actor=cast["recruiter"])
    assert _keys(cast["recruiter"])["recruitment.clearances"] == 1
    services.clearance_decide(
        clearance=application.clearances.get(), actor=cast["recruiter"], status="cleared"
    )
    application = services.application_submit_to_host(application=application, actor=cast["recruiter"])
    assert _keys(cast["focal"]) == {"recruitment.assess": 1}
    assert _keys(cast["other_focal"]) == {}
    services.assessment_record(
        application=application, actor=cast["focal"], method="interview", result="recommended"
    )
    assert _keys(cast["focal"]) == {"recruitment.choose_preferred": 1}
    application = services.application_select(application=application, actor=cast["focal"], as_="preferred")
    assert _keys(cast["focal"]) == {}
    assert _keys(cast["recruiter"]) == {"recruitment.shortlist_due": 1, "recruitment.offers_to_make": 1}
    # offered: the candidate answers, then onboards; the recruiter verifies, then records the entry
    offer = services.offer_make(
        application=application,
        position=open_doa.position,
        actor=cast["recruiter"],
        entry_on_duty=soon(30),
        planned_end=soon(394),
        respond_by=soon(5),
    )
    assert _keys(cast["volunteer"]) == {"recruitment.offers": 1}
    assert _keys(cast["other_volunteer"]) == {}
    services.offer_accept(offer=offer, actor=cast["volunteer"])
    assert _keys(cast["volunteer"]) == {"recruitment.onboarding": 5}
    for task in offer.onboarding_tasks.all():
        services.onboarding_task_submit(task=task, actor=cast["volunteer"], note="Done")
    assert _keys(cast["recruiter"])["recruitment.onboarding_verify"] == 5
    for task in offer.onboarding_tasks.all():
        services.onboarding_task_verify(task=task, actor=cast["recruiter"])
    assert _keys(cast["recruiter"])["recruitment.entry_on_duty"] == 1
    assert _keys(cast["volunteer"]) == {}
    for who in ("auditor", "field_in", "donor"):
        assert _keys(cast[who]) == {}


def test_an_invitation_waits_on_the_candidate(world, cast, open_doa):
    services.application_invite(doa=open_doa.doa, candidate=world.volunteer, actor=cast["recruiter"])
    assert _keys(cast["volunteer"]) == {"recruitment.invitations": 1}


def test_recruiter_tasks_cost_one_query_per_group(world, cast, open_doa, django_assert_max_num_queries):
    walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")
    with django_assert_max_num_queries(6):
        selectors.recruitment_tasks_for(cast["recruiter"])


# --- actions ----------------------------------------------------------------------------------


def test_actions_follow_status_and_role(world, cast, open_doa):
    application = walk(cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="applied")

    def actions(who, app=None):
        app = Application.objects.get(pk=(app or application).pk)
        return selectors.application_actions(user=cast[who], application=app)

    assert actions("recruiter") == ["shortlist"]
    assert actions("volunteer") == ["withdraw"]
    assert actions("focal") == actions("auditor") == actions("field_in") == []
    services.application_shortlist(application=application, actor=cast["recruiter"])
    assert actions("recruiter") == ["submit_to_host"]
    services.application_submit_to_host(application=application, actor=cast["recruiter"])
    assert actions("focal") == ["assess"]
    assert actions("hq") == ["assess"]
    services.assessment_record(
        application=application, actor=cast["focal"], method="desk_review", result="recommended"
    )
    assert actions("focal") == ["assess", "select_preferred", "select_reserve"]
    services.application_select(application=application, actor=cast["focal"], as_="preferred")
    assert actions("recruiter") == ["make_offer"]
    assert actions("focal") == ["select_reserve"]
    offer = services.offer_make(
        application=Application.objects.get(pk=application.pk),
        position=open_doa.position,
        actor=cast["recruiter"],
        entry_on_duty=soon(30),
        planned_end=soon(394),
        respond_by=soon(5),
    )
    assert selectors.offer_actions(user=cast["volunteer"], offer=offer) == ["accept", "decline", "letter"]
    assert selectors.offer_actions(user=cast["recruiter"], offer=offer) == ["withdraw", "letter"]
    assert selectors.offer_actions(user=cast["focal"], offer=offer) == []
    services.offer_accept(offer=offer, actor=cast["volunteer"])
    task = OnboardingTask.objects.get(offer=offer, kind=OnboardingTask.Kind.MEDICAL_CLEARANCE)
    assert selectors.onboarding_task_actions(user=cast["volunteer"], task=task) == ["submit"]
    assert selectors.onboarding_task_actions(user=cast["recruiter"], task=task) == []
    offer.onboarding_tasks.update(status="done", verified_at=timezone.now())
    offer.refresh_from_db()
    assert selectors.offer_actions(user=cast["recruiter"], offer=offer) == [
        "withdraw",
        "enter_on_duty",
        "letter",
    ]
