"""Red flags are closed by the responsible official with a note: audited, off the task list, in scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.reports.choices import FlagStatus
from parkguard.reports.flags import flag_close
from parkguard.reports.models import Flag
from parkguard.reports.selectors import flag_list

from .reporting import english, submit, values

pytestmark = pytest.mark.django_db

NOTE = "已送发热门诊，核酸阴性 sent to the fever clinic, test negative"


@pytest.fixture
def flag(world, templates, responsible):
    submit(world, values=values(fever_cases=1, fever_destination="发热门诊"))
    return Flag.objects.get()


def test_the_responsible_official_closes_a_flag_with_a_note(world, flag, responsible):
    closed = flag_close(actor=responsible, flag=flag, note=f"  {NOTE} ")

    assert closed.status == FlagStatus.CLOSED and closed.closed_at is not None
    event = AuditEvent.objects.get(object_type="reports.flag")
    assert event.actor == responsible
    assert event.changes == {"status": ["open", "closed"], "note": [None, NOTE]}


def test_a_closed_flag_leaves_the_task_list(world, flag, responsible):
    flag_close(actor=responsible, flag=flag, note=NOTE)

    assert list(flag_list(user=responsible)) == []


def test_a_note_is_required(world, flag, responsible):
    with pytest.raises(ServiceError) as refused:
        flag_close(actor=responsible, flag=flag, note="   ")

    assert english(refused.value) == {"note": ["Say what was done before closing the red flag."]}
    assert Flag.objects.get().status == FlagStatus.OPEN
    assert not AuditEvent.objects.filter(object_type="reports.flag").exists()


def test_a_note_that_is_too_long_is_refused(world, flag, responsible):
    with pytest.raises(ServiceError) as refused:
        flag_close(actor=responsible, flag=flag, note="x" * 501)

    assert english(refused.value) == {"note": ["The note is too long (at most 500 characters)."]}


def test_closing_twice_is_refused(world, flag, responsible):
    flag_close(actor=responsible, flag=flag, note=NOTE)

    with pytest.raises(ServiceError) as refused:
        flag_close(actor=responsible, flag=flag, note=NOTE)

    assert english(refused.value) == ["This red flag is already closed."]


def test_the_park_commander_may_close_it_too(world, flag):
    assert flag_close(actor=world.users["park_commander"], flag=flag, note=NOTE).status == FlagStatus.CLOSED


@pytest.mark.parametrize("who", ["neighbour_official", "commander_b", "outsider", "national_officer"])
def test_someone_without_the_site_in_scope_may_not_close_it(world, flag, who):
    with pytest.raises(ScopeError) as refused:
        flag_close(actor=world.users[who], flag=flag, note=NOTE)

    assert refused.value.code == "out_of_scope"
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_the_enterprise_contact_may_not_close_the_flag_of_its_own_site(world, flag):
    with pytest.raises(ScopeError) as refused:
        flag_close(actor=world.users["enterprise_contact"], flag=flag, note=NOTE)

    assert english(refused.value) == [
        "Only the responsible official or an official over the site may close this red flag."
    ]


def test_the_close_button_on_the_task_list(world, flag, responsible, login):
    client = login(responsible)
    page = client.get(reverse("reports:flag_list")).content.decode()
    url = reverse("reports:flag_close", args=[flag.pk])
    assert f'action="{url}"' in page

    response = client.post(url, {"note": NOTE}, follow=True)

    assert response.status_code == 200
    assert list(response.context["flags"]) == []
    assert Flag.objects.get().status == FlagStatus.CLOSED


def test_the_close_button_without_a_note_shows_the_error(world, flag, responsible, login):
    response = login(responsible).post(
        reverse("reports:flag_close", args=[flag.pk]), {"note": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "Say what was done before closing the red flag." in [str(m) for m in response.context["messages"]]
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_closing_a_flag_outside_the_scope_is_not_found(world, flag, login):
    url = reverse("reports:flag_close", args=[flag.pk])

    assert login(world.users["neighbour_official"]).post(url, {"note": NOTE}).status_code == 404
    assert Flag.objects.get().status == FlagStatus.OPEN
