from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import PlanEntry, Returnee, ReturnPlan, ReturnTravel, RunPassenger, TransportRun
from ..registration import FIELDS
from ..wording import explanation_text


class ReturnTravelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReturnTravel
        fields = ["division_code", "date_from", "date_to"]


class BlockSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ReturneeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name_masked", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    origin_group = serializers.CharField(read_only=True)
    travels = ReturnTravelSerializer(many=True, read_only=True)
    blocks = serializers.SerializerMethodField(
        help_text="Origin control's reasons today (empty: may be planned)."
    )
    has_certificate_scan = serializers.SerializerMethodField()

    class Meta:
        model = Returnee
        fields = [
            "id",
            "person",
            "person_name",
            "enterprise",
            "enterprise_name",
            *FIELDS,
            "origin_group",
            "travels",
            "blocks",
            "has_certificate_scan",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(BlockSerializer(many=True))
    def get_blocks(self, obj: Returnee) -> list[dict[str, str]]:
        return [{"code": b.code, "message": b.message} for b in getattr(obj, "blocks", [])]

    def get_has_certificate_scan(self, obj: Returnee) -> bool:
        return bool(obj.certificate_scan)


class NewPersonSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    id_number = serializers.CharField(max_length=18)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class ReturneeWriteSerializer(serializers.ModelSerializer):
    """Input of a registration; the service checks roster, dates, codes, scope and the scan."""

    enterprise = serializers.IntegerField(required=False)
    person = serializers.IntegerField(required=False, allow_null=True)
    new_person = NewPersonSerializer(required=False)
    travels = ReturnTravelSerializer(many=True, required=False)
    symptoms = serializers.ListField(child=serializers.CharField(), required=False)
    family_members = serializers.ListField(child=serializers.CharField(), required=False)
    certificate_scan = serializers.FileField(required=False)

    class Meta:
        model = Returnee
        fields = ["enterprise", "person", "new_person", *FIELDS, "travels", "certificate_scan"]
        extra_kwargs = {"origin_code": {"required": False}}
        validators: list[Any] = []


class PlanEntrySerializer(serializers.ModelSerializer):
    returnee_name = serializers.CharField(source="returnee.person.name_masked", read_only=True)
    reasons = serializers.SerializerMethodField(
        help_text="Why the planner could not place this returnee, in words."
    )

    class Meta:
        model = PlanEntry
        fields = ["id", "returnee", "returnee_name", "arrival_date", "site", "edited", "reasons"]
        read_only_fields = fields

    def get_reasons(self, obj: PlanEntry) -> list[str]:
        return [explanation_text(r, plan=obj.plan, returnee=obj.returnee) for r in obj.explanation]


class ReturnPlanSerializer(serializers.ModelSerializer):
    entries = PlanEntrySerializer(many=True, read_only=True)
    # Plain strings, so the schema's enums of other apps' "state" and "status" keep their names.
    state = serializers.CharField(read_only=True, help_text="solving | failed | draft | approved")
    stage = serializers.CharField(
        read_only=True,
        help_text="the planner's job while solving: queued | loading | solving | writing | done",
    )
    gap = serializers.SerializerMethodField(help_text="(bound − objective) / bound")

    class Meta:
        model = ReturnPlan
        fields = [
            "id",
            "park",
            "state",
            "stage",
            "returnee_count",
            "written_count",
            "error",
            "first_day",
            "horizon_days",
            "observation_days",
            "bus_seats",
            "bus_quota",
            "sites",
            "objective",
            "bound",
            "bound_kind",
            "gap",
            "solver_status",
            "solve_seconds",
            "approved_at",
            "created_at",
            "entries",
        ]
        read_only_fields = fields

    def get_gap(self, obj: ReturnPlan) -> float:
        return 0.0 if obj.bound <= 0 else max(0.0, (obj.bound - obj.objective) / obj.bound)


class PlanRunSerializer(serializers.Serializer):
    park = serializers.IntegerField()
    first_day = serializers.DateField()
    horizon_days = serializers.IntegerField()
    observation_days = serializers.IntegerField(default=14)
    bus_seats = serializers.IntegerField()
    bus_quota = serializers.DictField(child=serializers.IntegerField(), required=False, default=dict)
    sites = serializers.ListField(child=serializers.IntegerField())


class EntryEditSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    arrival_date = serializers.DateField(allow_null=True, required=False, default=None)
    site = serializers.IntegerField(allow_null=True, required=False, default=None)


class RunPassengerSerializer(serializers.ModelSerializer):
    returnee_name = serializers.CharField(source="returnee.person.name_masked", read_only=True)

    class Meta:
        model = RunPassenger
        fields = ["id", "returnee", "returnee_name", "boarding_temperature", "arrival_temperature"]
        read_only_fields = fields


class TransportRunSerializer(serializers.ModelSerializer):
    passengers = RunPassengerSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text="planned | departed | arrived")

    class Meta:
        model = TransportRun
        fields = [
            "id",
            "plan",
            "arrival_date",
            "origin_group",
            "seats",
            "status",
            "vehicle",
            "vehicle_pass",
            "driver_name",
            "leader_name",
            "route",
            "departure_at",
            "arrival_at",
            "departed_at",
            "arrived_at",
            "passengers",
        ]
        read_only_fields = fields


class RunUpdateSerializer(serializers.Serializer):
    vehicle = serializers.IntegerField(required=False, allow_null=True)
    driver_name = serializers.CharField(required=False, allow_blank=True)
    leader_name = serializers.CharField(required=False, allow_blank=True)
    route = serializers.CharField(required=False, allow_blank=True)
    seats = serializers.IntegerField(required=False)
    departure_at = serializers.DateTimeField(required=False, allow_null=True)
    arrival_at = serializers.DateTimeField(required=False, allow_null=True)


class TemperaturesSerializer(serializers.Serializer):
    temperatures = serializers.DictField(
        child=serializers.DecimalField(max_digits=4, decimal_places=1),
        required=False,
        default=dict,
        help_text="Passenger id → °C.",
    )


class StageTemperaturesSerializer(TemperaturesSerializer):
    stage = serializers.CharField(help_text="boarding | arrival")
