from django.contrib import admin

from mobilize.core.admin import ReadOnlyAdmin
from mobilize.matching.models import CandidateFeatures


@admin.register(CandidateFeatures)
class CandidateFeaturesAdmin(ReadOnlyAdmin):
    """Derived rows, shown for diagnosis; ``mobilize matching_refresh`` rewrites them."""

    list_display = [
        "candidate_id",
        "home_country",
        "education_level",
        "experience_months",
        "completed_assignments",
    ]
    list_filter = ["displaced", "onsite", "has_driving_licence"]
    search_fields = ["candidate__id"]
    readonly_fields = [f.name for f in CandidateFeatures._meta.fields]
