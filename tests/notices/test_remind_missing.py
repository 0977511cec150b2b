"""Issue #4 item 4: a site still missing its report notifies its contacts and its responsible official."""

from __future__ import annotations

import pytest

from parkguard.notices.models import Notice
from parkguard.reports.reminders import remind_missing
from tests.reports.reporting import submit

from .conftest import DAY
from .helpers import moment

pytestmark = pytest.mark.django_db


def _notified(world, site: str = "enterprise_1") -> list[str]:
    notices = Notice.objects.filter(node=world.nodes[site]).select_related("recipient")
    return sorted(n.recipient.username for n in notices)


def test_contact_and_responsible_official_get_one_notice_each(world, templates, responsible):
    sent = remind_missing(DAY, "day", now=moment("11:00"))

    assert sent == 2
    assert _notified(world) == ["enterprise_contact", "grid_official"]
    notice = Notice.objects.get(recipient=world.users["enterprise_contact"])
    assert "滇池机械" in notice.title and "12:00" in notice.title
    assert notice.link == f"/reports/site/{world.nodes['enterprise_1'].pk}/"


def test_a_site_without_contact_or_official_notifies_nobody(world, templates, responsible):
    remind_missing(DAY, "day", now=moment("11:00"))

    assert _notified(world, "enterprise_2") == []


def test_a_site_that_reported_gets_none(world, templates, responsible):
    submit(world)

    sent = remind_missing(DAY, "day", now=moment("11:00"))

    assert sent == 0
    assert _notified(world) == []


def test_running_twice_sends_nothing_new(world, templates, responsible):
    remind_missing(DAY, "day", now=moment("11:00"))

    assert remind_missing(DAY, "day", now=moment("11:20")) == 0
    assert Notice.objects.count() == 2


def test_still_missing_at_the_deadline_gets_the_second_reminder_once(world, templates, responsible):
    remind_missing(DAY, "day", now=moment("11:00"))

    assert remind_missing(DAY, "day", now=moment("12:00")) == 2
    assert remind_missing(DAY, "day", now=moment("12:30")) == 0
    assert Notice.objects.filter(recipient=world.users["grid_official"]).count() == 2


def test_an_inactive_contact_is_not_notified(world, templates, responsible):
    world.users["enterprise_contact"].is_active = False
    world.users["enterprise_contact"].save()

    remind_missing(DAY, "day", now=moment("11:00"))

    assert _notified(world) == ["grid_official"]
