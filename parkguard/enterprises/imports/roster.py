"""Importing a roster (花名册) into one enterprise: plan every row against the database, then write.

Upsert by id number (its blind index): re-importing the same file changes nothing. Rows are handled in
chunks so memory stays flat whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from stdnum.cn import ric

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment, Enterprise
from parkguard.people.models import Person
from parkguard.people.services import id_number_index, phone_index

from . import columns as c
from .reading import Row

SHEET_NAMES = ("花名册", "Roster")
COLUMNS = (
    c.Column("name", "姓名", "Name", c.text(60), required=True, example="张三"),
    c.Column("id_number", "身份证号码", "Id number", c.id_number, required=True, mask=c.mask_id_number,
             example="11010519491231002X"),
    c.Column("phone", "手机号码", "Mobile", c.phone, mask=c.mask_phone, example="13800138000"),
    c.Column("department", "部门", "Department", c.text(60), example="生产部"),
    c.Column("position", "岗位", "Position", c.text(60), example="操作工"),
    c.Column("work_status", "工作状态", "Work status", c.choice(WorkStatus), required=True, example="在岗"),
    c.Column("expected_return_date", "预计返岗日期", "Expected return", c.date, example="2020-02-10"),
    c.Column("actual_return_date", "实际返岗日期", "Actual return", c.date),
    c.Column("dormitory", "宿舍", "Dormitory", c.text(60), example="2号宿舍楼305"),
    c.Column("origin_code", "来源地区划代码", "Origin division code", c.division_code, example="370102"),
    c.Column("key_position", "关键岗位", "Key position", c.yes_no, example="否"),
)
EMPLOYMENT_FIELDS = (
    "department", "position", "work_status", "expected_return_date", "actual_return_date", "dormitory",
    "key_position",
)
PERSON_FIELDS = ("name", "phone", "origin_code")


@dataclass
class Plan:
    """What one chunk of rows would do to the database."""

    new_people: list[Person] = field(default_factory=list)
    changed_people: list[Person] = field(default_factory=list)
    new_employments: list[tuple[Person, dict[str, Any]]] = field(default_factory=list)
    changed_employments: list[Employment] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0, "invalid": 0})


class RosterImport:
    """Plans and writes roster rows for one enterprise. ``seen`` spans the whole file (duplicates)."""

    columns = COLUMNS
    sheet_names = SHEET_NAMES

    def __init__(self, enterprise: Enterprise) -> None:
        self.enterprise = enterprise
        self.seen: dict[str, int] = {}

    def plan(self, rows: list[Row]) -> Plan:
        plan = Plan()
        valid = [row for row in rows if row.valid]
        for row in valid:
            row.values["id_number_index"] = id_number_index(row.values["id_number"])
        people = self._people([row.values["id_number_index"] for row in valid])
        employments = self._employments([p.pk for p in people.values()])
        for row in rows:
            outcome = self._plan_row(plan, row, people, employments) if row.valid else "invalid"
            plan.counts[outcome] += 1
        return plan

    def _people(self, indexes: list[str]) -> dict[str, Person]:
        found = Person.objects.filter(id_number_index__in=indexes)
        return {person.id_number_index: person for person in found}

    def _employments(self, person_ids: list[int]) -> dict[int, list[Employment]]:
        by_person: dict[int, list[Employment]] = {}
        for employment in Employment.objects.filter(person_id__in=person_ids).select_related("enterprise__node"):
            by_person.setdefault(employment.person_id, []).append(employment)
        return by_person

    def _plan_row(self, plan: Plan, row: Row, people: dict[str, Person], employments: dict) -> str:
        """Add the row's writes to ``plan``; returns new / changed / unchanged / invalid."""
        values = row.values
        index = values["id_number_index"]
        if index in self.seen:
            row.fail(COLUMNS[1], values["id_number"], _("The same id number is already on row %(row)d.")
                     % {"row": self.seen[index]})
            return "invalid"
        self.seen[index] = row.number
        person = people.get(index)
        if person is None:
            person = self._new_person(values)
            plan.new_people.append(person)
            plan.new_employments.append((person, values))
            return "new"
        mine = [e for e in employments.get(person.pk, []) if e.enterprise_id == self.enterprise.pk]
        elsewhere = [e for e in employments.get(person.pk, []) if e.enterprise_id != self.enterprise.pk
                     and e.work_status != WorkStatus.LEFT]
        if elsewhere and values["work_status"] != WorkStatus.LEFT:
            row.fail(COLUMNS[1], values["id_number"],
                     _("This person is employed by another enterprise. That enterprise must record them as left first."))
            return "invalid"
        person_changed = self._update_person(person, values)
        if person_changed:
            plan.changed_people.append(person)
        if not mine:
            plan.new_employments.append((person, values))
            return "new"
        employment = mine[0]
        if self._update_employment(employment, values) or person_changed:
            plan.changed_employments.append(employment)
            return "changed"
        return "unchanged"

    def _new_person(self, values: dict[str, Any]) -> Person:
        return Person(
            name=values["name"],
            id_number=values["id_number"],
            id_number_index=values["id_number_index"],
            phone=values.get("phone", ""),
            phone_index=phone_index(values.get("phone", "")),
            origin_code=values.get("origin_code", ""),
            birth_date=ric.get_birth_date(values["id_number"]),
            employer_id=self.enterprise.node_id,
        )

    def _update_person(self, person: Person, values: dict[str, Any]) -> bool:
        changed = False
        for name in PERSON_FIELDS:
            if name in values and getattr(person, name) != values[name]:
                setattr(person, name, values[name])
                changed = True
        if values["work_status"] != WorkStatus.LEFT and person.employer_id != self.enterprise.node_id:
            person.employer_id = self.enterprise.node_id
            changed = True
        if changed:
            person.phone_index = phone_index(person.phone)
        return changed

    def _update_employment(self, employment: Employment, values: dict[str, Any]) -> bool:
        changed = False
        for name in EMPLOYMENT_FIELDS:
            if name in values and getattr(employment, name) != values[name]:
                setattr(employment, name, values[name])
                changed = True
        return changed

    def write(self, plan: Plan, *, actor: Any, reason: str) -> None:
        batch = 1000
        Person.objects.bulk_create(plan.new_people, batch_size=batch)
        if plan.changed_people:
            Person.objects.bulk_update(
                plan.changed_people, [*PERSON_FIELDS, "phone_index", "employer"], batch_size=batch
            )
        created = [self._new_employment(person, values) for person, values in plan.new_employments]
        Employment.objects.bulk_create(created, batch_size=batch)
        if plan.changed_employments:
            Employment.objects.bulk_update(plan.changed_employments, list(EMPLOYMENT_FIELDS), batch_size=batch)
        for objs, update in ((created, False), (plan.changed_employments, True)):
            if objs:
                Employment.history.bulk_history_create(
                    objs, batch_size=batch, update=update, default_user=actor, default_change_reason=reason
                )

    def _new_employment(self, person: Person, values: dict[str, Any]) -> Employment:
        return Employment(
            enterprise=self.enterprise,
            person=person,
            **{name: values[name] for name in EMPLOYMENT_FIELDS if name in values},
        )


def chunks(rows: Iterable[Row], size: int) -> Iterable[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
