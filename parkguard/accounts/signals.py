"""Recording account lockouts in the audit trail (django-axes announces them with a signal)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record

from .models import User


@receiver(user_locked_out, dispatch_uid="parkguard.audit_lockout")
def audit_lockout(
    sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGIN_LOCKED, obj=user, changes={"address": ip_address})
