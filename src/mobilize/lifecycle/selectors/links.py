"""Where the lifecycle's pages are, for notifications and task lists."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from mobilize.assignments.models import Assignment


def page(name: str, **kwargs: Any) -> str:
    """The path of a page, or "" when it is not routed (a notification then has no link)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def lifecycle_url(assignment: Assignment) -> str:
    return page("lifecycle:assignment_lifecycle", assignment_id=assignment.pk)
