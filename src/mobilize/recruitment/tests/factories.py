"""Factories and set-up helpers for the recruitment tests (and the API and pages tests built on it).

``sourcing(doa)`` puts a DoA into sourcing (approved some days ago, starting in a month, for a year);
``consenting(candidate)`` records the candidate's consent; ``walk(...)`` takes an application through
the real services up to a stage, with the cast as actors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask
from mobilize.requests.models import Doa
from mobilize.requests.tests.factories import DoaFactory, PositionFactory
from mobilize.talent.tests.factories import PDF_BYTES, CandidateFactory


def today() -> dt.date:
    return timezone.localdate()


def soon(days: int = 30) -> dt.date:
    return today() + dt.timedelta(days=days)


def sourcing(
    doa: Doa, *, approved_days_ago: int = 3, start_in: int = 30, days: int = 365, **fields: Any
) -> Doa:
    """``doa`` being sourced: approved ``approved_days_ago`` days ago, starting in ``start_in`` days
    for ``days`` days (test set-up, not the workflow)."""
    approved = timezone.now() - dt.timedelta(days=approved_days_ago)
    doa.status = Doa.Status.SOURCING
    doa.approved_at = approved
    doa.submitted_at = approved - dt.timedelta(days=2)
    doa.sourcing_started_at = approved
    doa.start_date = soon(start_in)
    doa.end_date = soon(start_in + days - 1)
    for name, value in fields.items():
        setattr(doa, name, value)
    doa.save()
    return doa


def consenting(candidate: Any) -> Any:
    """``candidate`` with their consent to the processing of their data recorded."""
    candidate.consent_at = timezone.now()
    candidate.save(update_fields=["consent_at"])
    return candidate


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    doa = factory.SubFactory(DoaFactory)
    candidate = factory.SubFactory(CandidateFactory)
    source = Application.Source.APPLIED
    status = Application.Status.APPLIED
    motivation = "I want to serve."
    available_from = factory.LazyFunction(lambda: soon(20))
    self_declaration = True
    applied_at = factory.LazyFunction(timezone.now)


class ClearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clearance

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.SHORTLISTED)
    kind = Clearance.Kind.REFERENCE_CHECK


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.SUBMITTED)
    method = Assessment.Method.INTERVIEW
    result = Assessment.Result.RECOMMENDED
    score = 80
    assessed_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.OFFERED)
    position = factory.SubFactory(PositionFactory, doa=factory.SelfAttribute("..application.doa"))
    status = Offer.Status.OPEN
    entry_on_duty = factory.LazyFunction(lambda: soon(30))
    planned_end = factory.LazyFunction(lambda: soon(30 + 364))
    respond_by = factory.LazyFunction(lambda: soon(7))
    made_at = factory.LazyFunction(timezone.now)


class OnboardingTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnboardingTask

    offer = factory.SubFactory(OfferFactory, status=Offer.Status.ACCEPTED)
    kind = OnboardingTask.Kind.BANK_DETAILS
    status = OnboardingTask.Status.OPEN


class OnboardingDocumentFactory(OnboardingTaskFactory):
    """A submitted task with a small PDF stored under MEDIA_ROOT (point it at a temporary directory)."""

    status = OnboardingTask.Status.SUBMITTED
    document = factory.django.FileField(data=PDF_BYTES, filename="upload.pdf")
    original_name = "bank.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    submitted_at = factory.LazyFunction(timezone.now)


STAGES = (
    "applied",
    "shortlisted",
    "submitted",
    "assessed",
    "preferred",
    "offered",
    "accepted",
    "done",
    "on_duty",
)


def walk(
    *, cast: Any, doa: Doa, candidate: Any, to: str, position: Any = None, start_in: int = 30
) -> Application:
    """Take ``candidate``'s application to ``doa`` through the services, as the cast (the
    candidate's own user applies when they have one, else the recruiter adds them), up to stage
    ``to`` (one of ``STAGES``). The DoA must be sourcing with an open ``position`` for offers."""
    from mobilize.recruitment import services

    recruiter, focal = cast["recruiter"], cast["focal"]
    if candidate.user_id is not None:
        consenting(candidate)
        application = services.application_submit(
            doa=doa,
            candidate=candidate,
            actor=candidate.user,
            motivation="Motivated.",
            available_from=soon(10),
            self_declaration=True,
        )
    else:
        application = services.application_source(doa=doa, candidate=candidate, actor=recruiter)
    steps = STAGES[1 : STAGES.index(to) + 1]
    offer = None
    for step in steps:
        if step == "shortlisted":
            application = services.application_shortlist(application=application, actor=recruiter)
            for clearance in application.clearances.all():
                services.clearance_decide(clearance=clearance, actor=recruiter, status="cleared")
        elif step == "submitted":
            application = services.application_submit_to_host(application=application, actor=recruiter)
        elif step == "assessed":
            services.assessment_record(
                application=application, actor=focal, method="interview", result="recommended", score=75
            )
        elif step == "preferred":
            application = services.application_select(application=application, actor=focal, as_="preferred")
        elif step == "offered":
            offer = services.offer_make(
                application=application,
                position=position,
                actor=recruiter,
                entry_on_duty=soon(start_in),
                planned_end=soon(start_in + 364),
                respond_by=soon(7),
            )
        elif step == "accepted":
            assert offer is not None
            offer = services.offer_accept(offer=offer, actor=candidate.user)
        elif step == "done":
            assert offer is not None
            # Set-up shortcut: the onboarding services are tested on their own.
            offer.onboarding_tasks.update(status=OnboardingTask.Status.DONE, verified_at=timezone.now())
        elif step == "on_duty":
            assert offer is not None
            services.offer_enter_on_duty(offer=offer, actor=recruiter)
        application.refresh_from_db()
    return application
