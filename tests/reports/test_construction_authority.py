"""Construction projects report twice a day, to their community and to the construction authority
(无锡's 双报告): the authority sees the park's projects and gets the reminders of the missing ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from parkguard.accounts.models import Membership
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Department
from parkguard.notices.models import Notice
from parkguard.reports.authority import construction_status
from parkguard.reports.reminders import remind_missing
from tests.factories import NodeFactory, UserFactory

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db


def moment(hhmm: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(DAY, dt.time.fromisoformat(hhmm)))


@pytest.fixture
def projects(world, templates):
    world.nodes["project"] = NodeFactory(
        parent=world.nodes["grid_1"], kind=NodeKind.CONSTRUCTION, name="地铁5号线工地"
    )
    world.nodes["project_2"] = NodeFactory(
        parent=world.nodes["grid_2"], kind=NodeKind.CONSTRUCTION, name="滇池路桥工地"
    )
    return world


@pytest.fixture
def authority(projects):
    world = projects
    office = NodeFactory(parent=world.nodes["park_a"], kind=NodeKind.TASK_FORCE, name="建设工地防控组")
    builder = UserFactory(username="builder", display_name="builder")
    Membership.objects.create(user=builder, node=office, role="task_force_member")
    world.users["builder"] = builder
    return Department.objects.create(
        park=world.nodes["park_a"], name="住建局", oversees_construction=True, task_force=office
    )


def _project_values(templates) -> dict:
    keys = {f.key for f in templates["park_a"]["construction"].fields.all()}
    return {k: v for k, v in values().items() if k in keys}


def test_the_authority_sees_every_project_of_the_park_period_by_period(world, authority, templates, at):
    submit(world, who="grid_official", site="project", period="morning", values=_project_values(templates))

    status = construction_status(department=authority, day=DAY)

    assert status.periods == ("morning", "evening")
    assert [(r.site.name, r.periods) for r in status.rows] == [
        ("地铁5号线工地", [("morning", "on_time"), ("evening", "missing")]),
        ("滇池路桥工地", [("morning", "missing"), ("evening", "missing")]),
    ]
    assert (status.expected, status.submitted, status.on_time, status.late, status.missing) == (4, 1, 1, 0, 3)


def test_the_authority_page(world, authority, login):
    page = login(world.users["builder"]).get(
        reverse("reports:authority", args=[authority.pk]), {"day": "2020-02-20"}
    )

    assert page.status_code == 200
    assert "地铁5号线工地" in page.content.decode() and "滇池路桥工地" in page.content.decode()
    assert page.context["status"].missing == 4


def test_the_commander_finds_the_authority_from_the_parks_completeness(world, authority, login):
    page = login(world.users["park_commander"]).get(
        reverse("reports:completeness", args=[world.nodes["park_a"].pk])
    )

    assert reverse("reports:authority", args=[authority.pk]) in page.content.decode()


@pytest.mark.parametrize("who", ["grid_official", "commander_b", "enterprise_contact", "outsider"])
def test_the_authority_page_is_not_found_outside_the_park(world, authority, login, who):
    assert login(world.users[who]).get(reverse("reports:authority", args=[authority.pk])).status_code == 404


def test_the_authority_reads_a_projects_report_without_filing_it(world, authority, templates, login):
    submit(world, who="grid_official", site="project", period="morning", values=_project_values(templates))

    page = login(world.users["builder"]).get(reverse("reports:report_form", args=[world.nodes["project"].pk]))

    assert page.status_code == 200
    assert page.context["report"].is_submitted and page.context["may_report"] is False


def test_the_authoritys_staff_get_one_reminder_listing_the_missing_projects(world, authority):
    remind_missing(DAY, "morning", now=moment("09:00"))

    [notice] = Notice.objects.filter(recipient=world.users["builder"])
    assert "2" in notice.title and "2020-02-20" in notice.title
    assert "地铁5号线工地" in notice.body and "滇池路桥工地" in notice.body
    assert notice.link == f"{reverse('reports:authority', args=[authority.pk])}?day=2020-02-20"


def test_the_authority_reminder_is_sent_once_per_moment(world, authority):
    remind_missing(DAY, "morning", now=moment("09:00"))
    remind_missing(DAY, "morning", now=moment("09:20"))
    remind_missing(DAY, "morning", now=moment("10:00"))

    assert Notice.objects.filter(recipient=world.users["builder"]).count() == 2


def test_a_project_that_reported_is_not_in_the_reminder(world, authority, templates):
    submit(world, who="grid_official", site="project", period="morning", values=_project_values(templates))

    remind_missing(DAY, "morning", now=moment("09:00"))

    notice = Notice.objects.get(recipient=world.users["builder"])
    assert "地铁5号线工地" not in notice.body and "滇池路桥工地" in notice.body


def test_nothing_missing_sends_the_authority_nothing(world, authority, templates):
    for site in ("project", "project_2"):
        submit(world, who="park_commander", site=site, period="morning", values=_project_values(templates))

    remind_missing(DAY, "morning", now=moment("09:00"))

    assert not Notice.objects.filter(recipient=world.users["builder"]).exists()


def test_enterprises_missing_do_not_concern_the_authority(world, authority):
    remind_missing(DAY, "day", now=moment("11:00"))

    assert not Notice.objects.filter(recipient=world.users["builder"]).exists()


def test_another_parks_authority_gets_nothing_of_this_park(world, projects):
    office = NodeFactory(parent=world.nodes["park_b"], kind=NodeKind.TASK_FORCE, name="上海庙住建组")
    staff = UserFactory(username="builder_b")
    Membership.objects.create(user=staff, node=office, role="task_force_member")
    Department.objects.create(
        park=world.nodes["park_b"], name="住建局", oversees_construction=True, task_force=office
    )

    remind_missing(DAY, "morning", now=moment("09:00"))

    assert not Notice.objects.filter(recipient=staff).exists()


def test_a_department_that_is_not_the_construction_authority_gets_nothing(world, authority):
    Department.objects.filter(pk=authority.pk).update(oversees_construction=False)

    remind_missing(DAY, "morning", now=moment("09:00"))

    assert not Notice.objects.filter(recipient=world.users["builder"]).exists()


def test_the_task_force_must_be_of_the_departments_park(world, authority):
    authority.task_force = NodeFactory(
        parent=world.nodes["park_b"], kind=NodeKind.TASK_FORCE, name="别的园区"
    )

    with pytest.raises(ValidationError) as refused:
        authority.full_clean()

    with translation.override("en"):
        assert refused.value.message_dict == {
            "task_force": ["Choose a task force of the department's own park."]
        }
