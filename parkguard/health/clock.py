"""The local time health statuses are evaluated at; one seam, so tests can set the day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.localtime()


def today() -> dt.date:
    return now().date()
