"""Reads of the health app, each through the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .models import (
    Declaration,
    ManualChange,
    PersonStatus,
    ReevaluationJob,
    RiskArea,
    RuleSet,
    park_paths_around,
)
from .services import RESIDENCE_KINDS


def person_queryset(*, user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("residence", "employer")


def declaration_list(*, user: Any, day: dt.date | None = None) -> QuerySet[Declaration]:
    rows = (
        Declaration.objects.visible_to(user).select_related("person", "residence").prefetch_related("travels")
    )
    return rows.filter(date=day) if day else rows


def declaration_prefill(*, person: Person, today: dt.date) -> dict[str, Any]:
    """Residence and travel from today's (a correction) or the latest earlier declaration; never the
    health answers, which are asked afresh every day."""
    source = (
        Declaration.objects.filter(person=person, date__lte=today)
        .prefetch_related("travels")
        .order_by("-date")
        .first()
    )
    if source is None:
        return {"residence": person.residence_id, "travels": []}
    travels = [
        {"division_code": t.division_code, "date_from": t.date_from, "date_to": t.date_to, "place": t.place}
        for t in source.travels.all()
    ]
    return {
        "residence": source.residence_id or person.residence_id,
        "travels": travels,
        "from_date": source.date,
    }


def residence_choices(*, person: Person) -> QuerySet[Node]:
    """Compounds and buildings of the person's park (a resident sees no nodes through their scope)."""
    node = person.residence or person.employer
    if node is None or not node.park_path:
        return Node.objects.none()
    return Node.objects.filter(path__startswith=node.park_path, kind__in=RESIDENCE_KINDS).order_by("path")


def parks(*, user: Any) -> QuerySet[Node]:
    """Parks whose node is in the user's scope (the command's)."""
    return Node.objects.visible_to(user).filter(kind=NodeKind.PARK)


def parks_around(*, user: Any) -> QuerySet[Node]:
    """Parks in scope, and the parks that hold the user's subtrees: whose health policy they read."""
    paths = park_paths_around(user)
    return (parks(user=user) | Node.objects.filter(kind=NodeKind.PARK, path__in=paths)).distinct()


def risk_area_list(*, user: Any, active_on: dt.date | None = None) -> QuerySet[RiskArea]:
    areas = RiskArea.objects.visible_to(user).select_related("park")
    if active_on is not None:
        areas = areas.filter(valid_from__lte=active_on).exclude(valid_to__lt=active_on)
    return areas


def risk_area_history(*, user: Any) -> QuerySet[Any]:
    park_ids = parks_around(user=user).values("pk")
    return (
        RiskArea.history.filter(park_id__in=park_ids)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def ruleset_list(*, user: Any) -> QuerySet[RuleSet]:
    return RuleSet.objects.visible_to(user).select_related("park", "created_by")


def job_list(*, user: Any, park: Node) -> QuerySet[ReevaluationJob]:
    return ReevaluationJob.objects.visible_to(user).filter(park=park)


def status_queryset(*, user: Any) -> QuerySet[PersonStatus]:
    return PersonStatus.objects.visible_to(user).select_related("person")


def manual_change_list(*, user: Any, status: str | None = None) -> QuerySet[ManualChange]:
    changes = ManualChange.objects.visible_to(user).select_related("person", "requested_by", "decided_by")
    return changes.filter(status=status) if status else changes
