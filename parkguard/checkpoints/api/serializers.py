from __future__ import annotations

from rest_framework import serializers

from ..choices import Direction
from ..forms import TOKEN_FIELD_MAX
from ..models import Checkpoint, Lane, ScanEvent


class LaneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lane
        fields = ["id", "name", "kind", "direction"]
        read_only_fields = fields


class CheckpointSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="node.name", read_only=True)
    node_kind = serializers.CharField(source="node.kind", read_only=True)
    lanes = LaneSerializer(many=True, read_only=True)

    class Meta:
        model = Checkpoint
        fields = ["id", "node", "name", "node_kind", "yellow", "red", "own_scope", "active", "lanes"]
        read_only_fields = fields


class ScanInputSerializer(serializers.Serializer):
    """A code read at a gate. Any text is accepted: the verifier refuses garbage with a reason."""

    checkpoint = serializers.IntegerField()
    token = serializers.CharField(max_length=TOKEN_FIELD_MAX, trim_whitespace=True)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, default="")
    lane = serializers.IntegerField(required=False, allow_null=True, default=None)


class IdCheckInputSerializer(serializers.Serializer):
    checkpoint = serializers.IntegerField()
    id_number = serializers.CharField(max_length=40)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, default="")
    lane = serializers.IntegerField(required=False, allow_null=True, default=None)


class ScanResultSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.CharField()
    message_en = serializers.CharField()
    message_zh = serializers.CharField()
    colour = serializers.CharField()
    subject = serializers.CharField()
    kind = serializers.CharField()
    direction = serializers.CharField()
    checkpoint = serializers.CharField()
    issuer = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)
    scanned_at = serializers.DateTimeField()
    event_id = serializers.IntegerField()


class TraceQuerySerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    checkpoint = serializers.IntegerField(required=False, allow_null=True, default=None)
    pseudonym = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class ScanEventSerializer(serializers.ModelSerializer):
    """One row of the scan log: names masked, the person only as an id to reveal through the people API."""

    checkpoint_name = serializers.CharField(source="checkpoint.node.name", read_only=True)

    class Meta:
        model = ScanEvent
        fields = [
            "id",
            "checkpoint",
            "checkpoint_name",
            "scanned_at",
            "method",
            "direction",
            "result",
            "reason",
            "kind",
            "colour",
            "subject_masked",
            "pseudonym",
            "issuer",
            "person",
        ]
        read_only_fields = fields
