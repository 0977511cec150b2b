"""Adding reports up the tree (日汇报): totals of every numeric field for every node at every level.

PostgreSQL does it in one query: GROUPING SETS over the path prefixes of each depth, reading the values
from the JSON column with a cast. Other databases (SQLite in ``make run`` and the tests) add up in
Python; both give the same numbers (tests/reports/test_rollup.py runs on both).

Within a date a site counts once, by its latest submitted period (the evening report supersedes the
morning's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

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


SQL_AGGREGATE = {
    Aggregate.SUM: "SUM(NULLIF(latest.values ->> %s, '')::numeric)",
    Aggregate.MAX: "MAX(NULLIF(latest.values ->> %s, '')::numeric)",
    Aggregate.ANY: "BOOL_OR(NULLIF(latest.values ->> %s, '')::boolean)",
}


def _rollup_postgresql(root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    first = len(root_path) // STEP_WIDTH
    depths = list(range(first, max_depth + 1))
    prefixes = ", ".join(f"substr(latest.path, 1, {d * STEP_WIDTH}) AS p{d}" for d in depths)
    sets = ", ".join(f"(p{d})" for d in depths)
    aggregates = ", ".join(SQL_AGGREGATE[m.aggregate] for m in measures)
    table, nodes = (
        DailyReport._meta.db_table,
        DailyReport._meta.get_field("site").related_model._meta.db_table,
    )
    # DISTINCT ON keeps each site's latest period of the day; the rank orders day < morning < evening.
    sql = f"""
        WITH latest AS (
            SELECT DISTINCT ON (r.site_id) n.path, r.values
            FROM {table} r JOIN {nodes} n ON n.id = r.site_id
            WHERE r.date = %s AND r.status = %s AND n.path LIKE %s
            ORDER BY r.site_id, CASE r.period WHEN 'evening' THEN 2 WHEN 'morning' THEN 1 ELSE 0 END DESC
        )
        SELECT {prefixes}, COUNT(*){", " if aggregates else ""}{aggregates}
        FROM latest GROUP BY GROUPING SETS ({sets})
    """  # noqa: S608 - identifiers come from the model, values are parameters
    # The CTE comes first in the text, so its parameters lead; then one key per aggregate.
    params = [day, ReportStatus.SUBMITTED, root_path + "%", *(m.key for m in measures)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _read_grouped(rows, depths, measures)


def _read_grouped(rows: list[tuple[Any, ...]], depths: list[int], measures: list[Measure]) -> Totals:
    totals: Totals = {}
    for row in rows:
        prefixes, count, values = row[: len(depths)], row[len(depths)], row[len(depths) + 1 :]
        index = next(i for i, p in enumerate(prefixes) if p is not None)
        path = prefixes[index]
        if len(path) != depths[index] * STEP_WIDTH:
            continue  # a site shallower than this depth: already counted at its own depth
        bucket: dict[str, Any] = {"_reports": count}
        for m, value in zip(measures, values, strict=True):
            bucket[m.key] = _finish(m, value)
        totals[path] = bucket
    return totals
