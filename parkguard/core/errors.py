"""Errors that services raise: a message for people (zh-hans first, English on request) and a code.

Views and the API turn them into a form error or a 400 answer; nothing is half-written because every
service runs in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A business rule refused an action. Subclass of ``ValidationError`` so forms and DRF show it."""


class ScopeError(ServiceError):
    """The actor may not act on this part of the hierarchy."""


class RateLimited(ServiceError):
    """The actor has made too many of these requests lately (HTTP 429 in the API)."""
