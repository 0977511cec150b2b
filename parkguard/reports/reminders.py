"""Reminders of missing reports (issue #4, item 4): the site's contacts and its responsible official.

Two moments per period of a template: one hour before its deadline ("due soon") and at the deadline
("overdue"). ``remind_due`` runs every 15 minutes (Celery beat in production, the in-process scheduler
under `make run`) and sends for each moment reached within the last hour, so a missed run catches up
and nothing fires a day late. Each notice carries a key of site, date, period and moment: running again
sends nothing new, and a site still missing at its deadline gets the second reminder once.

Construction projects report to the construction authority as well (authority.py): its staff get one
notice per park, period and moment listing the projects still missing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Role
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send

from . import clock
from .authority import authorities_of, authority_staff
from .choices import Period
from .models import ReportTemplate
from .selectors import MissingReport, completeness, current_templates
from .workflow import at

DUE_SOON = "due_soon"
OVERDUE = "overdue"
# Each reminder's moment, relative to the period's deadline.
MOMENTS = ((DUE_SOON, dt.timedelta(hours=-1)), (OVERDUE, dt.timedelta(0)))
# How long after its moment a reminder may still go out (beat runs every 15 minutes).
CATCH_UP = dt.timedelta(hours=1)

TemplateKey = tuple[str, str]  # (park path, site kind)


@dataclass(frozen=True)
class DueReminder:
    park_path: str
    site_kind: str
    period: str
    stage: str


def reminder_stage(template: ReportTemplate, day: dt.date, period: str, now: dt.datetime) -> str | None:
    """The reminder of ``period`` whose moment came within the catch-up window before ``now``."""
    deadline = at(day, template.window(period)[1])
    for stage, offset in MOMENTS:
        moment = deadline + offset
        if moment <= now < moment + CATCH_UP:
            return stage
    return None


def due_reminders(now: dt.datetime) -> list[DueReminder]:
    """Which (park, site kind, period) reminders are due at ``now``, on the templates in force today."""
    day = timezone.localtime(now).date()
    parks = set(Node.objects.filter(kind=NodeKind.PARK).values_list("path", flat=True))
    due = []
    for (park_path, site_kind), template in sorted(current_templates(park_paths=parks, day=day).items()):
        for period in template.periods:
            stage = reminder_stage(template, day, period, now)
            if stage is not None:
                due.append(DueReminder(park_path, site_kind, period, stage))
    return due


def remind_due(now: dt.datetime | None = None) -> int:
    """The periodic job: send the reminders due now. Returns the number of notices sent."""
    now = timezone.localtime(now or clock.now())
    by_period: dict[str, set[TemplateKey]] = defaultdict(set)
    for reminder in due_reminders(now):
        by_period[reminder.period].add((reminder.park_path, reminder.site_kind))
    return sum(remind_missing(now.date(), period, now=now, only=keys) for period, keys in by_period.items())


def remind_missing(
    day: dt.date, period: str, *, now: dt.datetime, only: set[TemplateKey] | None = None
) -> int:
    """Notify every site still missing its report of ``day`` and ``period``, in every park.

    ``only`` limits it to some (park path, site kind) templates (``remind_due``: those due now).
    """
    sent = 0
    parks = list(Node.objects.filter(kind=NodeKind.PARK).order_by("path"))
    templates = current_templates(park_paths={p.path for p in parks}, day=day)
    authorities = authorities_of({p.path for p in parks})
    for park in parks:
        missing = [
            m
            for m in completeness(node=park, day=day).missing_reports
            if m.period == period and (only is None or (park.path, m.site["kind"]) in only)
        ]
        contacts = _contacts([m.site["id"] for m in missing])
        sites = Node.objects.in_bulk([m.site["id"] for m in missing])
        for m in missing:
            template = templates[(park.path, m.site["kind"])]
            recipients = [*contacts.get(m.site["id"], []), m.official]
            sent += _remind_site(m, sites[m.site["id"]], template, day, now, recipients)
        projects = [m for m in missing if m.site["kind"] == NodeKind.CONSTRUCTION]
        if projects and authorities.get(park.path):
            template = templates[(park.path, NodeKind.CONSTRUCTION)]
            for department in authorities[park.path]:
                sent += _remind_authority(department, projects, template, day, period, now)
    return sent


# A notice lists this many missing projects by name; the authority's page lists them all.
AUTHORITY_NAMES = 20


def _remind_authority(
    department: Any,
    missing: list[MissingReport],
    template: ReportTemplate,
    day: dt.date,
    period: str,
    now: dt.datetime,
) -> int:
    """One notice to each of the construction authority's staff, listing the projects still missing."""
    deadline = at(day, template.window(period)[1])
    stage = OVERDUE if now >= deadline else DUE_SOON
    names = [m.site["name"] for m in missing]
    params = {
        "count": len(names),
        "period": str(Period(period).label),
        "date": day.isoformat(),
        "deadline": deadline.strftime("%H:%M"),
        "names": "、".join(names[:AUTHORITY_NAMES]),
        "more": len(names[AUTHORITY_NAMES:]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        title = (
            _(
                "%(count)d construction projects have not submitted the %(period)s report of %(date)s "
                "(deadline %(deadline)s)"
            )
            % params
        )
        body = _("Still missing: %(names)s.") % params
        if params["more"]:
            body += " " + _("And %(more)d more.") % params
    notices = notice_send(
        recipients=authority_staff(department),
        node=department.park,
        kind=NoticeKind.REPORT_MISSING,
        title=title[:200],
        body=body,
        link=f"{reverse('reports:authority', args=[department.pk])}?day={day.isoformat()}",
        dedupe_key=f"report_missing_authority:{department.pk}:{day.isoformat()}:{period}:{stage}",
    )
    return len(notices)


def _contacts(site_ids: list[int]) -> dict[int, list[Any]]:
    contacts: dict[int, list[Any]] = defaultdict(list)
    memberships = Membership.objects.filter(
        node_id__in=site_ids, role=Role.ENTERPRISE_CONTACT
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        contacts[membership.node_id].append(membership.user)
    return contacts


def _remind_site(
    missing: MissingReport,
    site: Node,
    template: ReportTemplate,
    day: dt.date,
    now: dt.datetime,
    recipients: list[Any],
) -> int:
    deadline = at(day, template.window(missing.period)[1])
    stage = OVERDUE if now >= deadline else DUE_SOON
    with translation.override(settings.LANGUAGE_CODE):
        title, body = _text(site.name, day, missing.period, deadline.strftime("%H:%M"), stage)
    notices = notice_send(
        recipients=recipients,
        node=site,
        kind=NoticeKind.REPORT_MISSING,
        title=title,
        body=body,
        link=reverse("reports:report_form", args=[site.pk]),
        dedupe_key=f"report_missing:{site.pk}:{day.isoformat()}:{missing.period}:{stage}",
    )
    return len(notices)


def _text(site: str, day: dt.date, period: str, deadline: str, stage: str) -> tuple[str, str]:
    params = {
        "site": site,
        "date": day.isoformat(),
        "period": str(Period(period).label),
        "deadline": deadline,
    }
    if stage == OVERDUE:
        title = _("%(site)s: the %(period)s report of %(date)s missed its %(deadline)s deadline") % params
    else:
        title = _("%(site)s: the %(period)s report of %(date)s is due by %(deadline)s") % params
    body = (
        _(
            "%(site)s has not yet submitted its %(period)s report of %(date)s (deadline %(deadline)s). "
            "Please submit it, or see that it is submitted."
        )
        % params
    )
    return title, body
