"""My notices: only the user's own, an unread badge, mark read; another user's notice is missing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.notices.models import Notice
from parkguard.notices.services import notice_send

from .helpers import send_to

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_my_notices(world, login):
    send_to(world, "enterprise_contact", "Mine")
    send_to(world, "grid_official", "Theirs")

    page = login(world.users["enterprise_contact"]).get(reverse("notices:notice_list"))

    assert page.status_code == 200
    assert "Mine" in page.content.decode() and "Theirs" not in page.content.decode()


def test_the_badge_counts_my_unread_notices(world, login):
    send_to(world, "enterprise_contact", "One")
    send_to(world, "enterprise_contact", "Two")

    page = login(world.users["enterprise_contact"]).get(reverse("reports:flag_list"))

    assert '<span class="tag" id="notice-badge"' in page.content.decode()
    assert page.context["user"].notices.filter(read_at__isnull=True).count() == 2


def test_no_badge_when_all_is_read(world, login):
    page = login(world.users["enterprise_contact"]).get(reverse("reports:flag_list"))

    assert "notice-badge" not in page.content.decode()


def test_mark_read(world, login):
    notice = send_to(world, "enterprise_contact", "Read me")
    client = login(world.users["enterprise_contact"])

    response = client.post(reverse("notices:notice_mark_read", args=[notice.pk]))

    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.is_read
    assert client.get(reverse("notices:notice_list")).context["unread"] == 0


def test_open_marks_read_and_goes_to_the_link(world, login):
    notice = send_to(world, "enterprise_contact", "Open me", link="/reports/tasks/")

    response = login(world.users["enterprise_contact"]).post(
        reverse("notices:notice_mark_read", args=[notice.pk]), {"open": "1"}
    )

    assert response.url == "/reports/tasks/"


def test_another_users_notice_is_missing(world, login):
    notice = send_to(world, "grid_official", "Not yours")

    response = login(world.users["enterprise_contact"]).post(
        reverse("notices:notice_mark_read", args=[notice.pk])
    )

    assert response.status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_mark_all_read_touches_only_mine(world, login):
    send_to(world, "enterprise_contact", "Mine")
    theirs = send_to(world, "grid_official", "Theirs")

    login(world.users["enterprise_contact"]).post(reverse("notices:notice_mark_all_read"))

    assert not Notice.objects.filter(recipient=world.users["enterprise_contact"], read_at=None).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notices:notice_list"))

    assert response.status_code == 302 and "/accounts/" in response.url


def test_the_same_key_twice_sends_once(world):
    user = world.users["enterprise_contact"]
    args = {"node": None, "kind": "report_missing", "title": "x", "dedupe_key": "k"}

    assert len(notice_send(recipients=[user, user], **args)) == 1
    assert notice_send(recipients=[user], **args) == []
