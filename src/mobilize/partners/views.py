"""Pages for host entities: thin, each fetch through ``*_access``, each write through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.partners.forms import HostEntityEditForm, HostEntityFilterForm, HostEntityForm
from mobilize.partners.permissions import can_create_hostentity, can_edit_hostentity, hostentity_access
from mobilize.partners.selectors import hostentity_list
from mobilize.partners.services import hostentity_create, hostentity_update
from mobilize.web.views_helpers import form_write, list_page, request_user


@login_required
@require_http_methods(["GET"])
def hostentity_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filter_form = HostEntityFilterForm(request.GET)
    entities = hostentity_list(viewer=user, **filter_form.filters())
    return list_page(
        request,
        "partners/hostentity_list.html",
        queryset=entities,
        filter_form=filter_form,
        can_create=can_create_hostentity(user),
    )


@login_required
@require_http_methods(["GET"])
def hostentity_detail_view(request: HttpRequest, hostentity_id: int) -> HttpResponse:
    user = request_user(request)
    entity = hostentity_access(user=user, hostentity_id=hostentity_id)
    context = {
        "entity": entity,
        "children": hostentity_list(viewer=user, parent_id=entity.pk),
        "can_edit": can_edit_hostentity(user, entity),
    }
    return render_page(request, "partners/hostentity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hostentity_create_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_create_hostentity(user):
        raise PermissionDenied
    if request.method == "POST":
        form = HostEntityForm(request.POST, user=user)
        entity = form_write(form, lambda: hostentity_create(actor=user, **form.changes()))
        if entity is not None:
            messages.success(request, _("The host entity was registered."))
            return redirect("partners:hostentity_detail", hostentity_id=entity.pk)
        return render_page(request, "partners/hostentity_form.html", {"form": form}, status=422)
    form = HostEntityForm(user=user)
    return render_page(request, "partners/hostentity_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def hostentity_edit_view(request: HttpRequest, hostentity_id: int) -> HttpResponse:
    user = request_user(request)
    entity = hostentity_access(user=user, hostentity_id=hostentity_id)
    if not can_edit_hostentity(user, entity):
        raise PermissionDenied
    if request.method == "POST":
        form = HostEntityEditForm(request.POST, user=user, entity=entity)
        saved = form_write(
            form,
            lambda: hostentity_update(
                entity=entity,
                actor=user,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The host entity was saved."))
            return redirect("partners:hostentity_detail", hostentity_id=entity.pk)
        context = {"form": form, "entity": entity}
        return render_page(request, "partners/hostentity_form.html", context, status=422)
    form = HostEntityEditForm(user=user, entity=entity, initial=HostEntityEditForm.initial_for(entity))
    return render_page(request, "partners/hostentity_form.html", {"form": form, "entity": entity})
