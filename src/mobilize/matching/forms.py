"""The ranking page's options (a GET form): the talent pool or named applicants, and how many."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mobilize.matching.selectors import MAX_LIMIT, Scope


@dataclass(frozen=True)
class RankingOptions:
    scope: Scope = "pool"
    limit: int = 50
    candidate_ids: tuple[int, ...] = ()


class RankingForm(forms.Form):
    """Invalid values are shown on the form and the defaults used meanwhile."""

    scope = forms.ChoiceField(
        choices=[("pool", _("The talent pool")), ("applicants", _("These applicants"))],
        required=False,
        label=_("Rank"),
    )
    candidates = forms.CharField(
        required=False,
        label=_("Applicants"),
        help_text=_("Candidate numbers, separated by spaces or commas (for ranking applicants)."),
    )
    limit = forms.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False, label=_("How many"))

    def clean_candidates(self) -> tuple[int, ...]:
        text = self.cleaned_data.get("candidates") or ""
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        if not all(p.isdigit() for p in parts):
            raise ValidationError(_("Give candidate numbers only, e.g. 12, 40, 77."))
        return tuple(sorted({int(p) for p in parts}))

    def options(self) -> RankingOptions:
        if not self.is_bound:
            return RankingOptions()
        self.is_valid()
        data: dict[str, Any] = self.cleaned_data
        return RankingOptions(
            scope="applicants" if data.get("scope") == "applicants" else "pool",
            limit=data.get("limit") or 50,
            candidate_ids=data.get("candidates") or (),
        )
