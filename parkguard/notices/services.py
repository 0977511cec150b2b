"""Writes of notices: send (idempotent per recipient and key), mark read.

Sending is one transaction; delivery through the backends (NOTICE_BACKENDS) is a background task
enqueued on commit, so a slow mail server never holds the transaction and a rolled-back send delivers
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.core.errors import ScopeError
from parkguard.core.tasks import enqueue

from .models import Notice

DELIVER_TASK = "parkguard.notices.tasks.notice_deliver"


def _unique(recipients: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in recipients:
        if user is not None and user.is_active:
            seen.setdefault(user.pk, user)
    return list(seen.values())


@transaction.atomic
def notice_send(
    *,
    recipients: Iterable[Any],
    node: Any,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str = "",
) -> list[Notice]:
    """One notice per recipient; a recipient who already holds ``dedupe_key`` gets nothing new."""
    users = _unique(recipients)
    already: set[int] = set()
    if dedupe_key:
        already = set(
            Notice.objects.filter(dedupe_key=dedupe_key, recipient__in=users).values_list(
                "recipient_id", flat=True
            )
        )
    created = []
    for user in users:
        if user.pk in already:
            continue
        notice = _create(user, node, kind, title, body, link, dedupe_key)
        if notice is not None:
            created.append(notice)
    if created:
        enqueue(DELIVER_TASK, [n.pk for n in created])
    return created


def _create(user: Any, node: Any, kind: str, title: str, body: str, link: str, key: str) -> Notice | None:
    # A savepoint per row: two runs at the same moment both pass the check above, and the unique
    # constraint lets one of them win without failing the other's whole batch.
    try:
        with transaction.atomic():
            return Notice.objects.create(
                recipient=user, node=node, kind=kind, title=title, body=body, link=link, dedupe_key=key
            )
    except IntegrityError:
        if not key:
            raise
        return None


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor: Any) -> Notice:
    if notice.recipient_id != actor.pk:
        raise ScopeError(_("This notice is not yours."), code="not_recipient")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


@transaction.atomic
def notice_mark_all_read(*, actor: Any) -> int:
    return Notice.objects.visible_to(actor).unread().update(read_at=timezone.now())
