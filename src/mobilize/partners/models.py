"""Host entities and the reporting groups of the annual report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel
from mobilize.geo.models import LocalizedNameMixin


class ReportingGroup(BaseModel):
    """A line of the report's table of volunteers by host (e.g. "UN Secretariat entities and missions")."""

    code = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=150)
    name_zh = models.CharField(max_length=150, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name_en


class HostEntity(LocalizedNameMixin, BaseModel):
    """An organization that hosts volunteers."""

    class Type(models.TextChoices):
        FUND_PROGRAMME = "fund_programme", _("Fund or programme")
        SPECIALIZED_AGENCY = "specialized_agency", _("Specialized agency")
        RELATED_ORGANIZATION = "related_organization", _("Related organization")
        SECRETARIAT = "secretariat", _("Secretariat department or office")
        PEACEKEEPING = "peacekeeping", _("Peacekeeping operation")
        POLITICAL_MISSION = "political_mission", _("Special political mission")
        REGIONAL_COMMISSION = "regional_commission", _("Regional commission")
        OTHER_UN = "other_un", _("Other UN entity")
        GOVERNMENT = "government", _("Government or public institution")
        NGO = "ngo", _("NGO or civil society organization")
        ACADEMIC = "academic", _("Academic institution")

    UN_TYPES = frozenset(
        {
            Type.FUND_PROGRAMME,
            Type.SPECIALIZED_AGENCY,
            Type.RELATED_ORGANIZATION,
            Type.SECRETARIAT,
            Type.PEACEKEEPING,
            Type.POLITICAL_MISSION,
            Type.REGIONAL_COMMISSION,
            Type.OTHER_UN,
        }
    )

    acronym = models.CharField(max_length=30, unique=True)
    type = models.CharField(max_length=30, choices=Type, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("E.g. a mission's parent department."),
    )
    reporting_group = models.ForeignKey(ReportingGroup, on_delete=models.PROTECT, related_name="entities")
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="host_entities",
        help_text=_("Where a national body or NGO is based; empty for UN entities."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name_plural = _("host entities")

    def __str__(self) -> str:
        return self.acronym

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An entity cannot be its own parent.")})

    @property
    def is_un(self) -> bool:
        return self.type in self.UN_TYPES
