"""Finding a park for the passes commands: by id, by issuer id or by name."""

from __future__ import annotations

from django.core.management.base import CommandError

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.passes.models import Issuer


def park_get(text: str) -> Node:
    """A park by its node id, its issuer id or its exact name; ``CommandError`` otherwise."""
    text = (text or "").strip()
    parks = Node.objects.filter(kind=NodeKind.PARK)
    park = None
    if text.isdigit():
        park = parks.filter(pk=int(text)).first()
    if park is None:
        issuer = Issuer.objects.filter(issuer_id=text).select_related("park").first()
        park = issuer.park if issuer else parks.filter(name=text).first()
    if park is None:
        raise CommandError(f"no park {text!r} (give its id, its issuer id or its name) / 找不到园区 {text!r}")
    return park
