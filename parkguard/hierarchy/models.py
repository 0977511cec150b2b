"""The grid hierarchy: one tree of nodes from the national office down to buildings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet

from .choices import ALLOWED_CHILDREN, SITE_KINDS, NodeKind

# Each step of a materialised path is the node id in fixed-width base 36, so that ordering by path is
# tree order and "everything under X" is one indexed prefix range (docs/adr/0002-materialised-path.md).
STEP_WIDTH = 7
STEP_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def encode_step(pk: int) -> str:
    digits = []
    while pk:
        pk, rem = divmod(pk, 36)
        digits.append(STEP_ALPHABET[rem])
    return "".join(reversed(digits)).rjust(STEP_WIDTH, "0")


class NodeQuerySet(ScopedQuerySet):
    def descendants_of(self, node: Node, *, include_self: bool = True) -> NodeQuerySet:
        qs = self.filter(path__startswith=node.path)
        return qs if include_self else qs.exclude(pk=node.pk)

    def ancestors_of(self, node: Node) -> NodeQuerySet:
        prefixes = [node.path[: i * STEP_WIDTH] for i in range(1, node.depth)]
        return self.filter(path__in=prefixes).order_by("depth")

    def sites(self) -> NodeQuerySet:
        return self.filter(kind__in=SITE_KINDS)


class Node(models.Model):
    """One place in the grid: the national office, a park, an area, a grid, a site or a building.

    Parks, areas and grids carry their administrative division code: GB/T 2260 (six digits) for
    counties and parks, the statistical 12-digit code for streets and communities. Codes change every
    year, so the year of the code list is kept with the code.
    """

    scope_node_fields = ("self",)
    scope_personal = False

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    name = models.CharField(_("name"), max_length=120)
    division_code = models.CharField(_("division code"), max_length=12, blank=True)
    division_code_year = models.PositiveSmallIntegerField(
        _("year of the division code"), null=True, blank=True
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    supervising_department = models.ForeignKey(
        "hierarchy.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_nodes",
        verbose_name=_("supervising department"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NodeQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        indexes = [models.Index(fields=["kind", "path"], name="node_kind_path")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_site(self) -> bool:
        return self.kind in SITE_KINDS

    def can_hold(self, kind: str) -> bool:
        return kind in ALLOWED_CHILDREN.get(self.kind, frozenset())

    def is_descendant_of(self, other: Node) -> bool:
        return self.path.startswith(other.path)

    @property
    def park_path(self) -> str | None:
        """Path of the park this node belongs to (parks sit at depth 2 under the national office)."""
        if self.depth < 2:
            return None
        return self.path[: 2 * STEP_WIDTH]


class Department(models.Model):
    """A department of a park's administration; each enterprise answers to one (上海庙: 监管部门).

    The construction authority (建设主管部门, ``oversees_construction``) is the second recipient of the
    construction projects' reports (无锡's 双报告: to the community and to the construction authority):
    its staff, the members of its ``task_force`` node, see those reports and get their reminders.
    """

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="departments", verbose_name=_("park")
    )
    name = models.CharField(_("name"), max_length=120)
    oversees_construction = models.BooleanField(
        _("construction authority"),
        default=False,
        help_text=_("Receives the daily reports of the park's construction projects."),
    )
    task_force = models.ForeignKey(
        Node,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_departments",
        limit_choices_to={"kind": NodeKind.TASK_FORCE},
        verbose_name=_("task force of its staff"),
        help_text=_("The department's staff are the members of this task force of the park."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        task_force = self.task_force
        if task_force is not None and (
            task_force.kind != NodeKind.TASK_FORCE or task_force.parent_id != self.park_id
        ):
            raise ValidationError(
                {"task_force": _("Choose a task force of the department's own park.")}, code="task_force"
            )
