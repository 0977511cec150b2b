from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    NATIONAL = "national", _("National office")
    PARK = "park", _("Park")
    AREA = "area", _("Area / street")
    GRID = "grid", _("Grid / community")
    COMPOUND = "compound", _("Residential compound")
    ENTERPRISE = "enterprise", _("Enterprise")
    CONSTRUCTION = "construction", _("Construction project")
    MEDICAL = "medical", _("Medical institution")
    ISOLATION_SITE = "isolation_site", _("Isolation site")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    TASK_FORCE = "task_force", _("Task force")
    BUILDING = "building", _("Building / unit")


SITE_KINDS = frozenset(
    {
        NodeKind.COMPOUND,
        NodeKind.ENTERPRISE,
        NodeKind.CONSTRUCTION,
        NodeKind.MEDICAL,
        NodeKind.ISOLATION_SITE,
        NodeKind.CHECKPOINT,
    }
)

# Which kinds may hang under which: the shape of the seed's grids (区、街道、社区、小区、楼栋).
ALLOWED_CHILDREN: dict[str, frozenset[str]] = {
    NodeKind.NATIONAL: frozenset({NodeKind.PARK}),
    NodeKind.PARK: frozenset({NodeKind.AREA, NodeKind.TASK_FORCE, NodeKind.CHECKPOINT} | SITE_KINDS),
    NodeKind.AREA: frozenset({NodeKind.GRID} | SITE_KINDS),
    NodeKind.GRID: SITE_KINDS,
    NodeKind.COMPOUND: frozenset({NodeKind.BUILDING}),
    NodeKind.ENTERPRISE: frozenset({NodeKind.BUILDING}),
    NodeKind.CONSTRUCTION: frozenset({NodeKind.BUILDING}),
    NodeKind.MEDICAL: frozenset({NodeKind.BUILDING}),
    NodeKind.ISOLATION_SITE: frozenset({NodeKind.BUILDING}),
    NodeKind.CHECKPOINT: frozenset(),
    NodeKind.TASK_FORCE: frozenset(),
    NodeKind.BUILDING: frozenset(),
}


class AssignmentRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("Responsible official (包保)")
    COMMISSIONER = "commissioner", _("Service commissioner")
