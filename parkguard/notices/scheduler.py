"""The in-process stand-in for Celery beat under `make run` (TASKS_MODE=thread).

It runs the entries of CELERY_BEAT_SCHEDULE that go through the generic ``parkguard.run`` task in one
daemon thread, so production and the dev server share one schedule: fixed intervals (a ``timedelta`` or
seconds) and times of day (a Celery ``crontab``, read in TIME_ZONE as beat reads it in CELERY_TIMEZONE).
It starts from ``NoticesConfig.ready()`` only when IN_PROCESS_SCHEDULER is on (set by the Makefile's run
target) and this process is the dev server's serving child (RUN_MAIN, set by the autoreloader): the
reloader's parent, migrate, shells and tests never start it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from celery.schedules import crontab
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from parkguard.core.tasks import run_task

logger = logging.getLogger(__name__)
# A first run of the interval entries shortly after start, not at once: the server is still loading.
FIRST_RUN_AFTER = 30.0
# A crontab that matches no day in this many days (e.g. 30 February) never runs.
CRON_HORIZON_DAYS = 366 * 4
_started: Scheduler | None = None


def next_cron_time(cron: crontab, after: dt.datetime) -> dt.datetime | None:
    """The first local minute strictly after ``after`` that ``cron`` matches (None if it never does).

    Celery numbers weekdays from Sunday = 0; its day, month, hour and minute fields are sets of ints.
    """
    local = timezone.localtime(after).replace(second=0, microsecond=0)
    times = sorted((h, m) for h in cron.hour for m in cron.minute)
    for offset in range(CRON_HORIZON_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        if not _cron_day(cron, day):
            continue
        for hour, minute in times:
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
            if moment > after:
                return moment
    return None


def _cron_day(cron: crontab, day: dt.date) -> bool:
    return (
        (day.weekday() + 1) % 7 in cron.day_of_week
        and day.day in cron.day_of_month
        and day.month in cron.month_of_year
    )


@dataclass
class Entry:
    """One scheduled task: every ``every`` seconds, or at the times of ``cron``."""

    path: str
    args: tuple[Any, ...]
    every: float | None = None
    cron: crontab | None = None
    next_at: float = 0.0

    def first_run(self, now: float) -> float:
        return now + FIRST_RUN_AFTER if self.cron is None else self.following(now)

    def following(self, now: float) -> float:
        """When to run next after a run at ``now`` (wall-clock seconds since the epoch)."""
        if self.cron is None:
            assert self.every is not None
            return now + self.every
        moment = next_cron_time(self.cron, dt.datetime.fromtimestamp(now, tz=dt.UTC))
        return moment.timestamp() if moment is not None else float("inf")


def schedule_entries(schedule: dict[str, dict[str, Any]] | None = None) -> list[Entry]:
    """The beat entries this scheduler can run: ``parkguard.run`` at an interval or on a crontab."""
    schedule = settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule
    entries = []
    for name, spec in schedule.items():
        when = spec["schedule"]
        if isinstance(when, dt.timedelta):
            when = when.total_seconds()
        if spec.get("task") != "parkguard.run" or not isinstance(when, int | float | crontab):
            logger.warning("in-process scheduler skips %s: only parkguard.run at intervals or crontabs", name)
            continue
        path, *args = spec["args"]
        if isinstance(when, crontab):
            entries.append(Entry(path, tuple(args), cron=when))
        else:
            entries.append(Entry(path, tuple(args), every=float(when)))
    return entries


class Scheduler(threading.Thread):
    def __init__(self, entries: list[Entry]) -> None:
        super().__init__(name="parkguard-scheduler", daemon=True)
        self.entries = entries
        self.stopped = threading.Event()

    def run(self) -> None:
        # Wall-clock time, not monotonic: a crontab names a time of day.
        now = time.time()
        for entry in self.entries:
            entry.next_at = entry.first_run(now)
        while not self.stopped.wait(self.wait_seconds(time.time())):
            self.tick(time.time())

    def wait_seconds(self, now: float) -> float:
        # Wake at least once a minute, so a changed system clock delays a crontab by a minute at most.
        return max(0.0, min(60.0, min(e.next_at for e in self.entries) - now))

    def tick(self, now: float) -> None:
        for entry in self.entries:
            if entry.next_at <= now:
                entry.next_at = entry.following(now)
                _run(entry)


def _run(entry: Entry) -> None:
    close_old_connections()
    try:
        run_task(entry.path, *entry.args)
    except Exception:
        logger.exception("scheduled task %s failed", entry.path)
    finally:
        close_old_connections()


def should_start() -> bool:
    return bool(settings.IN_PROCESS_SCHEDULER and settings.RUN_MAIN and settings.TASKS_MODE == "thread")


def start_if_enabled() -> Scheduler | None:
    global _started
    if _started is not None or not should_start():
        return None
    entries = schedule_entries()
    if not entries:
        return None
    _started = Scheduler(entries)
    _started.start()
    logger.info("in-process scheduler started: %s", ", ".join(e.path for e in entries))
    return _started
