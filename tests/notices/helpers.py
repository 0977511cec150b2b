"""Helpers of the notice tests: a local moment on the fixed day, a notice sent to a persona."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send
from tests.reports.conftest import DAY


def moment(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))


def send_to(world, who: str, title: str, link: str = "", key: str = ""):
    [notice] = notice_send(
        recipients=[world.users[who]],
        node=world.nodes["enterprise_1"],
        kind=NoticeKind.REPORT_MISSING,
        title=title,
        body="",
        link=link,
        dedupe_key=key,
    )
    return notice
