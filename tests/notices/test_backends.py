"""Issue #4 item 4: delivery backends — logging by default (no personal data), e-mail, the SMS interface."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from parkguard.notices.backends import SmsBackend
from parkguard.notices.models import Notice
from parkguard.reports.reminders import remind_missing

from .conftest import DAY
from .helpers import moment, send_to

pytestmark = pytest.mark.django_db


def test_the_default_backend_logs_user_id_and_title(world, templates, responsible, caplog):
    with caplog.at_level(logging.INFO, logger="parkguard.notices"):
        remind_missing(DAY, "day", now=moment("11:00"))

    lines = [r.getMessage() for r in caplog.records if r.name == "parkguard.notices.backends"]
    assert len(lines) == 2
    contact = Notice.objects.get(recipient=world.users["enterprise_contact"])
    assert f"user {contact.recipient_id}: {contact.title}" in "\n".join(lines)


def test_the_log_holds_no_phone_or_id_number(world, templates, responsible, caplog):
    with caplog.at_level(logging.DEBUG):
        remind_missing(DAY, "day", now=moment("11:00"))

    text = caplog.text
    assert caplog.records
    for person in world.people.values():
        assert person.phone and person.phone not in text
        assert person.id_number not in text


def test_email_goes_to_users_with_an_address(world, templates, responsible, settings):
    settings.NOTICE_BACKENDS = ["parkguard.notices.backends.EmailBackend"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.users["grid_official"].email = "grid@example.org"
    world.users["grid_official"].save()

    remind_missing(DAY, "day", now=moment("11:00"))

    assert [m.to for m in mail.outbox] == [["grid@example.org"]]
    notice = Notice.objects.get(recipient=world.users["grid_official"])
    assert mail.outbox[0].subject == notice.title
    assert notice.link in mail.outbox[0].body


def test_the_sms_interface_says_how_to_configure_a_provider(world):
    notice = send_to(world, "enterprise_contact", "t")

    with pytest.raises(NotImplementedError, match="NOTICE_BACKENDS"):
        SmsBackend().send(notice)


def test_a_failing_backend_keeps_the_notice_and_the_other_backends(world, settings, caplog):
    settings.NOTICE_BACKENDS = [
        "parkguard.notices.backends.SmsBackend",
        "parkguard.notices.backends.LoggingBackend",
    ]
    with caplog.at_level(logging.INFO, logger="parkguard.notices"):
        notice = send_to(world, "enterprise_contact", "Reminder")

    assert Notice.objects.filter(pk=notice.pk).exists()
    assert any("delivery by SmsBackend failed" in r.getMessage() for r in caplog.records)
    assert any(r.name == "parkguard.notices.backends" for r in caplog.records)
