from django.contrib import admin

from parkguard.core.admin import ScopedAdmin

from .models import Department, Node


@admin.register(Node)
class NodeAdmin(ScopedAdmin):
    list_display = ("name", "kind", "division_code", "division_code_year", "depth")
    list_filter = ("kind",)
    search_fields = ("name", "division_code")
    readonly_fields = ("parent", "kind", "path", "depth")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Tree writes go through hierarchy.services (paths, serialisation, audit).
        return False


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("name", "park")
