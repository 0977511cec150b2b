"""Reads of vehicles, through the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parkguard.hierarchy.models import Node

from .models import Vehicle
from .services import COMPANY_KINDS


def vehicle_list(*, user: Any, status: str = "", query: str = "") -> QuerySet[Vehicle]:
    rows = Vehicle.objects.visible_to(user).select_related("company", "park")
    if status:
        rows = rows.filter(status=status)
    query = query.strip().upper().replace("·", "").replace(" ", "")
    if query:
        rows = rows.filter(Q(plate__contains=query) | Q(pass_number__contains=query))
    return rows


def company_choices(*, user: Any) -> QuerySet[Node]:
    """Enterprises (and other companies) in the user's scope that may own vehicles."""
    return Node.objects.visible_to(user).filter(kind__in=COMPANY_KINDS).order_by("path")
