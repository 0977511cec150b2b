"""The lifecycle of a resumption application as one explicit table, and who may take each step.

    draft ─submit→ submitted ─inspect→ inspected ─approve→ approved ─resume→ resumed ─suspend→ suspended
      ↑              │  └────return / reject──┘                                 ↑                │
    returned ←───────┘ (filing mode: submit → filed ─resume→ resumed)         └──────lift───────┘

A step not in the table is refused with the state the application is in. Roles act only inside their
scope; the supervising department's staff are the members of its task force (reports/authority.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Role
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of

from .choices import Action, Mode, State

ENTERPRISE_SIDE = frozenset({Role.ENTERPRISE_CONTACT, Role.PARK_COMMANDER})
INSPECTORS = frozenset({Role.GRID_OFFICIAL, Role.AREA_LEADER})
# Beside the supervising department's staff, the command may decide.
DECIDERS = frozenset({Role.PARK_COMMANDER})
SUSPENDERS = frozenset({Role.GRID_OFFICIAL, Role.AREA_LEADER, Role.PARK_COMMANDER})

ENTERPRISE, INSPECTOR, DEPARTMENT, REVIEWER, OFFICIAL = (
    "enterprise",
    "inspector",
    "department",
    "reviewer",
    "official",
)


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str
    who: str
    needs_reason: bool = False


TRANSITIONS: dict[str, Step] = {
    Action.SUBMIT: Step(frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, ENTERPRISE),
    Action.INSPECT: Step(frozenset({State.SUBMITTED}), State.INSPECTED, INSPECTOR),
    Action.APPROVE: Step(frozenset({State.INSPECTED}), State.APPROVED, DEPARTMENT),
    Action.RETURN: Step(frozenset({State.SUBMITTED, State.INSPECTED}), State.RETURNED, REVIEWER, True),
    Action.REJECT: Step(frozenset({State.SUBMITTED, State.INSPECTED}), State.REJECTED, REVIEWER, True),
    Action.RESUME: Step(frozenset({State.APPROVED, State.FILED}), State.RESUMED, ENTERPRISE),
    Action.SUSPEND: Step(frozenset({State.RESUMED}), State.SUSPENDED, OFFICIAL, True),
    Action.LIFT: Step(frozenset({State.SUSPENDED}), State.RESUMED, OFFICIAL, True),
}


def target_of(action: str, mode: str) -> str:
    """Where ``action`` leads; in filing mode an application resumes on filing (备案制)."""
    if action == Action.SUBMIT and mode == Mode.FILING:
        return State.FILED
    return TRANSITIONS[action].target


def check_allowed(action: str, state: str) -> Step:
    step = TRANSITIONS.get(action)
    if step is None:
        raise ServiceError(_("Unknown action."), code="unknown_action")
    if state not in step.sources:
        raise ServiceError(
            _("This application is “%(state)s”: “%(action)s” is not possible now."),
            code="not_allowed",
            params={"state": State(state).label, "action": Action(action).label},
        )
    return step


def is_department_staff(actor: Any, application: Any) -> bool:
    department = application.enterprise.node.supervising_department
    if department is None or department.task_force_id is None:
        return False
    return any(
        m.role == Role.TASK_FORCE_MEMBER and m.node_id == department.task_force_id
        for m in actor.memberships_cached
    )


def may(actor: Any, who: str, application: Any) -> bool:
    """Whether ``actor`` plays the part ``who`` for this application (scope checked apart)."""
    if actor.is_superuser:
        return True
    if who == ENTERPRISE:
        return actor.has_role(*ENTERPRISE_SIDE)
    if who == INSPECTOR:
        return actor.has_role(*INSPECTORS)
    if who == DEPARTMENT:
        return actor.has_role(*DECIDERS) or is_department_staff(actor, application)
    if who == REVIEWER:
        return actor.has_role(*INSPECTORS, *DECIDERS) or is_department_staff(actor, application)
    if who == OFFICIAL:
        return actor.has_role(*SUSPENDERS) or is_department_staff(actor, application)
    return False


def check_scope_node(actor: Any, node: Any) -> None:
    if not scope_of(actor).covers_path(node.path):
        raise ScopeError(_("This enterprise is outside your scope."), code="out_of_scope")


def check_scope(actor: Any, application: Any) -> None:
    check_scope_node(actor, application.enterprise.node)


def no_permission() -> ScopeError:
    return ScopeError(_("Your role may not do this."), code="no_permission")


def check_may(actor: Any, action: str, application: Any) -> None:
    check_scope(actor, application)
    if not may(actor, TRANSITIONS[action].who, application):
        raise ScopeError(
            _("Your role may not take the step “%(action)s”."),
            code="no_permission",
            params={"action": Action(action).label},
        )


def allowed_actions(actor: Any, application: Any) -> list[str]:
    """The steps ``actor`` may take now (for the page's buttons and the API)."""
    if not scope_of(actor).covers_path(application.enterprise.node.path):
        return []
    return [
        action
        for action, step in TRANSITIONS.items()
        if application.state in step.sources and may(actor, step.who, application)
    ]


def may_spot_check(actor: Any, application: Any) -> bool:
    pending = application.spot_check and application.spot_checked_at is None
    if not pending or application.state not in (State.FILED, State.RESUMED, State.SUSPENDED):
        return False
    return scope_of(actor).covers_path(application.enterprise.node.path) and may(
        actor, INSPECTOR, application
    )
