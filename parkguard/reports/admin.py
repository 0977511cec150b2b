from django.contrib import admin

from parkguard.core.admin import ScopedAdmin

from .models import DailyReport, Flag, ReportField, ReportRule, ReportTemplate


class ReportFieldInline(admin.TabularInline):
    model = ReportField
    extra = 0


class ReportRuleInline(admin.TabularInline):
    model = ReportRule
    extra = 0


@admin.register(ReportTemplate)
class ReportTemplateAdmin(ScopedAdmin):
    list_display = ("name", "park", "site_kind", "version", "valid_from")
    inlines = [ReportFieldInline, ReportRuleInline]


@admin.register(DailyReport)
class DailyReportAdmin(ScopedAdmin):
    list_display = ("site", "date", "period", "status", "late", "zero_report")
    list_filter = ("status", "late", "date")
    raw_id_fields = ("site", "template", "submitted_by")


@admin.register(Flag)
class FlagAdmin(ScopedAdmin):
    list_display = ("site", "date", "message", "assigned_to", "status")
    raw_id_fields = ("site", "report", "assigned_to")
