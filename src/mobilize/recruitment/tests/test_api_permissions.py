"""Every recruitment API endpoint over the whole cast: who may do it, who sees the record but may
not (403), who does not see it (404, like a missing record), and that nobody signed out gets in
(401). A refused write leaves the record as it was. A candidate never sees another candidate's
application or documents; a host never sees a candidate it was not sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from conftest import CAST
from mobilize.recruitment import services
from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask
from mobilize.recruitment.tests.factories import ApplicationFactory, AssessmentFactory, soon, sourcing, walk
from mobilize.talent.tests.factories import CandidateFactory, pdf

pytestmark = pytest.mark.django_db

BASE = "/api/v1/recruitment"
S = Application.Status

# Who sees the volunteer's application to host A's DoA in Kenya once it was submitted to host A.
SEES_MINE = frozenset({"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"})
# Who sees host A's DoA itself.
SEES_DOA = frozenset({"hq", "recruiter", "auditor", "focal", "field_in"})
# Who sees an application never sent to the host (of a candidate without an account).
SEES_UNSENT = frozenset({"hq", "recruiter", "auditor", "field_in"})
RECRUITERS = {"hq": 200, "recruiter": 200}
READERS_OF_DETAILS = {"hq": 200, "recruiter": 200, "volunteer": 200}


@dataclass(frozen=True)
class Case:
    """One endpoint: ``path`` names ``{doa}``, ``{mine}``, ``{pool}``, ``{offer}``, ``{task}``,
    ``{clearance}`` or ``{candidate}``; ``stage`` is how far the scene goes; ``allowed`` maps who
    to the status they get; anyone else in ``visible`` gets 403, the rest 404 (401 signed out)."""

    method: str
    path: str
    stage: str
    allowed: dict[str, int]
    visible: frozenset[str]
    body: dict[str, Any] | None = None
    multipart: bool = False
    changed: str = ""
    """What a successful call changes (checked unchanged when refused): mine, pool, offer, task,
    clearance, applications."""
    extra: dict[str, Any] = field(default_factory=dict)


def expect(case: Case, who: str) -> int:
    if who in case.allowed:
        return case.allowed[who]
    if who == "anonymous":
        return 401
    return 403 if who in case.visible else 404


CASES: dict[str, Case] = {
    "opportunity detail": Case(
        "get",
        "/opportunities/{doa}",
        "applied",
        {w: 200 for w in CAST if w not in ("donor", "anonymous")},
        frozenset(),
    ),
    "apply": Case(
        "post",
        "/opportunities/{doa}/apply",
        "none",
        {"volunteer": 201, "other_volunteer": 201},
        frozenset(CAST) - {"donor", "anonymous"},
        body={"motivation": "Why not.", "available_from": soon(5).isoformat(), "self_declaration": True},
        changed="applications",
    ),
    "application detail": Case(
        "get", "/applications/{mine}", "submitted", {w: 200 for w in SEES_MINE}, SEES_MINE
    ),
    "withdraw": Case(
        "post", "/applications/{mine}/withdraw", "submitted", {"volunteer": 200}, SEES_MINE, changed="mine"
    ),
    "invite": Case(
        "post",
        "/doas/{doa}/invite",
        "none",
        {"hq": 201, "recruiter": 201},
        SEES_DOA,
        body={"candidate": "{candidate}"},
        changed="applications",
    ),
    "source": Case(
        "post",
        "/doas/{doa}/source",
        "none",
        {"hq": 201, "recruiter": 201},
        SEES_DOA,
        body={"candidate": "{candidate}"},
        changed="applications",
    ),
    "shortlist": Case(
        "post", "/applications/{pool}/shortlist", "pool_applied", RECRUITERS, SEES_UNSENT, changed="pool"
    ),
    "submit to host": Case(
        "post",
        "/applications/{pool}/submit-to-host",
        "pool_shortlisted",
        RECRUITERS,
        SEES_UNSENT,
        changed="pool",
    ),
    "ranking of applicants": Case(
        "get", "/doas/{doa}/ranking", "submitted", {w: 200 for w in SEES_DOA}, SEES_DOA
    ),
    "ranking of the pool": Case(
        "get",
        "/doas/{doa}/ranking?scope=pool",
        "submitted",
        {"hq": 200, "recruiter": 200, "auditor": 200, "field_in": 200},
        SEES_DOA,
    ),
    "progress": Case("get", "/doas/{doa}/progress", "submitted", {w: 200 for w in SEES_DOA}, SEES_DOA),
    "clearance decide": Case(
        "post",
        "/clearances/{clearance}/decide",
        "pool_clearance",
        RECRUITERS,
        SEES_UNSENT,
        body={"status": "cleared"},
        changed="clearance",
    ),
    "assessment get": Case(
        "get",
        "/applications/{mine}/assessment",
        "assessed",
        {w: 200 for w in SEES_DOA},
        SEES_MINE - {"volunteer"},
    ),
    "assessment put": Case(
        "put",
        "/applications/{mine}/assessment",
        "submitted",
        {"hq": 200, "focal": 200},
        SEES_MINE,
        body={"method": "desk_review", "result": "recommended", "score": 70},
        changed="assessment",
    ),
    "select preferred": Case(
        "post",
        "/applications/{mine}/select-preferred",
        "assessed",
        {"hq": 200, "focal": 200},
        SEES_MINE,
        changed="mine",
    ),
    "select reserve": Case(
        "post",
        "/applications/{mine}/select-reserve",
        "assessed",
        {"hq": 200, "focal": 200},
        SEES_MINE,
        body={"reserve_rank": 2},
        changed="mine",
    ),
    "make offer": Case(
        "post",
        "/applications/{mine}/offers",
        "preferred",
        {"hq": 201, "recruiter": 201},
        SEES_MINE,
        body={
            "position": "{position}",
            "entry_on_duty": soon(30).isoformat(),
            "planned_end": soon(30 + 364).isoformat(),
            "respond_by": soon(7).isoformat(),
        },
        changed="mine",
    ),
    "offer detail": Case("get", "/offers/{offer}", "offered", {w: 200 for w in SEES_MINE}, SEES_MINE),
    "accept": Case(
        "post", "/offers/{offer}/accept", "offered", {"volunteer": 200}, SEES_MINE, changed="offer"
    ),
    "decline": Case(
        "post", "/offers/{offer}/decline", "offered", {"volunteer": 200}, SEES_MINE, body={}, changed="offer"
    ),
    "withdraw offer": Case(
        "post",
        "/offers/{offer}/withdraw",
        "offered",
        RECRUITERS,
        SEES_MINE,
        body={"reason": "Funding ended."},
        changed="offer",
    ),
    "offer letter": Case("get", "/offers/{offer}/letter", "offered", READERS_OF_DETAILS, SEES_MINE),
    "enter on duty": Case(
        "post",
        "/offers/{offer}/enter-on-duty",
        "done",
        {"hq": 201, "recruiter": 201},
        SEES_MINE,
        body={},
        changed="mine",
    ),
    "onboarding tasks": Case(
        "get", "/offers/{offer}/onboarding-tasks", "accepted", {w: 200 for w in SEES_MINE}, SEES_MINE
    ),
    "onboarding task detail": Case(
        "get", "/onboarding-tasks/{task}", "task_submitted", {w: 200 for w in SEES_MINE}, SEES_MINE
    ),
    "onboarding submit": Case(
        "post",
        "/onboarding-tasks/{task}/submit",
        "accepted",
        {"volunteer": 200},
        SEES_MINE,
        multipart=True,
        changed="task",
    ),
    "onboarding document": Case(
        "get", "/onboarding-tasks/{task}/document", "task_submitted", READERS_OF_DETAILS, SEES_MINE
    ),
    "onboarding verify": Case(
        "post", "/onboarding-tasks/{task}/verify", "task_submitted", RECRUITERS, SEES_MINE, changed="task"
    ),
    "onboarding return": Case(
        "post",
        "/onboarding-tasks/{task}/return",
        "task_submitted",
        RECRUITERS,
        SEES_MINE,
        body={"note": "Unreadable."},
        changed="task",
    ),
}

STAGES = {
    "none": None,
    "applied": "applied",
    "submitted": "submitted",
    "assessed": "assessed",
    "preferred": "preferred",
    "offered": "offered",
    "accepted": "accepted",
    "task_submitted": "accepted",
    "done": "accepted",
}


def build(cast: dict[str, Any], world: Any, open_doa: Any, stage: str) -> SimpleNamespace:
    """The scene of ``stage``: the volunteer's application (``mine``) walked there, an eligible
    pool candidate without an account (``pool``, never sent to the host) and the other volunteer's
    application submitted to host B."""
    doa, position = open_doa.doa, open_doa.position
    scene = SimpleNamespace(
        doa=doa, position=position, mine=None, pool=None, offer=None, task=None, clearance=None
    )
    mine_to = STAGES.get(stage)
    if mine_to is not None:
        scene.mine = walk(cast=cast, doa=doa, candidate=world.volunteer, to=mine_to, position=position)
        scene.offer = scene.mine.offers.first()
        if scene.offer is not None and scene.offer.status == Offer.Status.ACCEPTED:
            scene.task = scene.offer.onboarding_tasks.get(kind=OnboardingTask.Kind.BANK_DETAILS)
    if stage == "task_submitted":
        services.onboarding_task_submit(
            task=scene.task, actor=cast["volunteer"], file=pdf("bank.pdf"), note="IBAN"
        )
    if stage == "done":
        scene.offer.onboarding_tasks.update(status=OnboardingTask.Status.DONE, verified_at=timezone.now())
    if stage.startswith("pool_"):
        person = CandidateFactory(nationality=world.country, user=None)
        scene.pool = services.application_source(doa=doa, candidate=person, actor=cast["recruiter"])
        if stage in ("pool_shortlisted", "pool_clearance"):
            scene.pool = services.application_shortlist(application=scene.pool, actor=cast["recruiter"])
        if stage == "pool_clearance":
            scene.clearance = Clearance.objects.create(application=scene.pool, kind="reference_check")
    scene.candidate = CandidateFactory(nationality=world.country, user=None)
    theirs = ApplicationFactory(
        doa=sourcing(world.other_doa), candidate=world.other_volunteer, status=S.SUBMITTED
    )
    theirs.submitted_at = theirs.applied_at
    theirs.save()
    return scene


def fill(text: str, scene: SimpleNamespace) -> str:
    values = {
        "doa": scene.doa.pk,
        "position": scene.position.pk,
        "candidate": scene.candidate.pk,
        "mine": getattr(scene.mine, "pk", 0),
        "pool": getattr(scene.pool, "pk", 0),
        "offer": getattr(scene.offer, "pk", 0),
        "task": getattr(scene.task, "pk", 0),
        "clearance": getattr(scene.clearance, "pk", 0),
    }
    return text.format(**values)


def state(case: Case, scene: SimpleNamespace) -> Any:
    """What a successful call of ``case`` changes, read from the database."""
    if case.changed == "applications":
        return sorted(Application.objects.values_list("pk", "status"))
    if case.changed == "assessment":
        return list(Assessment.objects.filter(application=scene.mine).values())
    obj = getattr(scene, case.changed)
    return type(obj).objects.filter(pk=obj.pk).values().get()


@pytest.fixture
def call(api_as, client):
    from mobilize.accounts.services import token_create

    def run(user, case: Case, scene: SimpleNamespace):
        url = BASE + fill(case.path, scene)
        if case.multipart:
            client.logout()
            headers = {"Authorization": f"Bearer {token_create(user=user)}"} if user is not None else {}
            return client.post(url, data={"file": pdf("form.pdf")}, headers=headers)
        body = None
        if case.body is not None:
            body = {
                k: (int(fill(v, scene)) if isinstance(v, str) and v.startswith("{") else v)
                for k, v in case.body.items()
            }
        return api_as(user, case.method, url, body)

    return run


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", list(CASES))
def test_endpoint_over_the_cast(name, who, cast, world, open_doa, call):
    case = CASES[name]
    scene = build(cast, world, open_doa, case.stage)
    before = state(case, scene) if case.changed else None
    response = call(cast[who], case, scene)
    assert response.status_code == expect(case, who), response.content[:300]
    if case.changed and response.status_code >= 400:
        assert state(case, scene) == before


# --- the lists: each shows exactly what the caller may see ------------------------------------


@pytest.fixture
def lists(cast, world, open_doa):
    """``mine``: the volunteer's, submitted to host A and offered, with a document uploaded;
    ``unsent``: the other volunteer's to host A, shortlisted, never sent, with a clearance;
    ``theirs``: the other volunteer's to host B in Peru, submitted, with a clearance and an
    assessment."""
    mine = walk(
        cast=cast, doa=open_doa.doa, candidate=world.volunteer, to="accepted", position=open_doa.position
    )
    offer = mine.offers.get()
    task = offer.onboarding_tasks.get(kind=OnboardingTask.Kind.MEDICAL_CLEARANCE)
    services.onboarding_task_submit(task=task, actor=cast["volunteer"], file=pdf("medical.pdf"), note="Fit.")
    unsent = ApplicationFactory(doa=open_doa.doa, candidate=world.other_volunteer, status=S.SHORTLISTED)
    unsent_clearance = Clearance.objects.create(application=unsent, kind="reference_check")
    theirs = ApplicationFactory(
        doa=sourcing(world.other_doa), candidate=world.other_volunteer, status=S.SUBMITTED
    )
    theirs.submitted_at = theirs.applied_at
    theirs.save()
    theirs_clearance = Clearance.objects.create(application=theirs, kind="security")
    AssessmentFactory(application=theirs)
    return SimpleNamespace(
        mine=mine,
        offer=offer,
        task=task,
        unsent=unsent,
        theirs=theirs,
        clearances={"unsent": unsent_clearance, "theirs": theirs_clearance},
    )


SEES = {
    "mine": SEES_MINE,
    "unsent": frozenset({"hq", "recruiter", "auditor", "field_in", "other_volunteer"}),
    "theirs": frozenset({"hq", "recruiter", "auditor", "other_focal", "field_out", "other_volunteer"}),
}
CLEARANCES_SEEN = {
    "unsent": frozenset({"hq", "recruiter", "auditor", "field_in"}),
    "theirs": frozenset({"hq", "recruiter", "auditor", "field_out"}),
}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["items"]}


@pytest.mark.parametrize("who", CAST)
def test_lists_show_only_what_the_caller_may_see(who, cast, lists, api_as, open_doa):
    user = cast[who]
    if user is None:
        for path in ("/applications", "/applications/mine", "/offers", "/clearances", "/opportunities"):
            assert api_as(None, "get", BASE + path).status_code == 401
        return
    expected = {getattr(lists, key).pk for key, seers in SEES.items() if who in seers}
    assert ids(api_as(user, "get", f"{BASE}/applications")) == expected
    own = {"volunteer": {lists.mine.pk}, "other_volunteer": {lists.unsent.pk, lists.theirs.pk}}
    assert ids(api_as(user, "get", f"{BASE}/applications/mine")) == own.get(who, set())
    offers = {lists.offer.pk} if who in SEES_MINE else set()
    assert ids(api_as(user, "get", f"{BASE}/offers")) == offers
    clearances = {lists.clearances[key].pk for key, seers in CLEARANCES_SEEN.items() if who in seers}
    assert ids(api_as(user, "get", f"{BASE}/clearances")) == clearances
    opportunities = set() if who == "donor" else {open_doa.doa.pk, lists.theirs.doa_id}
    assert ids(api_as(user, "get", f"{BASE}/opportunities")) == opportunities


def test_a_host_never_sees_a_candidate_it_was_not_sent(cast, lists, api_as, open_doa):
    focal = cast["focal"]
    assert api_as(focal, "get", f"{BASE}/applications/{lists.unsent.pk}").status_code == 404
    ranking = api_as(focal, "get", f"{BASE}/doas/{open_doa.doa.pk}/ranking").json()
    assert [row["application"] for row in ranking["results"]] == [lists.mine.pk]
    assert lists.unsent.candidate_id not in {row["candidate"] for row in ranking["results"]}
    progress = api_as(focal, "get", f"{BASE}/doas/{open_doa.doa.pk}/progress").json()
    assert progress["applications"]["shortlisted"] == 0
    detail = api_as(focal, "get", f"{BASE}/applications/{lists.mine.pk}").json()
    assert detail["clearances"] == []
    # the host sees the onboarding progress, never the documents, their names or notes
    [task] = [
        t
        for t in api_as(focal, "get", f"{BASE}/offers/{lists.offer.pk}/onboarding-tasks").json()
        if t["id"] == lists.task.pk
    ]
    assert (task["status"], task["has_document"]) == ("submitted", True)
    assert (task["original_name"], task["note"], task["download_url"]) == (None, None, None)
    assert api_as(focal, "get", f"{BASE}/onboarding-tasks/{lists.task.pk}").json()["note"] is None


def test_a_candidate_never_sees_another_candidates_application_or_documents(cast, lists, api_as):
    other = cast["other_volunteer"]
    for path in (
        f"/applications/{lists.mine.pk}",
        f"/applications/{lists.mine.pk}/assessment",
        f"/offers/{lists.offer.pk}",
        f"/offers/{lists.offer.pk}/letter",
        f"/offers/{lists.offer.pk}/onboarding-tasks",
        f"/onboarding-tasks/{lists.task.pk}",
        f"/onboarding-tasks/{lists.task.pk}/document",
    ):
        assert api_as(other, "get", BASE + path).status_code == 404, path
    # and the candidate themself sees their documents but neither clearances nor assessments
    mine = api_as(cast["volunteer"], "get", f"{BASE}/applications/{lists.theirs.pk}")
    assert mine.status_code == 404
    own = api_as(cast["other_volunteer"], "get", f"{BASE}/applications/{lists.theirs.pk}").json()
    assert (own["clearances"], own["assessment"]) == ([], None)
    task = api_as(cast["volunteer"], "get", f"{BASE}/onboarding-tasks/{lists.task.pk}").json()
    assert (task["original_name"], task["note"]) == ("medical.pdf", "Fit.")


@pytest.mark.parametrize("who", ["auditor", "field_in"])
def test_auditors_and_field_units_see_onboarding_progress_but_no_document(who, cast, lists, api_as):
    task = api_as(cast[who], "get", f"{BASE}/onboarding-tasks/{lists.task.pk}").json()
    assert (task["status"], task["has_document"]) == ("submitted", True)
    assert (task["original_name"], task["note"], task["download_url"]) == (None, None, None)
    assert api_as(cast[who], "get", f"{BASE}/onboarding-tasks/{lists.task.pk}/document").status_code == 403
