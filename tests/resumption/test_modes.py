"""Filing mode (备案制 + 承诺制) with sampled spot checks; the green channel's deadline and queue."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.resumption import selectors, services
from parkguard.resumption.choices import State
from parkguard.resumption.models import ParkSettings

from .conftest import pdf, user, valid_fields


@pytest.mark.django_db
def test_in_filing_mode_an_application_may_resume_on_filing(world, make_application, filing_park):
    filing_park(percent=0)
    application = services.application_submit(
        actor=user(world, "enterprise_contact"), application=make_application()
    )
    assert (application.state, application.mode, application.spot_check) == (State.FILED, "filing", False)
    application = services.application_decide(
        actor=user(world, "enterprise_contact"), application=application, action="resume"
    )
    assert application.state == State.RESUMED


@pytest.mark.django_db
def test_a_sampled_filing_waits_for_its_spot_check(world, make_application, filing_park):
    filing_park(percent=100)
    application = services.application_submit(
        actor=user(world, "enterprise_contact"), application=make_application()
    )
    assert application.spot_check
    assert application.spot_check_due == services.today() + dt.timedelta(days=7)
    official = user(world, "grid_official")
    assert [r.spot_check for r in selectors.queue(user=official)] == [True]
    services.application_inspect(
        actor=official, application=application, checklist={"disinfection": True}, passed=True
    )
    application.refresh_from_db()
    assert application.spot_checked_at is not None
    assert application.state == State.FILED
    assert selectors.queue(user=official) == []


@pytest.mark.django_db
def test_the_green_channel_has_its_short_deadline_and_comes_first(world, make_application, enterprises):
    ParkSettings.objects.create(park=world.nodes["park_a"], review_hours=72, green_channel_hours=12)
    normal = services.application_submit(
        actor=user(world, "enterprise_contact"), application=make_application()
    )
    assert normal.due_at - normal.submitted_at == dt.timedelta(hours=72)
    green = services.application_create(
        actor=user(world, "park_commander"),
        enterprise=enterprises["enterprise_2"],
        fields=valid_fields(green_channel=True, green_channel_reason="生产口罩"),
        files={
            "plan_document": pdf(),
            "commitment_letter": pdf(),
        },
    )
    green = services.application_submit(actor=user(world, "park_commander"), application=green)
    assert green.due_at - green.submitted_at == dt.timedelta(hours=12)
    queue = selectors.queue(user=user(world, "area_leader"))
    assert [r.application.pk for r in queue] == [green.pk, normal.pk]


@pytest.mark.django_db
def test_an_overdue_application_is_marked_in_the_queue(world, walk):
    application = walk("submitted")
    type(application).objects.filter(pk=application.pk).update(
        due_at=application.submitted_at - dt.timedelta(hours=1)
    )
    (row,) = selectors.queue(user=user(world, "grid_official"))
    assert row.overdue


@pytest.mark.django_db
def test_the_reviewer_queue_holds_only_what_the_user_may_decide(world, walk):
    walk("inspected")
    assert len(selectors.queue(user=user(world, "task_force_member"))) == 1
    assert selectors.queue(user=user(world, "enterprise_contact")) == []
    assert selectors.queue(user=user(world, "neighbour_official")) == []
