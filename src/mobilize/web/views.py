from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mobilize.accounts.permissions import can_read_audit
from mobilize.core.selectors import audit_list
from mobilize.web.forms import AuditFilterForm
from mobilize.web.paging import paginate


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {})


@login_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = audit_list(**{k: v for k, v in filters.items() if v})
    return render(request, "web/audit_list.html", {"form": form, **paginate(request, records)})
