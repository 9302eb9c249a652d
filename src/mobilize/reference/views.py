"""Pages for volunteer categories and their eligibility rules: read by every signed-in user; a new
rule is added by headquarters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.reference.forms import CategoryFilterForm, CategoryRuleForm
from mobilize.reference.permissions import can_create_categoryrule, category_access
from mobilize.reference.selectors import category_list, category_with_rules, rule_in_force
from mobilize.reference.services import categoryrule_create
from mobilize.web.paging import paginate
from mobilize.web.views_helpers import form_write, request_user


@login_required
@require_http_methods(["GET"])
def category_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filter_form = CategoryFilterForm(request.GET)
    page = paginate(request, category_list(viewer=user, **filter_form.filters()))
    today = timezone.localdate()
    rows = [(category, rule_in_force(category.rules.all(), today)) for category in page["object_list"]]
    context = {"filter_form": filter_form, "rows": rows, "today": today, **page}
    return render_page(request, "reference/category_list.html", context, partial="results")


@login_required
@require_http_methods(["GET"])
def category_detail_view(request: HttpRequest, category_id: int) -> HttpResponse:
    user = request_user(request)
    category = category_with_rules(category=category_access(user=user, category_id=category_id))
    today = timezone.localdate()
    context = {
        "category": category,
        "rules": category.rules.all(),
        "current_rule": rule_in_force(category.rules.all(), today),
        "today": today,
        "can_add_rule": can_create_categoryrule(user, category),
    }
    return render_page(request, "reference/category_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def categoryrule_create_view(request: HttpRequest, category_id: int) -> HttpResponse:
    user = request_user(request)
    category = category_access(user=user, category_id=category_id)
    if not can_create_categoryrule(user, category):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = CategoryRuleForm(request.POST)
        rule = form_write(
            form, lambda: categoryrule_create(category=category, actor=user, **form.cleaned_data)
        )
        if rule is not None:
            messages.success(request, _("The new rule is recorded."))
            return redirect("reference:category_detail", category_id=category.pk)
        status = 422
    else:
        form = CategoryRuleForm()
    return render_page(
        request, "reference/rule_form.html", {"category": category, "form": form}, status=status
    )
