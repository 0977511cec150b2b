"""Running work in the background.

``TASKS_MODE`` (config/env.py) chooses where: ``celery`` sends the task to the Celery workers (production,
broker in ``REDIS_URL``); ``thread`` runs it in a small pool inside the web process (``make run``: one
process, nothing else to start); ``sync`` runs it at once (tests, the CLI). Tasks are enqueued after the
current transaction commits, so a worker never looks for a row that is not there yet.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)
_pool: ThreadPoolExecutor | None = None


def _resolve(path: str) -> Any:
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def run_task(path: str, *args: Any) -> None:
    """Run the function at dotted ``path``; what every mode ends up calling."""
    _resolve(path)(*args)


def _run_in_thread(path: str, args: tuple[Any, ...]) -> None:
    close_old_connections()
    try:
        run_task(path, *args)
    except Exception:
        logger.exception("background task %s failed", path)
    finally:
        # This worker thread's own connections: an idle pool thread holds none (and a test database
        # can be dropped once the task is done).
        connections.close_all()


def enqueue(path: str, *args: Any) -> None:
    mode = settings.TASKS_MODE
    if mode == "sync":
        run_task(path, *args)
    elif mode == "celery":
        from config.celery import run

        transaction.on_commit(lambda: run.delay(path, *args))
    else:
        transaction.on_commit(lambda: _thread_pool().submit(_run_in_thread, path, args))


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="parkguard-task")
    return _pool
