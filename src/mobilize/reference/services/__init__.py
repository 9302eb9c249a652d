"""Writes on reference data: adding an eligibility rule, and loading the reference data files."""

from mobilize.reference.services.loading import LoadReport, ModelCounts, ReferenceDataError, reference_load
from mobilize.reference.services.rules import categoryrule_create

__all__ = ["LoadReport", "ModelCounts", "ReferenceDataError", "categoryrule_create", "reference_load"]
