"""The in-process scheduler of `make run`: the beat schedule's entries, started only in the dev server."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from celery.schedules import crontab
from django.utils import timezone

from parkguard.notices import scheduler

CALLS: list[tuple] = []


def record(*args) -> None:
    CALLS.append(args)


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_it_runs_the_beat_schedule():
    entries = {e.path: e for e in scheduler.schedule_entries()}

    assert entries["parkguard.reports.reminders.remind_due"].every == 900.0
    bulletin = entries["parkguard.reports.bulletins.generate_daily"]
    assert (bulletin.cron.hour, bulletin.cron.minute) == ({12}, {30})


def test_the_bulletin_time_comes_from_the_environment(monkeypatch):
    from config import env

    monkeypatch.setenv("BULLETIN_AT", "07:05")
    assert env.env_time("BULLETIN_AT", "12:30") == dt.time(7, 5)


def test_a_malformed_bulletin_time_fails_loudly(monkeypatch):
    import pytest

    from config import env

    monkeypatch.setenv("BULLETIN_AT", "half past twelve")
    with pytest.raises(env.ConfigError, match="BULLETIN_AT must be a time of day as HH:MM"):
        env.env_time("BULLETIN_AT", "12:30")


def test_beat_reads_the_crontab_in_the_local_time_zone(settings):
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Asia/Shanghai"


def test_the_next_crontab_time_is_later_today_or_tomorrow():
    cron = crontab(hour=12, minute=30)

    assert scheduler.next_cron_time(cron, local("2020-02-20 09:00")) == local("2020-02-20 12:30")
    assert scheduler.next_cron_time(cron, local("2020-02-20 12:30")) == local("2020-02-21 12:30")
    assert scheduler.next_cron_time(cron, local("2020-02-20 23:59")) == local("2020-02-21 12:30")


def test_crontab_times_are_local_not_utc():
    # 12:30 in Shanghai is 04:30 UTC.
    after = dt.datetime(2020, 2, 20, 1, 0, tzinfo=dt.UTC)

    moment = scheduler.next_cron_time(crontab(hour=12, minute=30), after)

    assert moment.astimezone(dt.UTC) == dt.datetime(2020, 2, 20, 4, 30, tzinfo=dt.UTC)


def test_a_crontab_with_several_times_and_weekdays():
    cron = crontab(hour="8,20", minute=0, day_of_week="mon-fri")

    # 2020-02-21 is a Friday: 08:00 and 20:00, then Monday 2020-02-24.
    assert scheduler.next_cron_time(cron, local("2020-02-21 07:00")) == local("2020-02-21 08:00")
    assert scheduler.next_cron_time(cron, local("2020-02-21 08:00")) == local("2020-02-21 20:00")
    assert scheduler.next_cron_time(cron, local("2020-02-21 20:00")) == local("2020-02-24 08:00")


def test_a_leap_day_crontab_waits_for_the_next_leap_year():
    cron = crontab(hour=0, minute=0, day_of_month=29, month_of_year=2)

    assert scheduler.next_cron_time(cron, local("2021-03-01 09:00")) == local("2024-02-29 00:00")


def test_it_starts_only_when_asked_in_the_serving_process(settings):
    assert not scheduler.should_start()
    settings.IN_PROCESS_SCHEDULER, settings.RUN_MAIN, settings.TASKS_MODE = True, True, "thread"
    assert scheduler.should_start()
    settings.TASKS_MODE = "celery"
    assert not scheduler.should_start()


def test_other_tasks_are_skipped():
    spec = {"task": "other.task", "schedule": timedelta(seconds=60), "args": ("a",)}

    assert scheduler.schedule_entries({"x": spec}) == []


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


def test_a_crontab_entry_runs_at_its_time_and_then_the_next_day(monkeypatch):
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    spec = {
        "task": "parkguard.run",
        "schedule": crontab(hour=12, minute=30),
        "args": (f"{__name__}.record", 1),
    }
    [entry] = scheduler.schedule_entries({"bulletin": spec})
    start = local("2020-02-20 09:00").timestamp()
    entry.next_at = entry.first_run(start)
    runner = scheduler.Scheduler([entry])
    CALLS.clear()

    assert entry.next_at == local("2020-02-20 12:30").timestamp()
    assert runner.wait_seconds(start) == 60.0
    runner.tick(local("2020-02-20 12:29").timestamp())
    runner.tick(local("2020-02-20 12:30").timestamp())

    assert CALLS == [(1,)]
    assert entry.next_at == local("2020-02-21 12:30").timestamp()
