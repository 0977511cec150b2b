"""What the health services share: dates, the actor as a user, a person's node, re-evaluation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkguard.core.tasks import enqueue
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from ..models import ReevaluationJob, RuleSet

REEVALUATE_TASK = "parkguard.health.tasks.reevaluate"


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="date_format") from None


def _node_of(person: Person) -> Node | None:
    return person.residence or person.employer


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def reevaluation_start(
    *, park: Node, actor: Any = None, ruleset: RuleSet | None = None, cause: str = ""
) -> ReevaluationJob:
    """A job that re-evaluates every person of the park, run in the background after commit."""
    job = ReevaluationJob.objects.create(park=park, ruleset=ruleset, cause=cause[:200])
    enqueue(REEVALUATE_TASK, job.pk)
    return job


def people_of_park(park: Node):  # type: ignore[no-untyped-def]
    """Everyone living or employed in the park (scoped by the park's subtree, not by a user)."""
    from django.db.models import Q

    return Person.objects.filter(
        Q(residence__path__startswith=park.path) | Q(employer__path__startswith=park.path)
    ).select_related("residence", "employer")
