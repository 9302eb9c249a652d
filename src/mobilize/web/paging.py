"""Pagination for list pages that keeps the filters in the links."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any], *, per_page: int = 50) -> dict[str, Any]:
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page_obj,
        "object_list": page_obj.object_list,
        "querystring_without_page": params.urlencode(),
    }
