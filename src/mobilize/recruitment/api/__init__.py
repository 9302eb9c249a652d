"""The recruitment API under /api/v1/recruitment/: opportunities and applications, the ranking,
clearances, the host's assessment and selection, a DoA's progress (``applications``); offers, the
offer letter, onboarding tasks and the entry on duty (``offers``). docs/recruitment.md lists the
paths."""

from ninja import Router

from mobilize.recruitment.api import applications, offers

router = Router(tags=["recruitment"])
router.add_router("", applications.router)
router.add_router("", offers.router)
