"""The NinjaAPI instance at /api/v1/, with its schema at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from mobilize.api.auth import api_auth
from mobilize.api.errors import install_error_handlers

api = NinjaAPI(
    title="Mobilize API",
    version="1",
    description="The JSON API of Mobilize. Authenticate with `Authorization: Bearer <token>` "
    "(`mobilize token create USER`) or a browser session.",
    auth=api_auth,
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
install_error_handlers(api)


def _register() -> None:
    from mobilize.accounts.api import router as accounts_router
    from mobilize.api.audit import router as audit_router
    from mobilize.assignments.api import router as assignments_router
    from mobilize.dutyofcare.api import router as dutyofcare_router
    from mobilize.entitlements.api import router as entitlements_router
    from mobilize.geo.api import router as geo_router
    from mobilize.lifecycle.api import router as lifecycle_router
    from mobilize.matching.api import router as matching_router
    from mobilize.notifications.api import router as notifications_router
    from mobilize.partners.api import router as partners_router
    from mobilize.recruitment.api import router as recruitment_router
    from mobilize.reference.api import router as reference_router
    from mobilize.requests.api import router as requests_router
    from mobilize.statistics.api import router as statistics_router
    from mobilize.talent.api import router as talent_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/audit", audit_router)
    api.add_router("/geo", geo_router)
    api.add_router("/reference", reference_router)
    api.add_router("/partners", partners_router)
    api.add_router("/talent", talent_router)
    api.add_router("/requests", requests_router)
    api.add_router("/assignments", assignments_router)
    api.add_router("/entitlements", entitlements_router)
    api.add_router("/matching", matching_router)
    api.add_router("/recruitment", recruitment_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/dutyofcare", dutyofcare_router)
    api.add_router("/lifecycle", lifecycle_router)
    api.add_router("/statistics", statistics_router)


_register()
