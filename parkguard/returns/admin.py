"""Admin: read what the services wrote; plans and runs change only through the services."""

from django.contrib import admin

from parkguard.core.admin import ScopedAdmin

from .models import IsolationSite, PlanEntry, Returnee, ReturnPlan, Room, RunPassenger, TransportRun


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(IsolationSite)
class IsolationSiteAdmin(ScopedAdmin):
    list_display = ("node", "capacity", "observation_days", "officer")
    raw_id_fields = ("node", "officer")
    inlines = [RoomInline]


@admin.register(Returnee)
class ReturneeAdmin(ScopedAdmin):
    list_display = (
        "person",
        "enterprise",
        "origin_code",
        "key_position",
        "earliest_arrival",
        "latest_arrival",
    )
    list_filter = ("key_position",)
    raw_id_fields = ("person", "enterprise", "created_by")


class PlanEntryInline(admin.TabularInline):
    model = PlanEntry
    extra = 0
    can_delete = False
    readonly_fields = ("returnee", "arrival_date", "site", "explanation", "edited")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ReturnPlan)
class ReturnPlanAdmin(ScopedAdmin):
    list_display = ("park", "first_day", "state", "objective", "bound", "solver_status", "created_at")
    list_filter = ("state",)
    raw_id_fields = ("park", "created_by", "approved_by")
    readonly_fields = (
        "state",
        "objective",
        "bound",
        "bound_kind",
        "solver_status",
        "solve_seconds",
        "approved_at",
    )
    inlines = [PlanEntryInline]


class RunPassengerInline(admin.TabularInline):
    model = RunPassenger
    extra = 0
    can_delete = False
    readonly_fields = ("returnee", "entry", "boarding_temperature", "arrival_temperature")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(TransportRun)
class TransportRunAdmin(ScopedAdmin):
    list_display = ("arrival_date", "origin_group", "status", "seats", "vehicle", "leader_name")
    list_filter = ("status",)
    raw_id_fields = ("plan", "vehicle", "vehicle_pass")
    readonly_fields = ("status", "departed_at", "arrived_at")
    inlines = [RunPassengerInline]
