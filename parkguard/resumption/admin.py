"""Admin: read what the services wrote; states change only through the services (workflow.py)."""

from django.contrib import admin

from parkguard.core.admin import ScopedAdmin

from .models import Application, ParkSettings, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "actor", "reason", "effective_on", "created_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ("enterprise", "state", "mode", "planned_date", "green_channel", "due_at")
    list_filter = ("state", "mode", "green_channel")
    raw_id_fields = ("enterprise", "created_by")
    readonly_fields = ("state", "mode", "submitted_at", "due_at", "decided_at", "resumed_on")
    inlines = [TransitionInline]


@admin.register(ParkSettings)
class ParkSettingsAdmin(ScopedAdmin):
    list_display = ("park", "mode", "spot_check_percent", "review_hours", "green_channel_hours")
    raw_id_fields = ("park",)
