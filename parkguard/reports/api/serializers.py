from __future__ import annotations

from rest_framework import serializers

from ..choices import Period
from ..models import DailyReport


class DailyReportSerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name", read_only=True)
    version = serializers.IntegerField(source="template.version", read_only=True)

    class Meta:
        model = DailyReport
        fields = [
            "id",
            "site",
            "site_name",
            "date",
            "period",
            "version",
            "status",
            "values",
            "zero_report",
            "late",
            "submitted_at",
            "correction_reason",
        ]
        read_only_fields = fields


class ReportSubmitSerializer(serializers.Serializer):
    """Input of a submission; the service checks window, values and rules."""

    site = serializers.IntegerField()
    date = serializers.DateField()
    period = serializers.ChoiceField(choices=Period.choices, default=Period.DAY)
    values = serializers.DictField(required=False, default=dict)
    zero_report = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NodeDaySerializer(serializers.Serializer):
    node = serializers.IntegerField()
    date = serializers.DateField()
