"""Scanning at a checkpoint, checking a person by id number, configuring checkpoints.

Every scan is logged, whatever its outcome, in the same transaction as nothing else: a scan is a read of
the pass and a write of the log. Bad input (garbage, oversized text, a tampered pass) is a refusal with a
reason, never an exception: the verifier handles it and the log records the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Capability, Role
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record, diff, snapshot
from parkguard.core.errors import RateLimited, ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.models import Node
from parkguard.lib.codes import validate_id_number
from parkguard.passcodec.reasons import Reason

from . import verifying
from .choices import CHECKPOINT_KINDS, ColourPolicy, Direction, LaneKind, Outcome, OwnScope, ScanMethod
from .models import Checkpoint, Lane, ScanEvent
from .reasons import LocalReason, message_for, reason_text

_CONFIG_FIELDS = ("yellow", "red", "own_scope", "active")


@dataclass(frozen=True)
class ScanResult:
    """What the guard's screen shows after a scan: the outcome, why, and who (masked)."""

    outcome: str
    reason: str
    message: str
    message_en: str
    message_zh: str
    colour: str
    subject: str
    kind: str
    direction: str
    checkpoint: str
    issuer: str
    expires_at: dt.datetime | None
    scanned_at: dt.datetime
    event_id: int

    @property
    def allowed(self) -> bool:
        return self.outcome == Outcome.ALLOWED

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("expires_at", "scanned_at"):
            data[name] = data[name].isoformat() if data[name] else None
        return data


# --- who may scan where ---------------------------------------------------------------------------


def can_scan_at(user: Any, checkpoint: Checkpoint) -> bool:
    """A gate guard of this gate, or an official with the scan capability whose scope covers it."""
    if not getattr(user, "is_authenticated", False) or not user.has_capability(Capability.SCAN_PASSES):
        return False
    if scope_of(user).covers_path(checkpoint.node.path):
        return True
    return any(m.role == Role.GATE_GUARD and m.node_id == checkpoint.node_id for m in user.memberships_cached)


def _check_guard(user: Any, checkpoint: Checkpoint) -> None:
    if not can_scan_at(user, checkpoint):
        raise ScopeError(_("You may not check passes at this checkpoint."), code="no_permission")


def _lane(checkpoint: Checkpoint, lane: Lane | None) -> Lane:
    if lane is None:
        lane = checkpoint.lanes.first()
        if lane is None:
            raise ServiceError(_("This checkpoint has no lanes configured."), code="no_lane")
    elif lane.checkpoint_id != checkpoint.pk:
        raise ServiceError(_("This lane belongs to another checkpoint."), code="lane_checkpoint")
    return lane


def _direction(lane: Lane, asked: str) -> str:
    direction = lane.direction_for(asked or "")
    if direction not in Direction.values:
        raise ServiceError(_("Choose a direction: in or out."), code="direction")
    return direction


# --- scanning ---------------------------------------------------------------------------------------


def _outcome(checkpoint: Checkpoint, check: verifying.Checked) -> tuple[str, str]:
    """(outcome, reason code) of a verified pass at this checkpoint."""
    if not checkpoint.active:
        return Outcome.REFUSED, LocalReason.CHECKPOINT_CLOSED
    if not check.verdict.ok:
        return Outcome.REFUSED, str(check.verdict.reason)
    if not check.in_scope:
        return Outcome.REFUSED, LocalReason.OUT_OF_SCOPE
    return _by_colour(checkpoint, check.verdict.claims.colour)


def _by_colour(checkpoint: Checkpoint, colour: str) -> tuple[str, str]:
    policy = checkpoint.policy_for(colour)
    if policy == ColourPolicy.ALLOW:
        return Outcome.ALLOWED, Reason.OK
    if policy == ColourPolicy.CHECK:
        return Outcome.CHECK, LocalReason.COLOUR_CHECK
    return Outcome.REFUSED, LocalReason.COLOUR_REFUSED


def scan(
    checkpoint: Checkpoint,
    token: str,
    *,
    guard: Any,
    direction: str,
    lane: Lane | None = None,
    now: dt.datetime | None = None,
) -> ScanResult:
    """Verify ``token`` at ``checkpoint`` and log the scan. Refusals are results, not errors.

    Raises only when the guard may not scan here or the lane/direction is not one of the checkpoint's.
    """
    _check_guard(guard, checkpoint)
    lane = _lane(checkpoint, lane)
    direction = _direction(lane, direction)
    now = now or timezone.now()
    kind = None if lane.kind == LaneKind.BOTH else lane.kind
    check = verifying.check(checkpoint, token if isinstance(token, str) else "", kind=kind, now=now)
    outcome, reason = _outcome(checkpoint, check)
    claims = check.verdict.claims
    with transaction.atomic():
        event = ScanEvent.objects.create(
            checkpoint=checkpoint,
            node=checkpoint.node,
            lane=lane,
            scanned_at=now,
            guard=guard,
            method=ScanMethod.PASS,
            direction=direction,
            result=outcome,
            reason=reason,
            kind=str(claims.kind) if claims else "",
            colour=claims.colour if claims else "",
            pass_id_hash=verifying.pass_hash(claims.pass_id) if claims else "",
            pseudonym=claims.pseudonym.hex() if claims else "",
            issuer=claims.issuer if claims else "",
            subject_masked=claims.subject[:40] if claims else "",
            pass_ref=check.pass_obj,
            person=check.person,
        )
    return _result(event, claims.expires_at if claims else None)


def _result(event: ScanEvent, expires_at: int | None) -> ScanResult:
    en, zh = reason_text(event.reason)
    return ScanResult(
        outcome=event.result,
        reason=event.reason,
        message=message_for(event.reason, get_language() or "zh-hans"),
        message_en=en,
        message_zh=zh,
        colour=event.colour,
        subject=event.subject_masked,
        kind=event.kind,
        direction=event.direction,
        checkpoint=event.checkpoint.node.name,
        issuer=event.issuer,
        expires_at=dt.datetime.fromtimestamp(expires_at, tz=dt.UTC) if expires_at else None,
        scanned_at=event.scanned_at,
        event_id=event.pk,
    )


# --- a person without a phone: checked by id number -------------------------------------------------


@transaction.atomic
def check_by_id_number(
    checkpoint: Checkpoint,
    id_number: str,
    *,
    guard: Any,
    direction: str,
    lane: Lane | None = None,
    now: dt.datetime | None = None,
) -> ScanResult:
    """The colour and masked name of the person with this id number, as a scan. Audited like a reveal.

    A guard sees no lists of people (their reach is themselves), so the look-up is by the exact blind
    index only, at their own gate, and every look-up (found or not) writes an audit event.
    """
    _check_guard(guard, checkpoint)
    lane = _lane(checkpoint, lane)
    direction = _direction(lane, direction)
    if lane.kind == LaneKind.VEHICLE:
        raise ServiceError(_("A vehicle lane checks vehicle passes only."), code="wrong_kind")
    now = now or timezone.now()
    _check_id_check_limit(guard, now)
    validate_id_number(id_number)  # a mistyped number is an error to fix, not "nobody found"
    person = verifying.person_by_id_number(id_number)
    colour = verifying.colour_of(person) if person else ""
    if person is None:
        outcome, reason = Outcome.REFUSED, LocalReason.PERSON_NOT_FOUND
    elif not colour:
        outcome, reason = Outcome.REFUSED, LocalReason.NO_COLOUR
    elif not checkpoint.active:
        outcome, reason = Outcome.REFUSED, LocalReason.CHECKPOINT_CLOSED
    else:
        outcome, reason = _by_colour(checkpoint, colour)
    event = ScanEvent.objects.create(
        checkpoint=checkpoint,
        node=checkpoint.node,
        lane=lane,
        scanned_at=now,
        guard=guard,
        method=ScanMethod.ID_NUMBER,
        direction=direction,
        result=outcome,
        reason=reason,
        kind=LaneKind.PERSON if person else "",
        colour=colour,
        subject_masked=person.name_masked if person else "",
        person=person,
    )
    audit_record(
        actor=guard,
        action=AuditAction.REVEAL,
        obj=person or checkpoint,
        node=checkpoint.node,
        changes={
            "fields": ["colour"],
            "via": "id_number_check",
            "found": person is not None,
            "scan": event.pk,
        },
        label=None if person else f"{checkpoint}: id-number check, not found",
    )
    return _result(event, None)


def _check_id_check_limit(guard: Any, now: dt.datetime) -> None:
    """Refuse a guard's check beyond ``ID_CHECK_LIMIT`` in the last ``ID_CHECK_WINDOW_MINUTES``.

    Counted from the scan log (every check, found or not, is a row), so the limit holds across web
    workers and restarts. The guard's lock row serialises two checks of one guard at once.
    """
    window = dt.timedelta(minutes=settings.ID_CHECK_WINDOW_MINUTES)
    list(get_user_model().objects.select_for_update().filter(pk=guard.pk).values_list("pk", flat=True))
    recent = ScanEvent.objects.filter(
        guard=guard, method=ScanMethod.ID_NUMBER, scanned_at__gt=now - window
    ).count()
    if recent >= settings.ID_CHECK_LIMIT:
        raise RateLimited(
            _(
                "Too many id-number checks: at most %(limit)s in %(minutes)s minutes. "
                "Ask the person for their pass, or wait."
            )
            % {"limit": settings.ID_CHECK_LIMIT, "minutes": settings.ID_CHECK_WINDOW_MINUTES},
            code="too_many_checks",
        )


# --- configuration ----------------------------------------------------------------------------------


def _check_manager(actor: Any, node: Node) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_capability(Capability.MANAGE_PASS_KEYS):
        raise ScopeError(_("You may not configure checkpoints."), code="no_permission")
    if not scope_of(actor).covers_path(node.path):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")


def _check_choices(fields: dict[str, Any]) -> None:
    for name in ("yellow", "red"):
        if name in fields and fields[name] not in ColourPolicy.values:
            raise ServiceError(_("A colour is allowed, checked or refused."), code="colour_policy")
    if "own_scope" in fields and fields["own_scope"] not in OwnScope.values:
        raise ServiceError(_("Choose whose passes this checkpoint accepts."), code="own_scope")
    if "active" in fields and not isinstance(fields["active"], bool):
        raise ServiceError(_("A checkpoint is in service or not."), code="active")


@transaction.atomic
def checkpoint_configure(
    *, actor: Any, node: Node, partners: list[Any] | None = None, **fields: Any
) -> Checkpoint:
    """Create or change the configuration of the checkpoint at ``node`` (a checkpoint or a compound).

    A new checkpoint gets one lane that takes people and vehicles, direction chosen per scan.
    """
    _check_manager(actor, node)
    if node.kind not in CHECKPOINT_KINDS:
        raise ServiceError(_("Only checkpoints and compounds have gates."), code="checkpoint_kind")
    unknown = set(fields) - set(_CONFIG_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(sorted(unknown))}
        )
    _check_choices(fields)
    if partners is not None and any(p.park.path != node.park_path for p in partners):
        raise ServiceError(_("A checkpoint accepts only the partners of its own park."), code="partner_park")
    checkpoint, created = Checkpoint.objects.get_or_create(node=node)
    before = {} if created else snapshot(checkpoint, _CONFIG_FIELDS)
    for name, value in fields.items():
        setattr(checkpoint, name, value)
    checkpoint.save()
    if created:
        Lane.objects.create(checkpoint=checkpoint, name=str(_("Main lane")), kind=LaneKind.BOTH)
    if partners is not None:
        checkpoint.partners.set(partners)
    changes = diff(before, snapshot(checkpoint, _CONFIG_FIELDS))
    if partners is not None:
        changes["partners"] = sorted(p.pk for p in partners)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=checkpoint,
        node=node,
        changes=changes,
    )
    return checkpoint


@transaction.atomic
def lane_save(
    *, actor: Any, checkpoint: Checkpoint, name: str, kind: str, direction: str = "", lane: Lane | None = None
) -> Lane:
    """Add a lane to a checkpoint, or change one."""
    _check_manager(actor, checkpoint.node)
    name = name.strip()
    if not name:
        raise ServiceError(_("A lane needs a name."), code="lane_name")
    if kind not in LaneKind.values:
        raise ServiceError(_("A lane takes people, vehicles or both."), code="lane_kind")
    if direction not in ("", *Direction.values):
        raise ServiceError(_("Choose a direction: in or out."), code="direction")
    if lane is not None and lane.checkpoint_id != checkpoint.pk:
        raise ServiceError(_("This lane belongs to another checkpoint."), code="lane_checkpoint")
    if checkpoint.lanes.filter(name=name).exclude(pk=getattr(lane, "pk", None)).exists():
        raise ServiceError(_("This checkpoint already has a lane of that name."), code="lane_duplicate")
    created = lane is None
    lane = lane or Lane(checkpoint=checkpoint, order=checkpoint.lanes.count())
    before = {} if created else snapshot(lane, ("name", "kind", "direction"))
    lane.name, lane.kind, lane.direction = name, kind, direction
    lane.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=lane,
        node=checkpoint.node,
        changes=diff(before, snapshot(lane, ("name", "kind", "direction"))),
    )
    return lane


# --- contact tracing --------------------------------------------------------------------------------

TRACE_MAX_DAYS = 31
TRACE_MAX_ROWS = 5000


@dataclass(frozen=True)
class Trace:
    """The answer to "who passed here between these times": scans, oldest first, names masked."""

    checkpoint: Checkpoint | None
    start: dt.datetime
    end: dt.datetime
    scans: list[ScanEvent]
    truncated: bool


@transaction.atomic
def trace_contacts(
    *,
    actor: Any,
    start: dt.datetime,
    end: dt.datetime,
    checkpoint: Checkpoint | None = None,
    pseudonym: str = "",
) -> Trace:
    """Who passed ``checkpoint`` (or any checkpoint in scope) between two times. Audited like a reveal.

    ``checkpoint`` must come from ``selectors.tracing_checkpoints(user=actor)``; the scope is re-checked.
    """
    from . import selectors

    if not selectors.can_trace(actor):
        raise ScopeError(_("You may not query the scan log."), code="no_permission")
    if (
        checkpoint is not None
        and not selectors.tracing_checkpoints(user=actor).filter(pk=checkpoint.pk).exists()
    ):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if end <= start:
        raise ServiceError(_("The end of the period must come after its start."), code="period_order")
    if end - start > dt.timedelta(days=TRACE_MAX_DAYS):
        raise ServiceError(
            _("A query covers at most %(days)s days."), params={"days": TRACE_MAX_DAYS}, code="period_long"
        )
    scans = selectors.scan_list(user=actor, checkpoint=checkpoint, start=start, end=end, pseudonym=pseudonym)
    rows = list(scans.order_by("scanned_at", "id")[: TRACE_MAX_ROWS + 1])
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        obj=checkpoint or actor,
        node=checkpoint.node if checkpoint else None,
        changes={
            "query": "contact_tracing",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "pseudonym": pseudonym,
            "results": min(len(rows), TRACE_MAX_ROWS),
        },
        label=f"{checkpoint.node.name if checkpoint else '*'}: contact tracing",
    )
    return Trace(checkpoint, start, end, rows[:TRACE_MAX_ROWS], len(rows) > TRACE_MAX_ROWS)


def trace_reveal(*, actor: Any, event: ScanEvent, reason: str = "") -> dict[str, str]:
    """The full name, id number and phone of the person of one scan (through the people's reveal).

    ``event`` must come from ``selectors.scan_list(user=actor)``. Partner passes name nobody here.
    """
    from parkguard.people.services import person_reveal

    if event.person is None:
        raise ServiceError(_("This scan names nobody registered here."), code="no_person")
    revealed = person_reveal(
        actor=actor, person=event.person, reason=reason or f"contact tracing, scan {event.pk}"
    )
    return {"name": event.person.name, **revealed}
