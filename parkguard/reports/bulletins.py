"""The daily bulletin (日通报): what it says, and how it is printed (PDF) and tabulated (xlsx).

``bulletin_data`` assembles the figures of one node and date from the completeness and roll-up
selectors; ``bulletin_pdf`` and ``bulletin_xlsx`` render them. Both render in Chinese: the bulletin is a
Chinese document whoever asks for it. The national bulletin adds up every park and names no person
(no responsible officials, no assignees), only sites.

Other apps add sections (work resumption, returns…): ``SECTIONS`` lists their builders by dotted path,
so this module imports none of them. A builder is called ``(node=, day=, named=)`` and returns an object
with ``key``, ``template`` (its PDF part, rendered with ``section``, ``charts`` and ``b``), ``summary()``
(kept on the archive row under ``key``), ``sheets()`` (its xlsx sheets) and ``charts()``
(``{name: Chart}``, drawn as images); see ``parkguard/resumption/bulletin.py``.

``bulletin_generate`` is the service that files a bulletin in the archive (docs/adr/0012): it renders
outside any transaction and records the archive row in a short one. ``generate_daily`` is the scheduled
task (BULLETIN_AT): one bulletin per park and one national bulletin.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.locks import advisory_xact_lock
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.lib.charts import GREEN, RED, BarChart, LineChart, Series
from parkguard.lib.excel import write_workbook
from parkguard.lib.pdf import png_data_uri, render_pdf

from . import clock, selectors, workflow
from .choices import Period
from .models import Bulletin, Flag, ReportField

logger = logging.getLogger(__name__)

BULLETIN_LANGUAGE = "zh-hans"
TREND_DAYS = 7
# The figures a bulletin leads with (the 2020 reports' headline counts), when the templates have them.
KEY_FIELDS = ("staff_on_site", "arrivals_today", "fever_cases", "suspected", "confirmed", "isolated")
PNG_DPI = 150
# The sections other apps contribute, in the order they are printed (see the module docstring).
SECTIONS: list[str] = [
    "parkguard.resumption.bulletin.bulletin_section",
    "parkguard.returns.bulletin.bulletin_section",
]


@dataclass
class MissingRow:
    site: str
    parent: str
    period: str
    official: str


@dataclass
class FlagRow:
    site: str
    message: str
    value: str
    status: str
    assigned_to: str


@dataclass
class BulletinData:
    """Everything a bulletin shows, already in the bulletin's language."""

    node: Node
    day: dt.date
    national: bool
    completeness: selectors.Completeness
    figures: list[tuple[str, str, Any]]  # (key, label, total)
    missing: list[MissingRow]
    flags: list[FlagRow]
    trend_days: list[dt.date] = field(default_factory=list)
    trend_rates: list[float] = field(default_factory=list)
    trend_figures: list[tuple[str, list[float]]] = field(default_factory=list)
    sections: list[Any] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("%(name)s daily epidemic prevention bulletin") % {"name": self.node.name}

    @property
    def rate(self) -> float:
        return rate(self.completeness)

    def summary(self) -> dict[str, Any]:
        """The headline numbers, kept on the archive row."""
        c = self.completeness
        return {
            "expected": c.expected,
            "submitted": c.submitted,
            "on_time": c.on_time,
            "late": c.late,
            "missing": c.missing,
            "rate": round(self.rate, 4),
            "figures": {key: _plain(value) for key, _label, value in self.figures},
            **{section.key: section.summary() for section in self.sections},
        }


def rate(c: selectors.Completeness) -> float:
    return c.submitted / c.expected if c.expected else 0.0


def _plain(value: Any) -> Any:
    """A JSON- and spreadsheet-friendly number (Decimal totals become floats)."""
    if value is None or isinstance(value, bool | int):
        return value
    return float(value)


# --- assembling -------------------------------------------------------------------------------------


def bulletin_data(*, node: Node, day: dt.date) -> BulletinData:
    """The bulletin of ``node`` for ``day``; the caller has read ``node`` through ``visible_to``."""
    with translation.override(BULLETIN_LANGUAGE):
        national = node.kind == NodeKind.NATIONAL
        c = selectors.completeness(node=node, day=day)
        data = BulletinData(
            node=node,
            day=day,
            national=national,
            completeness=c,
            figures=_figures(node, day),
            missing=_missing(c, named=not national),
            flags=_flags(node, day, named=not national),
        )
        _add_trend(data)
        data.sections = [import_string(path)(node=node, day=day, named=not national) for path in SECTIONS]
        return data


def _figures(node: Node, day: dt.date) -> list[tuple[str, str, Any]]:
    labels = {**selectors.measure_labels(node=node, day=day), **_enterprise_labels(node, day)}
    totals = selectors.rollup_node_totals(node=node, day=day)
    return [(key, labels[key], _plain(totals.get(key)) or 0) for key in KEY_FIELDS if key in labels]


def _enterprise_labels(node: Node, day: dt.date) -> dict[str, str]:
    """The enterprise form's wording of the key figures: most sites are enterprises, and a key shared
    with the construction form (在场工人 there) is added up under one label."""
    fields = ReportField.objects.filter(
        template__site_kind=NodeKind.ENTERPRISE, template__valid_from__lte=day, key__in=KEY_FIELDS
    )
    if node.park_path:
        fields = fields.filter(template__park__path=node.park_path)
    return {f.key: f.label for f in fields.order_by("template__valid_from", "id")}


def _missing(c: selectors.Completeness, *, named: bool) -> list[MissingRow]:
    parents = {child.path: child.name for child in c.children}
    periods = dict(Period.choices)
    rows = []
    for m in sorted(c.missing_reports, key=lambda m: (m.site["path"], m.period)):
        parent = next((name for path, name in parents.items() if m.site["path"].startswith(path)), "")
        official = str(m.official) if (named and m.official) else ""
        rows.append(MissingRow(m.site["name"], parent, str(periods.get(m.period, m.period)), official))
    return rows


def _flags(node: Node, day: dt.date, *, named: bool) -> list[FlagRow]:
    flags = (
        Flag.objects.filter(site__path__startswith=node.path, date=day)
        .select_related("site", "assigned_to")
        .order_by("site__path", "id")
    )
    return [
        FlagRow(
            f.site.name,
            f.message,
            f.value,
            str(f.get_status_display()),
            str(f.assigned_to) if (named and f.assigned_to) else "",
        )
        for f in flags
    ]


def _add_trend(data: BulletinData) -> None:
    trend = selectors.rollup_trend(node=data.node, day=data.day, days=TREND_DAYS)
    data.trend_days = [date for date, _totals in trend]
    data.trend_rates = [
        rate(selectors.completeness(node=data.node, day=date)) if date != data.day else data.rate
        for date in data.trend_days
    ]
    data.trend_figures = [
        (label, [float(_plain(totals.get(key)) or 0) for _date, totals in trend])
        for key, label, _value in data.figures
    ]


# --- charts -----------------------------------------------------------------------------------------


def completeness_chart(data: BulletinData) -> BarChart:
    children = data.completeness.children
    return BarChart(
        title=_("Completeness by area"),
        categories=[c.name for c in children],
        series=[
            Series(_("Submitted"), [c.submitted for c in children], GREEN),
            Series(_("Missing"), [c.missing for c in children], RED),
        ],
    )


def rate_chart(data: BulletinData) -> LineChart:
    return LineChart(
        title=_("Completeness rate, last 7 days"),
        x_labels=[d.strftime("%m-%d") for d in data.trend_days],
        series=[Series(_("Completeness rate"), data.trend_rates)],
        percent=True,
        height_cm=6.5,
    )


def figures_chart(data: BulletinData) -> LineChart:
    return LineChart(
        title=_("Key figures, last 7 days"),
        x_labels=[d.strftime("%m-%d") for d in data.trend_days],
        series=[Series(label, values) for label, values in data.trend_figures],
        height_cm=7.5,
    )


# --- rendering --------------------------------------------------------------------------------------


def bulletin_pdf(data: BulletinData) -> bytes:
    with translation.override(BULLETIN_LANGUAGE):
        charts = {
            "completeness_chart": completeness_chart(data),
            "rate_chart": rate_chart(data),
            "figures_chart": figures_chart(data),
        }
        context = {
            "document_title": data.title,
            "document_date": data.day,
            "b": data,
            "c": data.completeness,
            "rate_percent": f"{data.rate:.1%}",
            **{name: png_data_uri(chart.png(dpi=PNG_DPI)) for name, chart in charts.items()},
            "sections": [
                {
                    "section": section,
                    "charts": {
                        name: png_data_uri(c.png(dpi=PNG_DPI)) for name, c in section.charts().items()
                    },
                }
                for section in data.sections
            ],
        }
        return render_pdf("reports/bulletin.pdf.html", context)


def bulletin_xlsx(data: BulletinData) -> bytes:
    with translation.override(BULLETIN_LANGUAGE):
        return write_workbook(
            [
                ("汇总 Summary", [_("Item"), _("Value")], iter(_summary_rows(data))),
                ("完成情况 Completeness", _completeness_header(), iter(_completeness_rows(data))),
                ("未报送 Missing", _missing_header(data), iter(_missing_rows(data))),
                ("预警 Flags", _flags_header(data), iter(_flag_rows(data))),
                *(
                    (title, header, iter(rows))
                    for section in data.sections
                    for title, header, rows in section.sheets()
                ),
            ]
        )


def _summary_rows(data: BulletinData) -> list[list[Any]]:
    c = data.completeness
    rows: list[list[Any]] = [
        [_("Node"), data.node.name],
        [_("Date"), data.day],
        [_("Expected"), c.expected],
        [_("Submitted"), c.submitted],
        [_("On time"), c.on_time],
        [_("Late"), c.late],
        [_("Missing"), c.missing],
        [_("Completeness rate"), round(data.rate, 4)],
    ]
    return rows + [[label, value] for _key, label, value in data.figures]


def _completeness_header() -> list[str]:
    return [
        _("Name"),
        _("Expected"),
        _("Submitted"),
        _("On time"),
        _("Late"),
        _("Missing"),
        _("Completeness rate"),
    ]


def _completeness_rows(data: BulletinData) -> list[list[Any]]:
    def row(c: selectors.Completeness, name: str) -> list[Any]:
        return [name, c.expected, c.submitted, c.on_time, c.late, c.missing, round(rate(c), 4)]

    total = data.completeness
    return [row(c, c.name) for c in total.children] + [row(total, _("Total"))]


def _missing_header(data: BulletinData) -> list[str]:
    header = [_("Site"), _("Area"), _("Period")]
    return header if data.national else [*header, _("Responsible official")]


def _missing_rows(data: BulletinData) -> list[list[Any]]:
    rows = [[m.site, m.parent, m.period, m.official] for m in data.missing]
    return [r[:3] for r in rows] if data.national else rows


def _flags_header(data: BulletinData) -> list[str]:
    header = [_("Site"), _("Red flag"), _("Value"), _("Status")]
    return header if data.national else [*header, _("Assigned to")]


def _flag_rows(data: BulletinData) -> list[list[Any]]:
    rows = [[f.site, f.message, f.value, f.status, f.assigned_to] for f in data.flags]
    return [r[:4] for r in rows] if data.national else rows


# --- filing in the archive (the service) ------------------------------------------------------------


def bulletin_generate(*, actor: Any, node: Node, date: dt.date) -> Bulletin:
    """Make (or make again) the bulletin of ``node`` for ``date`` and file it in the archive.

    WeasyPrint takes seconds, so the figures are read and the PDF and xlsx rendered and stored under
    new names before any transaction; a short transaction then points the one archive row of the node
    and date at them (creating it, or bumping ``generation``) and writes the audit event. The files it
    replaced are deleted once that commits; if it fails, the new files are. Two generations racing for
    one node and date both render, and both commit in turn: one row, the later files (ADR 0012).
    ``actor`` is None for the scheduled task; the caller has read ``node`` through ``visible_to``.
    """
    workflow.check_can_generate_bulletin(actor, node)
    data = bulletin_data(node=node, day=date)
    files = _store_files(node, date, bulletin_pdf(data), bulletin_xlsx(data))
    try:
        return _file_in_archive(actor=actor, node=node, date=date, data=data, files=files)
    except Exception:
        for name in files:
            Bulletin.pdf.field.storage.delete(name)
        raise


def _store_files(node: Node, date: dt.date, pdf: bytes, xlsx: bytes) -> tuple[str, str]:
    """Write both files under names no other generation uses; returns their storage names."""
    holder = Bulletin(node=node, date=date)
    stem = f"bulletin-{node.pk}-{date.isoformat()}-{secrets.token_hex(6)}"
    holder.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    holder.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    return holder.pdf.name, holder.xlsx.name


def _file_in_archive(
    *, actor: Any, node: Node, date: dt.date, data: BulletinData, files: tuple[str, str]
) -> Bulletin:
    # The lock (PostgreSQL) or SQLite's serialised writers order two generations; should an insert
    # still meet the other's new row (unique node + date), the second attempt finds it and updates it.
    for attempt in (1, 2):
        try:
            return _record(actor=actor, node=node, date=date, data=data, files=files)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _record(*, actor: Any, node: Node, date: dt.date, data: BulletinData, files: tuple[str, str]) -> Bulletin:
    advisory_xact_lock(f"reports.bulletin.{node.pk}.{date.isoformat()}")
    bulletin = _archived(node, date)
    creating = bulletin is None
    if bulletin is None:
        bulletin = Bulletin(node=node, date=date, generation=0)
    replaced = [f.name for f in (bulletin.pdf, bulletin.xlsx) if f]
    bulletin.generation += 1
    bulletin.aggregates_only = data.national
    bulletin.summary = data.summary()
    bulletin.generated_at = clock.now()
    bulletin.generated_by = actor if getattr(actor, "pk", None) else None
    bulletin.pdf.name, bulletin.xlsx.name = files
    bulletin.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=bulletin,
        node=node,
        changes={"generation": [bulletin.generation - 1 or None, bulletin.generation]},
    )
    storage = Bulletin.pdf.field.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in replaced])
    return bulletin


def _archived(node: Node, date: dt.date) -> Bulletin | None:
    return Bulletin.objects.select_for_update().filter(node=node, date=date).first()


# --- the scheduled task -----------------------------------------------------------------------------


def generate_daily(date: dt.date | str | None = None) -> int:
    """Generate the day's bulletins: every park's and the national one. Returns how many were made.

    Run by the scheduler (``enqueue("parkguard.reports.bulletins.generate_daily", ...)``); dates come
    through the queue as ISO strings.
    """
    day = dt.date.fromisoformat(date) if isinstance(date, str) else (date or clock.today())
    made = 0
    for node in Node.objects.filter(kind__in=[NodeKind.PARK, NodeKind.NATIONAL]).order_by("-depth", "path"):
        # Each bulletin is its own transaction: one park's failure must not cost the others theirs.
        try:
            bulletin_generate(actor=None, node=node, date=day)
        except Exception:
            logger.exception("daily bulletin of %s for %s failed", node.path, day)
            continue
        made += 1
    return made
