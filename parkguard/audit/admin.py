from django.contrib import admin

from parkguard.core.admin import ScopedAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    list_display = ("created_at", "actor", "action", "object_repr", "node", "address")
    list_filter = ("action",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
