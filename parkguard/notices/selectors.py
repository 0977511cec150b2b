"""Reads of notices: always the user's own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notice


def notice_list(*, user: Any) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user).select_related("node").order_by("-created_at", "-id")


def notice_get_queryset(*, user: Any) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user)


def notice_unread_count(*, user: Any) -> int:
    return Notice.objects.visible_to(user).unread().count()
