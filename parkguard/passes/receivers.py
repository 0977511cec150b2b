"""The passes app listens to one signal: a person's colour status changed (health.signals)."""

from __future__ import annotations

from typing import Any

from parkguard.health.signals import colour_changed


def _on_colour_changed(sender: Any, *, person: Any, before: Any, after: Any, **kwargs: Any) -> None:
    from .services import on_status_changed

    on_status_changed(person, after)


def connect() -> None:
    colour_changed.connect(_on_colour_changed, dispatch_uid="passes.colour_changed")
