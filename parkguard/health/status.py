"""A person's colour status: what the rest of ParkGuard reads (passes, gates, pages).

``evaluate`` computes the status under the park's rule set in force (or a manual change in force) and
writes nothing; ``refresh_status`` evaluates, stores and — after commit — sends ``colour_changed`` when
the colour, the reasons, the manual flag or the rule-set version changed; ``current_status`` returns the
stored status, re-evaluating first when it is missing or stale (an earlier day, an older rule set, an
expired manual change), since "no declaration for N days" and "within 14 days" move with the calendar.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from parkguard.hierarchy.models import Node

from . import clock
from .choices import Colour
from .models import Declaration, ManualChange, PersonStatus, RiskArea, RuleSet
from .rules import (
    DEFAULT_RULES,
    DeclarationFact,
    Facts,
    IsolationFact,
    RiskAreaFact,
    RuleSpec,
    TravelFact,
    reason_texts,
    run,
    window_days,
)
from .signals import colour_changed

logger = logging.getLogger(__name__)

MANUAL_REASON = "manual_change"


@dataclass(frozen=True)
class Reason:
    code: str
    message: str  # in the language active when the status was read


@dataclass(frozen=True)
class ColourStatus:
    colour: str
    reasons: tuple[Reason, ...]
    ruleset_version: int
    manual: bool
    evaluated_at: dt.datetime
    # The reasons in both languages, as stored (``{"code", "en", "zh"}``).
    stored_reasons: tuple[dict[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def label(self) -> str:
        return str(Colour(self.colour).label)

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    def same_as(self, other: ColourStatus | None) -> bool:
        """Whether nothing a pass or a person would notice changed (the evaluation time aside)."""
        return other is not None and (
            self.colour,
            self.reason_codes,
            self.manual,
            self.ruleset_version,
        ) == (other.colour, other.reason_codes, other.manual, other.ruleset_version)


def _localised(stored: list[dict[str, str]] | tuple[dict[str, str], ...]) -> tuple[Reason, ...]:
    language = "zh" if translation.get_language() == "zh-hans" else "en"
    return tuple(Reason(r["code"], r.get(language) or r.get("en", "")) for r in stored)


def _make(
    colour: str, stored: list[dict[str, str]], version: int, manual: bool, at: dt.datetime
) -> ColourStatus:
    return ColourStatus(
        colour=str(colour),
        reasons=_localised(stored),
        ruleset_version=version,
        manual=manual,
        evaluated_at=at,
        stored_reasons=tuple(stored),
    )


# --- the rules in force -----------------------------------------------------------------------------


def park_of(person: Any) -> Node | None:
    """The park a person belongs to: their residence's, else their employer's."""
    node = person.residence or person.employer
    if node is None or not node.park_path:
        return None
    return Node.objects.filter(path=node.park_path).first()


def default_specs() -> list[RuleSpec]:
    return [
        RuleSpec(10 * i, kind, params, colour, code, en, zh)
        for i, (kind, params, colour, code, en, zh) in enumerate(DEFAULT_RULES, start=1)
    ]


@dataclass(frozen=True)
class Context:
    """The rules and risk areas of one park, read once (a re-evaluation reuses it for every person)."""

    version: int
    rules: tuple[RuleSpec, ...]
    risk_areas: tuple[RiskAreaFact, ...]


def context_for(park: Node | None) -> Context:
    ruleset = RuleSet.objects.latest_for(park.pk) if park is not None else None
    if ruleset is None:
        rules, version = default_specs(), 0
    else:
        rules = [
            RuleSpec(r.order, r.kind, r.params, r.colour, r.reason_code, r.message_en, r.message_zh)
            for r in ruleset.ordered_rules()
        ]
        version = ruleset.version
    areas = RiskArea.objects.filter(park=park) if park is not None else RiskArea.objects.none()
    return Context(
        version=version,
        rules=tuple(rules),
        risk_areas=tuple(
            RiskAreaFact(a.division_code, a.level, a.valid_from, a.valid_to)
            for a in areas.only("division_code", "level", "valid_from", "valid_to")
        ),
    )


def active_version(park: Node | None) -> int:
    if park is None:
        return 0
    latest = RuleSet.objects.filter(park=park).order_by("-version").values_list("version", flat=True).first()
    return latest or 0


def facts_for(person: Any, *, today: dt.date, context: Context) -> Facts:
    since = today - dt.timedelta(days=window_days(context.rules))
    rows = (
        Declaration.objects.filter(person=person, date__gte=since, date__lte=today)
        .prefetch_related("travels")
        .order_by("-date")
    )
    declarations = tuple(
        DeclarationFact(
            date=d.date,
            temperature=d.temperature,
            symptoms=tuple(d.symptoms or ()),
            contact=d.contact,
            under_observation=d.under_observation,
            travels=tuple(TravelFact(t.division_code, t.date_from, t.date_to) for t in d.travels.all()),
        )
        for d in rows
    )
    return Facts(
        today=today,
        declarations=declarations,
        risk_areas=context.risk_areas,
        isolations=isolations_of(person, since=since, today=today),
    )


def isolations_of(person: Any, *, since: dt.date, today: dt.date) -> tuple[IsolationFact, ...]:
    """The person's stays in central isolation (returns app) that touch ``since``..``today``."""
    from parkguard.returns.models import IsolationStay  # returns builds on health: imported when used

    stays = (
        IsolationStay.objects.filter(person=person, check_in_date__lte=today)
        .exclude(released_on__lt=since)
        .values_list("check_in_date", "released_on")
    )
    return tuple(IsolationFact(check_in, released_on) for check_in, released_on in stays)


# --- evaluation -------------------------------------------------------------------------------------


def _manual_texts(change: ManualChange) -> dict[str, str]:
    until = timezone.localtime(change.until).strftime("%Y-%m-%d %H:%M")
    texts = {"code": MANUAL_REASON}
    for key, language in (("en", "en"), ("zh", "zh-hans")):
        with translation.override(language):
            texts[key] = gettext("Colour set by hand until %(until)s: %(reason)s") % {
                "until": until,
                "reason": change.reason,
            }
    return texts


def manual_in_force(person: Any, at: dt.datetime) -> ManualChange | None:
    return ManualChange.objects.in_force(at).filter(person=person).order_by("-decided_at", "-id").first()


def evaluate(person: Any, *, at: dt.datetime | None = None, context: Context | None = None) -> ColourStatus:
    """The status under the active rule set (or the manual change in force); writes nothing."""
    at = at or clock.now()
    context = context or context_for(park_of(person))
    manual = manual_in_force(person, at)
    if manual is not None:
        return _make(manual.colour, [_manual_texts(manual)], context.version, True, at)
    facts = facts_for(person, today=timezone.localtime(at).date(), context=context)
    colour, matches = run(context.rules, facts)
    return _make(colour, [reason_texts(m) for m in matches], context.version, False, at)


def _from_record(record: PersonStatus) -> ColourStatus:
    return _make(
        record.colour,
        record.reasons,
        record.ruleset_version,
        record.manual_change_id is not None,
        record.evaluated_at,
    )


def _send(person: Any, before: ColourStatus | None, after: ColourStatus) -> None:
    responses = colour_changed.send_robust(sender=PersonStatus, person=person, before=before, after=after)
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.error("colour_changed receiver %r failed", receiver, exc_info=response)


def refresh_status(
    person: Any, *, at: dt.datetime | None = None, context: Context | None = None
) -> ColourStatus:
    """Evaluate, store, and send ``colour_changed`` on commit when the status changed."""
    with transaction.atomic():
        after = evaluate(person, at=at, context=context)
        record = PersonStatus.objects.select_for_update().filter(person=person).first()
        before = _from_record(record) if record is not None else None
        manual = manual_in_force(person, after.evaluated_at) if after.manual else None
        values = {
            "colour": after.colour,
            "reasons": list(after.stored_reasons),
            "ruleset_version": after.ruleset_version,
            "manual_change": manual,
            "evaluated_at": after.evaluated_at,
        }
        if record is None:
            try:
                with transaction.atomic():
                    PersonStatus.objects.create(person=person, **values)
            except IntegrityError:  # stored by a concurrent evaluation a moment ago
                PersonStatus.objects.filter(person=person).update(**values)
        else:
            PersonStatus.objects.filter(pk=record.pk).update(**values)
        if not after.same_as(before):
            transaction.on_commit(lambda: _send(person, before, after))
    return after


def _is_fresh(record: PersonStatus, person: Any, now: dt.datetime) -> bool:
    if timezone.localtime(record.evaluated_at).date() != timezone.localtime(now).date():
        return False
    if record.manual_change_id is not None and not record.manual_change.is_in_force(now):
        return False
    return record.ruleset_version == active_version(park_of(person))


def current_status(person: Any) -> ColourStatus:
    """The stored status; evaluated and stored first when there is none or it is stale."""
    now = clock.now()
    record = PersonStatus.objects.select_related("manual_change").filter(person=person).first()
    if record is not None and _is_fresh(record, person, now):
        return _from_record(record)
    return refresh_status(person, at=now)
