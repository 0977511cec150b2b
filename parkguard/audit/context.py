"""The request a service runs in (address, request id), kept in a context variable.

Services take their ``actor`` explicitly; where the request came from is ambient, so that the audit
event records it without every service passing the request along.
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    address: str | None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "audit_request", default=None
)


def current() -> RequestContext | None:
    return _current.get()


def enter(address: str | None, request_id: str | None = None) -> contextvars.Token:
    return _current.set(RequestContext(request_id or str(uuid.uuid4()), address))


def leave(token: contextvars.Token) -> None:
    _current.reset(token)
