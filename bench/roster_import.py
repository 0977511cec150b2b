"""Roster import benchmark (issue #3): our import against reading the file, and against a peer library.

Run on PostgreSQL (the script refuses anything else)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/roster_import.py

It creates its own database (``parkguard_bench_import`` on the server of ``DATABASE_URL``, migrated from
scratch, dropped at the end unless ``--keep``), writes a ``--rows`` (100,000) row roster xlsx from the
template's columns into a temporary file, and measures, in one run:

* ``openpyxl``: ``load_workbook(read_only=True)`` iterating every row with ``values_only`` — the floor
  that any Python xlsx import pays to see the cells;
* ``ours``: ``run_pipeline(RosterImport(enterprise), file, commit=True, mode="all")`` — read (calamine),
  validate, plan (blind indexes, look-ups), encrypt, upsert with history — into empty tables, in one
  transaction, committed; the tables are truncated between repetitions;
* ``peer``: django-import-export importing the same file into the same models in its fastest documented
  mode (``use_bulk``, ``skip_diff``, ``force_init_instance``, ``batch_size``; see bench/README.md).

Peak memory of our import is the peak RSS (``VmHWM``, see ``peak_rss_kib``) of a child process that runs
only the import: the whole process, interpreter and Django included — what a worker needs.

Timings are medians over ``--reps`` repetitions (the peer, slow, over ``--peer-reps``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from _common import (  # noqa: E402 - bench/ is first on sys.path when a script runs
    bench_database_url,
    drop_databases,
    recreate_database,
    require_postgres,
    verdict,
)

DEFAULT_DB = "parkguard_bench_import"
TARGET_VS_READ = 2.0
TARGET_VS_PEER = 5.0
TARGET_MEMORY_MB = 400
ACTOR_NAME = "bench-importer"
REASON = "bench import"


# --------------------------------------------------------------------------------------------- database


def setup_django() -> None:
    import django

    django.setup()


def truncate_roster() -> None:
    from django.db import connection

    from parkguard.enterprises.models import Employment
    from parkguard.people.models import Person

    tables = [Employment.history.model._meta.db_table, Employment._meta.db_table, Person._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")


def roster_counts() -> dict[str, int]:
    from parkguard.enterprises.models import Employment
    from parkguard.people.models import Person

    return {
        "people": Person.objects.count(),
        "employments": Employment.objects.count(),
        "history": Employment.history.count(),
    }


# --------------------------------------------------------------------------------------------- fixture


def build_world() -> tuple[Any, Any]:
    """A park → area → grid → enterprise node with its Enterprise, and the user who imports."""
    from stdnum.cn import uscc

    from parkguard.accounts.models import User
    from parkguard.enterprises.models import Enterprise
    from parkguard.hierarchy.choices import NodeKind
    from parkguard.hierarchy.services import insert_node

    park = insert_node(parent=None, kind=NodeKind.PARK, name="基准园区")
    area = insert_node(parent=park, kind=NodeKind.AREA, name="基准片区")
    grid = insert_node(parent=area, kind=NodeKind.GRID, name="基准网格")
    site = insert_node(parent=grid, kind=NodeKind.ENTERPRISE, name="基准企业有限公司")
    body = "91530100MA0000001"
    enterprise = Enterprise.objects.create(
        node=site, uscc=body + uscc.calc_check_digit(body), category="standalone_plant", headcount=100_000
    )
    actor = User.objects.create(username=ACTOR_NAME, display_name="基准导入")
    return enterprise, actor


# --------------------------------------------------------------------------------------------- workbook

_FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉建国志强春梅海波"
_DEPARTMENTS = ["生产部", "质检部", "仓储部", "行政部", "销售部", "研发部", "后勤部", "财务部"]
_POSITIONS = ["操作工", "质检员", "叉车司机", "文员", "销售代表", "工程师", "保洁员", "会计"]
_AREAS = ["110105", "310101", "370102", "440305", "510104", "530102", "320205", "420102"]


def roster_rows(count: int, seed: int = 20200210) -> Any:
    """``count`` valid roster rows in template order: unique GB 11643 numbers, mobiles, Chinese statuses."""
    from stdnum.cn import ric

    from parkguard.enterprises.choices import CHINESE, WorkStatus

    rng = random.Random(seed)
    statuses = [
        CHINESE[s]
        for s in (WorkStatus.ON_SITE, WorkStatus.REMOTE, WorkStatus.NOT_RETURNED, WorkStatus.IN_ISOLATION)
    ]
    start = dt.date(1960, 1, 1)
    seen: set[str] = set()
    produced = 0
    while produced < count:
        birth = start + dt.timedelta(days=rng.randrange(15_700))  # 1960 .. 2002
        body = f"{rng.choice(_AREAS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        if body in seen:
            continue
        seen.add(body)
        number = body + ric.calc_check_digit(body + "0")  # stdnum reads 18 characters, ignores the last
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        status = rng.choice(statuses)
        expected = dt.date(2020, 2, 1) + dt.timedelta(days=rng.randrange(60))
        actual = expected + dt.timedelta(days=rng.randrange(5)) if status == "在岗" else None
        yield [
            rng.choice(_FAMILY) + given,
            number,
            f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            rng.choice(_DEPARTMENTS),
            rng.choice(_POSITIONS),
            status,
            expected,
            actual,
            f"{rng.randrange(1, 9)}号宿舍楼{rng.randrange(1, 7)}{rng.randrange(1, 30):02d}",
            rng.choice(_AREAS),
            "是" if rng.random() < 0.1 else "否",
        ]
        produced += 1


def write_roster(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from parkguard.enterprises.imports.roster import COLUMNS, SHEET_NAMES

    keys = [column.key for column in COLUMNS]
    assert keys == [
        "name",
        "id_number",
        "phone",
        "department",
        "position",
        "work_status",
        "expected_return_date",
        "actual_return_date",
        "dormitory",
        "origin_code",
        "key_position",
    ], keys
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAMES[0])
    sheet.append([column.header for column in COLUMNS])
    for row in roster_rows(rows):
        sheet.append(row)
    book.save(path)


# --------------------------------------------------------------------------------------------- measures


def openpyxl_read(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        cells = 0
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells += len(row)
        return cells
    finally:
        book.close()


def our_import(path: Path, enterprise: Any, actor: Any) -> Any:
    from django.db import transaction

    from parkguard.enterprises.imports.jobs import run_pipeline
    from parkguard.enterprises.imports.roster import RosterImport

    with transaction.atomic(), path.open("rb") as file:
        return run_pipeline(
            RosterImport(enterprise), file, commit=True, mode="all", actor=actor, reason=REASON
        )


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def _load_fixture() -> tuple[Any, Any]:
    from parkguard.accounts.models import User
    from parkguard.enterprises.models import Enterprise

    return Enterprise.objects.select_related("node").get(), User.objects.get(username=ACTOR_NAME)


def peak_rss_kib() -> int:
    """Peak resident set size of this process, KiB.

    Linux: ``VmHWM`` of /proc/self/status. Not ``ru_maxrss``: Linux carries that over fork and exec, so a
    child started by a big parent would report the parent's peak. Elsewhere ``ru_maxrss`` (KiB on Linux and
    the BSDs, bytes on macOS).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def child_import(path: Path) -> None:
    """``--child-import``: run only our import in this fresh process; report time and peak RSS (JSON)."""
    setup_django()
    enterprise, actor = _load_fixture()
    truncate_roster()
    baseline = peak_rss_kib()
    seconds, outcome = _timed(our_import, path, enterprise, actor)
    peak = peak_rss_kib()
    counts = roster_counts()
    truncate_roster()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "baseline_kib": baseline,
                "peak_kib": peak,
                "counts": counts,
                "outcome": outcome.counts,
            }
        )
    )


def memory_in_child(path: Path, db_url: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": db_url}
    done = subprocess.run(  # noqa: S603 - our own script, our own arguments
        [sys.executable, __file__, "--child-import", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child import failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------ breakdown

_STAGES = {
    # stage: (functions whose cumulative time counts, functions whose cumulative time is subtracted)
    "read (open + calamine rows)": ([("excel.py", "open_sheet"), ("excel.py", "rows")], []),
    "validate (parse cells)": ([("reading.py", "_parse")], [("excel.py", "rows")]),
    "blind indexes (HMAC)": ([("fieldcrypt.py", "blind_index")], []),
    "plan (DB look-ups, rows → objects)": ([("roster.py", "plan")], [("fieldcrypt.py", "blind_index")]),
    "encrypt (AES-GCM)": ([("fieldcrypt.py", "encrypt")], []),
    "write (DB, history)": ([("roster.py", "write")], [("fieldcrypt.py", "encrypt")]),
}


def breakdown(path: Path, enterprise: Any, actor: Any) -> tuple[float, dict[str, float], list[str]]:
    """One cProfile-instrumented import; time per stage (profiler overhead inflates Python-heavy stages).

    Blind indexes are computed in plan() and values encrypted in write(): each is shown on its own and
    subtracted from the stage that calls it.
    """
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    our_import(path, enterprise, actor)
    profile.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profile)
    cumulative: dict[tuple[str, str], float] = {}
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = (Path(filename).name, name)
        cumulative[key] = cumulative.get(key, 0.0) + ct
    stages: dict[str, float] = {}
    for stage, (plus, minus) in _STAGES.items():
        value = sum(cumulative.get(k, 0.0) for k in plus) - sum(cumulative.get(k, 0.0) for k in minus)
        stages[stage] = max(value, 0.0)
    stages["other (pipeline, commit)"] = max(total - sum(stages.values()), 0.0)
    own = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:12]  # type: ignore[attr-defined]
    top = [
        f"{tt:6.2f} s own {ct:6.2f} s cum {nc:>9,} calls  {_where(filename, line, name)}"
        for (filename, line, name), (_cc, nc, tt, ct, _callers) in own
    ]
    return total, stages, top


def _where(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name
    parts = Path(filename).parts
    tail = parts[parts.index("site-packages") + 1 :] if "site-packages" in parts else parts[-3:]
    return f"{'/'.join(tail)}:{line}({name})"


# --------------------------------------------------------------------------------------------- the peer


def peer_import(path: Path, enterprise: Any, actor: Any, batch_size: int) -> dict[str, int]:
    """django-import-export, fastest documented mode: a Person resource, then an Employment resource.

    Both read one tablib Dataset loaded from the xlsx (tablib's xlsx format: openpyxl read-only). Cells
    are cleaned by widgets that call the same column parsers as ours (id number check digit, mobile,
    Chinese statuses, dates), so both imports accept and produce the same rows: blind indexes and birth
    date in ``before_save_instance``, the person looked up by a cached foreign-key widget (the docs'
    advice), and history rows written with each bulk_create batch as ours does.
    """
    import tablib
    from django.db import transaction
    from import_export import fields, resources, widgets
    from stdnum.cn import ric

    from parkguard.enterprises.imports import columns as c
    from parkguard.enterprises.imports.roster import COLUMNS
    from parkguard.enterprises.models import Employment
    from parkguard.people.models import Person
    from parkguard.people.services import id_number_index, phone_index

    header = {column.key: column.header for column in COLUMNS}
    parser = {column.key: column.parse for column in COLUMNS}

    class CellWidget(widgets.Widget):
        def __init__(self, parse: Any) -> None:
            super().__init__()
            self.parse = parse

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            if isinstance(value, dt.datetime):  # tablib/openpyxl give datetimes for date cells
                value = value.date() if value.time() == dt.time() else value
            try:
                return self.parse("" if value is None else value)
            except c.CellError as exc:
                raise ValueError(exc.message) from exc

    def field(key: str) -> Any:
        return fields.Field(attribute=key, column_name=header[key], widget=CellWidget(parser[key]))

    class CachedPersonWidget(widgets.ForeignKeyWidget):
        """The docs: cache the foreign-key look-up rather than query per row."""

        def __init__(self) -> None:
            super().__init__(Person, field="id_number_index")
            self.cache: dict[str, int] = {}

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            try:
                number = c.id_number("" if value is None else value)
            except c.CellError as exc:
                raise ValueError(exc.message) from exc
            return Person(pk=self.cache[id_number_index(number)])

    # The docs' performance tuning (bulk_import.rst): bulk mode, no diff, new instances only.
    options = {
        "use_bulk": True,
        "batch_size": batch_size,
        "skip_diff": True,
        "skip_html_diff": True,
        "force_init_instance": True,
        "skip_unchanged": False,
        "report_skipped": False,
        "clean_model_instances": False,
    }

    class PersonResource(resources.ModelResource):
        name = field("name")
        id_number = field("id_number")
        phone = field("phone")
        origin_code = field("origin_code")

        class Meta:
            model = Person
            fields = ("name", "id_number", "phone", "origin_code")
            import_id_fields = ("id_number",)

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.id_number_index = id_number_index(instance.id_number)
            instance.phone_index = phone_index(instance.phone)
            instance.birth_date = ric.get_birth_date(instance.id_number)
            instance.employer_id = enterprise.node_id

    class EmploymentResource(resources.ModelResource):
        person = fields.Field(
            attribute="person", column_name=header["id_number"], widget=CachedPersonWidget()
        )
        department = field("department")
        position = field("position")
        work_status = field("work_status")
        expected_return_date = field("expected_return_date")
        actual_return_date = field("actual_return_date")
        dormitory = field("dormitory")
        key_position = field("key_position")

        class Meta:
            model = Employment
            fields = (
                "person",
                "department",
                "position",
                "work_status",
                "expected_return_date",
                "actual_return_date",
                "dormitory",
                "key_position",
            )
            import_id_fields = ("person",)

        def before_import(self, dataset: Any, **kwargs: Any) -> None:
            self.fields["person"].widget.cache = dict(
                Person.objects.filter(employer_id=enterprise.node_id).values_list("id_number_index", "pk")
            )

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.enterprise_id = enterprise.pk

        def bulk_create(
            self,
            using_transactions: bool,
            dry_run: bool,
            raise_errors: bool,
            batch_size: int | None = None,
            result: Any = None,
        ) -> None:
            created = list(self.create_instances)
            super().bulk_create(
                using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result
            )
            if created and not dry_run:
                Employment.history.bulk_history_create(
                    created, batch_size=batch_size, default_user=actor, default_change_reason=REASON
                )

    for resource_class in (PersonResource, EmploymentResource):
        for key, value in options.items():
            setattr(resource_class._meta, key, value)

    with path.open("rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx")
    results = {}
    with transaction.atomic():
        for name, resource_class in (("people", PersonResource), ("employments", EmploymentResource)):
            result = resource_class().import_data(
                dataset, dry_run=False, raise_errors=True, use_transactions=True
            )
            results[name] = result.totals.get("new", 0)
    return results


# --------------------------------------------------------------------------------------------- report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3, help="repetitions of openpyxl and our import")
    parser.add_argument("--peer-reps", type=int, default=1, help="repetitions of django-import-export")
    parser.add_argument("--peer-batch-size", type=int, default=1000)
    parser.add_argument("--db-name", default=DEFAULT_DB)
    parser.add_argument("--keep", action="store_true", help="keep the database and the xlsx")
    parser.add_argument("--no-peer", action="store_true", help="skip django-import-export")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the cProfile-instrumented run")
    parser.add_argument("--child-import", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_import:
        child_import(args.child_import)
        return 0

    source = require_postgres("roster_import.py", "postgres")
    db_url = bench_database_url(source, args.db_name)
    recreate_database(source, args.db_name)
    os.environ["DATABASE_URL"] = db_url
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    enterprise, actor = build_world()

    workdir = Path(tempfile.mkdtemp(prefix="parkguard-bench-"))
    path = workdir / f"roster-{args.rows}.xlsx"
    try:
        t_gen, _ = _timed(write_roster, path, args.rows)
        print(
            f"roster: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB xlsx, generated in {t_gen:.1f} s"
        )
        print(f"database: {args.db_name} (PostgreSQL), Python {sys.version.split()[0]}")

        reads, ours = [], []
        for rep in range(args.reps):
            seconds, cells = _timed(openpyxl_read, path)
            reads.append(seconds)
            truncate_roster()
            seconds, outcome = _timed(our_import, path, enterprise, actor)
            ours.append(seconds)
            counts = roster_counts()
            expected = {"people": args.rows, "employments": args.rows, "history": args.rows}
            if counts != expected or outcome.counts["new"] != args.rows:
                raise SystemExit(f"our import wrote {counts}, outcome {outcome.counts}; expected {expected}")
            print(
                f"  rep {rep + 1}: openpyxl read {reads[-1]:7.2f} s ({cells:,} cells)   "
                f"our import {ours[-1]:7.2f} s"
            )
        truncate_roster()

        peers = []
        if not args.no_peer:
            for rep in range(args.peer_reps):
                truncate_roster()
                seconds, totals = _timed(peer_import, path, enterprise, actor, args.peer_batch_size)
                peers.append(seconds)
                counts = roster_counts()
                expected = {"people": args.rows, "employments": args.rows, "history": args.rows}
                if counts != expected:
                    raise SystemExit(f"django-import-export wrote {counts}; expected {expected}")
                print(f"  peer rep {rep + 1}: django-import-export {seconds:7.2f} s ({totals})")
            truncate_roster()

        memory = memory_in_child(path, db_url)
        if memory["counts"]["people"] != args.rows:
            raise SystemExit(f"child import wrote {memory['counts']}")

        if not args.no_breakdown:
            truncate_roster()
            profiled, stages, top = breakdown(path, enterprise, actor)
            truncate_roster()

        t_read, t_ours = statistics.median(reads), statistics.median(ours)
        print()
        print(f"t(openpyxl read-only iteration)   = {t_read:7.2f} s   (median of {len(reads)})")
        print(
            f"t(our import)                     = {t_ours:7.2f} s   (median of {len(ours)}; "
            f"{args.rows / t_ours:,.0f} rows/s)"
        )
        if peers:
            t_peer = statistics.median(peers)
            print(f"t(django-import-export, bulk)     = {t_peer:7.2f} s   (median of {len(peers)})")
        print()
        vs_read = t_ours / t_read
        print(f"vs_read = {vs_read:.2f}  (target ≤ {TARGET_VS_READ}) {verdict(vs_read <= TARGET_VS_READ)}")
        if peers:
            vs_peer = t_peer / t_ours
            print(
                f"vs_peer = {vs_peer:.2f}  (target ≥ {TARGET_VS_PEER:g}) {verdict(vs_peer >= TARGET_VS_PEER)}"
            )
        else:
            print("vs_peer = skipped (--no-peer)")
        peak_mb = memory["peak_kib"] / 1024
        print(
            f"peak_memory = {peak_mb:.0f} MB (target < {TARGET_MEMORY_MB}) {verdict(peak_mb < TARGET_MEMORY_MB)}"
            f"   [peak RSS (VmHWM) of a child process running only the import; {memory['baseline_kib'] / 1024:.0f} MB "
            f"after Django start-up; import took {memory['seconds']:.2f} s there]"
        )
        if not args.no_breakdown:
            print()
            print(
                f"breakdown of our import (one cProfile-instrumented run, {profiled:.2f} s with profiler overhead):"
            )
            for stage, seconds in stages.items():
                print(f"  {stage:34s} {seconds:7.2f} s  {100 * seconds / profiled:5.1f} %")
            print("  top functions by own time:")
            for line in top:
                print(f"    {line}")
    finally:
        if args.keep:
            print(f"kept: database {args.db_name}, file {path}")
        else:
            path.unlink(missing_ok=True)
            workdir.rmdir()
            drop_databases(source, [args.db_name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
