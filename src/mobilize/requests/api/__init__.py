"""The requests API under /api/v1/requests/: DoAs (``doas``) and their workflow, conversation and
templates (``workflow``)."""

from ninja import Router

from mobilize.requests.api import doas, workflow

router = Router(tags=["requests"])
router.add_router("", doas.router)
router.add_router("", workflow.router)
