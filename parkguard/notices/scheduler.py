"""The in-process stand-in for Celery beat under `make run` (TASKS_MODE=thread).

It runs the entries of CELERY_BEAT_SCHEDULE that go through the generic ``parkguard.run`` task, each at
its interval, in one daemon thread, so production and the dev server share one schedule. It starts from
``NoticesConfig.ready()`` only when IN_PROCESS_SCHEDULER is on (set by the Makefile's run target) and
this process is the dev server's serving child (RUN_MAIN, set by the autoreloader): the reloader's
parent, migrate, shells and tests never start it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from parkguard.core.tasks import run_task

logger = logging.getLogger(__name__)
# A first run shortly after start, not at once: the server is still loading.
FIRST_RUN_AFTER = 30.0
_started: Scheduler | None = None


@dataclass
class Entry:
    path: str
    args: tuple[Any, ...]
    every: float
    next_at: float = 0.0


def schedule_entries(schedule: dict[str, dict[str, Any]] | None = None) -> list[Entry]:
    """The beat entries this scheduler can run: ``parkguard.run`` with a fixed interval."""
    schedule = settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule
    entries = []
    for name, spec in schedule.items():
        every = spec["schedule"]
        if isinstance(every, timedelta):
            every = every.total_seconds()
        if spec.get("task") != "parkguard.run" or not isinstance(every, int | float):
            logger.warning("in-process scheduler skips %s: only parkguard.run at fixed intervals", name)
            continue
        path, *args = spec["args"]
        entries.append(Entry(path, tuple(args), float(every)))
    return entries


class Scheduler(threading.Thread):
    def __init__(self, entries: list[Entry]) -> None:
        super().__init__(name="parkguard-scheduler", daemon=True)
        self.entries = entries
        self.stopped = threading.Event()

    def run(self) -> None:
        start = time.monotonic() + FIRST_RUN_AFTER
        for entry in self.entries:
            entry.next_at = start
        while not self.stopped.wait(max(0.0, min(e.next_at for e in self.entries) - time.monotonic())):
            self.tick(time.monotonic())

    def tick(self, now: float) -> None:
        for entry in self.entries:
            if entry.next_at <= now:
                entry.next_at = now + entry.every
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
