"""Adding reports up the tree (日汇报): totals of every numeric field for every node at every level.

PostgreSQL does it in one query: each site's figures are read from the JSON column once, and each level
is added up from the level below (see ``_rollup_postgresql``). Other databases (SQLite in ``make run`` and the tests) add up in
Python; both give the same numbers (tests/reports/test_rollup.py runs on both).

Within a date a site counts once, by its latest submitted period (the evening report supersedes the
morning's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import DataError, connection, transaction

from parkguard.hierarchy.models import STEP_WIDTH

from .choices import PERIOD_RANK, Aggregate, FieldType, ReportStatus
from .models import DailyReport


@dataclass(frozen=True)
class Measure:
    """A field as the roll-up adds it up (fields of the same key in several templates add together)."""

    key: str
    type: str
    aggregate: str


Totals = dict[str, dict[str, Any]]  # node path -> {field key: total, "_reports": count}


def _finish(measure: Measure, value: Any) -> Any:
    if value is None:
        return None
    if measure.aggregate == Aggregate.ANY:
        return bool(value)
    if measure.type == FieldType.INTEGER:
        return int(value)
    return Decimal(value).normalize()


def rollup(*, root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    if connection.vendor == "postgresql":
        return _rollup_postgresql(root_path, max_depth, day, measures)
    return _rollup_python(root_path, max_depth, day, measures)


def _latest_rows(root_path: str, day: dt.date) -> list[tuple[str, dict[str, Any]]]:
    rows = (
        DailyReport.objects.filter(site__path__startswith=root_path, date=day, status=ReportStatus.SUBMITTED)
        .order_by()
        .values_list("site__path", "period", "values")
    )
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for path, period, values in rows:
        if path not in latest or PERIOD_RANK[period] > latest[path][0]:
            latest[path] = (PERIOD_RANK[period], values)
    return [(path, values) for path, (_rank, values) in latest.items()]


def _combine(measure: Measure, total: Any, raw: Any) -> Any:
    if raw is None or raw == "":
        return total
    if measure.aggregate == Aggregate.ANY:
        return bool(total) or raw is True or str(raw).lower() == "true"
    value = Decimal(str(raw))
    if total is None:
        return value
    return total + value if measure.aggregate == Aggregate.SUM else max(total, value)


def _rollup_python(root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    first = len(root_path) // STEP_WIDTH
    totals: Totals = {}
    for path, values in _latest_rows(root_path, day):
        for depth in range(first, min(max_depth, len(path) // STEP_WIDTH) + 1):
            bucket = totals.setdefault(path[: depth * STEP_WIDTH], {"_reports": 0})
            bucket["_reports"] += 1
            for m in measures:
                bucket[m.key] = _combine(m, bucket.get(m.key), values.get(m.key))
    return {
        p: {k: v if k == "_reports" else _finish(_measure(measures, k), v) for k, v in b.items()}
        for p, b in totals.items()
    }


def _measure(measures: list[Measure], key: str) -> Measure:
    return next(m for m in measures if m.key == key)


# How each measure is read from a report, added up over the rows, and added up again over partial totals
# (every aggregate here is decomposable: a level's totals are those of the level below, added up).
SQL_VALUE = {
    Aggregate.SUM: "NULLIF(r.values ->> %s, '')::numeric",
    Aggregate.MAX: "NULLIF(r.values ->> %s, '')::numeric",
    Aggregate.ANY: "NULLIF(r.values ->> %s, '')::boolean",
}
SQL_AGGREGATE = {Aggregate.SUM: "SUM", Aggregate.MAX: "MAX", Aggregate.ANY: "BOOL_OR"}
RANK = "CASE {}.period WHEN 'evening' THEN 2 WHEN 'morning' THEN 1 ELSE 0 END"


def _is_whole(measure: Measure) -> bool:
    return measure.type == FieldType.INTEGER and measure.aggregate != Aggregate.ANY


def _sql_out(measure: Measure, column: str, *, wide: bool) -> str:
    """A total as sent to Python, already in the type ``_finish`` gives it: whole numbers truncated (as
    ``int()`` truncates) to bigint, or to text when a total is too large for bigint (``wide``)."""
    if _is_whole(measure):
        return f"trunc({column})::text" if wide else f"trunc({column})::bigint"
    return column


def _rollup_sql(
    root_path: str, depths: list[int], day: dt.date, measures: list[Measure], *, wide: bool
) -> tuple[str, list[Any]]:
    """One statement: the latest report of each site under ``root_path`` with its figures read from the
    JSON once; the deepest level's totals; then each level above added up from the level below.

    At the deepest level a site is a group of one (a path is one node's, and a site keeps one report per
    date), so its row is its total and is not aggregated; only rows deeper than that level (a shallow
    ``max_depth``) are grouped there, and a site that also has such rows under it is added to them. The
    levels above add up a few hundred rows, so the whole costs about one pass over the day's reports.
    """
    deepest, first = depths[-1], depths[0]
    width = deepest * STEP_WIDTH
    table, nodes = (
        DailyReport._meta.db_table,
        DailyReport._meta.get_field("site").related_model._meta.db_table,
    )
    columns = [f"v{i}" for i in range(len(measures))]
    values = "".join(f", {SQL_VALUE[m.aggregate]} AS {c}" for m, c in zip(measures, columns, strict=True))
    plain = "".join(f", {c}" for c in columns)
    grouped = "".join(
        f", {SQL_AGGREGATE[m.aggregate]}({c}) AS {c}" for m, c in zip(measures, columns, strict=True)
    )
    out = "".join(f", {_sql_out(m, c, wide=wide)}" for m, c in zip(measures, columns, strict=True))
    # A site's report of the date counts unless a later period of it was submitted too (the rank orders
    # day < morning < evening): the one DISTINCT ON the site by descending rank would keep.
    ctes = [
        f"""latest AS (
            SELECT n.path{values}
            FROM {table} r JOIN {nodes} n ON n.id = r.site_id
            WHERE r.date = %s AND r.status = %s AND n.path LIKE %s AND NOT EXISTS (
                SELECT 1 FROM {table} s
                WHERE s.site_id = r.site_id AND s.date = r.date AND s.status = r.status
                  AND {RANK.format("s")} > {RANK.format("r")}
            )
        )""",  # noqa: S608 - identifiers come from the models, values are parameters
        f"deep AS (SELECT substr(path, 1, {width}) AS p{plain} FROM latest WHERE length(path) > {width})",  # noqa: S608
        f"""l{deepest} AS (
            SELECT path AS p, 1::bigint AS c{plain} FROM latest
            WHERE length(path) <= {width} AND path NOT IN (SELECT p FROM deep)
            UNION ALL
            SELECT p, COUNT(*) AS c{grouped} FROM (
                SELECT p{plain} FROM deep
                UNION ALL
                SELECT path{plain} FROM latest WHERE path IN (SELECT p FROM deep)
            ) AS under GROUP BY p
        )""",  # noqa: S608
    ]
    for depth in range(deepest - 1, first - 1, -1):
        ctes.append(
            f"""l{depth} AS (
            SELECT substr(p, 1, {depth * STEP_WIDTH}) AS p, SUM(c)::bigint AS c{grouped}
            FROM l{depth + 1} GROUP BY 1
        )"""  # noqa: S608
        )
    # A site shallower than a depth is counted at its own depth, not as a node of that depth.
    selects = " UNION ALL ".join(
        f"SELECT p, c{out} FROM l{d} WHERE length(p) = {d * STEP_WIDTH}"  # noqa: S608
        for d in depths
    )
    sql = "WITH " + ", ".join(ctes) + " " + selects
    # In the order of the text: one key per measure (the select list), then the WHERE clause.
    return sql, [*(m.key for m in measures), day, ReportStatus.SUBMITTED, root_path + "%"]


def _rollup_postgresql(root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    first = len(root_path) // STEP_WIDTH
    if max_depth < first:
        return {}
    depths = list(range(first, max_depth + 1))
    try:
        rows = _fetch(*_rollup_sql(root_path, depths, day, measures, wide=False))
    except DataError:  # a whole-number total beyond bigint: read them all as text instead
        whole = [_is_whole(m) for m in measures]
        rows = [
            [path, count, *(int(v) if v is not None and w else v for w, v in zip(whole, vs, strict=True))]
            for path, count, *vs in _fetch(*_rollup_sql(root_path, depths, day, measures, wide=True))
        ]
    keys = ["_reports", *(m.key for m in measures)]
    decimals = [
        i for i, m in enumerate(measures, start=1) if m.aggregate != Aggregate.ANY and not _is_whole(m)
    ]
    totals: Totals = {}
    for path, *figures in rows:
        for i in decimals:  # what _finish does to a decimal total
            if figures[i] is not None:
                figures[i] = Decimal(figures[i]).normalize()
        totals[path] = dict(zip(keys, figures, strict=True))
    return totals


def _fetch(sql: str, params: list[Any]) -> list[Any]:
    # JIT compilation costs more than it saves on a statement of tens of milliseconds (set for this
    # statement's transaction only, and put back).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        (jit, _off) = cursor.fetchone()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('jit', %s, true)", [jit])
    return rows
