"""The demo's health data: default colour rules per park, a few risk areas, three days of declarations.

Most people declared today and the two days before, all well; a few have a fever (red), travelled to a
high-risk (red) or medium-risk area (yellow), stopped declaring three days ago (yellow), or were just
released from observation (green, with that reason). The demo resident declared yesterday — with a
travel, so today's form is pre-filled — but not yet today, so the reminder and the form have work to do.
Call ``build_health_demo()`` after the people and the logins exist (parkguard/demo/services.py).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from parkguard.accounts.models import User
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from . import clock
from .divisions import lookup
from .models import Declaration, ManualChange, RiskArea, Travel
from .services import people_of_park, ruleset_install_defaults
from .status import context_for, refresh_status

# (division code, level, days ago it started, days ago it ended or None) — the places of early 2020.
RISK_AREAS = (
    ("420100", "high", 30, None),  # 湖北省 武汉市
    ("421100", "high", 28, None),  # 湖北省 黄冈市
    ("420600", "medium", 25, None),  # 湖北省 襄阳市
    ("330300", "medium", 24, None),  # 浙江省 温州市
    ("441900", "medium", 26, 6),  # 广东省 东莞市, ended
)
FEVER, HIGH_TRAVEL, MEDIUM_TRAVEL, SILENT, RELEASED = 0.03, 0.02, 0.05, 0.03, 0.02


def build_health_demo(rng: random.Random | None = None) -> None:
    rng = rng or random.Random("parkguard-demo-health")
    today = clock.today()
    for park in Node.objects.filter(kind=NodeKind.PARK).order_by("path"):
        ruleset_install_defaults(park=park)
        for code, level, start, end in RISK_AREAS:
            RiskArea.objects.create(
                park=park,
                division_code=code,
                name=lookup(code).full_name,  # type: ignore[union-attr]
                level=level,
                valid_from=today - dt.timedelta(days=start),
                valid_to=today - dt.timedelta(days=end) if end is not None else None,
            )
    resident = Person.objects.filter(user__username="demo-resident").first()
    declarations: list[Declaration] = []
    travels: list[tuple[int, str, int, int]] = []  # (declaration index, code, from days ago, to days ago)
    for person in Person.objects.order_by("pk"):
        if person == resident:
            declarations.append(_declaration(person, today - dt.timedelta(days=1)))
            travels.append((len(declarations) - 1, "530111", 4, 3))
            continue
        _person_days(rng, person, today, declarations, travels)
    Declaration.objects.bulk_create(declarations, batch_size=1000)
    Travel.objects.bulk_create(
        Travel(
            declaration=declarations[i],
            division_code=code,
            date_from=declarations[i].date - dt.timedelta(days=start),
            date_to=declarations[i].date - dt.timedelta(days=end),
        )
        for i, code, start, end in travels
    )
    _pending_manual_change(today)
    for park in Node.objects.filter(kind=NodeKind.PARK):
        context = context_for(park)
        for person in people_of_park(park):
            refresh_status(person, context=context)


def _declaration(person: Person, day: dt.date, temperature: str = "36.5", **answers) -> Declaration:
    return Declaration(
        person=person,
        date=day,
        temperature=Decimal(temperature),
        residence=person.residence,
        declared_by_id=person.user_id,
        **answers,
    )


def _person_days(
    rng: random.Random,
    person: Person,
    today: dt.date,
    declarations: list[Declaration],
    travels: list[tuple[int, str, int, int]],
) -> None:
    draw = rng.random()
    silent = FEVER + HIGH_TRAVEL + MEDIUM_TRAVEL
    if silent <= draw < silent + SILENT:
        declarations.append(_declaration(person, today - dt.timedelta(days=4)))
        return
    released = silent + SILENT <= draw < silent + SILENT + RELEASED
    for ago in (2, 1, 0):
        temperature = f"{rng.choice(['36.2', '36.4', '36.5', '36.6', '36.8'])}"
        if ago == 0 and draw < FEVER:
            temperature = rng.choice(["37.6", "38.1", "38.4"])
        declarations.append(
            _declaration(
                person, today - dt.timedelta(days=ago), temperature, under_observation=released and ago > 0
            )
        )
    if FEVER <= draw < FEVER + HIGH_TRAVEL:
        travels.append((len(declarations) - 1, "420102", 9, 7))  # 武汉市 江岸区
    elif FEVER + HIGH_TRAVEL <= draw < silent:
        travels.append((len(declarations) - 1, "330302", 6, 5))  # 温州市 鹿城区


def _pending_manual_change(today: dt.date) -> None:
    """A request of the 昆明 commander waiting for a second official (the task-force login) to decide."""
    commander = User.objects.filter(username="demo-commander").first()
    if commander is None:
        return
    park = commander.memberships.select_related("node").first().node
    person = (
        Person.objects.filter(residence__path__startswith=park.path, user__isnull=True).order_by("pk").first()
    )
    if person is None:
        return
    ManualChange.objects.create(
        person=person,
        colour="yellow",
        reason="同住人为密切接触者，居家观察待核酸结果",
        until=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=3), dt.time(18, 0))),
        requested_by=commander,
    )
