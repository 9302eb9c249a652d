"""The statistics fact tables: what the yearly figures count, one narrow row per volunteer-year.

Counting a programme year over the normalized tables (assignments joined to their volunteer, duty
country, category, host entity, DoA) costs about two seconds at ten times the 2023 programme on
SQLite; over these tables it is a scan of integers. The rows are derived data, never edited:
``facts.facts_write`` computes them from the assignments with the very expressions the figures
were defined with, and nothing else writes them (docs/statistics.md, "Fact tables").

Their names and help texts are not marked for translation: no page, form or admin shows these
tables (they are documented in docs/statistics.md).

They cannot go stale. The services that write what the figures read call
``services.statistics_facts_refresh`` for the volunteers they touched; and database triggers
(migration 0002) add the volunteer to ``StaleVolunteer`` on every write to those records, whoever
makes it (a factory, the admin, a bulk ``update()``, raw SQL), so that the next read brings those
volunteers' rows up to date before it counts.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Value

REGION_FIELDS = {
    "africa": "in_africa",
    "arab_states": "in_arab_states",
    "asia_pacific": "in_asia_pacific",
    "europe_cis": "in_europe_cis",
    "latin_america": "in_latin_america",
    "global": "in_global",
}
"""The column of each region (``geo.Region``) in ``VolunteerYear``; a test checks none is missing."""

KIND_FLAGS = (
    "national",
    "international",
    "youth",
    "intl_in_gs",
    "gs",
    "female",
    "disabled",
    *REGION_FIELDS.values(),
)
"""The 0/1 columns of ``VolunteerYear`` packed into ``kinds``: flag ``i`` is bit ``2**i``."""

LEAD_FIELDS = tuple(
    f"lead_{modality}_{part}"
    for modality in ("national", "international")
    for part in ("days", "with", "without")
)
"""The lead-time columns of ``VolunteerYear``."""


def _flag(help_text: str) -> models.PositiveSmallIntegerField:
    """A 0/1 column: an integer rather than a boolean, so that ``SUM`` counts it on every database."""
    return models.PositiveSmallIntegerField(default=0, help_text=help_text)


def _reference(model: str, **options: Any) -> models.ForeignKey:
    """A reference the figures group by; no constraint nor index of its own (the rows are derived, and
    the breakdowns scan a year's rows rather than look up one reference)."""
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False, **options
    )


class VolunteerYear(models.Model):
    """One volunteer in one year in which they served (an onsite assignment active that year): what
    the figures count once per person (``selectors._people`` defines each column)."""

    year = models.SmallIntegerField()
    volunteer = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    assignments = models.PositiveSmallIntegerField(help_text="Assignments active in the year.")
    national = _flag("1 if at least one national assignment.")
    international = _flag("1 if at least one international assignment.")
    youth = _flag("1 if at least one assignment of a youth category.")
    intl_in_gs = _flag("1 if an international assignment in a Global South duty country.")
    nationality = models.IntegerField(help_text="Country id: the nationality of the latest assignment.")
    gs = _flag("1 if that nationality is of the Global South.")
    female = _flag("1 if the volunteer's gender is female.")
    disabled = _flag("1 if the volunteer disclosed a disability.")
    age = models.SmallIntegerField(help_text="Whole years on the last day served in the year.")
    in_africa = _flag("1 if an assignment in a duty country of the region.")
    in_arab_states = _flag("1 if an assignment in a duty country of the region.")
    in_asia_pacific = _flag("1 if an assignment in a duty country of the region.")
    in_europe_cis = _flag("1 if an assignment in a duty country of the region.")
    in_latin_america = _flag("1 if an assignment in a duty country of the region.")
    in_global = _flag("1 if an assignment in a duty country of the region.")
    lead_national_days = models.IntegerField(
        default=0, help_text="Lead time days summed over the assignments whose end event is in the year."
    )
    lead_national_with = models.PositiveSmallIntegerField(default=0)
    lead_national_without = models.PositiveSmallIntegerField(default=0)
    lead_international_days = models.IntegerField(default=0)
    lead_international_with = models.PositiveSmallIntegerField(default=0)
    lead_international_without = models.PositiveSmallIntegerField(default=0)
    kinds = models.GeneratedField(
        expression=sum((F(name) * (1 << bit) for bit, name in enumerate(KIND_FLAGS)), start=Value(0)),
        output_field=models.IntegerField(),
        db_persist=True,
        help_text="The flags in one integer (KIND_FLAGS): the figures group by it, a few hundred groups.",
    )

    class Meta:
        verbose_name = "volunteer-year fact"
        verbose_name_plural = "volunteer-year facts"
        ordering = ["year", "volunteer"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "volunteer"], name="%(app_label)s_%(class)s_one_per_year"
            ),
        ]
        # Covering indexes: each figure of a year reads one of them in order, never the table.
        indexes = [
            models.Index(fields=["volunteer"], name="stats_vy_volunteer_idx"),
            models.Index(fields=["year", "kinds", "assignments"], name="stats_vy_kinds_idx"),
            models.Index(fields=["year", "age"], name="stats_vy_age_idx"),
            models.Index(fields=["year", "nationality"], name="stats_vy_nationality_idx"),
            models.Index(fields=["year", *LEAD_FIELDS], name="stats_vy_lead_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} in {self.year}"


class VolunteerPlace(models.Model):
    """One volunteer in one year at one place of service: a distinct (duty country, host entity,
    category, modality) of their assignments active that year. The ``first_*`` flags are 1 on one
    row only of each (volunteer, year, country), (..., category), (..., host entity),
    (..., reporting group), (..., host type) and (..., host type, modality), so that a breakdown
    counts volunteers with ``SUM`` instead of ``COUNT(DISTINCT)``."""

    year = models.SmallIntegerField()
    volunteer = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    duty_country = _reference("geo.Country")
    host_entity = _reference("partners.HostEntity")
    host_group = _reference("partners.ReportingGroup", help_text="The host entity's reporting group.")
    host_type = models.CharField(max_length=30, help_text="The host entity's type.")
    category = _reference("reference.VolunteerCategory")
    national = _flag("1 if national, 0 if international.")
    first_in_country = _flag("1 on one row of the volunteer-year per duty country.")
    first_in_category = _flag("1 on one row of the volunteer-year per category.")
    first_in_entity = _flag("1 on one row of the volunteer-year per host entity.")
    first_in_group = _flag("1 on one row of the volunteer-year per reporting group.")
    first_in_type = _flag("1 on one row of the volunteer-year per host type.")
    first_in_type_modality = _flag("1 on one row of the volunteer-year per host type and modality.")

    class Meta:
        verbose_name = "volunteer place fact"
        verbose_name_plural = "volunteer place facts"
        ordering = ["year", "volunteer", "duty_country", "host_entity", "category", "national"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "volunteer", "duty_country", "host_entity", "category", "national"],
                name="%(app_label)s_%(class)s_one_per_place",
            ),
        ]
        # Covering indexes, one per breakdown, in the order it groups by.
        indexes = [
            models.Index(fields=["volunteer"], name="stats_vp_volunteer_idx"),
            models.Index(fields=["year", "duty_country", "first_in_country"], name="stats_vp_country_idx"),
            models.Index(fields=["year", "category", "first_in_category"], name="stats_vp_category_idx"),
            models.Index(
                fields=["year", "host_entity", "duty_country", "first_in_entity"], name="stats_vp_entity_idx"
            ),
            models.Index(
                fields=["year", "host_group", "duty_country", "first_in_group"], name="stats_vp_group_idx"
            ),
            models.Index(
                fields=["year", "host_type", "national", "first_in_type", "first_in_type_modality"],
                name="stats_vp_type_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} in {self.year} at country {self.duty_country_id}"


class StaleVolunteer(models.Model):
    """A volunteer whose fact rows may no longer match their records: appended by the database
    triggers on every write to what the figures read, removed when the rows are recomputed. A
    volunteer may be listed more than once (one row per write, so that a write made while the rows
    are being recomputed is never lost)."""

    volunteer_id = models.BigIntegerField()

    class Meta:
        verbose_name = "stale volunteer"
        verbose_name_plural = "stale volunteers"
        ordering = ["pk"]
        indexes = [models.Index(fields=["volunteer_id"], name="stats_stale_volunteer_idx")]

    def __str__(self) -> str:
        return f"Facts of {self.volunteer_id} to recompute"
