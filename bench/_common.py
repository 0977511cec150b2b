"""What the benchmarks share: a PostgreSQL server of their own databases, and small helpers.

Each benchmark creates its own database on the server named by ``DATABASE_URL`` (never touching that
database), points Django at it, and drops it at the end. Imported by the scripts in this folder (which
Python puts first on ``sys.path`` when one of them runs); Django is set up by the caller.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "pgsql", "postgis"})
EXPLAIN_PREFIX = "EXPLAIN (ANALYZE, BUFFERS) "


# --------------------------------------------------------------------------------------------- server


def require_postgres(script: str, example_db: str = "test") -> str:
    """The server to benchmark on, from ``DATABASE_URL``; exit 2 with a message if it is not PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        print(
            f"bench/{script} measures on PostgreSQL only: set DATABASE_URL to a PostgreSQL server, e.g.\n"
            f"  DATABASE_URL=postgres://postgres@127.0.0.1:5432/{example_db} .venv/bin/python bench/{script}\n"
            "(it creates, and afterwards drops, its own database on that server).",
            file=sys.stderr,
        )
        sys.exit(2)
    return url


def bench_database_url(source: str, name: str) -> str:
    """``source`` with the database name replaced by ``name``."""
    parts = urlsplit(source)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin_connection(url: str) -> Any:
    """An autocommit connection to the server's ``postgres`` database, for CREATE/DROP DATABASE."""
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def recreate_database(url: str, name: str) -> None:
    """Drop ``name`` if a previous run kept it, and create it empty."""
    from psycopg import sql

    with _admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_databases(url: str, names: Sequence[str]) -> None:
    """Close Django's connections and drop the benchmark's databases."""
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with _admin_connection(url) as conn:
        for name in names:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def snapshot_database(url: str, source: str, name: str) -> None:
    """A copy of ``source`` as it is now (``CREATE DATABASE … TEMPLATE``), measured later in alternation."""
    from django.db import connections
    from psycopg import sql

    connections.close_all()  # a template must have no other connection
    with _admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source))
        )


def use_database(name: str) -> None:
    """Point Django's default connection at database ``name`` on the same server (it reconnects lazily)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()
    connection.settings_dict["NAME"] = name


# --------------------------------------------------------------------------------------------- statements


def execute(sql_text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on Django's connection; its rows (none for a statement without a result)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql_text, params or None)  # no parameters: a literal '%' stays as it is
        return cursor.fetchall() if cursor.description else []


def checkpoint() -> None:
    """Flush the bulk load's dirty pages now rather than during the measurements (superusers only)."""
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass  # not a superuser: the server checkpoints on its own schedule


def server_version() -> str:
    return execute("SHOW server_version")[0][0]


def vacuum_analyze() -> None:
    """What autovacuum does after a bulk load, for every table: fresh statistics and a visibility map."""
    execute("VACUUM (ANALYZE)")


def table_megabytes(table: str) -> float:
    """Heap, indexes and TOAST of ``table``, in MB."""
    return execute("SELECT pg_total_relation_size(%s::regclass)", [table])[0][0] / 1e6


def captured_sql(run: Any) -> list[str]:
    """The SQL statements ``run()`` sends, in order (psycopg binds on the client: the exact text)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries]


def explain(sql_text: str, params: Sequence[Any] = (), settings: dict[str, str] | None = None) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of a statement, with ``settings`` (e.g. ``{"jit": "off"}``) set for its
    transaction only, as the code under test runs it."""
    from django.db import transaction

    with transaction.atomic():
        for name, value in (settings or {}).items():
            execute("SELECT set_config(%s, %s, true)", [name, value])
        return [row[0] for row in execute(EXPLAIN_PREFIX + sql_text, params)]


# --------------------------------------------------------------------------------------------- printing


def print_plan(title: str, sql_text: str, lines: list[str]) -> None:
    """A statement, each of its lines indented, and its plan under it."""
    print()
    print(title)
    for line in sql_text.strip().splitlines():
        print(f"  {line.strip()}")
    print(f"  {EXPLAIN_PREFIX.strip()}:")
    for line in lines:
        print(f"    {line}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("give a whole number of at least 1")
    return value
