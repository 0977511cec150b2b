"""The reminder of a missing health declaration: an in-app notice to each person with a login who has
not declared today. Run once or twice a day by the scheduler (Celery beat / the in-process scheduler);
the notice's key (person, date) makes a second run the same day send nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send
from parkguard.people.models import Person

from . import clock

NOTICE_KIND = NoticeKind.DECLARATION_MISSING


def people_missing(day: dt.date):  # type: ignore[no-untyped-def]
    """People who can log in and have no declaration of ``day``."""
    return (
        Person.objects.filter(user__isnull=False, user__is_active=True)
        .exclude(declarations__date=day)
        .select_related("user", "residence", "employer")
        .order_by("pk")
    )


def remind_missing_declarations(now: dt.datetime | None = None) -> int:
    """Send today's reminders; returns the number of notices sent."""
    day = (now or clock.now()).date()
    link = reverse("health:declare")
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("Today's health declaration is missing")
        body = gettext("Please fill in your health declaration of %(date)s; it takes a minute.") % {
            "date": day.isoformat()
        }
    sent = 0
    for person in people_missing(day).iterator(chunk_size=500):
        sent += len(
            notice_send(
                recipients=[person.user],
                node=person.residence or person.employer,
                kind=NOTICE_KIND,
                title=title,
                body=body,
                link=link,
                dedupe_key=f"declaration_missing:{person.pk}:{day.isoformat()}",
            )
        )
    return sent
