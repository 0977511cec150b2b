"""Serialising writes that must not interleave (tree moves; Saleor ADR 0009)."""

from __future__ import annotations

import zlib

from django.db import connection


def advisory_xact_lock(name: str) -> None:
    """Take a transaction-scoped lock named ``name``.

    PostgreSQL: ``pg_advisory_xact_lock``. SQLite runs every write transaction as IMMEDIATE
    (config/settings.py), which already serialises writers, so nothing more is needed there.
    """
    if connection.vendor == "postgresql":
        key = zlib.crc32(name.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
