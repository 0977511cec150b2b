"""The demo's returning workers: 上海庙's miners coming back, its isolation point, one approved plan.

Call ``build_returns_demo()`` after the logins, the health demo (risk areas) and the passes demo
(vehicles) in parkguard/demo/services.py. 上海庙's enterprises register a few dozen employees; some are
blocked by origin control (no certificate, from 武汉, home observation not finished), a few hold key
positions. The isolation point gets rooms of two beds. 上海庙's commander runs the planner over ten days
with one bus line per origin city and approves the plan; the first bus is crewed, driven and has
arrived.

Its passengers are then checked in at 上海庙集中隔离观察点 by the commander (``isolation.run_check_in``),
dated ``CHECKED_IN_DAYS_AGO`` days back through the service's own ``on`` so the pages have a history
(the demo compresses a few days into one build; the bus itself arrives today). Every passenger has
their morning and evening observations from the check-in day to this morning, except one whose
yesterday evening is missing (an overdue follow-up on the site page); one has a fever this morning
(an alert to the command, open on the dashboard and counted in today's bulletin); one is released
early today with an authorised reason, so their certificate exists and their pass is green
("released from isolation"). Nothing is written around the services.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db.models import Count, F
from django.utils import timezone
from stdnum.cn import ric

from parkguard.accounts.models import User
from parkguard.demo.fiction import Fiction
from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment, Enterprise
from parkguard.health import clock
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.hierarchy.services import insert_node
from parkguard.people.models import Person
from parkguard.people.services import id_number_index, phone_index
from parkguard.vehicles.models import Vehicle

from . import isolation, plans, transport
from .models import IsolationSite, IsolationStay, Returnee, ReturnTravel, Room, Slot

PARK = "上海庙经济开发区"
COMMANDER = "demo-commander-shm"
RETURNEES = 36
ROOMS, BEDS = 12, 2
POSTS = ("采煤工", "掘进工", "机电维修工", "安全员", "调度员", "通风工")
DEPARTMENTS = ("综采一队", "掘进二队", "机电科", "调度室")
# Shandong and Inner Mongolia, where 上海庙's miners come from (the seed), and 武汉 for the blocked ones.
ORIGINS = ("370883", "370881", "371321", "150621", "152801")
WUHAN = "420106"
CHECKED_IN_DAYS_AGO = 4
FEVER = "37.8"
EARLY_RELEASE_REASON = "两次核酸检测阴性，原籍地低风险，经指挥部医疗救治组评估批准提前解除隔离"


def build_returns_demo(rng: random.Random) -> None:
    park = Node.objects.filter(kind=NodeKind.PARK, name=PARK).first()
    commander = User.objects.filter(username=COMMANDER).first()
    if park is None or commander is None:
        return
    today = timezone.localdate()
    site = _site(park)
    returnees = _returnees(rng, park, today)
    if not returnees:
        return
    plan = plans.plan_run(
        actor=commander,
        park=park,
        first_day=today,
        horizon_days=10,
        observation_days=14,
        bus_seats=6,
        bus_quota={"370800": 8},
        sites=[site],
        time_limit=10,
        inline=True,
    )
    plans.plan_approve(actor=commander, plan=plan)
    run = _first_bus(plan, commander, park)
    if run is not None:
        _isolation(rng, run, commander, clock.today())


def _site(park: Node) -> IsolationSite:
    node = (
        Node.objects.filter(path__startswith=park.path, kind=NodeKind.ISOLATION_SITE).order_by("path").first()
    )
    if node is None:
        node = insert_node(parent=park, kind=NodeKind.ISOLATION_SITE, name="上海庙集中隔离观察点")
    site = IsolationSite.objects.create(node=node, capacity=ROOMS * BEDS, observation_days=14)
    Room.objects.bulk_create(Room(site=site, number=f"{101 + i}", beds=BEDS) for i in range(ROOMS))
    return site


def _miners(park: Node, count: int) -> list[Person]:
    """Employees of 上海庙's enterprises from the miners' home counties (the park's roster is small)."""
    fiction = Fiction("shm:returns")
    enterprises = list(
        Node.objects.filter(path__startswith=park.path, kind=NodeKind.ENTERPRISE).order_by("path")
    )
    people = []
    for i in range(count):
        origin = ORIGINS[i % len(ORIGINS)]
        number, phone = fiction.id_number(origin), fiction.phone()
        people.append(
            Person(
                name=fiction.person_name(),
                id_number=number,
                id_number_index=id_number_index(number),
                phone=phone,
                phone_index=phone_index(phone),
                birth_date=ric.get_birth_date(number),
                employer=enterprises[i % len(enterprises)],
                origin_code=origin,
            )
        )
    people = Person.objects.bulk_create(people)
    _roster_lines(people)
    return people


def _roster_lines(people: list[Person]) -> None:
    """The miners are on their enterprises' rosters (台账), not yet returned; headcounts grow to match."""
    enterprises = {
        e.node_id: e for e in Enterprise.objects.filter(node_id__in={p.employer_id for p in people})
    }
    lines = [
        Employment(
            enterprise=enterprises[p.employer_id],
            person=p,
            position="员工",
            work_status=WorkStatus.NOT_RETURNED,
        )
        for p in people
    ]
    Employment.objects.bulk_create(lines)
    Employment.history.bulk_history_create(lines, default_change_reason="demo")
    for node_id, joined in Counter(p.employer_id for p in people).items():
        Enterprise.objects.filter(node_id=node_id).update(headcount=F("headcount") + joined)


def _returnees(rng: random.Random, park: Node, today: dt.date) -> list[Returnee]:
    people = list(
        Person.objects.filter(employer__path__startswith=park.path, employer__kind=NodeKind.ENTERPRISE)
        .select_related("employer")
        .order_by("pk")[:RETURNEES]
    )
    if len(people) < RETURNEES:
        people += _miners(park, RETURNEES - len(people))
    rows = []
    for i, person in enumerate(people):
        origin = person.origin_code[:6] if len(person.origin_code) >= 6 else rng.choice(ORIGINS)
        blocked = i % 12
        rows.append(
            Returnee(
                person=person,
                enterprise=person.employer,
                department=rng.choice(DEPARTMENTS),
                post=rng.choice(POSTS),
                household_registration=f"{origin} 某村",
                residence_address="上海庙镇职工宿舍",
                origin_code=WUHAN if blocked == 1 else origin,
                certificate_number="" if blocked == 2 else f"2020-{i + 1:03d}",
                certificate_issuer="" if blocked == 2 else "原籍村民委员会",
                certificate_date=None if blocked == 2 else today - dt.timedelta(days=rng.randint(1, 4)),
                transport="包车",
                earliest_arrival=today + dt.timedelta(days=rng.randint(0, 2)),
                latest_arrival=today + dt.timedelta(days=rng.randint(5, 12)),
                key_position=i % 5 == 0,
                home_observation_until=today + dt.timedelta(days=4) if blocked == 3 else None,
                family_members=["配偶"] if i % 9 == 0 else [],
            )
        )
    saved = Returnee.objects.bulk_create(rows)
    ReturnTravel.objects.bulk_create(
        ReturnTravel(
            returnee=r,
            division_code=r.origin_code,
            date_from=today - dt.timedelta(days=20),
            date_to=today - dt.timedelta(days=1),
        )
        for r in saved
    )
    return saved


def _first_bus(plan, commander: User, park: Node):  # type: ignore[no-untyped-def]
    first_day = plan.runs.order_by("arrival_date").values_list("arrival_date", flat=True).first()
    runs = plan.runs.filter(arrival_date=first_day).annotate(riders=Count("passengers"))
    run = runs.order_by("-riders", "origin_group").first()
    vehicle = Vehicle.objects.filter(park=park, status="approved").order_by("pk").first()
    if run is None or vehicle is None or not vehicle.runs_on(timezone.localdate()):
        return None
    run = transport.run_update(
        actor=commander,
        run=run,
        vehicle=vehicle,
        driver_name="王师傅",
        leader_name="刘队长",
        route="原籍地—上海庙 点对点 不停车",
    )
    temperatures = {p.pk: "36.5" for p in run.passengers.all()}
    run = transport.run_depart(actor=commander, run=run, temperatures=temperatures)
    return transport.run_arrive(actor=commander, run=run, temperatures=temperatures)


def _isolation(rng: random.Random, run, commander: User, today: dt.date) -> list[IsolationStay]:  # type: ignore[no-untyped-def]
    """The arrived bus at the isolation point: check-in, observations, one fever, one early release.
    ``today`` is the isolation services' day (``health.clock``), which tests may set."""
    check_in = today - dt.timedelta(days=CHECKED_IN_DAYS_AGO)
    stays = sorted(isolation.run_check_in(actor=commander, run=run, on=check_in), key=lambda s: s.pk)
    if len(stays) < 3:
        return stays
    released, feverish, forgotten = stays[0], stays[1], stays[-1]
    yesterday = today - dt.timedelta(days=1)
    for stay in stays:
        day = check_in
        while day <= today:
            for slot in (Slot.MORNING, Slot.EVENING):
                if day == today and slot == Slot.EVENING:
                    continue
                if stay is forgotten and day == yesterday and slot == Slot.EVENING:
                    continue  # the overdue follow-up the site page flags
                fever = stay is feverish and day == today
                isolation.observation_record(
                    actor=commander,
                    stay=stay,
                    date=day,
                    slot=slot,
                    temperature=FEVER if fever else f"36.{rng.randint(1, 8)}",
                    symptoms=["cough"] if fever else [],
                    note="复测体温37.6 °C，已报告指挥部" if fever else "",
                )
            day += dt.timedelta(days=1)
    isolation.stay_release(actor=commander, stay=released, reason=EARLY_RELEASE_REASON)
    return stays
