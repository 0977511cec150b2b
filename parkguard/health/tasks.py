"""Background work of the health app: re-evaluating a park's colours, refreshing stale statuses."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from . import clock
from .choices import JobStatus
from .models import ManualChange, PersonStatus, ReevaluationJob
from .status import context_for, refresh_status

logger = logging.getLogger(__name__)
# Progress is written after every batch of people, so the page's bar moves without a write per person.
BATCH = 200


def reevaluate(job_id: int) -> None:
    """Re-evaluate everyone of the job's park under the rules and risk areas in force now."""
    from .services import people_of_park

    job = ReevaluationJob.objects.select_related("park").get(pk=job_id)
    people = people_of_park(job.park).order_by("pk")
    ReevaluationJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, total=people.count())
    context = context_for(job.park)
    now = clock.now()
    done = changed = 0
    try:
        for person in people.iterator(chunk_size=BATCH):
            before = PersonStatus.objects.filter(person=person).values_list("colour", flat=True).first()
            with transaction.atomic():
                after = refresh_status(person, at=now, context=context)
            done += 1
            changed += int(before is not None and before != after.colour)
            if done % BATCH == 0:
                ReevaluationJob.objects.filter(pk=job.pk).update(done=done, changed=changed)
    except Exception as exc:
        logger.exception("re-evaluation %s failed", job_id)
        ReevaluationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            done=done,
            changed=changed,
            error=str(exc)[:500],
            finished_at=timezone.now(),
        )
        raise
    ReevaluationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, done=done, changed=changed, finished_at=timezone.now()
    )


def refresh_stale_statuses() -> int:
    """The periodic job (after midnight, and hourly for manual changes that ended): re-evaluate stored
    statuses of an earlier day or whose manual change is no longer in force. Returns how many."""
    now = clock.now()
    start_of_day = timezone.make_aware(dt.datetime.combine(now.date(), dt.time.min))
    ended = ManualChange.objects.exclude(pk__in=ManualChange.objects.in_force(now).values("pk"))
    stale = PersonStatus.objects.filter(evaluated_at__lt=start_of_day) | PersonStatus.objects.filter(
        manual_change__in=ended
    )
    count = 0
    contexts: dict[int | None, object] = {}
    for record in stale.select_related("person__residence", "person__employer").iterator(chunk_size=BATCH):
        person = record.person
        node = person.residence or person.employer
        park = Node.objects.filter(path=node.park_path, kind=NodeKind.PARK).first() if node else None
        key = park.pk if park else None
        if key not in contexts:
            contexts[key] = context_for(park)
        refresh_status(person, at=now, context=contexts[key])  # type: ignore[arg-type]
        count += 1
    return count
