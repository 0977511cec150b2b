"""Issue #4: two submissions of the same site and period at once — one report survives."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from parkguard.core.errors import ServiceError
from parkguard.reports import services
from parkguard.reports.models import DailyReport

from .reporting import english, submit, values


@pytest.mark.django_db
def test_the_loser_of_the_race_gets_a_clear_error(world, templates, monkeypatch):
    submit(world)
    # The second submission looked before the first one's row was visible to it.
    monkeypatch.setattr(services, "_existing", lambda *args: None)
    with pytest.raises(ServiceError) as refused:
        submit(world, who="grid_official", values=values(arrivals_today=9))
    assert english(refused.value) == [
        "This report was filed by someone else a moment ago. Reload the page to see it."
    ]
    assert DailyReport.objects.get().values["arrivals_today"] == 3


# SQLite serialises writers (IMMEDIATE transactions): the race runs in `make test-pg`.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_threads_leave_one_report(world, templates):
    barrier, outcomes = threading.Barrier(2), []

    def _one(who: str) -> None:
        try:
            barrier.wait()
            submit(world, who=who)
            outcomes.append("ok")
        except ServiceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=_one, args=(who,)) for who in ("enterprise_contact", "grid_official")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert DailyReport.objects.count() == 1
    # Either the loser hit the constraint, or it waited on the row lock and then updated the winner's.
    assert sorted(outcomes) in (["already_filed", "ok"], ["ok", "ok"])
