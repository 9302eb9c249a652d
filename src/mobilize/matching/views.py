"""Pages: the ranked list for a DoA (each score with its components; for applicants, the
ineligible ones after, with their reasons) and one candidate's eligibility for one DoA."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.matching.forms import RankingForm
from mobilize.matching.permissions import matching_doa_access
from mobilize.matching.selectors import candidate_match, candidate_rank, candidates_visible
from mobilize.matching.weights import COMPONENTS
from mobilize.talent.permissions import candidate_access
from mobilize.web.views_helpers import request_user


@login_required
@require_http_methods(["GET"])
def doa_ranking_view(request: HttpRequest, doa_id: int) -> HttpResponse:
    user = request_user(request)
    doa = matching_doa_access(user=user, doa_id=doa_id)
    form = RankingForm(request.GET or None)
    options = form.options()
    candidates = None
    if options.scope == "applicants":
        candidates = candidates_visible(viewer=user, ids=options.candidate_ids)
    ranked = candidate_rank(
        doa=doa, scope=options.scope, candidates=candidates, limit=options.limit, viewer=user
    )
    context = {
        "doa": doa,
        "form": form,
        "options": options,
        "components": [str(label) for label in COMPONENTS.values()],
        "eligible": [row for row in ranked if row.eligible],
        "ineligible": [row for row in ranked if not row.eligible],
    }
    return render_page(request, "matching/doa_ranking.html", context, partial="results")


@login_required
@require_http_methods(["GET"])
def eligibility_view(request: HttpRequest, doa_id: int, candidate_id: int) -> HttpResponse:
    user = request_user(request)
    doa = matching_doa_access(user=user, doa_id=doa_id)
    candidate = candidate_access(user=user, candidate_id=candidate_id)
    match = candidate_match(candidate=candidate, doa=doa)
    return render_page(request, "matching/eligibility.html", {"doa": doa, "match": match})
