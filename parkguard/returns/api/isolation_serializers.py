"""Serializers of the central isolation API: sites with occupancy, stays, observations, alerts.

Input serializers only shape the body: the services of ``isolation.py`` check every value (temperature,
slot, dates, reasons, beds) and answer in zh-hans (English on request). Slots, test results and kinds
are plain strings here, so the schema's enums of other apps keep their names.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import IsolationAlert, IsolationSite, IsolationStay, Observation, Room, StayExtension

# --- sites and occupancy ---------------------------------------------------------------------------


class RoomSerializer(serializers.ModelSerializer):
    taken = serializers.IntegerField(read_only=True, help_text="Beds taken by open stays now.")

    class Meta:
        model = Room
        fields = ["id", "number", "beds", "taken"]
        read_only_fields = fields


class IsolationSiteSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="node.name", read_only=True)
    occupied = serializers.SerializerMethodField(help_text="People in isolation here today.")
    free = serializers.SerializerMethodField(help_text="Beds free today.")
    rooms = serializers.SerializerMethodField()

    class Meta:
        model = IsolationSite
        fields = [
            "id",
            "node",
            "name",
            "capacity",
            "observation_days",
            "officer",
            "occupied",
            "free",
            "rooms",
        ]
        read_only_fields = fields

    def get_occupied(self, obj: IsolationSite) -> int:
        return self.context["occupied"].get(obj.pk, 0)

    def get_free(self, obj: IsolationSite) -> int:
        return max(obj.capacity - self.get_occupied(obj), 0)

    @extend_schema_field(RoomSerializer(many=True))
    def get_rooms(self, obj: IsolationSite) -> list[dict[str, Any]]:
        return RoomSerializer(self.context["rooms"].get(obj.pk, []), many=True).data


class OccupancyQuerySerializer(serializers.Serializer):
    # "from" is a Python keyword: the field is named in the view's query.
    start = serializers.DateField(required=False, help_text="First day (YYYY-MM-DD); today by default.")
    days = serializers.IntegerField(required=False, default=14, min_value=1, max_value=60)


class SiteDaysSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    taken = serializers.ListField(child=serializers.IntegerField(), help_text="Beds taken on each day.")
    free = serializers.ListField(child=serializers.IntegerField())


class OccupancyTotalSerializer(serializers.Serializer):
    capacity = serializers.IntegerField()
    taken = serializers.ListField(child=serializers.IntegerField())
    free = serializers.ListField(child=serializers.IntegerField())


class OccupancySerializer(serializers.Serializer):
    days = serializers.ListField(child=serializers.DateField())
    sites = SiteDaysSerializer(many=True)
    total = OccupancyTotalSerializer()


# --- stays -----------------------------------------------------------------------------------------


class IsolationStaySerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.node.name", read_only=True)
    room_number = serializers.CharField(source="room.number", read_only=True)
    person_name = serializers.CharField(source="person.name_masked", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = IsolationStay
        fields = [
            "id",
            "site",
            "site_name",
            "room",
            "room_number",
            "person",
            "person_name",
            "returnee",
            "check_in_date",
            "planned_release",
            "is_open",
            "released_on",
            "early_release_reason",
            "certificate_number",
        ]
        read_only_fields = fields


class ObservationSerializer(serializers.ModelSerializer):
    slot = serializers.CharField(read_only=True, help_text="morning | evening")
    test_result = serializers.CharField(read_only=True, help_text="'' | negative | positive")

    class Meta:
        model = Observation
        fields = [
            "id",
            "date",
            "slot",
            "temperature",
            "symptoms",
            "test_result",
            "note",
            "correction_reason",
            "recorded_at",
        ]
        read_only_fields = fields


class StayExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StayExtension
        fields = ["previous_release", "new_release", "reason", "created_at"]
        read_only_fields = fields


class IsolationAlertSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="fever | positive_test | overdue")
    slot = serializers.CharField(read_only=True, help_text="morning | evening")
    site = serializers.IntegerField(source="stay.site_id", read_only=True)
    person_name = serializers.CharField(source="stay.person.name_masked", read_only=True)
    room_number = serializers.CharField(source="stay.room.number", read_only=True)

    class Meta:
        model = IsolationAlert
        fields = [
            "id",
            "stay",
            "site",
            "person_name",
            "room_number",
            "kind",
            "date",
            "slot",
            "detail",
            "created_at",
            "resolved_at",
        ]
        read_only_fields = fields


class DueSlotSerializer(serializers.Serializer):
    date = serializers.DateField()
    slot = serializers.CharField(help_text="morning | evening")


class IsolationStayDetailSerializer(IsolationStaySerializer):
    observations = ObservationSerializer(many=True, read_only=True)
    extensions = StayExtensionSerializer(many=True, read_only=True)
    alerts = IsolationAlertSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Slots of today and yesterday past their due time with no observation."
    )

    class Meta(IsolationStaySerializer.Meta):
        fields = [*IsolationStaySerializer.Meta.fields, "observations", "extensions", "alerts", "overdue"]
        read_only_fields = fields

    @extend_schema_field(DueSlotSerializer(many=True))
    def get_overdue(self, obj: IsolationStay) -> list[dict[str, Any]]:
        return [{"date": day, "slot": slot} for day, slot in self.context.get("overdue", [])]


class CheckInSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    room = serializers.IntegerField(required=False, allow_null=True, default=None)
    returnee = serializers.IntegerField(required=False, allow_null=True, default=None)
    person = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Someone who is not a returnee."
    )
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Check-in date; today by default."
    )


class RunCheckInSerializer(serializers.Serializer):
    run = serializers.IntegerField()
    site = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Only this site's passengers."
    )


class ObserveSerializer(serializers.Serializer):
    date = serializers.DateField()
    slot = serializers.CharField(help_text="morning | evening")
    temperature = serializers.CharField(max_length=10, help_text="°C, e.g. 36.5")
    symptoms = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    test_result = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="'' | negative | positive"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    correction_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed to correct a slot entered already."
    )


class ExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed before the planned release (and the RELEASE_EARLY capability).",
    )
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Release date; today by default."
    )
