"""Where a notice goes besides the app: one backend per channel, chosen by NOTICE_BACKENDS.

A backend's ``send(notice)`` delivers one notice or raises; the delivery task logs a failure and goes on
with the next backend. Nothing here logs personal data: no phone, no identity number, no e-mail address.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notice

logger = logging.getLogger(__name__)


class NoticeBackend:
    """The interface: deliver one notice to its recipient."""

    def send(self, notice: Notice) -> None:
        raise NotImplementedError


class LoggingBackend(NoticeBackend):
    """The default: a log line with the recipient's user id and the title, nothing more."""

    def send(self, notice: Notice) -> None:
        logger.info("notice %s to user %s: %s", notice.pk, notice.recipient_id, notice.title)


class EmailBackend(NoticeBackend):
    """Django's mail (EMAIL_* settings) to the recipient's address; users without one are skipped."""

    def send(self, notice: Notice) -> None:
        address = notice.recipient.email
        if not address:
            return
        text = "\n\n".join(part for part in (notice.body, notice.link) if part)
        send_mail(notice.title, text, None, [address])


class SmsBackend(NoticeBackend):
    """The SMS interface. No provider is built in: subclass it and name the subclass in NOTICE_BACKENDS."""

    def send(self, notice: Notice) -> None:
        raise NotImplementedError(
            "SmsBackend is an interface without a provider: subclass "
            "parkguard.notices.backends.SmsBackend, implement send(notice) with your SMS provider's "
            "client, and list the subclass's dotted path in NOTICE_BACKENDS instead of this one."
        )


def get_backends() -> list[NoticeBackend]:
    return [import_string(path)() for path in settings.NOTICE_BACKENDS]
