"""Pages of notices: my notices (newest first, unread marked), mark one or all read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkguard.core.views import ScopedListView

from . import selectors, services
from .models import Notice


class NoticeListView(ScopedListView):
    """The user's own notices; another user's are never in the queryset (``visible_to``)."""

    queryset = Notice.objects.select_related("node").order_by("-created_at", "-id")
    template_name = "notices/notice_list.html"
    context_object_name = "notices"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["unread"] = selectors.notice_unread_count(user=self.request.user)
        return context


notice_list = NoticeListView.as_view()


@login_required
@require_POST
def notice_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read; with ``open``, go on to what it is about."""
    notice = get_object_or_404(selectors.notice_get_queryset(user=request.user), pk=pk)
    services.notice_mark_read(notice=notice, actor=request.user)
    target = notice.link if "open" in request.POST else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notices:notice_list")


@login_required
@require_POST
def notice_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notice_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notices marked read.") % {"count": count})
    return redirect("notices:notice_list")
