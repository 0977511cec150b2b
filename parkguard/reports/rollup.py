"""Adding reports up the tree (日汇报): totals of every numeric field for every node at every level.

PostgreSQL does it in one statement: each site's figures are read from the JSON column once, sites
come back as they are (a site is its own total), and each level above is added up from the level
below (see ``_rollup_sql``). Other databases (SQLite in ``make run`` and the tests) add up in Python;
both give the same numbers (tests/reports/test_rollup*.py run on both). Callers ask only for the levels
they show (``max_depth``): a page needs the node and its children, a trend the node alone
(docs/adr/0015-rollup-one-pass.md).

Within a date a site counts once, by its latest submitted period (the evening report supersedes the
morning's).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from parkguard.hierarchy.models import STEP_WIDTH

from .choices import PERIOD_RANK, Aggregate, FieldType, Period, ReportStatus
from .models import DailyReport


@dataclass(frozen=True)
class Measure:
    """A field as the roll-up adds it up (fields of the same key in several templates add together)."""

    key: str
    type: str
    aggregate: str


Totals = Mapping[str, dict[str, Any]]  # node path -> {field key: total, "_reports": count}


def _finish(measure: Measure, value: Any) -> Any:
    if value is None:
        return None
    if measure.aggregate == Aggregate.ANY:
        return bool(value)
    if measure.type == FieldType.INTEGER:
        return int(value)
    return Decimal(value).normalize()


def rollup(*, root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    """The totals of every node under ``root_path`` (itself included) down to ``max_depth``, keyed by
    path; a node deeper than ``max_depth`` is counted in its ancestors only. Nodes without a report
    under them have no entry."""
    if connection.vendor == "postgresql":
        return _rollup_postgresql(root_path, max_depth, day, measures)
    return _rollup_python(root_path, max_depth, day, measures)


def rollup_days(
    *, root_path: str, first_day: dt.date, last_day: dt.date, measures: list[Measure]
) -> dict[dt.date, dict[str, Any]]:
    """The totals of the node at ``root_path`` for each date from ``first_day`` to ``last_day``, in one
    query; a date without reports has no entry."""
    if connection.vendor == "postgresql":
        return _days_postgresql(root_path, first_day, last_day, measures)
    return _days_python(root_path, first_day, last_day, measures)


# --- Python (SQLite) -----------------------------------------------------------------------------------


def _latest_rows(
    root_path: str, first_day: dt.date, last_day: dt.date
) -> list[tuple[dt.date, str, dict[str, Any]]]:
    """(date, site path, values) of the latest submitted period of each site and date."""
    rows = (
        DailyReport.objects.filter(
            site__path__startswith=root_path,
            date__gte=first_day,
            date__lte=last_day,
            status=ReportStatus.SUBMITTED,
        )
        .order_by()
        .values_list("date", "site__path", "period", "values")
    )
    latest: dict[tuple[dt.date, str], tuple[int, dict[str, Any]]] = {}
    for date, path, period, values in rows:
        rank = PERIOD_RANK[period]
        if (date, path) not in latest or rank > latest[date, path][0]:
            latest[date, path] = (rank, values)
    return [(date, path, values) for (date, path), (_rank, values) in latest.items()]


def _combine(measure: Measure, total: Any, raw: Any) -> Any:
    if raw is None or raw == "":
        return total
    if measure.aggregate == Aggregate.ANY:
        return bool(total) or raw is True or str(raw).lower() == "true"
    value = Decimal(str(raw))
    if total is None:
        return value
    return total + value if measure.aggregate == Aggregate.SUM else max(total, value)


def _add(bucket: dict[str, Any], values: dict[str, Any], measures: list[Measure]) -> None:
    bucket["_reports"] += 1
    for m in measures:
        bucket[m.key] = _combine(m, bucket.get(m.key), values.get(m.key))


def _finished(bucket: dict[str, Any], measures: list[Measure]) -> dict[str, Any]:
    by_key = {m.key: m for m in measures}
    return {k: v if k == "_reports" else _finish(by_key[k], v) for k, v in bucket.items()}


def _rollup_python(root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    first = len(root_path) // STEP_WIDTH
    totals: Totals = {}
    for _date, path, values in _latest_rows(root_path, day, day):
        for depth in range(first, min(max_depth, len(path) // STEP_WIDTH) + 1):
            _add(totals.setdefault(path[: depth * STEP_WIDTH], {"_reports": 0}), values, measures)
    return {p: _finished(b, measures) for p, b in totals.items()}


def _days_python(
    root_path: str, first_day: dt.date, last_day: dt.date, measures: list[Measure]
) -> dict[dt.date, dict[str, Any]]:
    days: dict[dt.date, dict[str, Any]] = {}
    for date, _path, values in _latest_rows(root_path, first_day, last_day):
        _add(days.setdefault(date, {"_reports": 0}), values, measures)
    return {date: _finished(b, measures) for date, b in sorted(days.items())}


# --- PostgreSQL ------------------------------------------------------------------------------------

# How each measure is read from a report's JSON (``j``) and cast to be added up over the rows, and how it
# is added up again over partial totals (every aggregate here is decomposable: a level's totals are
# those of the level below, added up). The key of measure i is the parameter ``k{i}``.
SQL_CAST = {Aggregate.SUM: "numeric", Aggregate.MAX: "numeric", Aggregate.ANY: "boolean"}
SQL_AGGREGATE = {Aggregate.SUM: "SUM", Aggregate.MAX: "MAX", Aggregate.ANY: "BOOL_OR"}
RANK = "CASE {}.period WHEN 'evening' THEN 2 WHEN 'morning' THEN 1 ELSE 0 END"
# Room for the day's reports of every site in memory while the statement runs (the server's default
# of 4 MB spills 50,000 sites' figures to disk); set for the statement's transaction only.
WORK_MEM = "64MB"


def _is_whole(measure: Measure) -> bool:
    return measure.type == FieldType.INTEGER and measure.aggregate != Aggregate.ANY


def _read(measure: Measure, i: int) -> str:
    """Measure i of a report, read from its JSON and cast to what adds up."""
    return f"NULLIF(j ->> %(k{i})s, '')::{SQL_CAST[measure.aggregate]}"


def _added(measure: Measure, column: str) -> str:
    return f"{SQL_AGGREGATE[measure.aggregate]}({column})"


def _sql_out(measure: Measure, column: str) -> str:
    """A total as sent to Python: as text, exact at any size (whole numbers truncated, as ``int()``
    truncates); ``_from_text`` reads it as ``_finish`` gives it."""
    if _is_whole(measure):
        return f"trunc({column})::text"
    return f"({column})::text"


def _latest_sql(days: str) -> str:
    """FROM … WHERE of the latest submitted report of each site and date under ``%(path)s`` (``r``, its
    site ``n``); parameters ``status``, ``path`` and those of ``days``."""
    table, nodes = (
        DailyReport._meta.db_table,
        DailyReport._meta.get_field("site").related_model._meta.db_table,
    )
    # A site's report of the date counts unless a later period of it was submitted too (the rank orders
    # day < morning < evening). A day report never supersedes one, so only the few twice-a-day reports
    # are looked up (the partial index daily_report_superseding holds just those).
    return f"""
        FROM {table} r JOIN {nodes} n ON n.id = r.site_id
        WHERE {days} AND r.status = %(status)s AND n.path LIKE %(path)s AND NOT EXISTS (
            SELECT 1 FROM {table} s
            WHERE s.site_id = r.site_id AND s.date = r.date AND s.status = %(status)s
              AND s.period IN ('{Period.MORNING}', '{Period.EVENING}') AND {RANK.format("s")} > {RANK.format("r")}
        )"""  # noqa: S608 - identifiers come from the models, values are parameters


def _params(root_path: str, measures: list[Measure], **more: Any) -> dict[str, Any]:
    keys = {f"k{i}": m.key for i, m in enumerate(measures)}
    return {**keys, "status": ReportStatus.SUBMITTED, "path": root_path + "%", **more}


def _rollup_sql(
    root_path: str, depths: list[int], day: dt.date, measures: list[Measure]
) -> tuple[str, dict[str, Any]]:
    """One statement: the latest report of each site under ``root_path`` (``site``: path and JSON, kept
    in memory); the rows of the deepest level asked for; then each level above added up from the level
    below. Rows come back as (path, count, a site's JSON or None, *totals as text or None).

    At the deepest level a site is a group of one (a path is one node's, and a site keeps one report per
    date), so its row is its total: its JSON is sent as it is, and read in Python when the row is asked
    for (``RollupTotals``). Only rows deeper than that level (a shallow ``max_depth``) are grouped there,
    and a site that also has such rows under it is added to them. The level above is added up from the
    sites in one pass that reads each figure once, and each level above it from a few hundred rows, so
    the whole costs about one pass over the day's reports.
    """
    deepest, first = depths[-1], depths[0]
    width = deepest * STEP_WIDTH
    indexed = list(enumerate(measures))
    columns = "".join(f", v{i}" for i, _m in indexed)
    nulls = ", NULL" * len(measures)
    grouped = "".join(f", {_added(m, _read(m, i))} AS v{i}" for i, m in indexed)
    regrouped = "".join(f", {_added(m, f'v{i}')} AS v{i}" for i, m in indexed)
    own = "".join(f", {_read(m, i)}" for i, m in indexed)
    out = "".join(f", {_sql_out(m, f'v{i}')}" for i, m in indexed)
    grouped_out = "".join(f", {_sql_out(m, _added(m, _read(m, i)))}" for i, m in indexed)
    ctes = [
        f"site AS MATERIALIZED (SELECT n.path AS p, length(n.path) AS w, r.values AS j {_latest_sql('r.date = %(day)s')})",
        f"deep AS (SELECT DISTINCT substr(p, 1, {width}) AS p FROM site WHERE w > {width})",  # noqa: S608
    ]
    # The deepest level: sites as they are, and the groups of what lies deeper.
    selects = [
        f"""SELECT p, 1::bigint, j::text{nulls} FROM site WHERE w = {width} AND p NOT IN (SELECT p FROM deep)
        UNION ALL
        SELECT substr(p, 1, {width}), COUNT(*), NULL{grouped_out} FROM site
        WHERE w > {width} OR (w = {width} AND p IN (SELECT p FROM deep))
        GROUP BY 1"""  # noqa: S608
    ]
    if deepest - 1 >= first:
        # The level above the deepest, from every site at or below it in one pass.
        ctes.append(
            f"""l{deepest - 1} AS (
            SELECT substr(p, 1, {(deepest - 1) * STEP_WIDTH}) AS p, COUNT(*) AS c{grouped}
            FROM site WHERE w >= {(deepest - 1) * STEP_WIDTH} GROUP BY 1
        )"""  # noqa: S608
        )
    for depth in range(deepest - 2, first - 1, -1):
        # The level below, and the sites of this depth (a site is counted at its own depth).
        ctes.append(
            f"""l{depth} AS (
            SELECT substr(p, 1, {depth * STEP_WIDTH}) AS p, SUM(c)::bigint AS c{regrouped} FROM (
                SELECT p, c{columns} FROM l{depth + 1}
                UNION ALL
                SELECT p, 1::bigint{own} FROM site WHERE w = {depth * STEP_WIDTH}
            ) AS below GROUP BY 1
        )"""  # noqa: S608
        )
    selects += [f"SELECT p, c, NULL{out} FROM l{d}" for d in range(first, deepest)]  # noqa: S608
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(selects)
    return sql, _params(root_path, measures, day=day)


def _days_sql(
    root_path: str, first_day: dt.date, last_day: dt.date, measures: list[Measure]
) -> tuple[str, dict[str, Any]]:
    out = "".join(f", {_sql_out(m, _added(m, _read(m, i)))}" for i, m in enumerate(measures))
    latest = _latest_sql("r.date BETWEEN %(first)s AND %(last)s")
    sql = f"SELECT d, COUNT(*){out} FROM (SELECT r.date AS d, r.values AS j {latest}) AS latest GROUP BY d ORDER BY d"  # noqa: S608
    return sql, _params(root_path, measures, first=first_day, last=last_day)


# What PostgreSQL's boolean input reads as true (a yes/no answer is stored as a JSON true or false).
TRUE_TEXT = frozenset({"t", "true", "y", "yes", "on", "1"})


def _from_text(measure: Measure, text: str | None) -> Any:
    """A site's figure from the JSON's text, as the statement would have cast it and ``_finish`` given it."""
    if text is None:
        return None
    if measure.aggregate == Aggregate.ANY:
        return text.strip().lower() in TRUE_TEXT
    return _finish(measure, Decimal(text))


def _from_value(measure: Measure, raw: Any) -> Any:
    """A site's figure from its report's JSON value, as the statement would have read it
    (``NULLIF(j ->> key, '')`` cast) and ``_finish`` given it."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raw = "true" if raw else "false"
    return _from_text(measure, str(raw))


class RollupTotals(Mapping[str, dict[str, Any]]):
    """The roll-up's totals by node path, each a dict {field key: total, "_reports": count}.

    Made from the statement's rows as they come; a node's dict is built the first time it is read, so
    the tens of thousands of site rows a full roll-up holds cost nothing until someone looks at them
    (pages read a node and its children). Reading gives exactly what ``_finish`` gives.
    """

    def __init__(self, measures: list[Measure], rows: list[tuple[Any, ...]]) -> None:
        self._measures = measures
        self._keys = ("_reports", *(m.key for m in measures))
        self._rows = {row[0]: row for row in rows}
        self._built: dict[str, dict[str, Any]] = {}

    def __getitem__(self, path: str) -> dict[str, Any]:
        built = self._built.get(path)
        if built is None:
            _path, count, document, *figures = self._rows[path]
            if document is not None:  # a site's own report: its figures as it holds them
                values = json.loads(document)
                figures = [_from_value(m, values.get(m.key)) for m in self._measures]
            else:
                figures = [_from_text(m, v) for m, v in zip(self._measures, figures, strict=True)]
            built = self._built[path] = dict(zip(self._keys, (count, *figures), strict=True))
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, path: object) -> bool:
        return path in self._rows


def _rollup_postgresql(root_path: str, max_depth: int, day: dt.date, measures: list[Measure]) -> Totals:
    first = len(root_path) // STEP_WIDTH
    if max_depth < first:
        return {}
    depths = list(range(first, max_depth + 1))
    return RollupTotals(measures, _fetch(*_rollup_sql(root_path, depths, day, measures)))


def _days_postgresql(
    root_path: str, first_day: dt.date, last_day: dt.date, measures: list[Measure]
) -> dict[dt.date, dict[str, Any]]:
    rows = _fetch(*_days_sql(root_path, first_day, last_day, measures))
    keys = ("_reports", *(m.key for m in measures))
    return {
        date: dict(
            zip(keys, (count, *(_from_text(m, v) for m, v in zip(measures, vs, strict=True))), strict=True)
        )
        for date, count, *vs in rows
    }


def _fetch(sql: str, params: dict[str, Any]) -> list[Any]:
    # JIT compilation costs more than it saves on a statement of tens of milliseconds, and the sites'
    # figures should stay in memory (both set for this statement's transaction only, and put back).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('work_mem'),"
            " set_config('jit', 'off', true), set_config('work_mem', %s, true)",
            [WORK_MEM],
        )
        (jit, work_mem, _jit, _mem) = cursor.fetchone()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT set_config('jit', %s, true), set_config('work_mem', %s, true)", [jit, work_mem]
        )
    return rows
