"""Statistics over JSON: the document of a year and the years that have one.

``GET /statistics/{year}`` answers the same bytes as ``mobilize stats --year Y --format json``:
keys sorted, shares with 4 decimal places and means with 2 written as JSON numbers (``0.5700``).
Its OpenAPI schema is a plain object; docs/statistics.md describes every key.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Router, Schema

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.statistics.formats import document_json
from mobilize.statistics.permissions import can_view_statistics
from mobilize.statistics.selectors import statistics_for_year, years_with_data

router = Router(tags=["statistics"])


class StatisticsYearsOut(Schema):
    years: list[int]


@router.get("/years", response={200: StatisticsYearsOut, **ERROR_RESPONSES})
def statistics_years_api(request: AuthedRequest) -> Any:
    """The years in which at least one onsite assignment was active, oldest first."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    return {"years": years_with_data()}


@router.get(
    "/{year}",
    response={200: dict[str, Any], **ERROR_RESPONSES},
    openapi_extra={
        "description": "The statistics document of format mobilize-statistics/1 for the year "
        "(docs/statistics.md): format, year, onsite, previous_year (null when no assignment was "
        "active the year before) and change (null likewise). 422 for a year outside 1901-9999."
    },
)
def statistics_get_api(request: AuthedRequest, year: int) -> Any:
    """The statistics of a programme year (HQ, recruiter, auditor, donor)."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    return HttpResponse(document_json(statistics_for_year(year=year)), content_type="application/json")
