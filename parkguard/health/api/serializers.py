from __future__ import annotations

from rest_framework import serializers

from ..choices import Colour, RiskLevel, Symptom
from ..models import Declaration, ManualChange, RiskArea, Rule, RuleSet, Travel


class TravelSerializer(serializers.ModelSerializer):
    place = serializers.CharField(read_only=True)

    class Meta:
        model = Travel
        fields = ["division_code", "place", "date_from", "date_to"]


class DeclarationSerializer(serializers.ModelSerializer):
    travels = TravelSerializer(many=True, read_only=True)
    person_name = serializers.CharField(source="person.name_masked", read_only=True)

    class Meta:
        model = Declaration
        fields = [
            "id",
            "person",
            "person_name",
            "date",
            "temperature",
            "symptoms",
            "contact",
            "under_observation",
            "residence",
            "travels",
            "corrections",
            "updated_at",
        ]
        read_only_fields = fields


class TravelInputSerializer(serializers.Serializer):
    """Checked by the service (code in use, dates in order and not in the future)."""

    division_code = serializers.CharField(max_length=80)
    date_from = serializers.CharField(max_length=20)
    date_to = serializers.CharField(max_length=20)


class DeclarationInputSerializer(serializers.Serializer):
    """Today's declaration of the caller; the health answers are all required, never assumed."""

    temperature = serializers.CharField(max_length=10)
    symptoms = serializers.ListField(child=serializers.ChoiceField(choices=Symptom.choices), required=False)
    contact = serializers.BooleanField()
    under_observation = serializers.BooleanField()
    residence = serializers.IntegerField(required=False, allow_null=True)
    travels = TravelInputSerializer(many=True, required=False)


class RiskAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskArea
        fields = ["id", "park", "division_code", "name", "level", "valid_from", "valid_to", "created_at"]
        read_only_fields = fields


class RiskAreaInputSerializer(serializers.Serializer):
    park = serializers.IntegerField()
    division_code = serializers.CharField(max_length=80)
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rule
        fields = ["order", "kind", "params", "colour", "reason_code", "message_en", "message_zh"]
        read_only_fields = fields


class RuleSetSerializer(serializers.ModelSerializer):
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = RuleSet
        fields = ["id", "park", "version", "note", "created_at", "rules"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ColourStatusSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    colour = serializers.ChoiceField(choices=Colour.choices)
    reasons = ReasonSerializer(many=True)
    ruleset_version = serializers.IntegerField()
    manual = serializers.BooleanField()
    evaluated_at = serializers.DateTimeField()


class ManualChangeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name_masked", read_only=True)

    class Meta:
        model = ManualChange
        fields = [
            "id",
            "person",
            "person_name",
            "colour",
            "reason",
            "until",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "starts_at",
            "revoked_at",
        ]
        read_only_fields = fields


class ManualChangeInputSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    colour = serializers.ChoiceField(choices=Colour.choices)
    reason = serializers.CharField(allow_blank=True)
    until = serializers.DateTimeField()


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
