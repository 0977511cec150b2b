"""Admin classes that filter through ``visible_to`` like every other reader."""

from __future__ import annotations

from django.contrib import admin


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).visible_to(request.user)
