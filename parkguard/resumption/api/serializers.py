from __future__ import annotations

from rest_framework import serializers

from ..choices import CHECKLIST, Action
from ..models import Application, Transition
from ..validation import FIELDS


class ResumptionTransitionSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = Transition
        fields = ["action", "from_state", "to_state", "actor", "reason", "effective_on", "created_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.node.name", read_only=True)
    # A plain string, so the schema's "mode" enum of imports keeps its name.
    mode = serializers.CharField(read_only=True, help_text="approval | filing")
    has_plan_document = serializers.SerializerMethodField()
    has_commitment_letter = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "mode",
            "state",
            *FIELDS,
            "resumed_on",
            "submitted_at",
            "due_at",
            "decided_at",
            "spot_check",
            "spot_check_due",
            "spot_checked_at",
            "suspension_conditions",
            "has_plan_document",
            "has_commitment_letter",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_plan_document(self, obj: Application) -> bool:
        return bool(obj.plan_document)

    def get_has_commitment_letter(self, obj: Application) -> bool:
        return bool(obj.commitment_letter)


class ApplicationWriteSerializer(serializers.ModelSerializer):
    """Input of a draft (create or change); the service checks headcounts, dates, scope and files."""

    enterprise = serializers.IntegerField(required=False)
    plan_document = serializers.FileField(required=False)
    commitment_letter = serializers.FileField(required=False)

    class Meta:
        model = Application
        fields = ["enterprise", *FIELDS, "plan_document", "commitment_letter"]


class ResumptionDecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[a for a in Action.values if a not in ("create", "inspect", "spot_check")]
    )
    expected_state = serializers.CharField(
        help_text="The state the caller saw; a change meanwhile is refused."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResumptionInspectionSerializer(serializers.Serializer):
    expected_state = serializers.CharField()
    checklist = serializers.DictField(child=serializers.BooleanField(), help_text=", ".join(CHECKLIST))
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    passed = serializers.BooleanField()
