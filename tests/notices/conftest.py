"""Notices reuse the daily cycle's fixed day, clock and default templates (tests/reports/conftest.py)."""

from __future__ import annotations

from tests.reports.conftest import DAY, at, responsible, templates  # noqa: F401
