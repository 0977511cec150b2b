"""The demo's enterprise ledger: a record for every enterprise and project, a roster for every employee.

Its history starts on 2020-02-03, when the parks set up their ledgers, and most employees are recorded
back at work on 2020-02-10, so that the ledger "as of" a day in between shows the difference.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

from stdnum.cn import uscc

from parkguard.enterprises.choices import CHINESE, Category, WorkStatus
from parkguard.enterprises.models import Employment, Enterprise
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

TZ = ZoneInfo("Asia/Shanghai")
LEDGER_OPENED = dt.datetime(2020, 2, 3, 9, 0, tzinfo=TZ)
BACK_AT_WORK = dt.datetime(2020, 2, 10, 17, 0, tzinfo=TZ)
KIND_CATEGORY = {NodeKind.CONSTRUCTION: Category.CONSTRUCTION, NodeKind.MEDICAL: Category.MEDICAL}
CATEGORY_OF_WORD = {word: code for code, word in CHINESE.items() if code in Category.values}
DEPARTMENTS = ("生产部", "仓储物流部", "行政部", "技术部")
# How the demo's employees stood after 2020-02-10 (the seed: most back, some still away or isolated).
STATUSES = (
    (WorkStatus.ON_SITE, 0.72),
    (WorkStatus.REMOTE, 0.08),
    (WorkStatus.NOT_RETURNED, 0.14),
    (WorkStatus.IN_ISOLATION, 0.06),
)


def make_uscc(division_code: str, serial: int) -> str:
    body = f"91{division_code[:6]}MA{serial:07d}"
    return body + uscc.calc_check_digit(body)


def _category(node: Node) -> str:
    if node.kind in KIND_CATEGORY:
        return KIND_CATEGORY[node.kind]
    word = node.name.rpartition("（")[2].rstrip("）")
    return CATEGORY_OF_WORD.get(word, Category.OTHER)


def build_ledger(rng: random.Random) -> None:
    enterprises = _enterprises(rng)
    by_node = {enterprise.node_id: enterprise for enterprise in enterprises}
    employees = Person.objects.filter(employer_id__in=by_node).order_by("pk")
    roster = [_employment(rng, by_node[person.employer_id], person) for person in employees]
    Employment.objects.bulk_create(roster)
    _history(roster)


def _enterprises(rng: random.Random) -> list[Enterprise]:
    sites = Node.objects.filter(kind__in=(NodeKind.ENTERPRISE, NodeKind.CONSTRUCTION, NodeKind.MEDICAL))
    staff = Counter(Person.objects.filter(employer__in=sites).values_list("employer_id", flat=True))
    parks = {park.path: park for park in Node.objects.filter(kind=NodeKind.PARK)}
    records = []
    for serial, node in enumerate(sites.order_by("path"), start=1):
        park = parks[node.park_path]
        category = _category(node)
        records.append(
            Enterprise(
                node=node,
                uscc=make_uscc(park.division_code or "110000", serial),
                category=category,
                # 昆明's 439 enterprises are the seed's above-scale ones.
                above_scale=category
                in {Category.STANDALONE_PLANT, Category.TRADE_LOGISTICS, Category.OFFICE_BUILDING},
                key_enterprise=rng.random() < 0.05,
                headcount=staff[node.pk],
            )
        )
    Enterprise.objects.bulk_create(records)
    Enterprise.history.bulk_history_create(records, default_date=LEDGER_OPENED, default_change_reason="demo")
    return records


def _employment(rng: random.Random, enterprise: Enterprise, person: Person) -> Employment:
    status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
    expected = dt.date(2020, 2, rng.randint(10, 20))
    return Employment(
        enterprise=enterprise,
        person=person,
        department=rng.choice(DEPARTMENTS),
        position="员工",
        work_status=status,
        expected_return_date=expected,
        actual_return_date=BACK_AT_WORK.date() if status == WorkStatus.ON_SITE else None,
        key_position=rng.random() < 0.15,
    )


def _history(roster: list[Employment]) -> None:
    """Everyone was 'not yet returned' when the ledger opened; those on site came back on 2020-02-10."""
    returned = [e for e in roster if e.work_status == WorkStatus.ON_SITE]
    for employment in returned:
        employment.work_status, employment.actual_return_date = WorkStatus.NOT_RETURNED, None
    Employment.history.bulk_history_create(roster, default_date=LEDGER_OPENED, default_change_reason="demo")
    for employment in returned:
        employment.work_status, employment.actual_return_date = WorkStatus.ON_SITE, BACK_AT_WORK.date()
    Employment.history.bulk_history_create(
        returned, update=True, default_date=BACK_AT_WORK, default_change_reason="demo"
    )
