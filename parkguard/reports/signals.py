"""Keeping the roll-up's kept totals exact (``RollupPartial``): every ORM write of a report or a node
deletes the totals that counted it, whoever makes it (the services, the admin, a shell).

Bulk writes send no signals (``QuerySet.update``, ``bulk_create``, ``COPY``): their callers call
``rollup.rollup_invalidate`` themselves, or send a signal of their own (a subtree move sends
``hierarchy.signals.subtree_moved``).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_init, post_save

from parkguard.hierarchy.models import Node
from parkguard.hierarchy.signals import subtree_moved

from .models import DailyReport
from .rollup import rollup_invalidate, rollup_invalidate_report


def _remember_origin(sender: Any, instance: DailyReport, **kwargs: Any) -> None:
    # Where the report was when loaded (an admin edit can change its site or date); read from the
    # instance's dict so that a deferred field is not fetched.
    instance._rollup_origin = (instance.__dict__.get("site_id"), instance.__dict__.get("date"))


def _report_saved(sender: Any, instance: DailyReport, **kwargs: Any) -> None:
    rollup_invalidate_report(instance)
    site_id, date = getattr(instance, "_rollup_origin", (None, None))
    if site_id is not None and date is not None and (site_id, date) != (instance.site_id, instance.date):
        rollup_invalidate_report(instance, site_id=site_id, date=date)
    instance._rollup_origin = (instance.site_id, instance.date)
    instance._rollup_invalidated = (instance.site_id, instance.date)


def _report_deleted(sender: Any, instance: DailyReport, **kwargs: Any) -> None:
    rollup_invalidate_report(instance)


def _node_saved(sender: Any, instance: Node, created: bool, **kwargs: Any) -> None:
    # A new node has no report yet; a saved one may have changed kind (a site that stops or starts
    # counting): its parent's totals of every date go.
    if not created and instance.parent_id is not None:
        rollup_invalidate(holders=[instance.parent_id])


def _node_deleted(sender: Any, instance: Node, **kwargs: Any) -> None:
    if instance.parent_id is not None:
        rollup_invalidate(holders=[instance.parent_id])


def _subtree_moved(
    sender: Any, node: Node, old_parent_id: int | None, new_parent_id: int, **kwargs: Any
) -> None:
    # The old and the new parent's totals no longer add up (hierarchy.services.move_subtree).
    rollup_invalidate(holders=[pk for pk in (old_parent_id, new_parent_id) if pk is not None])


def connect() -> None:
    post_init.connect(_remember_origin, sender=DailyReport, dispatch_uid="reports.rollup.origin")
    post_save.connect(_report_saved, sender=DailyReport, dispatch_uid="reports.rollup.report_saved")
    post_delete.connect(_report_deleted, sender=DailyReport, dispatch_uid="reports.rollup.report_deleted")
    post_save.connect(_node_saved, sender=Node, dispatch_uid="reports.rollup.node_saved")
    post_delete.connect(_node_deleted, sender=Node, dispatch_uid="reports.rollup.node_deleted")
    subtree_moved.connect(_subtree_moved, sender=Node, dispatch_uid="reports.rollup.subtree_moved")
