"""Who may do what in the daily cycle, and where a report stands in its window.

A report goes draft → submitted; a submitted report can be submitted again until its deadline, and
after it only as a correction with a reason (audited). Windows are local times on the report's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Role
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from .models import DailyReport, Flag, ReportTemplate

# The enterprise contact or the grid official fills the form; officials above them may step in.
REPORTERS = frozenset({Role.ENTERPRISE_CONTACT, Role.GRID_OFFICIAL, Role.AREA_LEADER, Role.PARK_COMMANDER})
# The command (指挥部) owns the forms.
TEMPLATE_EDITORS = frozenset({Role.PARK_COMMANDER, Role.TASK_FORCE_MEMBER})
# The command issues a park's bulletin; the national office issues the national one.
BULLETIN_ISSUERS = frozenset({Role.PARK_COMMANDER})
# Besides the official the flag is assigned to, the officials over the site may close it.
FLAG_CLOSERS = frozenset({Role.PARK_COMMANDER, Role.TASK_FORCE_MEMBER, Role.AREA_LEADER, Role.GRID_OFFICIAL})


def _covers(actor: Any, node: Node) -> bool:
    return scope_of(actor).covers_path(node.path)


def can_report(actor: Any, site: Node) -> bool:
    if not _covers(actor, site):
        return False
    return bool(actor.is_superuser or actor.has_role(*REPORTERS))


def can_edit_templates(actor: Any, park: Node) -> bool:
    if not _covers(actor, park):
        return False
    return bool(actor.is_superuser or actor.has_role(*TEMPLATE_EDITORS))


def can_generate_bulletin(actor: Any, node: Node) -> bool:
    if actor is None:  # the scheduled task
        return True
    if actor.is_superuser:
        return True
    if node.kind == NodeKind.NATIONAL:
        return bool(scope_of(actor).aggregates_everywhere and actor.has_role(Role.NATIONAL_OFFICER))
    return _covers(actor, node) and bool(actor.has_role(*BULLETIN_ISSUERS))


def check_can_generate_bulletin(actor: Any, node: Node) -> None:
    if not can_generate_bulletin(actor, node):
        raise ScopeError(_("Only the command may issue the daily bulletin."), code="no_permission")


def can_close_flag(actor: Any, flag: Flag) -> bool:
    if not _covers(actor, flag.site):
        return False
    return bool(actor.is_superuser or flag.assigned_to_id == actor.pk or actor.has_role(*FLAG_CLOSERS))


def check_can_close_flag(actor: Any, flag: Flag) -> None:
    if not _covers(actor, flag.site):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if not can_close_flag(actor, flag):
        raise ScopeError(
            _("Only the responsible official or an official over the site may close this red flag."),
            code="no_permission",
        )


def check_can_report(actor: Any, site: Node) -> None:
    if not _covers(actor, site):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if not can_report(actor, site):
        raise ScopeError(_("You may not file reports for this site."), code="no_permission")


def check_can_edit_templates(actor: Any, park: Node) -> None:
    if not _covers(actor, park):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if not can_edit_templates(actor, park):
        raise ScopeError(_("Only the command may change report templates."), code="no_permission")


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def check_period(template: ReportTemplate, period: str) -> None:
    if period not in template.periods:
        raise ServiceError(_("This site does not report for that period."), code="wrong_period")


def check_window_open(template: ReportTemplate, day: dt.date, period: str, now: dt.datetime) -> None:
    """A new report (or draft) is accepted from its window's opening until the end of its date."""
    opens, _deadline = template.window(period)
    if day > now.date() or (day == now.date() and now < at(day, opens)):
        raise ServiceError(
            _("This report cannot be filed yet: its window opens at %(time)s on %(date)s."),
            code="window_not_open",
            params={"time": opens.strftime("%H:%M"), "date": day.isoformat()},
        )
    if day < now.date():
        raise ServiceError(
            _("The window for this report has closed; it stays missing."), code="window_closed"
        )


def is_past_deadline(report: DailyReport, now: dt.datetime) -> bool:
    _opens, deadline = report.template.window(report.period)
    return now > at(report.date, deadline)
