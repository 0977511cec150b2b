"""Scope benchmark: a grid official's person list costs what their grid holds, not what the database holds.

Run on PostgreSQL (the script refuses anything else)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/scope.py

It never touches the database named in ``DATABASE_URL``: it creates its own (``parkguard_bench_scope`` on
the same server), migrates it from scratch, and drops it at the end unless ``--keep``.

The tree is a national office over five parks (areas, grids, compounds with buildings, enterprises,
checkpoints, task forces), built with the paths ``hierarchy.services.insert_node`` gives. One grid of
park 1 holds exactly 2,000 people, the same rows throughout. The rest of the database then grows, in
steps (``--sizes``, default 10,000 → 100,000 → 1,000,000 people outside that grid), spread over every
other grid, park 1's included, so that the park commander's scope grows with it.

At each size, for the grid official and for the commander of park 1, one run does what a list page does
for one request: fetch the user afresh (the scope is cached on the user object), ``person_list(user=...)``
(which computes the scope: memberships, assignments, node ids), ``count()`` (the paginator), then the
first page ``list(qs[:PAGE_SIZE])`` (which decrypts its rows). Every size but the last is kept as a copy
of the database, and ``--rounds`` rounds visit every size in turn, so that a busy spell of a shared
machine falls on all sizes alike. The medians of ``--repeat`` runs per size (after ``--warmup`` untimed
runs at each visit) are printed, and::

    growth = t(largest size) / t(smallest size)     target ≤ 1.5 for the grid official

where ``t`` is the median time of a whole run (scope + count + first page). The commander's growth is
printed for information: their scope is the park, which grows with the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from _common import (  # noqa: E402 - bench/ is first on sys.path when a script runs
    bench_database_url,
    captured_sql,
    checkpoint,
    drop_databases,
    explain,
    positive,
    print_plan,
    recreate_database,
    require_postgres,
    server_version,
    snapshot_database,
    table_megabytes,
    use_database,
    vacuum_analyze,
    verdict,
)

DEFAULT_DB = "parkguard_bench_scope"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
DEFAULT_REPEAT = 30
DEFAULT_WARMUP = 3
DEFAULT_ROUNDS = 10
TARGET_GROWTH = 1.5
SEED = 20200125

# The shape of the tree: the seed's five parks, each a few areas of grids of compounds and enterprises.
PARKS = 5
AREAS_PER_PARK = 4
GRIDS_PER_AREA = 6
COMPOUNDS_PER_GRID = 3
BUILDINGS_PER_COMPOUND = 6
ENTERPRISES_PER_GRID = 5
CHECKPOINTS_PER_PARK = 2
TASK_FORCES_PER_PARK = 2

# The target grid (park 1, area 1, grid 1) holds this many people: residents of its buildings, and
# commuters who live in another grid but work for one of its enterprises.
TARGET_RESIDENTS = 1_600
TARGET_COMMUTERS = 400
TARGET_PEOPLE = TARGET_RESIDENTS + TARGET_COMMUTERS
# Share of people who have an employer besides their residence.
EMPLOYED_SHARE = 0.5

# Encrypting a million values would dominate the set-up: a pool of distinct ciphertexts is reused.
CIPHER_POOL = 1_000
COPY_BATCH = 100_000
NODE_BATCH = 1_000

_FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红娥玲芬燕鹏辉建国志春梅海波"
_ORIGIN_AREAS = ("530102", "530103", "530111", "530112", "110105", "310101", "440305", "510104")
_BIRTH_RANGE_DAYS = 15_700  # 1960-01-01 .. about 2002


# --------------------------------------------------------------------------------------------- database


def snapshot_name(db_name: str, size: int) -> str:
    return f"{db_name}_{size}"


# --------------------------------------------------------------------------------------------- tree


@dataclass
class PlannedNode:
    """A node to insert; ``parent`` is the index of its parent in the plan (parents come first)."""

    kind: str
    name: str
    parent: int | None


@dataclass
class GridPlan:
    """Where a grid's people can live and work (indexes into the plan)."""

    park: int
    grid: int
    buildings: list[int] = field(default_factory=list)
    enterprises: list[int] = field(default_factory=list)


@dataclass
class World:
    """The tree as inserted, reduced to what the benchmark needs (node ids)."""

    node_count: int
    park_ids: list[int]
    target_grid_id: int
    target_buildings: list[int]
    target_enterprises: list[int]
    outside_buildings: list[int]
    outside_enterprises: list[int]
    all_enterprises: list[int]
    target_subtree_size: int = 0
    park_subtree_size: int = 0


class TreePlan:
    """The tree in memory, in insertion order, before ids exist."""

    def __init__(self) -> None:
        self.nodes: list[PlannedNode] = []
        self.grids: list[GridPlan] = []
        self.parks: list[int] = []

    def add(self, kind: str, name: str, parent: int | None) -> int:
        self.nodes.append(PlannedNode(kind, name, parent))
        return len(self.nodes) - 1


def plan_tree() -> TreePlan:
    """National office → parks → areas → grids → compounds → buildings, enterprises; plus checkpoints and
    task forces beside the areas. Grid 0 is the target grid (park 1, area 1, grid 1)."""
    from parkguard.hierarchy.choices import NodeKind

    plan = TreePlan()
    national = plan.add(NodeKind.NATIONAL, "全国防控办", None)
    for p in range(1, PARKS + 1):
        park = plan.add(NodeKind.PARK, f"园区{p}", national)
        plan.parks.append(park)
        for a in range(1, AREAS_PER_PARK + 1):
            area = plan.add(NodeKind.AREA, f"园区{p}片区{a}", park)
            for g in range(1, GRIDS_PER_AREA + 1):
                _plan_grid(plan, park, plan.add(NodeKind.GRID, f"园区{p}片区{a}网格{g}", area))
        for c in range(1, CHECKPOINTS_PER_PARK + 1):
            plan.add(NodeKind.CHECKPOINT, f"园区{p}卡口{c}", park)
        for t in range(1, TASK_FORCES_PER_PARK + 1):
            plan.add(NodeKind.TASK_FORCE, f"园区{p}专班{t}", park)
    return plan


def _plan_grid(plan: TreePlan, park: int, grid: int) -> None:
    """A grid's compounds (each with its buildings) and enterprises."""
    from parkguard.hierarchy.choices import NodeKind

    grid_name = plan.nodes[grid].name
    grid_plan = GridPlan(park=park, grid=grid)
    for c in range(1, COMPOUNDS_PER_GRID + 1):
        compound = plan.add(NodeKind.COMPOUND, f"{grid_name}小区{c}", grid)
        for b in range(1, BUILDINGS_PER_COMPOUND + 1):
            grid_plan.buildings.append(plan.add(NodeKind.BUILDING, f"{grid_name}小区{c}-{b}栋", compound))
    for e in range(1, ENTERPRISES_PER_GRID + 1):
        grid_plan.enterprises.append(plan.add(NodeKind.ENTERPRISE, f"{grid_name}企业{e}", grid))
    plan.grids.append(grid_plan)


def allocate_node_ids(count: int) -> list[int]:
    """``count`` ids from the node table's own sequence, as ``save()`` would have taken them."""
    from django.db import connection

    from parkguard.hierarchy.models import Node

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Node._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_tree(plan: TreePlan) -> list[Any]:
    """Insert the planned nodes in one transaction; path = parent's path + ``encode_step(pk)``, exactly as
    ``hierarchy.services.insert_node`` sets it."""
    from django.db import transaction

    from parkguard.hierarchy.models import Node, encode_step

    ids = allocate_node_ids(len(plan.nodes))
    nodes: list[Any] = []
    for pk, planned in zip(ids, plan.nodes, strict=True):
        parent = nodes[planned.parent] if planned.parent is not None else None
        nodes.append(
            Node(
                pk=pk,
                parent=parent,
                kind=planned.kind,
                name=planned.name,
                path=(parent.path if parent else "") + encode_step(pk),
                depth=(parent.depth if parent else 0) + 1,
            )
        )
    with transaction.atomic():
        Node.objects.bulk_create(nodes, batch_size=NODE_BATCH)
    return nodes


def check_tree_against_insert_node(nodes: Sequence[Any]) -> None:
    """Paths in the database are what ``insert_node`` gives: insert one more building with it and compare."""
    from parkguard.hierarchy.choices import NodeKind
    from parkguard.hierarchy.models import Node, encode_step
    from parkguard.hierarchy.services import insert_node

    for node in Node.objects.select_related("parent"):
        expected = (node.parent.path if node.parent else "") + encode_step(node.pk)
        if node.path != expected or node.depth != (node.parent.depth + 1 if node.parent else 1):
            raise SystemExit(f"node {node.pk}: path {node.path!r}, expected {expected!r}")
    compound = next(n for n in nodes if n.kind == NodeKind.COMPOUND)
    probe = insert_node(parent=compound, kind=NodeKind.BUILDING, name="校验楼")
    if probe.path != compound.path + encode_step(probe.pk):
        raise SystemExit(f"insert_node gave {probe.path!r}, the benchmark's rule disagrees")
    probe.delete()


def build_world() -> World:
    """Insert the tree and name the nodes the people hang off."""
    from parkguard.hierarchy.models import Node

    plan = plan_tree()
    nodes = insert_tree(plan)
    check_tree_against_insert_node(nodes)

    def ids(indexes: Sequence[int]) -> list[int]:
        return [nodes[i].pk for i in indexes]

    target, others = plan.grids[0], plan.grids[1:]
    target_grid, park = nodes[target.grid], nodes[target.park]
    return World(
        node_count=len(nodes),
        park_ids=ids(plan.parks),
        target_grid_id=target_grid.pk,
        target_buildings=ids(target.buildings),
        target_enterprises=ids(target.enterprises),
        outside_buildings=ids([b for g in others for b in g.buildings]),
        outside_enterprises=ids([e for g in others for e in g.enterprises]),
        all_enterprises=ids([e for g in plan.grids for e in g.enterprises]),
        target_subtree_size=Node.objects.filter(path__startswith=target_grid.path).count(),
        park_subtree_size=Node.objects.filter(path__startswith=park.path).count(),
    )


# --------------------------------------------------------------------------------------------- users


def make_officials(world: World) -> tuple[int, int]:
    """The grid official of the target grid and the commander of park 1; their user ids."""
    from parkguard.accounts.models import Membership, User
    from parkguard.accounts.roles import Role

    official = User.objects.create(username="bench-grid-official", display_name="网格员")
    Membership.objects.create(user=official, node_id=world.target_grid_id, role=Role.GRID_OFFICIAL)
    commander = User.objects.create(username="bench-park-commander", display_name="园区指挥长")
    Membership.objects.create(user=commander, node_id=world.park_ids[0], role=Role.PARK_COMMANDER)
    return official.pk, commander.pk


# --------------------------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Identity:
    """One encrypted identity of the pool: what a person row stores about id number and phone."""

    id_number: str
    phone: str
    phone_index: str
    birth_date: dt.date
    origin_code: str


def identity_pool(rng: random.Random, size: int) -> list[Identity]:
    """``size`` fictional people (valid GB 11643 numbers, mobiles), encrypted as the model field does."""
    from stdnum.cn import ric

    from parkguard.lib import fieldcrypt
    from parkguard.people.models import Person
    from parkguard.people.services import phone_index

    id_context = Person._meta.get_field("id_number").name
    phone_context = Person._meta.get_field("phone").name
    start = dt.date(1960, 1, 1)
    pool = []
    for _ in range(size):
        birth = start + dt.timedelta(days=rng.randrange(_BIRTH_RANGE_DAYS))
        area = rng.choice(_ORIGIN_AREAS)
        body = f"{area}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")  # stdnum reads 18 characters, ignores the last
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        pool.append(
            Identity(
                id_number=fieldcrypt.encrypt(number, context=id_context),
                phone=fieldcrypt.encrypt(phone, context=phone_context),
                phone_index=phone_index(phone),
                birth_date=birth,
                origin_code=area,
            )
        )
    return pool


# Columns written by COPY, in order; checked against the model so that a new column fails loudly.
COPY_COLUMNS = (
    "name",
    "id_number",
    "id_number_index",
    "phone",
    "phone_index",
    "origin_code",
    "birth_date",
    "residence_id",
    "employer_id",
    "user_id",
    "created_at",
    "updated_at",
)


def check_copy_columns() -> None:
    from parkguard.people.models import Person

    columns = {f.column for f in Person._meta.concrete_fields if not f.primary_key}
    if columns != set(COPY_COLUMNS):
        raise SystemExit(
            f"people_person columns changed: model {sorted(columns)}, bench {sorted(COPY_COLUMNS)}"
        )


@dataclass(frozen=True)
class Placement:
    """Where one person lives and works (node ids; ``None`` for no employer)."""

    residence: int
    employer: int | None


class PeopleWriter:
    """Writes person rows with COPY. Every row gets a unique ``id_number_index`` from a running serial."""

    def __init__(self, rng: random.Random, pool: Sequence[Identity]) -> None:
        from django.utils import timezone

        self.rng = rng
        self.pool = pool
        self.serial = 0
        self.now = timezone.now()

    def _name(self) -> str:
        given = "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.choice((1, 2))))
        return self.rng.choice(_FAMILY) + given

    def _row(self, placement: Placement) -> tuple[Any, ...]:
        identity = self.pool[self.serial % len(self.pool)]
        self.serial += 1
        return (
            self._name(),
            identity.id_number,
            f"{self.serial:064x}",
            identity.phone,
            identity.phone_index,
            identity.origin_code,
            identity.birth_date,
            placement.residence,
            placement.employer,
            None,
            self.now,
            self.now,
        )

    def write(self, placements: Iterator[Placement]) -> int:
        """COPY the people placed by ``placements`` in batches, one transaction each; the row count."""
        from django.db import connection, transaction
        from psycopg import sql

        from parkguard.people.models import Person

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(Person._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, COPY_COLUMNS))
        )
        written = 0
        exhausted = False
        while not exhausted:
            with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
                for _ in range(COPY_BATCH):
                    placement = next(placements, None)
                    if placement is None:
                        exhausted = True
                        break
                    copy.write_row(self._row(placement))
                    written += 1
        return written


def target_placements(rng: random.Random, world: World) -> Iterator[Placement]:
    """The target grid's 2,000: residents of its buildings (some employed anywhere), then commuters who
    live in another grid and work for one of its enterprises."""
    for _ in range(TARGET_RESIDENTS):
        employer = rng.choice(world.all_enterprises) if rng.random() < EMPLOYED_SHARE else None
        yield Placement(rng.choice(world.target_buildings), employer)
    for _ in range(TARGET_COMMUTERS):
        yield Placement(rng.choice(world.outside_buildings), rng.choice(world.target_enterprises))


def outside_placements(rng: random.Random, world: World, count: int) -> Iterator[Placement]:
    """``count`` people who neither live nor work in the target grid, spread over every other grid."""
    for _ in range(count):
        employer = rng.choice(world.outside_enterprises) if rng.random() < EMPLOYED_SHARE else None
        yield Placement(rng.choice(world.outside_buildings), employer)


def people_in_subtree(node_id: int) -> int:
    """People living or working under ``node_id``, counted with plain SQL (no scope code), as a check."""
    from django.db import connection

    from parkguard.hierarchy.models import Node
    from parkguard.people.models import Person

    nodes, people = Node._meta.db_table, Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH top AS (SELECT path || '%%' AS prefix FROM {nodes} WHERE id = %s)
            SELECT count(*) FROM {people} p
              CROSS JOIN top
              LEFT JOIN {nodes} r ON r.id = p.residence_id
              LEFT JOIN {nodes} e ON e.id = p.employer_id
             WHERE r.path LIKE top.prefix OR e.path LIKE top.prefix
            """,
            [node_id],
        )
        return cursor.fetchone()[0]


# --------------------------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """Per-run seconds of each phase of one list request, and what it returned."""

    scope: list[float] = field(default_factory=list)
    count: list[float] = field(default_factory=list)
    page: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    rows: int = 0
    node_ids: int = 0
    queries: int = 0

    def median_ms(self, phase: str) -> float:
        return statistics.median(getattr(self, phase)) * 1000


def list_once(user_pk: int) -> tuple[float, float, float, int, int]:
    """One list request: fresh user → ``person_list`` (computes the scope) → ``count()`` → first page.

    Returns the seconds of each phase, the count and the node ids in scope.
    """
    from django.conf import settings

    from parkguard.accounts.models import User
    from parkguard.people.selectors import person_list

    user = User.objects.get(pk=user_pk)
    started = time.perf_counter()
    people = person_list(user=user)
    scoped = time.perf_counter()
    total = people.count()
    counted = time.perf_counter()
    page = list(people[: settings.PAGE_SIZE])
    paged = time.perf_counter()
    if len(page) != min(total, settings.PAGE_SIZE):
        raise SystemExit(f"first page has {len(page)} rows of {total}")
    return scoped - started, counted - scoped, paged - counted, total, len(user.scope.node_ids())


def count_queries(user_pk: int) -> int:
    """SQL statements one list request runs, the user's own fetch excluded."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parkguard.accounts.models import User
    from parkguard.people.selectors import person_list

    user = User.objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as captured:
        people = person_list(user=user)
        people.count()
        list(people[:1])
    return len(captured)


def record(timing: Timing, user_pk: int, expected: int, runs: int, warmup: int) -> None:
    """Add ``runs`` timed list requests to ``timing``, after ``warmup`` untimed ones."""
    for run in range(warmup + runs):
        scope, count, page, rows, node_ids = list_once(user_pk)
        if rows != expected:
            raise SystemExit(f"user {user_pk} sees {rows:,} people, expected {expected:,}")
        if run < warmup:
            continue
        timing.scope.append(scope)
        timing.count.append(count)
        timing.page.append(page)
        timing.total.append(scope + count + page)
        timing.rows, timing.node_ids = rows, node_ids


@dataclass
class Step:
    """One size of the database: the copy that holds it, and the two officials' timings on it."""

    outside: int
    people: int
    load_seconds: float
    table_mb: float
    database: str
    park_people: int
    official: Timing = field(default_factory=Timing)
    commander: Timing = field(default_factory=Timing)


def measure_alternating(
    steps: Sequence[Step], official: int, commander: int, args: argparse.Namespace
) -> None:
    """Time every size in each of ``args.rounds`` rounds (forwards, then backwards, and so on), so that a
    slow spell of a shared machine falls on every size alike instead of on the last one measured."""
    rounds = min(args.rounds, args.repeat)
    for round_ in range(rounds):
        runs = args.repeat // rounds + (round_ < args.repeat % rounds)
        for step in steps if round_ % 2 == 0 else reversed(steps):
            use_database(step.database)
            record(step.official, official, TARGET_PEOPLE, runs, args.warmup)
            record(step.commander, commander, step.park_people, runs, args.warmup)
    for step in steps:
        use_database(step.database)
        step.official.queries = count_queries(official)
        step.commander.queries = count_queries(commander)


# --------------------------------------------------------------------------------------------- explain


def explain_official(user_pk: int) -> dict[str, tuple[str, list[str]]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the grid official's count and first-page queries."""
    from django.conf import settings

    from parkguard.accounts.models import User
    from parkguard.people.selectors import person_list

    people = person_list(user=User.objects.get(pk=user_pk))
    plans = {}
    for label, run in (
        ("count", people.count),
        ("first page", lambda: list(people[: settings.PAGE_SIZE])),
    ):
        sql_text = captured_sql(run)[-1]
        plans[label] = (sql_text, explain(sql_text))
    return plans


# --------------------------------------------------------------------------------------------- report


def print_header(world: World, version: str, args: argparse.Namespace) -> None:
    python = sys.version.split()[0]
    print(f"ParkGuard scope benchmark: PostgreSQL {version}, database {args.db_name}, Python {python}")
    print(
        f"tree: {world.node_count:,} nodes = 1 national office, {PARKS} parks × {AREAS_PER_PARK} areas × "
        f"{GRIDS_PER_AREA} grids × ({COMPOUNDS_PER_GRID} compounds × {BUILDINGS_PER_COMPOUND} buildings "
        f"+ {ENTERPRISES_PER_GRID} enterprises), {CHECKPOINTS_PER_PARK} checkpoints and "
        f"{TASK_FORCES_PER_PARK} task forces a park"
    )
    print(
        f"grid official: grid_official on 园区1片区1网格1 ({world.target_subtree_size} nodes), which holds "
        f"{TARGET_PEOPLE:,} people ({TARGET_RESIDENTS:,} residents, {TARGET_COMMUTERS:,} commuters)"
    )
    print(f"park commander: park_commander on 园区1 ({world.park_subtree_size} nodes)")
    rounds = min(args.rounds, args.repeat)
    print(
        f"each run: fresh user → person_list (scope) → count() → first page; times are medians of "
        f"{args.repeat} runs in ms,\n  taken over {rounds} rounds that visit every size in turn "
        f"({args.warmup} untimed warm-up runs each time)"
    )
    print()


def print_growth(step: Step) -> None:
    print(
        f"grown to {step.outside:,} people outside the grid in {step.load_seconds:.1f} s "
        f"(COPY, VACUUM ANALYZE): {step.people:,} people, {step.table_mb:,.0f} MB; "
        f"park 1 holds {step.park_people:,}"
    )


def print_step(step: Step) -> None:
    print()
    print(f"people outside the grid: {step.outside:,} ({step.people:,} people in all)")
    phases = " ".join(f"{phase:>8s}" for phase in ("scope", "count", "page", "total"))
    print(f"  {'':15s} {phases}   {'rows':>9s} {'ids':>5s} {'SQL':>4s}")
    for label, timing in (("grid official", step.official), ("park commander", step.commander)):
        print(
            f"  {label:15s} {timing.median_ms('scope'):8.2f} {timing.median_ms('count'):8.2f} "
            f"{timing.median_ms('page'):8.2f} {timing.median_ms('total'):8.2f}   "
            f"{timing.rows:9,} {timing.node_ids:5,} {timing.queries:4d}"
        )


def print_summary(steps: Sequence[Step]) -> bool:
    """The summary table and the growth ratios; whether the grid official meets the target."""
    print()
    columns = ("people outside", "grid official ms", "park commander ms", "commander rows")
    print(" ".join(f"{column:>18s}" for column in columns))
    for step in steps:
        print(
            f"{step.outside:18,} {step.official.median_ms('total'):18.2f} "
            f"{step.commander.median_ms('total'):18.2f} {step.commander.rows:18,}"
        )
    if len(steps) < 2:
        print("\ngrowth: needs two sizes or more")
        return True
    first, last = steps[0], steps[-1]
    label = f"t({last.outside:,}) / t({first.outside:,})"
    growth = last.official.median_ms("total") / first.official.median_ms("total")
    ok = growth <= TARGET_GROWTH
    print()
    print(f"grid official:  growth = {label} = {growth:.2f}   target ≤ {TARGET_GROWTH}   {verdict(ok)}")
    for phase in ("scope", "count", "page"):
        ratio = last.official.median_ms(phase) / first.official.median_ms(phase)
        print(f"                  {phase:5s} {ratio:.2f}")
    commander = last.commander.median_ms("total") / first.commander.median_ms("total")
    print(
        f"park commander: growth = {label} = {commander:.2f}   (information: the park grows from "
        f"{first.commander.rows:,} to {last.commander.rows:,} people)"
    )
    return ok


def print_plans(plans: dict[str, tuple[str, list[str]]], outside: int) -> None:
    for label, (sql_text, lines) in plans.items():
        print_plan(f"grid official's {label} query at {outside:,} people outside the grid:", sql_text, lines)


# --------------------------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or sizes != sorted(set(sizes)) or sizes[0] < 0:
        raise argparse.ArgumentTypeError("sizes grow: give increasing counts, e.g. 10000,100000,1000000")
    return sizes


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="people outside the target grid at each step, increasing (default 10000,100000,1000000)",
    )
    parser.add_argument("--repeat", type=positive, default=DEFAULT_REPEAT, help="timed runs per measurement")
    parser.add_argument(
        "--rounds",
        type=positive,
        default=DEFAULT_ROUNDS,
        help="rounds over the sizes that share the timed runs",
    )
    parser.add_argument(
        "--warmup", type=int, default=DEFAULT_WARMUP, help="untimed runs before each round's runs of a size"
    )
    parser.add_argument("--db-name", default=DEFAULT_DB, help="database to create on the server")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    return parser.parse_args()


def grow(args: argparse.Namespace, source: str, world: World, writer: PeopleWriter) -> list[Step]:
    """Add people outside the target grid up to each size; keep a copy of the database at every size but
    the last (which stays in the benchmark database)."""
    from parkguard.people.models import Person

    table = Person._meta.db_table
    steps: list[Step] = []
    outside = 0
    for index, size in enumerate(args.sizes):
        started = time.perf_counter()
        outside += writer.write(outside_placements(writer.rng, world, size - outside))
        vacuum_analyze()
        loaded = time.perf_counter() - started
        if people_in_subtree(world.target_grid_id) != TARGET_PEOPLE:
            raise SystemExit("the target grid does not hold exactly the target people")
        last = index == len(args.sizes) - 1
        step = Step(
            outside=outside,
            people=outside + TARGET_PEOPLE,
            load_seconds=loaded,
            table_mb=table_megabytes(table),
            database=args.db_name if last else snapshot_name(args.db_name, size),
            park_people=people_in_subtree(world.park_ids[0]),
        )
        if not last:
            snapshot_database(source, args.db_name, step.database)
            use_database(args.db_name)
        print_growth(step)
        steps.append(step)
    checkpoint()
    return steps


def run(args: argparse.Namespace, source: str) -> bool:
    """Build the world, grow it step by step, measure every size, print; whether the target is met."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    check_copy_columns()
    world = build_world()
    official, commander = make_officials(world)
    rng = random.Random(SEED)
    writer = PeopleWriter(rng, identity_pool(rng, CIPHER_POOL))
    writer.write(target_placements(rng, world))
    print_header(world, server_version(), args)

    steps = grow(args, source, world, writer)
    measure_alternating(steps, official, commander, args)
    for step in steps:
        print_step(step)
    ok = print_summary(steps)
    use_database(steps[-1].database)
    print_plans(explain_official(official), steps[-1].outside)
    return ok


def main() -> int:
    args = parse_args()
    source = require_postgres("scope.py")
    recreate_database(source, args.db_name)
    os.environ["DATABASE_URL"] = bench_database_url(source, args.db_name)
    import django

    django.setup()
    databases = [args.db_name] + [snapshot_name(args.db_name, size) for size in args.sizes[:-1]]
    try:
        ok = run(args, source)
    finally:
        if args.keep:
            print(f"\nkept: databases {', '.join(databases)}")
        else:
            drop_databases(source, databases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
