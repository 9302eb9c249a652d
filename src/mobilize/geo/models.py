"""Countries and territories, and the duty stations in them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel


class Region(models.TextChoices):
    """The five reporting regions of the annual report, and "global" for headquarters locations."""

    AFRICA = "africa", _("Africa (sub-Saharan)")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE_CIS = "europe_cis", _("Europe and CIS")
    LATIN_AMERICA = "latin_america", _("Latin America and the Caribbean")
    GLOBAL = "global", _("Global")


class RegionalOffice(models.TextChoices):
    """The six regional offices; Africa is split in two."""

    EAST_SOUTHERN_AFRICA = "esa", _("East and Southern Africa (Nairobi)")
    WEST_CENTRAL_AFRICA = "wca", _("West and Central Africa (Dakar)")
    ARAB_STATES = "as", _("Arab States (Amman)")
    ASIA_PACIFIC = "ap", _("Asia and the Pacific (Bangkok)")
    EUROPE_CIS = "ecis", _("Europe and CIS (Istanbul)")
    LATIN_AMERICA = "lac", _("Latin America and the Caribbean (Panama)")
    HEADQUARTERS = "hq", _("Headquarters (Bonn)")


class LocalizedNameMixin(models.Model):
    """English, French, Spanish and Chinese names; ``name`` picks the active language's."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        lang = (get_language() or "en")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_en


class Country(LocalizedNameMixin, BaseModel):
    """A country or territory of ISO 3166-1, with its UN M49 code and programme attributes."""

    iso2 = models.CharField(max_length=2, unique=True)
    iso3 = models.CharField(max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    region = models.CharField(max_length=20, choices=Region, db_index=True)
    regional_office = models.CharField(max_length=10, choices=RegionalOffice)
    is_global_south = models.BooleanField(
        _("Global South"),
        default=False,
        db_index=True,
        help_text=_("From the documented list in docs/statistics.md; editable by headquarters."),
    )
    is_territory = models.BooleanField(
        default=False, help_text=_("A territory rather than a sovereign state.")
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("countries and territories")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="%(app_label)s_%(class)s_iso2_format"
            ),
            models.CheckConstraint(
                condition=Q(m49__regex=r"^[0-9]{3}$"), name="%(app_label)s_%(class)s_m49_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DutyStation(BaseModel):
    """A place where volunteers serve: family or non-family, with a hardship class."""

    class Hardship(models.TextChoices):
        H = "H", _("H (headquarters)")
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"

    name = models.CharField(max_length=120)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="duty_stations")
    is_family = models.BooleanField(_("family duty station"), default=True)
    hardship_class = models.CharField(max_length=1, choices=Hardship, default=Hardship.A)
    is_capital = models.BooleanField(default=False)

    class Meta:
        ordering = ["country__name_en", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="%(app_label)s_%(class)s_unique_name_in_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.country.name}"
