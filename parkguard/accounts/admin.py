from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from parkguard.core.admin import ScopedAdmin

from .models import Assignment, Membership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("ParkGuard", {"fields": ("display_name",)}))


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ("user", "role", "node")
    list_filter = ("role",)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ("node", "role", "user")
