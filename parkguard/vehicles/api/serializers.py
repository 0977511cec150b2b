from __future__ import annotations

from rest_framework import serializers

from ..choices import VehicleType
from ..models import Vehicle


class VehicleSerializer(serializers.ModelSerializer):
    plate = serializers.CharField(source="plate_display", read_only=True)
    driver_phone = serializers.CharField(source="driver_phone_masked", read_only=True)

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "plate",
            "pass_number",
            "vehicle_type",
            "company",
            "park",
            "driver_name",
            "driver_phone",
            "cargo",
            "route",
            "valid_from",
            "valid_to",
            "status",
            "status_note",
            "created_at",
        ]
        read_only_fields = fields


class VehicleInputSerializer(serializers.Serializer):
    """Registration fields; the plate pattern, phone, dates and scope are checked by the service."""

    plate = serializers.CharField(max_length=20)
    vehicle_type = serializers.ChoiceField(choices=VehicleType.choices)
    company = serializers.IntegerField()
    driver_name = serializers.CharField(max_length=60)
    driver_phone = serializers.CharField(max_length=20)
    cargo = serializers.CharField(max_length=120, required=False, allow_blank=True)
    route = serializers.CharField(max_length=200, required=False, allow_blank=True)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()


class VehicleUpdateSerializer(VehicleInputSerializer):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class VehicleDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
