from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import context


def client_address(request: HttpRequest) -> str | None:
    # Behind the reverse proxy the address is REMOTE_ADDR as set by it (docs/operations.md).
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.enter(client_address(request), request.headers.get("X-Request-ID"))
        try:
            response = self.get_response(request)
        finally:
            context.leave(token)
        return response
