"""The returning workers' section of the daily bulletin (日通报), one of ``parkguard.reports.bulletins.SECTIONS``.

Central isolation on the bulletin's day, per site and in total (beds, people in isolation, free beds,
check-ins and releases of the day, fever or positive-test alerts of the day), and the returnees whose
point-to-point bus arrived that day. The caller has read ``node`` through ``visible_to`` and switched to
the bulletin's language; the national bulletin names no site (``named=False``), only the figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from parkguard.hierarchy.models import Node

from .choices import RunStatus
from .models import AlertKind, IsolationAlert, IsolationSite, RunPassenger
from .occupancy import site_figures


@dataclass
class SiteRow:
    name: str
    capacity: int
    occupied: int
    free_beds: int
    check_ins: int
    releases: int


@dataclass
class ReturnsSection:
    day: dt.date
    sites: list[SiteRow] = field(default_factory=list)
    arrived: int = 0
    alerts: int = 0
    named: bool = True

    key = "returns"
    template = "returns/isolation/bulletin_section.pdf.html"

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.sites)

    @property
    def totals(self) -> SiteRow:
        return SiteRow(
            _("Total"),
            *(self.total(n) for n in ("capacity", "occupied", "free_beds", "check_ins", "releases")),
        )

    def summary(self) -> dict[str, Any]:
        t = self.totals
        return {
            "isolation_sites": len(self.sites),
            "beds": t.capacity,
            "in_isolation": t.occupied,
            "free_beds": t.free_beds,
            "check_ins": t.check_ins,
            "releases": t.releases,
            "returns_arrived": self.arrived,
            "alerts": self.alerts,
        }

    def sheets(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        header = [_("Site"), _("Beds"), _("In isolation"), _("Free beds"), _("Check-ins"), _("Releases")]
        rows = [self.totals, *self.sites] if self.named else [self.totals]
        data: list[list[Any]] = [
            [r.name, r.capacity, r.occupied, r.free_beds, r.check_ins, r.releases] for r in rows
        ]
        data += [[_("Returns arrived"), self.arrived], [_("Fever or positive-test alerts"), self.alerts]]
        return [("隔离观察 Isolation", header, data)]

    def charts(self) -> dict[str, Any]:
        return {}


def bulletin_section(*, node: Node, day: dt.date, named: bool = True) -> ReturnsSection:
    sites = IsolationSite.objects.filter(node__path__startswith=node.path).select_related("node")
    section = ReturnsSection(day=day, named=named)
    for site in sites:
        f = site_figures(site=site, day=day)
        section.sites.append(
            SiteRow(
                site.node.name, site.capacity, f["occupied"], f["free_beds"], f["check_ins"], f["releases"]
            )
        )
    section.arrived = (
        RunPassenger.objects.filter(
            run__plan__park__path__startswith=node.path, run__status=RunStatus.ARRIVED
        )
        .filter(Q(run__arrived_at__date=day) | Q(run__arrived_at__isnull=True, run__arrival_date=day))
        .count()
    )
    section.alerts = IsolationAlert.objects.filter(
        stay__site__node__path__startswith=node.path,
        date=day,
        kind__in=[AlertKind.FEVER, AlertKind.POSITIVE_TEST],
    ).count()
    return section
