"""Counting what is saved, to show that a refused action saved nothing."""

from __future__ import annotations

from parkguard.accounts.models import Assignment, Membership
from parkguard.audit.models import AuditEvent
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

MODELS = (Node, Membership, Assignment, Person, AuditEvent)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}
