"""The per-candidate feature table: everything the pool ranking reads, one narrow row per candidate.

Ranking a million candidates over the normalized tables (candidate, its languages, its expertise,
its assignments) costs a hash join per relation, about a second on PostgreSQL; over this table it
is one scan with integer arithmetic. The rows are derived data: ``services.candidate_features_refresh``
writes them from the profile and the assignments, and nothing else does.

Languages and expertise areas are packed into integers by primary key:

* language ``pk`` sits in word ``(pk - 1) // 21`` at bits ``3 * ((pk - 1) % 21)`` and the two above,
  as its level number (0 none, 1 basic, 2 intermediate, 3 fluent, 4 native);
* expertise area ``pk`` is bit ``(pk - 1) % 63`` of word ``(pk - 1) // 63``.

A language or area whose key is beyond the words is not packed; the ranking then reads it from the
normalized table (slower, the same result).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_WORDS = 12
LANGUAGES_PER_WORD = 21
LANGUAGE_BITS = 3
EXPERTISE_WORDS = 2
EXPERTISE_PER_WORD = 63


def language_slot(language_id: int) -> tuple[int, int] | None:
    """(word, shift) of a language's level in the packed words, or None if it is not packed."""
    index = language_id - 1
    word, position = divmod(index, LANGUAGES_PER_WORD)
    if index < 0 or word >= LANGUAGE_WORDS:
        return None
    return word, LANGUAGE_BITS * position


def expertise_slot(area_id: int) -> tuple[int, int] | None:
    """(word, bit) of an expertise area in the packed words, or None if it is not packed."""
    index = area_id - 1
    word, bit = divmod(index, EXPERTISE_PER_WORD)
    if index < 0 or word >= EXPERTISE_WORDS:
        return None
    return word, bit


class CandidateFeatures(models.Model):
    """What matching needs of one candidate, denormalized (see the module docstring)."""

    candidate = models.OneToOneField(
        "talent.Candidate", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    date_of_birth = models.DateField()
    nationality = models.IntegerField(help_text=_("Country id."))
    residence = models.IntegerField(help_text=_("Country id."))
    home_country = models.IntegerField(
        help_text=_("Country id: nationality, or residence for a refugee or stateless person.")
    )
    displaced = models.BooleanField(help_text=_("Refugee or stateless."))
    education_level = models.SmallIntegerField(help_text=_("0 none, 1 secondary ... 5 doctorate."))
    experience_months = models.IntegerField()
    onsite = models.BooleanField(help_text=_("Interested in onsite assignments (onsite or both)."))
    available_from = models.DateField(null=True)
    has_driving_licence = models.BooleanField()
    served_national_days = models.IntegerField(help_text=_("Days of national assignments, not cancelled."))
    served_international_days = models.IntegerField(
        help_text=_("Days of international assignments, not cancelled.")
    )
    completed_assignments = models.SmallIntegerField()
    expertise_0 = models.BigIntegerField(default=0)
    expertise_1 = models.BigIntegerField(default=0)
    language_0 = models.BigIntegerField(default=0)
    language_1 = models.BigIntegerField(default=0)
    language_2 = models.BigIntegerField(default=0)
    language_3 = models.BigIntegerField(default=0)
    language_4 = models.BigIntegerField(default=0)
    language_5 = models.BigIntegerField(default=0)
    language_6 = models.BigIntegerField(default=0)
    language_7 = models.BigIntegerField(default=0)
    language_8 = models.BigIntegerField(default=0)
    language_9 = models.BigIntegerField(default=0)
    language_10 = models.BigIntegerField(default=0)
    language_11 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("candidate features")
        verbose_name_plural = _("candidate features")
        ordering = ["candidate"]
        indexes = [models.Index(fields=["home_country"], name="matching_feat_home_idx")]

    def __str__(self) -> str:
        return f"Features of candidate {self.candidate_id}"
