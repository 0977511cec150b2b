"""Report templates as data, the daily reports made on them, and the red flags they raise.

A template belongs to a park and a site kind and is versioned: every change makes a new version valid
from the next day, and a report keeps the version it was started on, so old reports still show the
fields they were made with (docs: issue #4, "the forms changed almost daily").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet

from .choices import (
    NUMERIC_TYPES,
    SITE_KIND_CHOICES,
    Aggregate,
    FieldType,
    FlagStatus,
    FlagWhen,
    Frequency,
    Operator,
    Period,
    Prefill,
    ReportStatus,
)


class ReportTemplateQuerySet(ScopedQuerySet):
    def valid_on(self, day: dt.date) -> ReportTemplateQuerySet:
        return self.filter(valid_from__lte=day)

    def current_for(self, *, park_id: int, site_kind: str, day: dt.date) -> ReportTemplate | None:
        """The version in force on ``day``: the latest one already valid."""
        return (
            self.valid_on(day)
            .filter(park_id=park_id, site_kind=site_kind)
            .order_by("-valid_from", "-version")
            .first()
        )


class ReportTemplate(models.Model):
    """One version of the report form a park asks of one kind of site.

    Versions of a park and site kind never share a ``valid_from``; the one in force on a date is the
    latest valid by then. Windows are local times on the report's date: a report opens at its window's
    start and is late after its deadline; past the end of the date it can only be corrected.
    """

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="report_templates", verbose_name=_("park")
    )
    site_kind = models.CharField(_("site kind"), max_length=20, choices=SITE_KIND_CHOICES)
    name = models.CharField(_("name"), max_length=120)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.DAILY
    )
    opens_at = models.TimeField(_("opens at"), default=dt.time(6, 0))
    deadline = models.TimeField(_("deadline"), default=dt.time(12, 0))
    morning_opens_at = models.TimeField(_("morning report opens at"), default=dt.time(6, 0))
    morning_deadline = models.TimeField(_("morning report deadline"), default=dt.time(10, 0))
    evening_opens_at = models.TimeField(_("evening report opens at"), default=dt.time(16, 0))
    evening_deadline = models.TimeField(_("evening report deadline"), default=dt.time(20, 0))
    drop_share = models.DecimalField(
        _("flag a drop larger than this share"), max_digits=3, decimal_places=2, default=0.3
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["park", "site_kind", "-version"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [
            models.UniqueConstraint(fields=["park", "site_kind", "version"], name="report_template_version"),
            models.UniqueConstraint(
                fields=["park", "site_kind", "valid_from"], name="report_template_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def periods(self) -> tuple[str, ...]:
        if self.frequency == Frequency.TWICE_DAILY:
            return (Period.MORNING, Period.EVENING)
        return (Period.DAY,)

    def window(self, period: str) -> tuple[dt.time, dt.time]:
        """(opens, deadline) of one period."""
        return {
            Period.DAY: (self.opens_at, self.deadline),
            Period.MORNING: (self.morning_opens_at, self.morning_deadline),
            Period.EVENING: (self.evening_opens_at, self.evening_deadline),
        }[period]

    def ordered_fields(self) -> list[ReportField]:
        return sorted(self.fields.all(), key=lambda f: (f.order, f.pk))


class ReportField(models.Model):
    """One question of a template version, keyed by a slug that the report's values use."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=40)
    label_zh = models.CharField(_("label (Chinese)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    type = models.CharField(_("type"), max_length=10, choices=FieldType.choices, default=FieldType.INTEGER)
    required = models.BooleanField(_("required"), default=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    aggregate = models.CharField(
        _("adds up as"), max_length=10, choices=Aggregate.choices, default=Aggregate.SUM
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    prefill = models.CharField(
        _("pre-filled from"), max_length=30, choices=Prefill.choices, default=Prefill.NONE
    )
    flag_when = models.CharField(
        _("red flag"), max_length=10, choices=FlagWhen.choices, default=FlagWhen.NEVER
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("report field")
        verbose_name_plural = _("report fields")
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="report_field_unique_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_zh if translation.get_language() == "zh-hans" else self.label_en

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def is_prefilled(self) -> bool:
        return self.prefill != Prefill.NONE


class ReportRule(models.Model):
    """A consistency check between two fields of a version, e.g. in isolation ≤ headcount."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="rules")
    left = models.SlugField(_("left field"), max_length=40)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.SlugField(_("right field"), max_length=40)
    message_zh = models.CharField(_("message (Chinese)"), max_length=200)
    message_en = models.CharField(_("message (English)"), max_length=200)

    class Meta:
        ordering = ["template", "id"]
        verbose_name = _("consistency rule")
        verbose_name_plural = _("consistency rules")

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"

    @property
    def message(self) -> str:
        return self.message_zh if translation.get_language() == "zh-hans" else self.message_en


class DailyReport(models.Model):
    """What one site reported for one date and period (日汇报), on the template version it started with.

    A zero report (零报告, "nothing to report") is a submitted report without figures; a missing report
    is no row at all. One row per site, date and period, enforced by the database: two submissions at
    the same moment leave one report.
    """

    scope_node_fields = ("site",)
    # Free-text answers (difficulties, where fever cases went) may name people.
    scope_personal = True

    site = models.ForeignKey(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="daily_reports", verbose_name=_("site")
    )
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="reports", verbose_name=_("template")
    )
    date = models.DateField(_("date"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.DAY)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    zero_report = models.BooleanField(_("nothing to report"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    late = models.BooleanField(_("late"), default=False)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "site__path", "period"]
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [
            models.UniqueConstraint(fields=["site", "date", "period"], name="daily_report_one_per_period")
        ]
        indexes = [
            models.Index(fields=["date", "status"], name="daily_report_date_status"),
            # The reports that can supersede another of the same site and date (the roll-up's look-up).
            models.Index(
                fields=["site", "date"],
                name="daily_report_superseding",
                condition=Q(status=ReportStatus.SUBMITTED, period__in=[Period.MORNING, Period.EVENING]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.date} {self.get_period_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class Flag(models.Model):
    """A red flag a report raised (a fever, a suspected case, a drop in headcount), on the task list of
    the site's responsible official (包保)."""

    scope_node_fields = ("site",)
    scope_personal = False

    site = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="+", verbose_name=_("site")
    )
    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="flags")
    date = models.DateField(_("date"))
    field_key = models.SlugField(max_length=40)
    message = models.CharField(_("message"), max_length=200)
    value = models.CharField(_("value"), max_length=40, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_flags",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")
        constraints = [models.UniqueConstraint(fields=["report", "field_key"], name="flag_one_per_field")]
        indexes = [
            models.Index(fields=["assigned_to", "status"], name="flag_assignee_status"),
            models.Index(fields=["date"], name="flag_date", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.date}: {self.message}"


class BulletinQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> ScopedQuerySet:
        """Bulletins under the user's nodes; the national office also sees the national bulletin.

        A park's bulletin names the officials answering for missing sites, so it counts as personal
        data; the national bulletin holds aggregates and site names only (``aggregates_only``).
        """
        from parkguard.core.scoping import scope_of

        visible = super().visible_to(user)
        scope = scope_of(user)
        if scope.aggregates_everywhere and not scope.everything:
            visible = visible | self.filter(aggregates_only=True)
        return visible


class Bulletin(models.Model):
    """The daily bulletin (日通报) of one node and date, as a PDF and an xlsx, kept in the archive.

    One row per node and date: generating again replaces the files and the figures and records when
    and by whom (the audit log keeps every generation).
    """

    scope_node_fields = ("node",)
    scope_personal = True

    node = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("node")
    )
    date = models.DateField(_("date"))
    aggregates_only = models.BooleanField(_("aggregates only"), default=False)
    pdf = models.FileField(_("PDF"), upload_to="bulletins/%Y/%m/")
    xlsx = models.FileField(_("spreadsheet"), upload_to="bulletins/%Y/%m/")
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    generation = models.PositiveIntegerField(_("generation"), default=1)
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "node__path"]
        verbose_name = _("daily bulletin")
        verbose_name_plural = _("daily bulletins")
        constraints = [models.UniqueConstraint(fields=["node", "date"], name="bulletin_one_per_node_day")]

    def __str__(self) -> str:
        return f"{self.node} {self.date}"


class RollupPartial(models.Model):
    """A cache of the roll-up (日汇报): the totals of one date's reports of the sites hanging directly
    under one node (the sites' parent, their "holder"), exact, so that a roll-up reads a few hundred of
    these instead of every site's figures (docs/adr/0015-rollup-one-pass.md).

    ``totals`` maps ``"<field key>:<aggregate>"`` to the total as the database added it up: a sum or a
    maximum as exact decimal text (never truncated: a whole-number field is truncated when shown), a
    yes/no as true/false, None when no report gave a figure. The field's type is applied on reading, so a
    template change needs no invalidation; a key missing from a row (a field or an aggregate new since)
    is computed and added to the row. ``reports`` counts the sites' latest submitted reports.

    A row is only ever deleted, never updated to follow a change (``rollup_invalidate``): whatever
    changes what a holder's sites add up to must delete its rows —

    * a report created, submitted, corrected, withdrawn or deleted: the services and the ``post_save`` /
      ``post_delete`` signals on ``DailyReport`` (admin, any ORM save) delete the (holder, date) row;
    * a node saved (a kind changed) or deleted, or moved (``hierarchy.services.move_subtree``): every row
      of its old and new parent;
    * writes that bypass signals (``QuerySet.update``, ``bulk_create``, ``COPY``): the caller must call
      ``rollup_invalidate`` itself (``parkguard/demo/daily.py`` and ``bench/rollup.py`` do).

    The writer's deletion and the reader's insertion take the same per-holder lock (see rollup.py), so a
    row computed while a report was being submitted is never kept.
    """

    holder = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="rollup_partials", verbose_name=_("node")
    )
    date = models.DateField(_("date"))
    totals = models.JSONField(_("totals"), default=dict)
    reports = models.PositiveIntegerField(_("reports"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("roll-up partial total")
        verbose_name_plural = _("roll-up partial totals")
        constraints = [models.UniqueConstraint(fields=["holder", "date"], name="rollup_partial_one_per_day")]

    def __str__(self) -> str:
        return f"{self.holder_id} {self.date}"
