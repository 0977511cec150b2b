"""Importing the enterprise registry under a node (a park, an area or a grid); upsert by USCC."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from parkguard.enterprises.choices import NODE_KIND_OF, Category
from parkguard.enterprises.models import ENTERPRISE_FIELDS, Enterprise
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Department, Node
from parkguard.hierarchy.services import insert_node

from . import columns as c
from .reading import Row

SHEET_NAMES = ("企业名录", "Enterprises")
COLUMNS = (
    c.Column("uscc", "统一社会信用代码", "USCC", c.uscc, required=True, example="91110000600037341L"),
    c.Column("name", "企业名称", "Name", c.text(120), required=True, example="昆明兴业包装有限公司"),
    c.Column("category", "企业类别", "Category", c.choice(Category), required=True, example="独立厂区"),
    c.Column("place", "所属网格或片区", "Grid or area", c.text(120), example="阿拉第1村民小组网格单元"),
    c.Column("above_scale", "规上企业", "Above scale", c.yes_no, example="是"),
    c.Column("key_enterprise", "重点企业", "Key enterprise", c.yes_no, example="否"),
    c.Column("epidemic_producer", "防疫物资生产企业", "Epidemic supplies producer", c.yes_no, example="否"),
    c.Column("epidemic_products", "防疫物资品种", "Epidemic supplies", c.text(200)),
    c.Column("industry", "行业", "Industry", c.text(60), example="包装"),
    c.Column("legal_representative", "法定代表人", "Legal representative", c.text(60)),
    c.Column("contact_name", "联系人", "Contact person", c.text(60)),
    c.Column("contact_phone", "联系电话", "Contact phone", c.phone, mask=c.mask_phone),
    c.Column("headcount", "职工人数", "Headcount", c.count, example=120),
    c.Column("department", "监管部门", "Supervising department", c.text(120)),
)
FIELDS = ENTERPRISE_FIELDS
KIND_OF = NODE_KIND_OF


@dataclass
class Plan:
    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[Enterprise, dict[str, Any]]] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0, "invalid": 0}
    )


class RegistryImport:
    columns = COLUMNS
    sheet_names = SHEET_NAMES

    def __init__(self, node: Node) -> None:
        self.node = node
        self.seen: dict[str, int] = {}
        self.places = {
            n.name: n
            for n in Node.objects.filter(
                path__startswith=node.path, kind__in=(NodeKind.PARK, NodeKind.AREA, NodeKind.GRID)
            )
        }
        park_path = node.path[: 2 * 7] if node.depth >= 2 else node.path
        self.departments = {d.name: d for d in Department.objects.filter(park__path=park_path)}

    def plan(self, rows: list[Row]) -> Plan:
        plan = Plan()
        valid = [row for row in rows if row.valid]
        existing = {
            e.uscc: e
            for e in Enterprise.objects.filter(uscc__in=[r.values["uscc"] for r in valid]).select_related(
                "node"
            )
        }
        for row in rows:
            outcome = self._plan_row(plan, row, existing) if row.valid else "invalid"
            plan.counts[outcome] += 1
        return plan

    def _place(self, row: Row) -> Node | None:
        name = row.values.get("place", "")
        place = self.places.get(name) if name else self.node
        if place is None:
            row.fail(COLUMNS[3], name, _("No grid or area of this name in your part of the park."))
        elif not place.can_hold(KIND_OF.get(row.values["category"], NodeKind.ENTERPRISE)):
            row.fail(COLUMNS[3], name, _("Enterprises are registered under a grid or an area."))
            return None
        return place

    def _plan_row(self, plan: Plan, row: Row, existing: dict[str, Enterprise]) -> str:
        values = row.values
        if values["uscc"] in self.seen:
            row.fail(
                COLUMNS[0],
                values["uscc"],
                _("The same credit code is already on row %(row)d.") % {"row": self.seen[values["uscc"]]},
            )
            return "invalid"
        self.seen[values["uscc"]] = row.number
        department = values.get("department", "")
        if department and department not in self.departments:
            row.fail(COLUMNS[13], department, _("No department of this name in the park."))
            return "invalid"
        values["supervising_department"] = self.departments.get(department)
        place = self._place(row)
        if place is None:
            return "invalid"
        values["parent"] = place
        enterprise = existing.get(values["uscc"])
        if enterprise is None:
            plan.new.append(values)
            return "new"
        if not enterprise.node.path.startswith(self.node.path):
            row.fail(
                COLUMNS[0], values["uscc"], _("This enterprise is registered in another part of the park.")
            )
            return "invalid"
        if self._differs(enterprise, values):
            plan.changed.append((enterprise, values))
            return "changed"
        return "unchanged"

    def _differs(self, enterprise: Enterprise, values: dict[str, Any]) -> bool:
        node = enterprise.node
        return (
            any(getattr(enterprise, name) != values[name] for name in FIELDS if name in values)
            or node.name != values["name"]
            or node.parent_id != values["parent"].pk
            or (
                values["supervising_department"] is not None
                and node.supervising_department_id != values["supervising_department"].pk
            )
        )

    def write(self, plan: Plan, *, actor: Any, reason: str) -> None:
        created = []
        for values in plan.new:
            node = insert_node(
                parent=values["parent"],
                kind=KIND_OF.get(values["category"], NodeKind.ENTERPRISE),
                name=values["name"],
                supervising_department=values["supervising_department"],
            )
            created.append(
                Enterprise(node=node, uscc=values["uscc"], **{f: values[f] for f in FIELDS if f in values})
            )
        Enterprise.objects.bulk_create(created, batch_size=500)
        changed = [self._apply(enterprise, values) for enterprise, values in plan.changed]
        if changed:
            Enterprise.objects.bulk_update(changed, list(FIELDS), batch_size=500)
        for objs, update in ((created, False), (changed, True)):
            if objs:
                Enterprise.history.bulk_history_create(
                    objs, batch_size=500, update=update, default_user=actor, default_change_reason=reason
                )

    def _apply(self, enterprise: Enterprise, values: dict[str, Any]) -> Enterprise:
        for name in FIELDS:
            if name in values:
                setattr(enterprise, name, values[name])
        node = enterprise.node
        node.name = values["name"]
        if values["supervising_department"] is not None:
            node.supervising_department = values["supervising_department"]
        node.save(update_fields=["name", "supervising_department", "updated_at"])
        if node.parent_id != values["parent"].pk:
            from parkguard.hierarchy.services import move_subtree

            move_subtree(node=node, new_parent=values["parent"])
        return enterprise
