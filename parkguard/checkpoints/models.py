"""Checkpoints (gates of compounds and of the park, road check stations), their lanes and the scan log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet

from .choices import (
    ColourPolicy,
    Direction,
    LaneDirection,
    LaneKind,
    Outcome,
    OwnScope,
    ScanMethod,
)


class Checkpoint(models.Model):
    """How one gate or check station treats passes: colours, whose passes, which partners.

    One-to-one with a node of kind checkpoint (卡口, 检查站) or compound (the compound's gate). Defaults
    follow 2020 practice: green passes, yellow is checked by the guard (temperature, registration),
    red is refused.
    """

    scope_node_fields = ("node",)
    scope_personal = False

    node = models.OneToOneField(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="checkpoint", verbose_name=_("node")
    )
    yellow = models.CharField(
        _("yellow passes"), max_length=10, choices=ColourPolicy.choices, default=ColourPolicy.CHECK
    )
    red = models.CharField(
        _("red passes"), max_length=10, choices=ColourPolicy.choices, default=ColourPolicy.REFUSE
    )
    own_scope = models.CharField(
        _("our passes accepted"), max_length=10, choices=OwnScope.choices, default=OwnScope.PARK
    )
    partners = models.ManyToManyField(
        "passes.Partner",
        blank=True,
        related_name="checkpoints",
        verbose_name=_("partners whose passes are accepted"),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["node__path"]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self) -> str:
        return self.node.name

    def policy_for(self, colour: str) -> str:
        return {"green": ColourPolicy.ALLOW, "yellow": self.yellow, "red": self.red}.get(
            colour, ColourPolicy.REFUSE
        )


class Lane(models.Model):
    """One lane of a checkpoint: what it takes (people, vehicles, both) and its direction, if fixed."""

    scope_node_fields = ("checkpoint__node",)
    scope_personal = False

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="lanes", verbose_name=_("checkpoint")
    )
    name = models.CharField(_("name"), max_length=40)
    kind = models.CharField(_("takes"), max_length=10, choices=LaneKind.choices, default=LaneKind.BOTH)
    direction = models.CharField(
        _("direction"),
        max_length=3,
        choices=LaneDirection.choices,
        default=LaneDirection.PER_SCAN,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["checkpoint", "order", "id"]
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")
        constraints = [models.UniqueConstraint(fields=["checkpoint", "name"], name="lane_unique_name")]

    def __str__(self) -> str:
        return f"{self.checkpoint} · {self.name}"

    def direction_for(self, asked: str) -> str:
        """The lane's own direction when it fixes one, else what the guard chose."""
        return self.direction or asked


class ScanEventQuerySet(ScopedQuerySet):
    def between(self, start, end) -> ScanEventQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(scanned_at__gte=start, scanned_at__lt=end)


class ScanEvent(models.Model):
    """One scan (or id-number check) at a checkpoint, whatever its outcome: the contact-tracing log.

    The log keeps no name in clear: the pass id as a SHA-256 hash (the form revocation lists use), the
    pass's random pseudonym and, for our own passes, links to the pass and the person, whose name is
    shown masked and revealed only through the audited reveal. A high-volume table: indexed by
    checkpoint and time (partition by date when it grows, docs/architecture.md).
    """

    scope_node_fields = ("node",)
    scope_personal = True

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="scans", verbose_name=_("checkpoint")
    )
    # The checkpoint's node, kept on the row so that scope is one indexed filter.
    node = models.ForeignKey(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    lane = models.ForeignKey(
        Lane, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("lane")
    )
    scanned_at = models.DateTimeField(_("time"))
    guard = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("guard"),
    )
    method = models.CharField(_("method"), max_length=10, choices=ScanMethod.choices, default=ScanMethod.PASS)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    result = models.CharField(_("result"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, blank=True)
    colour = models.CharField(_("colour"), max_length=10, blank=True)
    pass_id_hash = models.CharField(_("pass id (hashed)"), max_length=64, blank=True, db_index=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=64, blank=True, db_index=True)
    issuer = models.CharField(_("issuer"), max_length=120, blank=True)
    subject_masked = models.CharField(_("masked name or plate"), max_length=40, blank=True)
    pass_ref = models.ForeignKey(
        "passes.Pass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("pass"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("person"),
    )

    objects = ScanEventQuerySet.as_manager()

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        indexes = [
            models.Index(fields=["checkpoint", "scanned_at"], name="scan_checkpoint_time"),
            models.Index(fields=["node", "scanned_at"], name="scan_node_time"),
        ]

    def __str__(self) -> str:
        return f"{self.scanned_at:%Y-%m-%d %H:%M} {self.checkpoint} {self.result}"


class PartnerSync(models.Model):
    """Where a partner publishes its trust list and revocation list, and when we last imported them."""

    partner = models.OneToOneField(
        "passes.Partner", on_delete=models.CASCADE, related_name="sync", verbose_name=_("partner")
    )
    trust_list_url = models.URLField(_("trust list address"), blank=True, max_length=500)
    revocations_url = models.URLField(_("revocation list address"), blank=True, max_length=500)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner sync")
        verbose_name_plural = _("partner syncs")

    def __str__(self) -> str:
        return str(self.partner)
