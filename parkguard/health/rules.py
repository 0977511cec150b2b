"""The colour rule engine: condition kinds, their parameters, the 2020 defaults, and evaluation over facts.

Evaluation is a pure function of a rule list and ``Facts`` (a person's recent declarations, their park's
risk areas, the day). **Every rule is tried; the worst colour among the rules that match wins**, and
every matching rule gives a reason, worst first and in rule order within a colour. A rule set that is
mis-ordered can therefore never hide a red behind a green (docs/adr/0011-colour-rules-as-data.md).
No rule matching means green with nothing to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .choices import COLOUR_RANK, Colour, ConditionKind, RiskLevel, Symptom
from .divisions import covers, lookup

# --- parameters ------------------------------------------------------------------------------------


def _int_between(low: int, high: int) -> Callable[[Any], int]:
    def clean(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            raise ValidationError(
                _("Enter a whole number of days from %(low)d to %(high)d."),
                code="param_days",
                params={"low": low, "high": high},
            )
        return number

    return clean


def _threshold(value: Any) -> str:
    try:
        number = Decimal(str(value).strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not Decimal("36.0") <= number <= Decimal("42.0"):
        raise ValidationError(
            _("Enter a temperature threshold from 36.0 to 42.0 °C."), code="param_threshold"
        )
    return str(number)


def _level(value: Any) -> str:
    if value not in RiskLevel.values:
        raise ValidationError(_("Choose the risk level: medium or high."), code="param_level")
    return str(value)


def _symptoms(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [v for v in str(value or "").split(",") if v.strip()]
    values = [str(v).strip() for v in values]
    unknown = [v for v in values if v not in Symptom.values]
    if unknown:
        raise ValidationError(
            _("Unknown symptoms: %(names)s."), code="param_symptoms", params={"names": ", ".join(unknown)}
        )
    return values


# For each condition kind: its parameters, each with a cleaner and a default.
PARAMETERS: dict[str, dict[str, tuple[Callable[[Any], Any], Any]]] = {
    ConditionKind.FEVER: {"threshold": (_threshold, "37.3")},
    ConditionKind.SYMPTOMS: {"symptoms": (_symptoms, [])},
    ConditionKind.CONTACT: {},
    ConditionKind.OBSERVATION: {},
    ConditionKind.RISK_TRAVEL: {"level": (_level, RiskLevel.HIGH), "days": (_int_between(1, 60), 14)},
    ConditionKind.NO_DECLARATION: {"days": (_int_between(1, 30), 3)},
    ConditionKind.RELEASED: {"days": (_int_between(1, 60), 14)},
}


def clean_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a rule, checked and completed with defaults; errors keyed by parameter."""
    if kind not in PARAMETERS:
        raise ValidationError(_("Choose a condition from the list."), code="unknown_kind")
    spec = PARAMETERS[kind]
    unknown = set(params) - set(spec)
    if unknown:
        raise ValidationError(
            _("This condition takes no parameter %(names)s."),
            code="unknown_param",
            params={"names": ", ".join(sorted(unknown))},
        )
    cleaned, errors = {}, {}
    for name, (clean, default) in spec.items():
        raw = params.get(name)
        try:
            cleaned[name] = clean(default if raw in (None, "") else raw)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- defaults (2020 practice) ----------------------------------------------------------------------

# (kind, params, colour, reason code, English, Chinese)
DEFAULT_RULES: tuple[tuple[str, dict[str, Any], str, str, str, str], ...] = (
    (
        ConditionKind.FEVER,
        {"threshold": "37.3"},
        Colour.RED,
        "fever",
        "Fever (37.3 °C or more)",
        "发热（体温≥37.3℃）",
    ),
    (ConditionKind.SYMPTOMS, {"symptoms": []}, Colour.RED, "symptoms", "Symptoms declared", "申报有症状"),
    (
        ConditionKind.CONTACT,
        {},
        Colour.RED,
        "contact",
        "Contact with a confirmed or suspected case",
        "与确诊或疑似病例有接触",
    ),
    (ConditionKind.OBSERVATION, {}, Colour.RED, "observation", "Under medical observation", "正在医学观察"),
    (
        ConditionKind.RISK_TRAVEL,
        {"level": RiskLevel.HIGH, "days": 14},
        Colour.RED,
        "high_risk_travel",
        "In a high-risk area within the last 14 days",
        "14天内到过高风险地区",
    ),
    (
        ConditionKind.RISK_TRAVEL,
        {"level": RiskLevel.MEDIUM, "days": 14},
        Colour.YELLOW,
        "medium_risk_travel",
        "In a medium-risk area within the last 14 days",
        "14天内到过中风险地区",
    ),
    (
        ConditionKind.NO_DECLARATION,
        {"days": 3},
        Colour.YELLOW,
        "no_declaration",
        "No health declaration for 3 days",
        "连续3天未健康申报",
    ),
    (
        ConditionKind.RELEASED,
        {"days": 14},
        Colour.GREEN,
        "released",
        "Released from isolation",
        "已解除隔离",
    ),
)


# --- facts and evaluation --------------------------------------------------------------------------


@dataclass(frozen=True)
class TravelFact:
    division_code: str
    date_from: dt.date
    date_to: dt.date


@dataclass(frozen=True)
class DeclarationFact:
    date: dt.date
    temperature: Decimal
    symptoms: tuple[str, ...] = ()
    contact: bool = False
    under_observation: bool = False
    travels: tuple[TravelFact, ...] = ()


@dataclass(frozen=True)
class RiskAreaFact:
    division_code: str
    level: str
    valid_from: dt.date
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class IsolationFact:
    """A stay in central isolation observation (returns app): from check-in until released (or open)."""

    check_in: dt.date
    released_on: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.check_in <= day and (self.released_on is None or day < self.released_on)


@dataclass(frozen=True)
class Facts:
    """What the rules look at. ``declarations`` are newest first; ``isolations`` are the person's stays
    in central isolation that touch the rules' window."""

    today: dt.date
    declarations: tuple[DeclarationFact, ...] = ()
    risk_areas: tuple[RiskAreaFact, ...] = ()
    isolations: tuple[IsolationFact, ...] = ()

    @property
    def latest(self) -> DeclarationFact | None:
        return self.declarations[0] if self.declarations else None

    @property
    def in_isolation(self) -> bool:
        return any(i.covers(self.today) for i in self.isolations)

    def last_release(self, since: dt.date) -> dt.date | None:
        """The latest release from isolation between ``since`` and today."""
        days = [
            i.released_on for i in self.isolations if i.released_on and since <= i.released_on <= self.today
        ]
        return max(days, default=None)


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the engine sees it (a saved ``Rule`` or a default)."""

    order: int
    kind: str
    params: dict[str, Any]
    colour: str
    reason_code: str
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class Match:
    rule: RuleSpec
    detail: Callable[[], str] = field(default=lambda: "")


def _fever(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    latest = facts.latest
    if latest and latest.temperature >= Decimal(str(params.get("threshold", "37.3"))):
        return lambda: f"{latest.temperature} °C ({latest.date.isoformat()})"
    return None


def _symptoms_match(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    latest = facts.latest
    if latest is None:
        return None
    wanted = set(params.get("symptoms") or Symptom.values)
    found = [s for s in latest.symptoms if s in wanted]
    if found:
        return lambda: "、".join(str(Symptom(s).label) for s in found)
    return None


def _contact(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    return (lambda: "") if facts.latest and facts.latest.contact else None


def _observation(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    declared = facts.latest is not None and facts.latest.under_observation
    return (lambda: "") if declared or facts.in_isolation else None


def _risk_travel(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    since = facts.today - dt.timedelta(days=int(params.get("days", 14)))
    areas = [a for a in facts.risk_areas if a.level == params.get("level")]
    places: dict[str, None] = {}
    for declaration in facts.declarations:
        for travel in declaration.travels:
            if travel.date_to < since:
                continue
            for area in areas:
                overlaps = area.valid_from <= travel.date_to and (
                    area.valid_to is None or area.valid_to >= travel.date_from
                )
                if overlaps and covers(travel.division_code, area.division_code):
                    places[travel.division_code] = None
    if places:
        return lambda: "、".join(_place(code) for code in places)
    return None


def _place(code: str) -> str:
    division = lookup(code)
    return division.full_name if division else code


def _no_declaration(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    days = int(params.get("days", 3))
    first_counted = facts.today - dt.timedelta(days=days - 1)
    latest = facts.latest
    if facts.in_isolation or (facts.last_release(first_counted) is not None):
        return None  # observed twice a day at the site, and released after a check
    if latest is None or latest.date < first_counted:
        return lambda: latest.date.isoformat() if latest else ""
    return None


def _released(params: dict[str, Any], facts: Facts) -> Callable[[], str] | None:
    latest = facts.latest
    since = facts.today - dt.timedelta(days=int(params.get("days", 14)))
    if facts.in_isolation:
        return None
    release = facts.last_release(since)
    # A release from central isolation counts unless a later declaration puts the person back under
    # observation.
    if release is not None and not (latest and latest.under_observation and latest.date >= release):
        return lambda: release.isoformat()
    if latest is None or latest.under_observation:
        return None
    observed = [d for d in facts.declarations if d.under_observation and d.date >= since]
    if observed:
        # The first declaration after the last one under observation is the day of release.
        last = observed[0].date
        released = min((d.date for d in facts.declarations if d.date > last), default=latest.date)
        return lambda: released.isoformat()
    return None


CONDITIONS: dict[str, Callable[[dict[str, Any], Facts], Callable[[], str] | None]] = {
    ConditionKind.FEVER: _fever,
    ConditionKind.SYMPTOMS: _symptoms_match,
    ConditionKind.CONTACT: _contact,
    ConditionKind.OBSERVATION: _observation,
    ConditionKind.RISK_TRAVEL: _risk_travel,
    ConditionKind.NO_DECLARATION: _no_declaration,
    ConditionKind.RELEASED: _released,
}


def run(rules: Sequence[RuleSpec], facts: Facts) -> tuple[str, list[Match]]:
    """The colour (worst among matches, green when none) and the matches, worst first then rule order."""
    matches = []
    for rule in sorted(rules, key=lambda r: r.order):
        detail = CONDITIONS[rule.kind](rule.params, facts)
        if detail is not None:
            matches.append(Match(rule, detail))
    matches.sort(key=lambda m: -COLOUR_RANK[Colour(m.rule.colour)])
    colour = matches[0].rule.colour if matches else Colour.GREEN
    return str(colour), matches


def reason_texts(match: Match) -> dict[str, str]:
    """The stored form of a reason: its code and its message in both languages, detail appended."""
    texts = {"code": match.rule.reason_code}
    for language, message in (("en", match.rule.message_en), ("zh", match.rule.message_zh)):
        with translation.override("zh-hans" if language == "zh" else "en"):
            detail = match.detail()
        texts[language] = f"{message}: {detail}" if detail else message
    return texts


def window_days(rules: Sequence[RuleSpec]) -> int:
    """How many days of declarations the rules need to look at."""
    return max([14, *(int(r.params.get("days", 0)) for r in rules)]) + 1
