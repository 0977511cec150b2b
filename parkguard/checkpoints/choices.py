"""Choices of the checkpoints app: lanes, directions, what a colour gets at a gate, scan outcomes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.hierarchy.choices import NodeKind

# A checkpoint's configuration hangs off a checkpoint node (卡口, 检查站) or a compound (its gate, 门岗).
CHECKPOINT_KINDS = frozenset({NodeKind.CHECKPOINT, NodeKind.COMPOUND})


class LaneKind(models.TextChoices):
    """What a lane takes: people, vehicles or both (a compound gate takes both)."""

    PERSON = "person", _("People")
    VEHICLE = "vehicle", _("Vehicles")
    BOTH = "both", _("People and vehicles")


class Direction(models.TextChoices):
    IN = "in", _("In")
    OUT = "out", _("Out")


class LaneDirection(models.TextChoices):
    """A lane either fixes the direction (an inbound road lane) or the guard picks it per scan."""

    PER_SCAN = "", _("Chosen per scan")
    IN = "in", _("In only")
    OUT = "out", _("Out only")


class ColourPolicy(models.TextChoices):
    """What a pass of one colour gets at this checkpoint."""

    ALLOW = "allow", _("Allowed")
    CHECK = "check", _("Allowed after a check")
    REFUSE = "refuse", _("Not allowed")


class OwnScope(models.TextChoices):
    """Which of our own park's passes a checkpoint accepts.

    A road check station takes every pass of the park; a compound gate (智码开门) may take only the
    passes of the people who live or work under it.
    """

    PARK = "park", _("Every pass of our park")
    NODE = "node", _("Only passes of people under this node")


class Outcome(models.TextChoices):
    """What the guard is told: let them through, check them first, or turn them back."""

    ALLOWED = "allowed", _("Allowed")
    CHECK = "check", _("Check needed")
    REFUSED = "refused", _("Not allowed")


class ScanMethod(models.TextChoices):
    PASS = "pass", _("Pass scanned")
    ID_NUMBER = "id_number", _("Checked by id number")
