from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from parkguard.accounts.roles import Capability
from parkguard.core.views import ScopedListView
from parkguard.hierarchy.models import Node

from .models import AuditEvent


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class AuditEventListView(ScopedListView):
    """The audit trail for commanders, filtered by node (its subtree), actor and dates."""

    model = AuditEvent
    template_name = "audit/event_list.html"
    context_object_name = "events"

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if request.user.is_authenticated and not request.user.has_capability(Capability.VIEW_AUDIT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        events = super().get_queryset().select_related("actor", "node")
        params = self.request.GET
        self.filters: dict[str, Any] = {
            "actor": params.get("actor", "").strip(),
            "action": params.get("action", ""),
        }
        node_id = params.get("node", "")
        self.filters["node"] = None
        if node_id.isdigit():
            node = Node.objects.visible_to(self.request.user).filter(pk=node_id).first()
            self.filters["node"] = node
            events = events.filter(node__path__startswith=node.path) if node else events.none()
        if self.filters["actor"]:
            events = events.filter(actor__username=self.filters["actor"])
        if self.filters["action"]:
            events = events.filter(action=self.filters["action"])
        tz = timezone.get_current_timezone()
        start, end = _day(params.get("from", "")), _day(params.get("to", ""))
        if start:
            events = events.filter(created_at__gte=datetime.combine(start, time.min, tz))
        if end:
            events = events.filter(created_at__lte=datetime.combine(end, time.max, tz))
        self.filters.update({"from": start, "to": end})
        return events

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from .models import AuditAction

        context = super().get_context_data(**kwargs)
        context.update(filters=self.filters, actions=AuditAction.choices)
        return context
