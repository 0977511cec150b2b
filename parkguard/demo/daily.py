"""The demo's daily cycle: report templates in every park and a week of reports, with gaps.

Most sites reported on each of the last seven days; about one in ten has not reported today, so the
completeness page and the bulletin have sites to list.
"""

from __future__ import annotations

import datetime as dt
import random
from datetime import time

from django.utils import timezone

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.reports import clock
from parkguard.reports.choices import FieldType, FlagWhen, ReportStatus
from parkguard.reports.models import DailyReport, ReportTemplate
from parkguard.reports.rollup import rollup_invalidate
from parkguard.reports.services import template_install_defaults

DAYS = 7
REPORTED_BEFORE = 0.95
REPORTED_TODAY = 0.88
# The morning report comes in around nine, the evening one around six.
SUBMITTED_AT = {"day": time(9, 30), "morning": time(9, 0), "evening": time(18, 0)}


def build_daily_cycle(rng: random.Random) -> None:
    today = clock.today()
    first = today - dt.timedelta(days=DAYS - 1)
    for park in Node.objects.filter(kind=NodeKind.PARK):
        template_install_defaults(park=park, valid_from=first)
    templates = {
        (t.park.path, t.site_kind): t
        for t in ReportTemplate.objects.select_related("park").prefetch_related("fields")
    }
    reports = []
    for site in Node.objects.filter(kind__in={kind for _path, kind in templates}).order_by("path"):
        template = templates.get((site.park_path, site.kind))
        if template is None:
            continue
        for offset in range(DAYS):
            day = first + dt.timedelta(days=offset)
            share = REPORTED_TODAY if day == today else REPORTED_BEFORE
            if rng.random() < share:
                reports.extend(_reports(rng, site, template, day))
    DailyReport.objects.bulk_create(reports, batch_size=2000)
    # bulk_create sends no signals: the roll-up's kept totals of these dates are deleted here.
    rollup_invalidate(dates=[first + dt.timedelta(days=offset) for offset in range(DAYS)])


def _reports(rng: random.Random, site: Node, template: ReportTemplate, day: dt.date) -> list[DailyReport]:
    tz = timezone.get_current_timezone()
    return [
        DailyReport(
            site=site,
            template=template,
            date=day,
            period=period,
            status=ReportStatus.SUBMITTED,
            values=_values(rng, template),
            submitted_at=dt.datetime.combine(day, SUBMITTED_AT[period], tz),
            late=rng.random() < 0.05,
        )
        for period in template.periods
    ]


def _values(rng: random.Random, template: ReportTemplate) -> dict:
    """Plausible figures that keep the templates' rules (on site and isolated within the headcount)."""
    headcount = rng.randint(20, 60)
    known = {
        "roster_headcount": headcount,
        "staff_on_site": headcount - rng.randint(0, 6),
        "thermometers": rng.randint(5, 40),
        "masks_in_stock": rng.randint(100, 2000),
    }
    values = {}
    for field in template.fields.all():
        if field.key in known:
            values[field.key] = known[field.key]
        elif field.type == FieldType.INTEGER:
            # Cases are rare: a fever now and then, nothing worse.
            rare = field.flag_when == FlagWhen.POSITIVE
            values[field.key] = rng.choice((0, 0, 0, 0, 0, 0, 0, 1)) if rare else rng.randint(0, 5)
        elif field.type == FieldType.DECIMAL:
            values[field.key] = round(rng.uniform(3, 20), 1)
        elif field.type == FieldType.BOOLEAN:
            values[field.key] = True
        else:
            values[field.key] = ""
    return values
