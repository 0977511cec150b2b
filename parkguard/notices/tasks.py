"""Background work of notices (run through parkguard.core.tasks.enqueue)."""

from __future__ import annotations

import logging

from .backends import get_backends
from .models import Notice

logger = logging.getLogger(__name__)


def notice_deliver(notice_ids: list[int]) -> None:
    """Hand each notice to every configured backend; one failing backend does not stop the others."""
    notices = list(Notice.objects.filter(pk__in=notice_ids).select_related("recipient"))
    for backend in get_backends():
        for notice in notices:
            try:
                backend.send(notice)
            except Exception:
                logger.exception("notice %s: delivery by %s failed", notice.pk, type(backend).__name__)
