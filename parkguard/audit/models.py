"""The audit trail: one explicit row per change of domain data and per reveal of personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    MOVE = "move", _("Moved")
    REVEAL = "reveal", _("Revealed personal data")
    GRANT = "grant", _("Granted a role")
    REVOKE = "revoke", _("Revoked a role")
    ASSIGN = "assign", _("Assigned")
    LOGIN_LOCKED = "login_locked", _("Account locked")


class AuditEvent(models.Model):
    """Who did what to which object, when, from where, and which fields changed (before/after).

    Written by services inside their transaction, never by signals, so a rolled-back action leaves no
    event. Personal data never enters ``changes``: encrypted fields are recorded as changed, not shown.
    """

    scope_node_fields = ("node",)
    scope_personal = True

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    node = models.ForeignKey(
        "hierarchy.Node",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("node"),
    )
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(max_length=36, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "created_at"], name="audit_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
