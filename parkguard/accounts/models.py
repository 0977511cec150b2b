"""Users, the roles they hold on nodes, and their assignments to enterprises."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import Scope, ScopedQuerySet
from parkguard.hierarchy.choices import AssignmentRole

from .roles import CAPABILITIES, Capability, Role


class User(AbstractUser):
    """A person who logs in. What they see comes only from their memberships and assignments."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def scope(self) -> Scope:
        from .scope import scope_for

        return scope_for(self)

    @cached_property
    def memberships_cached(self) -> list[Membership]:
        return list(self.memberships.select_related("node"))

    def has_capability(self, capability: Capability) -> bool:
        if self.is_superuser:
            return True
        return any(capability in CAPABILITIES[m.role] for m in self.memberships_cached)

    def has_role(self, *roles: str) -> bool:
        return any(m.role in roles for m in self.memberships_cached)


class Membership(models.Model):
    """A user holds a role on a node; their scope is the union over their memberships."""

    scope_node_fields = ("node",)
    # A resident's membership says where they live: the national office sees no memberships.
    scope_personal = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    node = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("node")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["node__path", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "node", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.node}"


class Assignment(models.Model):
    """An official answers for one enterprise (包保) or serves it (service commissioner).

    One responsible official and one service commissioner per enterprise; the assignment also brings
    the enterprise into the official's scope.
    """

    scope_node_fields = ("node",)
    scope_personal = False

    node = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("enterprise")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("official"),
    )
    role = models.CharField(_("assignment"), max_length=20, choices=AssignmentRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["node__path", "role"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["node", "role"], name="assignment_one_per_role")]
        indexes = [models.Index(fields=["user", "role"], name="assignment_user_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user} → {self.node}"
