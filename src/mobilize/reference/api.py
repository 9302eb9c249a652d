"""The reference lists over JSON, read-only: volunteer categories with their rules, languages, SDGs and
expertise areas. Headquarters changes rules through the page or the admin."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.reference.models import CategoryRule, ExpertiseArea, Language, Modality, Sdg, VolunteerCategory
from mobilize.reference.permissions import category_access
from mobilize.reference.selectors import (
    category_list,
    category_with_rules,
    expertise_area_list,
    language_list,
    rule_in_force,
    sdg_list,
)

router = Router(tags=["reference"])


class CategoryRuleOut(Schema):
    id: int
    effective_from: dt.date
    effective_to: dt.date | None
    min_age: int
    max_age: int | None
    age_applies_through_end: bool
    min_experience_months: int
    min_duration_days: int
    max_duration_days: int
    service_limit_days: int | None
    service_limit_exempt_age: int | None
    requires_degree: bool
    notes: str
    version: int


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    name_zh: str
    modality: Modality
    is_youth: bool
    is_university: bool
    is_community: bool
    is_refugee: bool
    current_rule: CategoryRuleOut | None
    rules: list[CategoryRuleOut]
    version: int

    @staticmethod
    def resolve_name(obj: VolunteerCategory) -> str:
        return str(obj)

    @staticmethod
    def resolve_current_rule(obj: VolunteerCategory) -> CategoryRule | None:
        return rule_in_force(obj.rules.all(), timezone.localdate())

    @staticmethod
    def resolve_rules(obj: VolunteerCategory) -> list[CategoryRule]:
        return list(obj.rules.all())


class CategoryFilterIn(Schema):
    modality: Modality | None = None


class LanguageOut(Schema):
    id: int
    code: str
    name_en: str
    name_zh: str
    is_un_official: bool


class LanguageFilterIn(Schema):
    is_un_official: bool | None = None
    search: str | None = None


class SdgOut(Schema):
    id: int
    number: int
    name_en: str
    name_zh: str


class ExpertiseAreaOut(Schema):
    id: int
    code: str
    name_en: str
    name_zh: str


class ExpertiseAreaFilterIn(Schema):
    search: str | None = None


@router.get("/categories", response={200: list[CategoryOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def category_list_api(
    request: AuthedRequest, filters: Query[CategoryFilterIn]
) -> QuerySet[VolunteerCategory]:
    """Every volunteer category with the rule in force today and the history of its rules (newest first)."""
    return category_list(viewer=request.user, modality=filters.modality)


@router.get("/categories/{category_id}", response={200: CategoryOut, **ERROR_RESPONSES})
def category_detail_api(request: AuthedRequest, category_id: int) -> VolunteerCategory:
    return category_with_rules(category=category_access(user=request.user, category_id=category_id))


@router.get("/languages", response={200: list[LanguageOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def language_list_api(request: AuthedRequest, filters: Query[LanguageFilterIn]) -> QuerySet[Language]:
    return language_list(viewer=request.user, is_un_official=filters.is_un_official, search=filters.search)


@router.get("/sdgs", response={200: list[SdgOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def sdg_list_api(request: AuthedRequest) -> QuerySet[Sdg]:
    return sdg_list(viewer=request.user)


@router.get("/expertise-areas", response={200: list[ExpertiseAreaOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def expertise_area_list_api(
    request: AuthedRequest, filters: Query[ExpertiseAreaFilterIn]
) -> QuerySet[ExpertiseArea]:
    return expertise_area_list(viewer=request.user, search=filters.search)
