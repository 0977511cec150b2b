from django.contrib import admin

from parkguard.core.admin import ScopedAdmin

from .models import Person


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    """Read-only and masked: changes go through people.services, reveals through the audited page."""

    list_display = ("name", "id_number_masked", "phone_masked", "residence", "employer")
    fields = ("name", "id_number_masked", "phone_masked", "residence", "employer", "origin_code")
    readonly_fields = fields
    search_fields = ("name",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
