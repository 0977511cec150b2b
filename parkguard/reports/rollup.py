"""Adding reports up the tree (日汇报): totals of every numeric field for every node at every level.

A site's report is added up into its parent's total for the date (the parent is the site's "holder"),
and those totals are kept (``RollupPartial``, exact, deleted by ``rollup_invalidate`` whenever what they
add up changes); a roll-up reads the kept totals of the holders under the root, computes the missing
ones in one statement over those holders' sites (and keeps them), adds the levels above from those few
hundred rows, and reads the sites' own reports when their level is asked for. PostgreSQL computes in
SQL, other databases (SQLite in ``make run`` and the tests) in Python; both give the numbers the Python
roll-up from scratch (``_rollup_python``) gives (tests/reports/test_rollup*.py run on both). Callers ask
only for the levels they show (``max_depth``) (docs/adr/0015-rollup-one-pass.md).

Within a date a site counts once, by its latest submitted period (the evening report supersedes the
morning's).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import MAX_PREC, Context, Decimal, localcontext
from typing import Any

from django.db import connection, transaction
from django.db.models import FilteredRelation, Q
from django.utils import timezone

from parkguard.hierarchy.models import STEP_WIDTH, Node

from .choices import PERIOD_RANK, REPORTING_KINDS, Aggregate, FieldType, Period, ReportStatus
from .models import DailyReport, RollupPartial


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
    under them have no entry.

    The same statements run whether the kept totals are there or not (a missing one is computed by a
    statement that is sent with an empty list otherwise), so a page's query count does not depend on
    what was read before.
    """
    first = len(root_path) // STEP_WIDTH
    if max_depth < first:
        return {}
    postgresql = connection.vendor == "postgresql"
    needed = {_partial_key(m) for m in measures}
    paths: dict[int, str] = {}
    partials: dict[int, tuple[int, dict[str, Any]]] = {}
    missing: list[int] = []
    for holder, path, reports, totals in _holders(root_path, day):
        paths[holder] = path
        if reports is not None and needed <= totals.keys():
            partials[holder] = (reports, totals)
        else:
            missing.append(holder)
    compute = _compute_postgresql if postgresql else _compute_python
    computed, documents = compute(missing, day, measures, root_path=root_path, max_depth=max_depth)
    partials.update(computed)
    return _levels(measures, first, max_depth, paths, partials, documents, postgresql=postgresql)


# --- kept totals per holder (RollupPartial) --------------------------------------------------------------

# Advisory locks (PostgreSQL): (PARTIAL_LOCKS, holder id) guards one holder's kept totals, and
# (PARTIAL_LOCKS, 0) all of them (the shared side taken by readers, the exclusive side by a deletion
# of everything). The two-key lock space does not overlap the one-key space of core.locks.
PARTIAL_LOCKS = zlib.crc32(b"reports.rollup.partial") & 0x7FFFFFFF
# Exact sums of any size while adding up (the default context keeps 28 digits).
EXACT = Context(prec=MAX_PREC)


def _partial_key(measure: Measure) -> str:
    return f"{measure.key}:{measure.aggregate}"


def _holders(root_path: str, day: dt.date) -> list[tuple[int, str, int | None, dict[str, Any] | None]]:
    """(id, path, kept count or None, kept totals or None) of each node under ``root_path`` (itself
    included) that has a reporting site directly under it; one query."""
    sites = (
        Node.objects.filter(path__startswith=root_path, kind__in=REPORTING_KINDS)
        .exclude(path=root_path)
        .values("parent_id")
    )
    return list(
        Node.objects.filter(pk__in=sites)
        .annotate(kept=FilteredRelation("rollup_partials", condition=Q(rollup_partials__date=day)))
        .order_by()
        .values_list("id", "path", "kept__reports", "kept__totals")
    )


def _stored(measure: Measure, value: Any) -> Any:
    """A kept total as it is added up (Decimal, bool or None)."""
    if value is None:
        return None
    if measure.aggregate == Aggregate.ANY:
        return bool(value)
    return Decimal(value)


def _storable(measure: Measure, value: Any) -> Any:
    if value is None or measure.aggregate == Aggregate.ANY:
        return value
    return str(value)


def _merge(measure: Measure, total: Any, value: Any) -> Any:
    """Two partial totals of the same measure added up (every aggregate here is decomposable)."""
    if value is None:
        return total
    if total is None:
        return value
    if measure.aggregate == Aggregate.SUM:
        return total + value
    if measure.aggregate == Aggregate.MAX:
        return max(total, value)
    return bool(total) or bool(value)


def _site_value(measure: Measure, raw: Any, *, postgresql: bool) -> Any:
    """A site's figure as the database's roll-up reads it, before ``_finish``."""
    if not postgresql:
        return _combine(measure, None, raw)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raw = "true" if raw else "false"
    if measure.aggregate == Aggregate.ANY:
        return str(raw).strip().lower() in TRUE_TEXT
    return Decimal(str(raw))


def _document(document: Any) -> dict[str, Any]:
    return json.loads(document, parse_float=Decimal) if isinstance(document, str) else document


def _levels(
    measures: list[Measure],
    first: int,
    max_depth: int,
    paths: dict[int, str],
    partials: dict[int, tuple[int, dict[str, Any]]],
    documents: dict[str, Any],
    *,
    postgresql: bool,
) -> RollupTotals:
    """Each holder's totals added to the holder and its ancestors down from ``first`` (a site is in its
    holder's totals, so it counts in every ancestor but itself), then each site's own report at its
    own entry; a site that also holds sites gets both, added now, the others are read when asked."""
    buckets: dict[str, list[Any]] = {}
    with localcontext(EXACT):
        for holder, (reports, totals) in partials.items():
            if not reports:
                continue
            path = paths[holder]
            values = [_stored(m, totals.get(_partial_key(m))) for m in measures]
            for depth in range(first, min(max_depth, len(path) // STEP_WIDTH) + 1):
                bucket = buckets.setdefault(path[: depth * STEP_WIDTH], [0, *([None] * len(measures))])
                bucket[0] += reports
                for i, (m, value) in enumerate(zip(measures, values, strict=True), start=1):
                    bucket[i] = _merge(m, bucket[i], value)
        for path in buckets.keys() & documents.keys():
            bucket, values = buckets[path], _document(documents.pop(path))
            bucket[0] += 1
            for i, m in enumerate(measures, start=1):
                bucket[i] = _merge(m, bucket[i], _site_value(m, values.get(m.key), postgresql=postgresql))
    keys = ("_reports", *(m.key for m in measures))
    built = {
        path: dict(
            zip(keys, (b[0], *(_finish(m, v) for m, v in zip(measures, b[1:], strict=True))), strict=True)
        )
        for path, b in buckets.items()
    }
    return RollupTotals(measures, documents, built, postgresql=postgresql)


def _compute_python(
    missing: list[int], day: dt.date, measures: list[Measure], *, root_path: str, max_depth: int
) -> tuple[dict[int, tuple[int, dict[str, Any]]], dict[str, Any]]:
    """The missing holders' totals (kept), and the own reports of the sites down to ``max_depth``."""
    with transaction.atomic():  # SQLite: an IMMEDIATE transaction, so no report changes meanwhile
        rows = DailyReport.objects.filter(
            date=day,
            status=ReportStatus.SUBMITTED,
            site__parent_id__in=missing or [0],  # sent even when nothing is missing
            site__kind__in=REPORTING_KINDS,
        ).values_list("site__parent_id", "site_id", "period", "values")
        latest: dict[int, tuple[int, int, dict[str, Any]]] = {}
        for holder, site, period, values in rows.order_by():
            rank = PERIOD_RANK[period]
            if site not in latest or rank > latest[site][0]:
                latest[site] = (rank, holder, values)
        buckets = {holder: [0, *([None] * len(measures))] for holder in missing}
        with localcontext(EXACT):
            for _rank, holder, values in latest.values():
                bucket = buckets[holder]
                bucket[0] += 1
                for i, m in enumerate(measures, start=1):
                    bucket[i] = _combine(m, bucket[i], values.get(m.key))
        computed = {
            holder: (b[0], {_partial_key(m): _storable(m, v) for m, v in zip(measures, b[1:], strict=True)})
            for holder, b in buckets.items()
        }
        _store_python(computed, day)
    documents = {
        path: values for _date, path, values in _latest_rows(root_path, day, day, site__depth__lte=max_depth)
    }
    return computed, documents


def _store_python(computed: dict[int, tuple[int, dict[str, Any]]], day: dt.date) -> None:
    table = RollupPartial._meta.db_table
    date, now = (
        connection.ops.adapt_datefield_value(day),
        connection.ops.adapt_datetimefield_value(timezone.now()),
    )
    sql = f"""INSERT INTO {table} (holder_id, date, totals, reports, computed_at) VALUES (%s, %s, %s, %s, %s)
        ON CONFLICT (holder_id, date) DO UPDATE
        SET totals = excluded.totals, reports = excluded.reports, computed_at = excluded.computed_at"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (holder, date, json.dumps(totals), reports, now)
                for holder, (reports, totals) in computed.items()
            ],
        )


def _partials_sql(measures: list[Measure]) -> str:
    """Compute the totals of the holders ``%(missing)s`` from their sites' latest reports, keep those of
    the holders ``%(locked)s`` (a row already there for the date gets the keys it lacked), and return
    them: rows (holder, count, *totals as text, or a bool for yes/no)."""
    table, nodes = RollupPartial._meta.db_table, Node._meta.db_table
    indexed = list(enumerate(measures))
    figures = "".join(
        f", {_added(m, _read(m, i))}" + ("" if m.aggregate == Aggregate.ANY else "::text") + f" AS v{i}"
        for i, m in indexed
    )
    pairs = [f"%(p{i})s::text, c.v{i}" for i, _m in indexed]
    chunks = [pairs[at : at + 40] for at in range(0, len(pairs), 40)]  # a function takes 100 arguments
    totals = " || ".join(f"jsonb_build_object({', '.join(chunk)})" for chunk in chunks) or "'{}'::jsonb"
    columns = "".join(f", v{i}" for i, _m in indexed)
    latest = _latest_sql("r.date = %(day)s", node="n.parent_id = ANY(%(missing)s)")
    return f"""WITH computed AS (
            SELECT h, COUNT(*) AS c{figures} FROM (SELECT n.parent_id AS h, r.values AS j {latest}) AS site
            GROUP BY h
        ), kept AS (
            INSERT INTO {table} (holder_id, date, totals, reports, computed_at)
            SELECT k.h, %(day)s, {totals}, COALESCE(c.c, 0), now()
            FROM unnest(%(locked)s::integer[]) AS k(h) LEFT JOIN computed c ON c.h = k.h
            WHERE EXISTS (SELECT 1 FROM {nodes} WHERE id = k.h)
            ON CONFLICT (holder_id, date) DO UPDATE SET totals = {table}.totals || EXCLUDED.totals,
                reports = EXCLUDED.reports, computed_at = EXCLUDED.computed_at
        ) SELECT h, c{columns} FROM computed"""  # noqa: S608 - identifiers from the models, values parameters


def _compute_postgresql(
    missing: list[int], day: dt.date, measures: list[Measure], *, root_path: str, max_depth: int
) -> tuple[dict[int, tuple[int, dict[str, Any]]], dict[str, Any]]:
    """As ``_compute_python``, in three statements in one transaction: try the locks of the missing
    holders (never waiting), compute them and keep those locked, read the sites' own reports.

    A report writer deletes a holder's kept row under the holder's lock (``rollup_invalidate``), taken
    in its own transaction. The lock is tried before the computing statement starts, so that statement's
    snapshot sees every write whose deletion came before; a writer that has not deleted yet waits for
    this transaction to end and then deletes what it kept. A holder whose lock is held is computed but
    not kept.
    """
    params = _params(root_path, measures, day=day, missing=missing, depth=max_depth)
    params.update({f"p{i}": _partial_key(m) for i, m in enumerate(measures)})
    own = _latest_sql("r.date = %(day)s", node="n.path LIKE %(path)s AND n.depth <= %(depth)s")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('work_mem'),"
            " set_config('jit', 'off', true), set_config('work_mem', %(mem)s, true),"
            " pg_try_advisory_xact_lock_shared(%(ns)s, 0),"
            " ARRAY(SELECT h FROM unnest(%(missing)s::integer[]) AS h WHERE pg_try_advisory_xact_lock(%(ns)s, h))",
            {"mem": WORK_MEM, "ns": PARTIAL_LOCKS, "missing": missing},
        )
        jit, work_mem, _jit, _mem, every, locked = cursor.fetchone()
        params["locked"] = locked if every else []
        cursor.execute(_partials_sql(measures), params)
        rows = cursor.fetchall()
        cursor.execute(f"SELECT n.path, r.values::text {own}", params)
        documents = dict(cursor.fetchall())
        cursor.execute(
            "SELECT set_config('jit', %s, true), set_config('work_mem', %s, true)", [jit, work_mem]
        )
    computed = {holder: (0, {_partial_key(m): None for m in measures}) for holder in missing}
    for holder, count, *values in rows:
        computed[holder] = (count, {_partial_key(m): v for m, v in zip(measures, values, strict=True)})
    return computed, documents


def rollup_invalidate(
    *, holders: Iterable[int] | None = None, dates: Iterable[dt.date] | None = None
) -> None:
    """Delete the kept roll-up totals of ``holders`` (node ids; None: every node) for ``dates`` (None:
    every date). Whatever changes what a node's sites add up to calls this (see ``RollupPartial``):
    the report signals and services, node moves, and any bulk write that bypasses signals."""
    with transaction.atomic():
        partials = RollupPartial.objects.all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if holders is None:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [PARTIAL_LOCKS])
                else:
                    ids = sorted({int(h) for h in holders if h is not None})
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s, h) FROM unnest(%s::integer[]) AS h",
                        [PARTIAL_LOCKS, ids],
                    )
        if holders is not None:
            partials = partials.filter(holder_id__in=[h for h in holders if h is not None])
        if dates is not None:
            partials = partials.filter(date__in=list(dates))
        partials.delete()


def rollup_invalidate_report(
    report: DailyReport, *, site_id: int | None = None, date: dt.date | None = None
) -> None:
    """Delete the kept totals that count ``report`` (or, with ``site_id`` and ``date``, those that
    counted a report of that site and date: where a report was before an edit moved it)."""
    site_id = site_id if site_id is not None else report.site_id
    date = date if date is not None else report.date
    if site_id is None or date is None:
        return
    cached = report._state.fields_cache.get("site") if site_id == report.site_id else None
    holder = (
        cached.parent_id
        if cached is not None
        else Node.objects.filter(pk=site_id).values_list("parent_id", flat=True).first()
    )
    if holder is not None:
        rollup_invalidate(holders=[holder], dates=[date])


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
    root_path: str, first_day: dt.date, last_day: dt.date, **more: Any
) -> list[tuple[dt.date, str, dict[str, Any]]]:
    """(date, site path, values) of the latest submitted period of each reporting site and date."""
    rows = (
        DailyReport.objects.filter(
            site__path__startswith=root_path,
            site__kind__in=REPORTING_KINDS,
            date__gte=first_day,
            date__lte=last_day,
            status=ReportStatus.SUBMITTED,
            **more,
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


def _latest_sql(days: str, node: str = "n.path LIKE %(path)s") -> str:
    """FROM … WHERE of the latest submitted report of each reporting site and date whose node ``n``
    matches ``node`` (``r``, its site ``n``); parameters ``status``, ``kinds``, those of ``node`` (by
    default ``path``: the sites under it) and those of ``days``."""
    table, nodes = (
        DailyReport._meta.db_table,
        DailyReport._meta.get_field("site").related_model._meta.db_table,
    )
    # A site's report of the date counts unless a later period of it was submitted too (the rank orders
    # day < morning < evening). A day report never supersedes one, so only the few twice-a-day reports
    # are looked up (the partial index daily_report_superseding holds just those).
    return f"""
        FROM {table} r JOIN {nodes} n ON n.id = r.site_id
        WHERE {days} AND r.status = %(status)s AND {node} AND n.kind = ANY(%(kinds)s) AND NOT EXISTS (
            SELECT 1 FROM {table} s
            WHERE s.site_id = r.site_id AND s.date = r.date AND s.status = %(status)s
              AND s.period IN ('{Period.MORNING}', '{Period.EVENING}') AND {RANK.format("s")} > {RANK.format("r")}
        )"""  # noqa: S608 - identifiers come from the models, values are parameters


def _params(root_path: str, measures: list[Measure], **more: Any) -> dict[str, Any]:
    keys = {f"k{i}": m.key for i, m in enumerate(measures)}
    return {
        **keys,
        "status": ReportStatus.SUBMITTED,
        "kinds": [str(kind) for kind in REPORTING_KINDS],
        "path": root_path + "%",
        **more,
    }


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

    Levels added up from the kept totals come built; a site's own entry is its report (PostgreSQL: its
    JSON text), read the first time it is asked for, so the tens of thousands of site rows a full
    roll-up holds cost nothing until someone looks at them (pages read a node and its children).
    Reading gives exactly what ``_finish`` gives.
    """

    def __init__(
        self,
        measures: list[Measure],
        documents: dict[str, Any],
        built: dict[str, dict[str, Any]],
        *,
        postgresql: bool,
    ) -> None:
        self._measures = measures
        self._keys = ("_reports", *(m.key for m in measures))
        self._documents = documents
        self._built = built
        self._postgresql = postgresql
        self._order = [*built, *(path for path in documents if path not in built)]

    def __getitem__(self, path: str) -> dict[str, Any]:
        built = self._built.get(path)
        if built is None:
            values = _document(self._documents[path])
            figures = [
                _finish(m, _site_value(m, values.get(m.key), postgresql=self._postgresql))
                for m in self._measures
            ]
            built = self._built[path] = dict(zip(self._keys, (1, *figures), strict=True))
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, path: object) -> bool:
        return path in self._built or path in self._documents


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


def rollup_report_changed(report: DailyReport) -> None:
    """What a service calls after writing ``report``: its kept totals go (unless the ``post_save``
    signal just deleted them in this save, which it marks on the report)."""
    if report.__dict__.pop("_rollup_invalidated", None) == (report.site_id, report.date):
        return
    rollup_invalidate_report(report)
