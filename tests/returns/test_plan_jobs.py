"""The planner as a background job: solving → draft (or failed), progress on the page, actions refused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.utils import timezone, translation

from parkguard.core import tasks as core_tasks
from parkguard.core.errors import ServiceError
from parkguard.returns import plans, tasks
from parkguard.returns.choices import PlanStage, PlanState
from parkguard.returns.models import PlanEntry, ReturnPlan

from .builders import returnee, site, today

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def background(settings):
    # Not sync: the job is handed over after the commit (which never comes inside a test's transaction),
    # so the test plays the worker by calling the task itself.
    settings.TASKS_MODE = "thread"


def start(world, **kwargs):
    values = {
        "park": world.nodes["park_a"],
        "first_day": today() + dt.timedelta(days=1),
        "horizon_days": 5,
        "observation_days": 3,
        "bus_seats": 3,
        "sites": [site(world, capacity=2)],
        "time_limit": 5,
    }
    values.update(kwargs)
    return plans.plan_run(actor=world.users["park_commander"], **values)


def test_the_job_takes_the_plan_from_solving_to_draft_with_its_entries(
    world, background, django_capture_on_commit_callbacks
):
    people = [returnee(world) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan = start(world)
    assert len(callbacks) == 1  # the job is handed over once the plan is committed
    assert plan.state == PlanState.SOLVING and plan.stage == PlanStage.QUEUED
    assert plan.entries.count() == 0 and plan.site_capacity and plan.time_limit == 5

    tasks.solve_plan(plan.pk)

    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT and plan.stage == PlanStage.DONE and plan.error == ""
    assert plan.returnee_count == 3 and plan.written_count == 3
    assert set(plan.entries.values_list("returnee", flat=True)) == {p.pk for p in people}
    assert plan.entries.filter(arrival_date__isnull=False).count() == 3
    assert plan.solver_status and plan.bound >= plan.objective > 0

    tasks.solve_plan(plan.pk)  # delivered twice: the second run leaves the plan alone
    assert plan.entries.count() == 3


def test_sync_mode_and_inline_give_the_finished_plan(world, settings):
    returnee(world)
    first = start(world)
    assert first.state == PlanState.DRAFT and first.entries.count() == 1  # tests run tasks in sync mode
    plans.plan_discard(actor=world.users["park_commander"], plan=first)
    settings.TASKS_MODE = "thread"
    plan = start(world, inline=True)
    assert plan.state == PlanState.DRAFT, plan.error
    assert plan.entries.count() == 1


def test_a_failure_marks_the_plan_failed_with_the_message_and_writes_nothing(world, background, monkeypatch):
    returnee(world)
    plan = start(world)

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    # Fails after the entries are written, inside the job's transaction: they must be rolled back.
    monkeypatch.setattr(plans, "audit_record", broken)
    tasks.solve_plan(plan.pk)

    plan.refresh_from_db()
    assert plan.state == PlanState.FAILED and "audit store unavailable" in plan.error
    assert plan.entries.count() == 0 and plan.objective == 0 and plan.written_count == 0


def test_actions_are_refused_while_solving_and_a_failed_plan_may_only_be_discarded(world, background):
    person = returnee(world)
    plan = start(world)
    commander = world.users["park_commander"]
    entry = PlanEntry.objects.create(plan=plan, returnee=person)
    for action in (
        lambda: plans.plan_approve(actor=commander, plan=plan),
        lambda: plans.plan_discard(actor=commander, plan=plan),
        lambda: plans.plan_entry_edit(actor=commander, entry=entry, arrival_date=None, site=None),
    ):
        with pytest.raises(ServiceError) as exc:
            action()
        assert exc.value.messages == [
            "The planner is still working on this plan; wait until it has finished."
        ]

    ReturnPlan.objects.filter(pk=plan.pk).update(state=PlanState.FAILED, error="boom")
    with pytest.raises(ServiceError) as exc:
        plans.plan_approve(actor=commander, plan=plan)
    assert exc.value.messages == ["The planner failed on this plan: it can only be discarded."]
    plans.plan_discard(actor=commander, plan=plan)
    assert not ReturnPlan.objects.filter(pk=plan.pk).exists()


def test_the_page_shows_the_progress_and_refreshes_itself_until_the_plan_is_ready(world, background, login):
    for _ in range(2):
        returnee(world)
    client = login(world.users["park_commander"])
    s = site(world, capacity=2)
    response = client.post(
        f"/returns/plans/new/{world.nodes['park_a'].pk}/",
        {
            "first_day": str(today() + dt.timedelta(days=1)),
            "horizon_days": 5,
            "observation_days": 3,
            "bus_seats": 3,
            "bus_quota": "",
            "sites": [s.pk],
        },
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ReturnPlan.objects.get()
    assert plan.state == PlanState.SOLVING

    ReturnPlan.objects.filter(pk=plan.pk).update(stage=PlanStage.SOLVING, returnee_count=2)
    page = client.get(f"/returns/plans/{plan.pk}/", **EN).content.decode()
    assert 'id="progress"' in page and "location.reload" in page
    assert "Solving" in page and "2 returnees to plan" in page
    assert 'id="approve"' not in page and 'id="discard"' not in page

    refused = client.post(f"/returns/plans/{plan.pk}/approve/", **EN)
    assert refused.status_code == 400 and "still working" in refused.content.decode()

    tasks.solve_plan(plan.pk)
    page = client.get(f"/returns/plans/{plan.pk}/", **EN).content.decode()
    assert 'id="progress"' not in page and "location.reload" not in page and 'id="approve"' in page


def test_a_failed_plan_shows_its_error_and_only_the_discard_button(world, background, login):
    plan = start(world)
    ReturnPlan.objects.filter(pk=plan.pk).update(state=PlanState.FAILED, error="solver crashed")
    page = login(world.users["park_commander"]).get(f"/returns/plans/{plan.pk}/", **EN).content.decode()
    assert "The planner failed: solver crashed" in page
    assert 'id="discard"' in page and 'id="approve"' not in page and "location.reload" not in page


def test_the_api_answers_202_with_the_solving_plan_then_serves_the_draft(world, background, api_as):
    returnee(world)
    s = site(world, capacity=2)
    api = api_as(world.users["park_commander"])
    response = api.post(
        "/api/return-plans/",
        {
            "park": world.nodes["park_a"].pk,
            "first_day": str(today() + dt.timedelta(days=1)),
            "horizon_days": 4,
            "observation_days": 2,
            "bus_seats": 2,
            "sites": [s.pk],
        },
        format="json",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["state"] == "solving" and body["stage"] == "queued" and body["entries"] == []

    refused = api.post(f"/api/return-plans/{body['id']}/approve/")
    assert refused.status_code == 400

    tasks.solve_plan(body["id"])
    done = api.get(f"/api/return-plans/{body['id']}/").json()
    assert done["state"] == "draft" and done["written_count"] == 1 and len(done["entries"]) == 1


def test_a_plan_whose_job_was_lost_may_be_discarded(world, background, login):
    plan = start(world)
    commander = world.users["park_commander"]
    client = login(commander)
    assert (
        not plan.job_lost
        and 'id="discard"' not in client.get(f"/returns/plans/{plan.pk}/", **EN).content.decode()
    )

    long_ago = timezone.now() - dt.timedelta(hours=1)  # a worker restarted: nobody will solve it
    ReturnPlan.objects.filter(pk=plan.pk).update(created_at=long_ago)
    page = client.get(f"/returns/plans/{plan.pk}/", **EN).content.decode()
    assert 'id="job-lost"' in page and 'id="discard"' in page and "location.reload" not in page
    with pytest.raises(ServiceError):
        plans.plan_approve(actor=commander, plan=plan)
    plans.plan_discard(actor=commander, plan=plan)
    assert not ReturnPlan.objects.filter(pk=plan.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_in_thread_mode_the_job_runs_after_the_commit_and_finishes_the_plan(world, background, monkeypatch):
    # Wait for the worker thread itself rather than polling the plan: SQLite's shared in-memory test
    # database answers "table is locked" to a read made while the worker writes.
    finished = threading.Event()
    run_in_thread = core_tasks._run_in_thread

    def run_and_signal(path, args):  # type: ignore[no-untyped-def]
        try:
            run_in_thread(path, args)
        finally:
            finished.set()

    monkeypatch.setattr(core_tasks, "_run_in_thread", run_and_signal)
    returnee(world)
    plan = start(world)
    assert plan.state == PlanState.SOLVING
    assert finished.wait(60)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT, plan.error
    assert plan.entries.count() == 1
