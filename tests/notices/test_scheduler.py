"""The in-process scheduler of `make run`: the beat schedule's entries, started only in the dev server."""

from __future__ import annotations

from datetime import timedelta

from parkguard.notices import scheduler

CALLS: list[tuple] = []


def record(*args) -> None:
    CALLS.append(args)


def test_it_runs_the_beat_schedule():
    [entry] = scheduler.schedule_entries()

    assert (entry.path, entry.every) == ("parkguard.reports.reminders.remind_due", 900.0)


def test_it_starts_only_when_asked_in_the_serving_process(settings):
    assert not scheduler.should_start()
    settings.IN_PROCESS_SCHEDULER, settings.RUN_MAIN, settings.TASKS_MODE = True, True, "thread"
    assert scheduler.should_start()
    settings.TASKS_MODE = "celery"
    assert not scheduler.should_start()


def test_a_tick_runs_what_is_due_and_plans_the_next_run(monkeypatch):
    # The thread closes stale connections around each run; a test has no thread of its own.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    spec = {"task": "parkguard.run", "schedule": timedelta(seconds=60), "args": (f"{__name__}.record", 7)}
    [entry] = scheduler.schedule_entries({"x": spec})
    entry.next_at = 100.0
    runner = scheduler.Scheduler([entry])
    CALLS.clear()

    runner.tick(99.0)
    runner.tick(100.0)
    runner.tick(130.0)

    assert CALLS == [(7,)]
    assert entry.next_at == 160.0
