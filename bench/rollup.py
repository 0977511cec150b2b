"""Roll-up benchmark (日汇报): adding one day up every level costs about one scan of that day's reports, and
one grid's page costs what the grid holds, not what the database holds.

Run on PostgreSQL (the script refuses anything else)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/rollup.py

It never touches the database named in ``DATABASE_URL``: it creates its own (``parkguard_bench_rollup``
on the same server), migrates it from scratch, and drops it (and its copy) at the end unless ``--keep``.

The tree is a national office over 5 parks of 4 areas of 10 grids; enterprises hang off the grids. Each
park has a current enterprise template of 12 numeric fields ``f1`` … ``f12`` (11 whole numbers and one
decimal, all added up as sums), and every enterprise has a submitted report for each of 30 days. The
target grid (园区1片区1网格1) holds the same 250 enterprises at every size. The database is first built
with ``--sizes`` [0] sites (default 5,000) and kept as a copy; then enterprises are added to the other
grids, with their 30 days of reports, up to the last size (default 50,000: 1.5 million reports).

Measured, in alternating repetitions (``--rounds`` rounds share ``--repeat`` timed runs)::

    vs_scan = t(rollup_totals(national, day))  /  t(SELECT SUM(f1), …, SUM(f12) WHERE date = day)
              target ≤ 3, at the largest size
    growth  = t(rollup_page(target grid, day) at the largest size) / t(same at the smallest size)
              target ≤ 1.5

``rollup_totals`` gives the totals of every node at every level (national, parks, areas, grids, sites) for
the day, through the same code as the roll-up pages, the API and the bulletin (``reports.rollup``; a page
asks it for the node and its children only). It reads the totals kept per parent of sites
(``RollupPartial``) and computes the missing ones; the timed runs repeat the roll-up, so after the first
run they are kept ("warm"): that is the figure the target is measured on, as pages are read many times a
day while reports trickle in (each submission deletes one grid's kept row). The "cold" figure (every kept
row of the day deleted, untimed, before each run: the first read of a day after a bulk load) is printed
too, for information. The reports are loaded with ``COPY`` (no signals), so the kept rows are deleted
(``rollup_invalidate``) after each load. Exit status 0 if both targets are met, 1 otherwise.
The helpers shared with the other benchmarks are in ``bench/_common.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
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
    execute,
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

DEFAULT_DB = "parkguard_bench_rollup"
DEFAULT_SIZES = (5_000, 50_000)
DEFAULT_REPEAT = 30
DEFAULT_WARMUP = 2
DEFAULT_ROUNDS = 6
TARGET_VS_SCAN = 3.0
TARGET_GROWTH = 1.5

PARKS = 5
AREAS_PER_PARK = 4
GRIDS_PER_AREA = 10
TARGET_SITES = 250  # enterprises of the target grid (park 1, area 1, grid 1), at every size
DAYS = 30
FIRST_DAY = dt.date(2020, 2, 1)
MEASURED_DAY = FIRST_DAY + dt.timedelta(days=DAYS // 2)
FIELDS = 12
FIELD_KEYS = [f"f{i}" for i in range(1, FIELDS + 1)]
DECIMAL_KEY = FIELD_KEYS[-1]  # stored as text, as reports.values stores decimals
VALUE_POOL = 4_099  # distinct JSON documents, reused (a prime, so site and day spread over the pool)
COPY_BATCH = 250_000
NODE_BATCH = 2_000

# Columns written by COPY, in order; checked against the model so that a new column fails loudly.
COPY_COLUMNS = (
    "site_id",
    "template_id",
    "date",
    "period",
    "status",
    "values",
    "zero_report",
    "submitted_at",
    "submitted_by_id",
    "late",
    "correction_reason",
    "created_at",
    "updated_at",
)


# --------------------------------------------------------------------------------------------- world


@dataclass
class World:
    national_id: int
    target_grid_id: int
    park_ids: list[int]
    grids: list[Any]  # Node objects of every grid; grids[0] is the target grid
    templates: dict[int, int]  # park id -> template id
    sites: list[tuple[int, int]] = field(default_factory=list)  # (site id, template id)


def allocate_node_ids(count: int) -> list[int]:
    from parkguard.hierarchy.models import Node

    rows = execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [Node._meta.db_table, count],
    )
    return [row[0] for row in rows]


def insert_children(planned: Sequence[tuple[Any, str, str]]) -> list[Any]:
    """Insert (parent, kind, name) nodes with ids from the table's sequence and path = parent's path +
    ``encode_step(pk)``, exactly as ``hierarchy.services.insert_node`` sets it."""
    from django.db import transaction

    from parkguard.hierarchy.models import Node, encode_step

    nodes = [
        Node(
            pk=pk,
            parent=parent,
            kind=kind,
            name=name,
            path=(parent.path if parent else "") + encode_step(pk),
            depth=(parent.depth if parent else 0) + 1,
        )
        for pk, (parent, kind, name) in zip(allocate_node_ids(len(planned)), planned, strict=True)
    ]
    with transaction.atomic():
        Node.objects.bulk_create(nodes, batch_size=NODE_BATCH)
    return nodes


def check_paths() -> None:
    """Every path is parent's path + encode_step(pk), and insert_node still agrees."""
    from parkguard.hierarchy.choices import NodeKind
    from parkguard.hierarchy.models import Node, encode_step
    from parkguard.hierarchy.services import insert_node

    for pk, path, depth, parent_path, parent_depth in Node.objects.values_list(
        "pk", "path", "depth", "parent__path", "parent__depth"
    ).iterator(chunk_size=10_000):
        if path != (parent_path or "") + encode_step(pk) or depth != (parent_depth or 0) + 1:
            raise SystemExit(f"node {pk}: path {path!r} does not follow insert_node's rule")
    grid = Node.objects.filter(kind=NodeKind.GRID).first()
    probe = insert_node(parent=grid, kind=NodeKind.ENTERPRISE, name="校验企业")
    if probe.path != grid.path + encode_step(probe.pk):
        raise SystemExit(f"insert_node gave {probe.path!r}, the benchmark's rule disagrees")
    probe.delete()


def make_templates(parks: Sequence[Any]) -> dict[int, int]:
    """A current enterprise template of 12 numeric fields (all sums) for each park."""
    from parkguard.hierarchy.choices import NodeKind
    from parkguard.reports.choices import Aggregate, FieldType
    from parkguard.reports.models import ReportField, ReportTemplate

    templates = {}
    for park in parks:
        template = ReportTemplate.objects.create(
            park=park,
            site_kind=NodeKind.ENTERPRISE,
            name="企业日报（基准）",
            valid_from=FIRST_DAY - dt.timedelta(days=1),
        )
        ReportField.objects.bulk_create(
            ReportField(
                template=template,
                key=key,
                label_zh=f"指标{i}",
                label_en=f"Figure {i}",
                type=FieldType.DECIMAL if key == DECIMAL_KEY else FieldType.INTEGER,
                aggregate=Aggregate.SUM,
                order=i,
            )
            for i, key in enumerate(FIELD_KEYS, start=1)
        )
        templates[park.pk] = template.pk
    return templates


def build_tree() -> World:
    from parkguard.hierarchy.choices import NodeKind

    (national,) = insert_children([(None, NodeKind.NATIONAL, "全国防控办")])
    parks = insert_children([(national, NodeKind.PARK, f"园区{p}") for p in range(1, PARKS + 1)])
    areas = insert_children(
        [(park, NodeKind.AREA, f"{park.name}片区{a}") for park in parks for a in range(1, AREAS_PER_PARK + 1)]
    )
    grids = insert_children(
        [(area, NodeKind.GRID, f"{area.name}网格{g}") for area in areas for g in range(1, GRIDS_PER_AREA + 1)]
    )
    return World(
        national_id=national.pk,
        target_grid_id=grids[0].pk,
        park_ids=[p.pk for p in parks],
        grids=grids,
        templates=make_templates(parks),
    )


def add_sites(world: World, count: int, *, target: bool) -> list[tuple[int, int]]:
    """``count`` enterprises: in the target grid, or spread over every other grid."""
    from parkguard.hierarchy.choices import NodeKind

    grids = world.grids[:1] if target else world.grids[1:]
    start = len(world.sites)
    planned = [
        (grid, NodeKind.ENTERPRISE, f"{grid.name}企业{start + i + 1}")
        for i, grid in ((i, grids[i % len(grids)]) for i in range(count))
    ]
    park_of = {g.pk: g.path[: 2 * 7] for g in world.grids}
    park_id = {}
    from parkguard.hierarchy.models import Node

    for park in Node.objects.filter(pk__in=world.park_ids):
        park_id[park.path] = park.pk
    sites = [
        (node.pk, world.templates[park_id[park_of[node.parent_id]]]) for node in insert_children(planned)
    ]
    world.sites.extend(sites)
    return sites


def value_pool() -> list[str]:
    """Distinct JSON documents of the 12 figures (whole numbers, the decimal as text)."""
    import random

    rng = random.Random(20200201)
    pool = []
    for _ in range(VALUE_POOL):
        values: dict[str, Any] = {key: rng.randrange(0, 500) for key in FIELD_KEYS[:-1]}
        values[DECIMAL_KEY] = str(Decimal(rng.randrange(0, 10_000)) / 4)
        pool.append(json.dumps(values))
    return pool


def check_copy_columns() -> None:
    from parkguard.reports.models import DailyReport

    columns = {f.column for f in DailyReport._meta.concrete_fields if not f.primary_key}
    if columns != set(COPY_COLUMNS):
        raise SystemExit(f"reports columns changed: model {sorted(columns)}, bench {sorted(COPY_COLUMNS)}")


def write_reports(sites: Sequence[tuple[int, int]], pool: Sequence[str]) -> int:
    """COPY one submitted report per site and day, day after day (as they arrive); the row count."""
    from django.db import connection, transaction
    from django.utils import timezone
    from psycopg import sql

    from parkguard.reports.choices import Period, ReportStatus
    from parkguard.reports.models import DailyReport

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(DailyReport._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, COPY_COLUMNS))
    )
    tz = timezone.get_current_timezone()
    rows = (
        (site, template, day, n, site_index)
        for n, day in enumerate(FIRST_DAY + dt.timedelta(days=d) for d in range(DAYS))
        for site_index, (site, template) in enumerate(sites)
    )
    written = 0
    exhausted = False
    while not exhausted:
        with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for _ in range(COPY_BATCH):
                row = next(rows, None)
                if row is None:
                    exhausted = True
                    break
                site, template, day, n, site_index = row
                at = dt.datetime.combine(day, dt.time(9, site_index % 60), tzinfo=tz)
                values = pool[(site * 31 + n) % len(pool)]
                copy.write_row(
                    (site, template, day, Period.DAY, ReportStatus.SUBMITTED, values, False, at, None, False,
                     "", at, at)
                )  # fmt: skip
                written += 1
    return written


# --------------------------------------------------------------------------------------------- timing

SCAN_SQL = "SELECT {sums} FROM {table} WHERE date = %s"


def scan_sql() -> str:
    from parkguard.reports.models import DailyReport

    sums = ", ".join(f"SUM((values ->> '{key}')::numeric)" for key in FIELD_KEYS)
    return SCAN_SQL.format(sums=sums, table=DailyReport._meta.db_table)


@dataclass
class Size:
    sites: int
    database: str
    reports: int = 0
    table_mb: float = 0.0
    load_seconds: float = 0.0
    page: list[float] = field(default_factory=list)
    full: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    scan: list[float] = field(default_factory=list)
    nodes_in_rollup: int = 0
    grid_totals: dict[str, Any] = field(default_factory=dict)


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def full_rollup(national_id: int) -> Any:
    from parkguard.hierarchy.models import Node
    from parkguard.reports.selectors import rollup_totals

    national = Node.objects.get(pk=national_id)  # untimed below: fetched before the clock starts
    return lambda: rollup_totals(node=national, day=MEASURED_DAY)


def grid_page(grid_id: int) -> Any:
    from parkguard.hierarchy.models import Node
    from parkguard.reports.selectors import rollup_page

    grid = Node.objects.get(pk=grid_id)
    return lambda: rollup_page(node=grid, day=MEASURED_DAY)


def forget_kept() -> None:
    """Delete the kept roll-up totals (``COPY`` sends no signals; and before each cold run)."""
    from parkguard.reports.rollup import rollup_invalidate

    rollup_invalidate()


def scan() -> Any:
    sql_text = scan_sql()
    return lambda: execute(sql_text, [MEASURED_DAY])[0]


def check_full(totals: dict[str, Any], sums: tuple[Any, ...], national_path: str, sites: int) -> None:
    """The national total of the roll-up is the plain SUM; every site and every grid has a row."""
    national = totals[national_path]
    got = tuple(Decimal(national[key]) for key in FIELD_KEYS)
    if got != tuple(Decimal(s) for s in sums) or national["_reports"] != sites:
        raise SystemExit(f"roll-up {got}, {national['_reports']} reports; SUM gives {sums}, {sites} sites")
    expected = 1 + PARKS + PARKS * AREAS_PER_PARK + PARKS * AREAS_PER_PARK * GRIDS_PER_AREA + sites
    if len(totals) != expected:
        raise SystemExit(f"roll-up has {len(totals)} nodes, expected {expected}")


def measure(sizes: Sequence[Size], world: World, args: argparse.Namespace) -> None:
    """``args.rounds`` rounds visit the sizes in turn (forwards, then backwards); each visit times the grid
    page, and at the largest size also the full roll-up and the scan, one after the other."""
    from parkguard.hierarchy.models import Node

    rounds = min(args.rounds, args.repeat)
    largest = sizes[-1]
    for round_ in range(rounds):
        runs = args.repeat // rounds + (round_ < args.repeat % rounds)
        for size in sizes if round_ % 2 == 0 else list(reversed(sizes)):
            use_database(size.database)
            if round_ == 0:
                forget_kept()  # loaded by COPY
            page = grid_page(world.target_grid_id)
            for run in range(args.warmup + runs):
                seconds, (_measures, own, children) = _timed(page)
                if own.totals.get("_reports") != TARGET_SITES or len(children) != TARGET_SITES:
                    raise SystemExit(f"the target grid's page shows {own.totals.get('_reports')} reports")
                size.grid_totals = own.totals
                if run >= args.warmup:
                    size.page.append(seconds)
            if size is not largest:
                continue
            full, plain = full_rollup(world.national_id), scan()
            for run in range(args.warmup + runs):
                seconds_full, totals = _timed(full)
                seconds_scan, sums = _timed(plain)
                if run == 0:
                    check_full(totals, sums, Node.objects.get(pk=world.national_id).path, size.sites)
                    size.nodes_in_rollup = len(totals)
                if run >= args.warmup:
                    size.full.append(seconds_full)
                    size.scan.append(seconds_scan)
                    forget_kept()
                    seconds_cold, cold_totals = _timed(full)
                    if run == args.warmup and round_ == 0:
                        check_full(cold_totals, sums, Node.objects.get(pk=world.national_id).path, size.sites)
                    size.cold.append(seconds_cold)
    if len({json.dumps(s.grid_totals, default=str, sort_keys=True) for s in sizes}) != 1:
        raise SystemExit("the target grid's totals differ between sizes")


# --------------------------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if len(sizes) != 2 or sizes[0] >= sizes[1] or sizes[0] <= TARGET_SITES:
        raise argparse.ArgumentTypeError(
            f"give two increasing site counts above {TARGET_SITES}, e.g. 5000,50000"
        )
    return sizes


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="enterprise sites, small and large (default 5000,50000)")  # fmt: skip
    parser.add_argument("--repeat", type=positive, default=DEFAULT_REPEAT, help="timed runs per measurement")
    parser.add_argument("--rounds", type=positive, default=DEFAULT_ROUNDS, help="rounds sharing the runs")
    parser.add_argument("--warmup", type=int, default=DEFAULT_WARMUP, help="untimed runs at each visit")
    parser.add_argument("--db-name", default=DEFAULT_DB, help="database to create on the server")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    return parser.parse_args()


def build(args: argparse.Namespace, source: str) -> tuple[World, list[Size]]:
    from django.core.management import call_command

    from parkguard.reports.models import DailyReport

    call_command("migrate", verbosity=0)
    check_copy_columns()
    world = build_tree()
    pool = value_pool()
    small, large = args.sizes
    sizes = [Size(small, f"{args.db_name}_{small}"), Size(large, args.db_name)]
    loaded = 0
    for size, new_sites in zip(sizes, (small, large - small), strict=True):
        started = time.perf_counter()
        sites = add_sites(world, TARGET_SITES, target=True) if size is sizes[0] else []
        sites += add_sites(world, new_sites - len(sites), target=False)
        loaded += write_reports(sites, pool)
        vacuum_analyze()
        size.load_seconds = time.perf_counter() - started
        size.reports = loaded
        size.table_mb = table_megabytes(DailyReport._meta.db_table)
        print(
            f"built {size.sites:>7,} sites: {size.reports:>10,} reports, reports table {size.table_mb:7.1f} MB,"
            f" {size.load_seconds:5.1f} s"
        )
        if size is sizes[0]:
            snapshot_database(source, args.db_name, size.database)
            use_database(args.db_name)
    check_paths()
    vacuum_analyze()
    checkpoint()
    return world, sizes


def report(world: World, sizes: list[Size], args: argparse.Namespace, version: str) -> bool:
    small, large = sizes
    print()
    print(f"PostgreSQL {version}; day measured {MEASURED_DAY}; {args.repeat} timed runs per figure in "
          f"{min(args.rounds, args.repeat)} alternating rounds, {args.warmup} warm-up runs per visit")  # fmt: skip
    print(f"tree: 1 national, {PARKS} parks, {PARKS * AREAS_PER_PARK} areas, "
          f"{PARKS * AREAS_PER_PARK * GRIDS_PER_AREA} grids; target grid {TARGET_SITES} enterprises; "
          f"{FIELDS} numeric fields; {DAYS} days")  # fmt: skip
    print()
    print(f"{'sites':>8} {'reports':>11} {'grid page ms':>13} {'full roll-up ms':>16} {'SUM scan ms':>12}")
    for size in sizes:
        full = f"{ms(size.full):16.2f}" if size.full else f"{'-':>16}"
        scan_ = f"{ms(size.scan):12.2f}" if size.scan else f"{'-':>12}"
        print(f"{size.sites:>8,} {size.reports:>11,} {ms(size.page):13.2f} {full} {scan_}")
    print()
    vs_scan = ms(large.full) / ms(large.scan)
    growth = ms(large.page) / ms(small.page)
    ok_scan, ok_growth = vs_scan <= TARGET_VS_SCAN, growth <= TARGET_GROWTH
    print(f"vs_scan = t(roll-up of {MEASURED_DAY}, {large.nodes_in_rollup:,} nodes at every level) / "
          f"t(one SELECT SUM over that day's rows) = {ms(large.full):.2f} / {ms(large.scan):.2f} = "
          f"{vs_scan:.2f}   target ≤ {TARGET_VS_SCAN:g}   {verdict(ok_scan)}")  # fmt: skip
    print(f"growth  = t(grid page at {large.sites:,} sites) / t(at {small.sites:,} sites) = "
          f"{ms(large.page):.2f} / {ms(small.page):.2f} = {growth:.2f}   target ≤ {TARGET_GROWTH}   "
          f"{verdict(ok_growth)}")  # fmt: skip
    print(f"for information, cold (every kept total of the day deleted before each run, untimed): "
          f"full roll-up {ms(large.cold):.2f} ms = {ms(large.cold) / ms(large.scan):.2f} × the scan")  # fmt: skip
    return ok_scan and ok_growth


def rollup_statement(run: Callable[[], Any], marker: str = "r.values::text") -> str:
    """The statement of ``run`` that contains ``marker`` (by default the one that reads the sites' own
    reports; the kept totals are read by a short one)."""
    return next(sql for sql in captured_sql(run) if marker in sql)


def explain_all(world: World, sizes: list[Size]) -> None:
    from parkguard.reports.rollup import WORK_MEM

    as_rollup_runs = {"jit": "off", "work_mem": WORK_MEM}  # set for the statement's transaction
    use_database(sizes[-1].database)
    full_sql = rollup_statement(full_rollup(world.national_id))
    print_plan(
        f"full roll-up query at {sizes[-1].sites:,} sites (jit off, work_mem {WORK_MEM}, as rollup.py runs it):",
        full_sql,
        explain(full_sql, settings=as_rollup_runs),
    )
    forget_kept()
    cold_sql = rollup_statement(full_rollup(world.national_id), marker="INSERT INTO")
    forget_kept()
    print_plan(
        f"cold: computing and keeping every parent's totals at {sizes[-1].sites:,} sites (run once after a load):",
        cold_sql,
        explain(cold_sql, settings=as_rollup_runs),
    )
    forget_kept()
    print_plan(f"SUM scan at {sizes[-1].sites:,} sites:", scan_sql(), explain(scan_sql(), [MEASURED_DAY]))
    page_sql = rollup_statement(grid_page(world.target_grid_id))
    print_plan(
        f"target grid's roll-up query at {sizes[-1].sites:,} sites:",
        page_sql,
        explain(page_sql, settings=as_rollup_runs),
    )


def main() -> int:
    args = parse_args()
    source = require_postgres("rollup.py")
    recreate_database(source, args.db_name)
    os.environ["DATABASE_URL"] = bench_database_url(source, args.db_name)
    import django

    django.setup()
    databases = [args.db_name, f"{args.db_name}_{args.sizes[0]}"]
    try:
        world, sizes = build(args, source)
        measure(sizes, world, args)
        ok = report(world, sizes, args, server_version())
        explain_all(world, sizes)
    finally:
        if args.keep:
            print(f"\nkept: databases {', '.join(databases)}")
        else:
            drop_databases(source, databases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
