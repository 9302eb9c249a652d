"""The statistics page: the overview of one programme year, with a year picker, tables and charts."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from mobilize.statistics.forms import YearForm
from mobilize.statistics.overview import overview
from mobilize.statistics.permissions import can_view_statistics
from mobilize.statistics.selectors import figure_labels, statistics_for_year, years_with_data


def _default_year(years: list[int]) -> int | None:
    """The latest year with data that has begun (the current year's figures so far, else the last)."""
    begun = [year for year in years if year <= dt.date.today().year]
    return max(begun or years) if years else None


@login_required
@require_http_methods(["GET"])
def statistics_overview_view(request: HttpRequest) -> HttpResponse:
    if not can_view_statistics(request.user):
        raise PermissionDenied
    years = years_with_data()
    default = _default_year(years)
    form = YearForm(request.GET if "year" in request.GET else {"year": default}, years=years)
    context: dict[str, object] = {"form": form, "years": years}
    if default is None:
        return render(request, "statistics/overview.html", context)
    if not form.is_valid():
        return render(request, "statistics/overview.html", context, status=422)
    document = statistics_for_year(year=form.cleaned_data["year"])
    context.update(document=document, **overview(document, figure_labels()))
    return render(request, "statistics/overview.html", context)
