"""Base views: they apply ``visible_to`` before any handler runs, so a view only declares its queryset."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.generic import DetailView, ListView


def errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: each field's errors beside it, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ScopedMixin(LoginRequiredMixin):
    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().visible_to(self.request.user)  # type: ignore[misc]


class ScopedListView(ScopedMixin, ListView):
    paginate_by = 50


class ScopedDetailView(ScopedMixin, DetailView):
    """Out of scope looks exactly like missing: 404."""


def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
