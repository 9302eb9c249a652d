"""Pages: the inbox (your notifications; open one, mark all read) and "my tasks" (what waits on you).

Every signed-in person has both; GET never writes, marking read is a POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from mobilize.core.htmx import render_page
from mobilize.notifications.permissions import notification_access
from mobilize.notifications.selectors import my_tasks, notification_list, notification_unread_count
from mobilize.notifications.services import notification_mark_all_read, notification_mark_read
from mobilize.web.views_helpers import list_page, request_user


@login_required
@require_http_methods(["GET"])
def inbox_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    unread_only = request.GET.get("unread") == "1"
    return list_page(
        request,
        "notifications/inbox.html",
        queryset=notification_list(viewer=user, unread_only=unread_only),
        unread_only=unread_only,
        unread_count=notification_unread_count(viewer=user),
    )


@login_required
@require_http_methods(["POST"])
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and go where it points (the inbox if it points nowhere)."""
    user = request_user(request)
    notification = notification_mark_read(
        notification=notification_access(user=user, notification_id=notification_id), actor=user
    )
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["POST"])
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    marked = notification_mark_all_read(actor=request_user(request))
    messages.success(
        request,
        ngettext("%(count)s notification marked read.", "%(count)s notifications marked read.", marked)
        % {"count": marked},
    )
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET"])
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    groups = my_tasks(user=user)
    context = {"groups": groups, "total": sum(group.count for group in groups), "title": _("My tasks")}
    return render_page(request, "notifications/my_tasks.html", context)
