"""Importing a roster (花名册) into one enterprise: plan every row against the database, then write.

Upsert by id number (its blind index): re-importing the same file changes nothing. Rows are handled in
chunks so memory stays flat whatever the file's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql
from simple_history.utils import get_change_reason_from_object
from stdnum.cn import ric

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import EMPLOYMENT_FIELDS, Employment, Enterprise
from parkguard.people.models import Person
from parkguard.people.services import id_number_index, phone_index

from . import columns as c
from .reading import Row

SHEET_NAMES = ("花名册", "Roster")
COLUMNS = (
    c.Column("name", "姓名", "Name", c.text(60), required=True, example="张三"),
    c.Column(
        "id_number",
        "身份证号码",
        "Id number",
        c.id_number,
        required=True,
        mask=c.mask_id_number,
        example="11010519491231002X",
    ),
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
PERSON_FIELDS = ("name", "phone", "origin_code")


@dataclass
class Plan:
    """What one chunk of rows would do to the database."""

    new_people: list[Person] = field(default_factory=list)
    changed_people: list[Person] = field(default_factory=list)
    new_employments: list[tuple[Person, dict[str, Any]]] = field(default_factory=list)
    changed_employments: list[Employment] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0, "invalid": 0}
    )


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
        for employment in Employment.objects.filter(person_id__in=person_ids).select_related(
            "enterprise__node"
        ):
            by_person.setdefault(employment.person_id, []).append(employment)
        return by_person

    def _plan_row(self, plan: Plan, row: Row, people: dict[str, Person], employments: dict) -> str:
        """Add the row's writes to ``plan``; returns new / changed / unchanged / invalid."""
        values = row.values
        index = values["id_number_index"]
        if index in self.seen:
            row.fail(
                COLUMNS[1],
                values["id_number"],
                _("The same id number is already on row %(row)d.") % {"row": self.seen[index]},
            )
            return "invalid"
        self.seen[index] = row.number
        person = people.get(index)
        if person is None:
            person = self._new_person(values)
            plan.new_people.append(person)
            plan.new_employments.append((person, values))
            return "new"
        mine = [e for e in employments.get(person.pk, []) if e.enterprise_id == self.enterprise.pk]
        elsewhere = [
            e
            for e in employments.get(person.pk, [])
            if e.enterprise_id != self.enterprise.pk and e.work_status != WorkStatus.LEFT
        ]
        if elsewhere and values["work_status"] != WorkStatus.LEFT:
            row.fail(
                COLUMNS[1],
                values["id_number"],
                _(
                    "This person is employed by another enterprise. That enterprise must record them as left first."
                ),
            )
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
        return _instance(
            Person,
            {
                "name": values["name"],
                "id_number": values["id_number"],
                "id_number_index": values["id_number_index"],
                "phone": values.get("phone", ""),
                "phone_index": phone_index(values.get("phone", "")),
                "origin_code": values.get("origin_code", ""),
                "birth_date": _birth_date(values["id_number"]),
                "employer_id": self.enterprise.node_id,
            },
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
        """Insert, update and record history. On PostgreSQL new rows go in with COPY (``_copy_insert``),
        elsewhere with bulk_create: the same rows either way."""
        batch = 1000
        copy = connections[router.db_for_write(Person)].vendor == "postgresql"
        if copy:
            _copy_insert(Person, plan.new_people)
        else:
            Person.objects.bulk_create(plan.new_people, batch_size=batch)
        if plan.changed_people:
            Person.objects.bulk_update(
                plan.changed_people, [*PERSON_FIELDS, "phone_index", "employer"], batch_size=batch
            )
        created = [self._new_employment(person, values) for person, values in plan.new_employments]
        if copy:
            _copy_insert(Employment, created)
        else:
            Employment.objects.bulk_create(created, batch_size=batch)
        if plan.changed_employments:
            Employment.objects.bulk_update(
                plan.changed_employments, list(EMPLOYMENT_FIELDS), batch_size=batch
            )
        for objs, update in ((created, False), (plan.changed_employments, True)):
            if objs and not (
                copy and _copy_history(Employment, objs, update=update, actor=actor, reason=reason)
            ):
                Employment.history.bulk_history_create(
                    objs, batch_size=batch, update=update, default_user=actor, default_change_reason=reason
                )

    def _new_employment(self, person: Person, values: dict[str, Any]) -> Employment:
        return _instance(
            Employment,
            {
                "enterprise_id": self.enterprise.pk,
                "person_id": person.pk,
                **{name: values[name] for name in EMPLOYMENT_FIELDS if name in values},
            },
        )


@cache
def _layout(model: type[models.Model]) -> tuple[tuple[str, models.Field], ...]:
    return tuple((fld.attname, fld) for fld in model._meta.concrete_fields)


def _instance(model: type[models.Model], values: dict[str, Any]) -> Any:
    """``model(**values)`` for ``values`` keyed by attname (``person_id``, not ``person``), built through
    Model.__init__'s positional path, which is twice as fast as its keyword path: a roster makes two
    instances per row. Fields not in ``values`` get their default, as with keywords."""
    return model(*[values[name] if name in values else fld.get_default() for name, fld in _layout(model)])


def _birth_date(number: str) -> dt.date:
    """``ric.get_birth_date`` of a number that ``c.id_number`` validated (18 characters, normalised):
    the same date without stdnum's per-character clean-up, which cost more than the rest of planning."""
    if len(number) == 18 and number[:17].isdigit():
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return ric.get_birth_date(number)


def chunks(rows: Iterable[Row], size: int) -> Iterable[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# PostgreSQL fast path: COPY instead of INSERT. bulk_create spends most of its time in Python preparing
# every value of every object; COPY streams rows that psycopg formats in C. Values are prepared as
# bulk_create prepares them (``get_db_prep_save``), except for plain built-in fields, whose values the
# column parsers already give as the right Python type.
_RAW_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.DateField,
    models.DateTimeField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.ForeignKey,
    models.OneToOneField,
)


def _column(fld: models.Field, values: list[Any], connection: Any) -> list[Any]:
    if type(fld) in _RAW_FIELDS:
        return values
    return [fld.get_db_prep_save(value, connection) for value in values]


def _copy(connection: Any, table: str, columns: list[str], values: list[list[Any]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(name) for name in columns)
    )
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in zip(*values, strict=True):
            copy.write_row(row)


def _copy_insert(model: type[models.Model], objs: list[Any]) -> None:
    """What ``bulk_create(objs)`` does, with COPY: ids from the table's sequence, auto_now(_add) set."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    now = timezone.now()
    for fld in opts.concrete_fields:
        if getattr(fld, "auto_now", False) or getattr(fld, "auto_now_add", False):
            for obj in objs:
                setattr(obj, fld.attname, now)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=True):
        if obj.pk is not None:
            raise ValueError(f"{obj!r} already has a primary key")
        obj.pk = pk
    fields = opts.concrete_fields
    values = [_column(f, [getattr(obj, f.attname) for obj in objs], connection) for f in fields]
    _copy(connection, opts.db_table, [f.column for f in fields], values)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _copy_history(
    model: type[models.Model], objs: list[Any], *, update: bool, actor: Any, reason: str
) -> bool:
    """What ``model.history.bulk_history_create(objs, update=…)`` writes, with COPY.

    Returns False, having written nothing, when the historical model has fields this does not know (a
    UUID history id, extra fields, a history relation): the caller then uses bulk_history_create.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return True
    history = model.history.model
    tracked = {fld.attname for fld in history.tracked_fields}
    connection = connections[router.db_for_write(history)]
    now = timezone.now()
    if hasattr(history, "history_relation"):
        return False
    columns: list[str] = []
    values: list[list[Any]] = []
    for fld in history._meta.concrete_fields:
        if fld.primary_key and fld.name == "history_id" and isinstance(fld, models.AutoField):
            continue  # the identity column numbers the rows, in order
        if fld.attname in tracked:
            column = _column(fld, [getattr(obj, fld.attname) for obj in objs], connection)
        elif fld.name == "history_date":
            column = [getattr(obj, "_history_date", now) for obj in objs]
        elif fld.name == "history_change_reason":
            column = [get_change_reason_from_object(obj) or reason for obj in objs]
        elif fld.name == "history_type":
            column = ["~" if update else "+"] * len(objs)
        elif fld.name == "history_user" and isinstance(fld, models.ForeignKey):
            users = [
                getattr(obj, "_history_user", actor or history.get_default_history_user(obj)) for obj in objs
            ]
            column = [user.pk if user is not None else None for user in users]
        else:
            return False
        columns.append(fld.column)
        values.append(column)
    _copy(connection, history._meta.db_table, columns, values)
    return True
