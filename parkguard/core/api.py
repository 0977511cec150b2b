"""Base API classes: every viewset filters with ``visible_to`` and maps service errors to 400."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import GenericViewSet

from .errors import RateLimited, ScopeError


class ScopedViewSetMixin:
    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().visible_to(self.request.user)  # type: ignore[misc]


class ScopedGenericViewSet(ScopedViewSetMixin, GenericViewSet):
    pass


def _messages(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}
    return {"detail": [str(m) for m in exc.messages], "code": exc.error_list[0].code}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ScopeError):
        return Response(_messages(exc), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RateLimited):
        return Response(_messages(exc), status=status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(_messages(exc))
    return drf_exception_handler(exc, context)
