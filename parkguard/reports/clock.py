"""The local time the daily cycle runs on; one seam, so tests can set the hour of a report."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.localtime()


def today() -> dt.date:
    return now().date()
