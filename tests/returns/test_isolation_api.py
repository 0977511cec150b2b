"""The central isolation API (issue #7): sites with occupancy, stays (check-in, observe, extend, release,
certificate), alerts. Same services and scope as the pages: out of scope is 404, a role that sees a
site but may not run it is 403, bad input is 400 with the message (zh-hans, English on request) and
nothing written."""
# ruff: noqa: F811 - the fixtures come from isolation_helpers

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.health.choices import TEMPERATURE_MAX, TEMPERATURE_MIN
from parkguard.health.status import current_status
from parkguard.hierarchy.models import Node
from parkguard.returns.models import IsolationAlert, IsolationStay, Observation, Room, StayExtension
from tests.factories import PersonFactory

from .builders import returnee
from .isolation_helpers import make_site, site  # noqa: F401
from .messages_zh import ZH
from .test_isolation_runs import arrive, bus  # noqa: F401

D = dt.timedelta
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
STAYS = "/api/isolation-stays/"


@pytest.fixture
def commander(world, api_as):
    return api_as(world.users["park_commander"])


def today() -> dt.date:
    from parkguard.health import clock

    return clock.today()


def room(site, number="101"):
    return site.rooms.get(number=number)


def worker(world):
    return PersonFactory(employer=world.nodes["enterprise_1"])


def check_in(api, site, *, number="101", **body):
    data = {"site": site.pk, "room": room(site, number).pk, **body}
    if "returnee" not in body and "person" not in body:
        data["person"] = PersonFactory(employer=Node.objects.get(name="滇池机械")).pk
    return api.post(STAYS, data, format="json", **EN)


def open_stay(api, site, world, **body):
    response = check_in(api, site, returnee=returnee(world).pk, **body)
    assert response.status_code == 201, response.json()
    return response.json()


def post(api, url, data=None, **extra):
    return api.post(url, data or {}, format="json", **{**EN, **extra})


# --- sites and occupancy ---------------------------------------------------------------------------


def test_sites_list_their_beds_rooms_and_people_in_isolation_today(world, site, commander):
    open_stay(commander, site, world)
    body = commander.get("/api/isolation-sites/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["name"], row["capacity"], row["occupied"], row["free"]) == (site.node.name, 3, 1, 2)
    assert [(r["number"], r["beds"], r["taken"]) for r in row["rooms"]] == [("101", 2, 1), ("102", 1, 0)]
    detail = commander.get(f"/api/isolation-sites/{site.pk}/").json()
    assert detail["occupied"] == 1 and detail["officer"] == site.officer_id


def test_a_site_outside_scope_is_404_and_missing_from_the_list(world, site, api_as):
    other = api_as(world.users["commander_b"])
    assert other.get(f"/api/isolation-sites/{site.pk}/").status_code == 404
    assert other.get("/api/isolation-sites/").json()["count"] == 0


def test_occupancy_by_day_per_site_and_in_total(world, site, commander):
    open_stay(commander, site, world, on=str(today() - D(days=2)))
    start = today() - D(days=3)
    body = commander.get(f"/api/isolation-sites/occupancy/?from={start}&days=4").json()
    assert body["days"] == [str(start + D(days=i)) for i in range(4)]
    assert body["sites"][0]["taken"] == [0, 1, 1, 1] and body["sites"][0]["free"] == [3, 2, 2, 2]
    assert body["total"] == {"capacity": 3, "taken": [0, 1, 1, 1], "free": [3, 2, 2, 2]}


def test_occupancy_refuses_a_bad_date_or_number_of_days(world, site, commander):
    assert set(commander.get("/api/isolation-sites/occupancy/?days=0", **EN).json()) == {"days"}
    assert commander.get("/api/isolation-sites/occupancy/?days=61", **EN).status_code == 400
    response = commander.get("/api/isolation-sites/occupancy/?from=2020-02-31", **EN)
    assert response.status_code == 400 and "start" in response.json()


# --- check-in --------------------------------------------------------------------------------------


def test_check_in_a_returnee_assigns_the_room_and_the_planned_release(world, site, commander):
    person = returnee(world)
    response = check_in(commander, site, returnee=person.pk)
    assert response.status_code == 201
    body = response.json()
    assert (body["room_number"], body["check_in_date"], body["planned_release"], body["is_open"]) == (
        "101",
        str(today()),
        str(today() + D(days=14)),
        True,
    )
    assert body["returnee"] == person.pk and body["person"] == person.person_id
    assert body["observations"] == [] and body["person_name"] != person.person.name  # masked
    listed = commander.get(f"{STAYS}?site={site.pk}&open=true").json()
    assert [s["id"] for s in listed["results"]] == [body["id"]]
    assert commander.get(f"{STAYS}?open=false").json()["count"] == 0


def test_check_in_bad_input_is_400_with_the_message_and_nothing_written(world, site, commander):
    first = open_stay(commander, site, world)
    again = check_in(commander, site, returnee=first["returnee"], number="102")
    assert again.status_code == 400
    assert again.json()["detail"][0].startswith(f"{IsolationStay.objects.get().person.name} is already in")
    assert again.json()["code"] == "already_in_isolation"
    check_in(commander, site)  # room 101 now has its two people
    full = check_in(commander, site)
    assert full.status_code == 400
    assert full.json() == {"room": ["Room 101 is full: its 2 beds are taken."]}
    future = check_in(commander, site, number="102", on=str(today() + D(days=1)))
    assert future.json() == {"on": ["A check-in cannot be dated in the future."]}
    nobody = commander.post(STAYS, {"site": site.pk, "room": room(site, "102").pk}, format="json", **EN)
    assert nobody.json() == {"person": ["Choose the person to check in."]}
    no_room = commander.post(STAYS, {"site": site.pk, "person": worker(world).pk}, format="json", **EN)
    assert no_room.json() == {"room": ["Choose a room."]}
    bad_date = check_in(commander, site, number="102", on="20-02-2020")
    assert bad_date.status_code == 400 and set(bad_date.json()) == {"on"}
    assert IsolationStay.objects.count() == 2


def test_a_room_of_another_site_is_refused(world, site, commander):
    other = make_site(world, key="site_b", name="第二隔离点", rooms=(("201", 1),))
    data = {"site": site.pk, "room": room(other, "201").pk, "person": worker(world).pk}
    response = commander.post(STAYS, data, format="json", **EN)
    assert response.status_code == 400
    assert response.json() == {"room": [f"Room 201 is not at {site.node.name}."]}


def test_check_in_outside_scope_is_404_and_without_the_role_403(world, site, api_as):
    other = api_as(world.users["commander_b"])
    data = {"site": site.pk, "room": room(site).pk, "person": world.people["worker_b"].pk}
    assert other.post(STAYS, data, format="json").status_code == 404
    commander = api_as(world.users["park_commander"])
    assert (
        commander.post(STAYS, {**data, "person": world.people["worker_1"].pk, "room": 999_999}).status_code
        == 404
    )
    assert check_in(commander, site, returnee=999_999).status_code == 404
    # The area leader sees a site under their area, but may not run it.
    grid_site = make_site(world, key="site_g", park="grid_1", name="网格隔离点")
    leader = api_as(world.users["area_leader"])
    assert leader.get(f"/api/isolation-sites/{grid_site.pk}/").status_code == 200
    response = check_in(leader, grid_site, person=world.people["worker_1"].pk)
    assert response.status_code == 403
    assert response.json()["detail"] == ["Your role may not run this isolation site."]
    assert not IsolationStay.objects.exists()


def test_messages_are_chinese_unless_english_is_asked_for(world, site, commander):
    check_in(commander, site)
    check_in(commander, site)
    data = {"site": site.pk, "room": room(site).pk, "person": worker(world).pk}
    response = commander.post(STAYS, data, format="json")
    assert response.status_code == 400
    assert response.json()["room"] == [
        ZH["Room %(room)s is full: its %(beds)s beds are taken."] % {"room": "101", "beds": 2}
    ]


def test_an_arrived_bus_is_checked_in_through_the_api(world, bus, commander):
    run = arrive(world, bus)
    response = post(commander, f"{STAYS}run-check-in/", {"run": run.pk})
    assert response.status_code == 201
    assert sorted(s["room_number"] for s in response.json()) == ["1", "2"]
    again = post(commander, f"{STAYS}run-check-in/", {"run": run.pk})
    assert again.status_code == 400 and again.json()["code"] == "nobody_waiting"
    assert post(commander, f"{STAYS}run-check-in/", {"run": 999_999}).status_code == 404


def test_a_bus_that_has_not_arrived_is_refused(world, bus, commander):
    response = post(commander, f"{STAYS}run-check-in/", {"run": bus.pk})
    assert response.status_code == 400
    assert response.json()["detail"] == ["This bus has not arrived: nobody to check in yet."]


# --- observations and alerts -----------------------------------------------------------------------


def test_observations_twice_a_day_and_a_fever_raises_an_alert(world, site, commander):
    stay = open_stay(commander, site, world)
    url = f"{STAYS}{stay['id']}/observe/"
    morning = post(commander, url, {"date": str(today()), "slot": "morning", "temperature": "36.6"})
    assert morning.status_code == 200
    evening = post(
        commander,
        url,
        {"date": str(today()), "slot": "evening", "temperature": "37,8", "symptoms": ["cough"]},
    )
    body = evening.json()
    assert {(o["slot"], o["temperature"]) for o in body["observations"]} == {
        ("morning", "36.6"),
        ("evening", "37.8"),
    }
    assert [(a["kind"], a["detail"]) for a in body["alerts"]] == [("fever", "37.8 °C")]
    alerts = commander.get("/api/isolation-alerts/?open=true&kind=fever").json()
    assert [a["stay"] for a in alerts["results"]] == [stay["id"]]
    assert commander.get("/api/isolation-alerts/?kind=positive_test").json()["count"] == 0


def test_observation_bad_input_is_400_by_field(world, site, commander):
    stay = open_stay(commander, site, world)
    url = f"{STAYS}{stay['id']}/observe/"
    day = str(today())
    cases = [
        ({"temperature": "hot"}, {"temperature": ["Enter the temperature as a number, e.g. 36.5."]}),
        (
            {"temperature": "45"},
            {
                "temperature": [
                    f"A body temperature is between {TEMPERATURE_MIN} and {TEMPERATURE_MAX} °C; check the reading."
                ]
            },
        ),
        ({"slot": "noon"}, {"slot": ["Choose morning or evening."]}),
        ({"symptoms": ["sneezing fits"]}, {"symptoms": ["Unknown symptoms: sneezing fits."]}),
        ({"test_result": "maybe"}, {"test_result": ["Choose a test result from the list."]}),
        ({"date": str(today() + D(days=1))}, {"date": ["An observation cannot be dated in the future."]}),
        (
            {"date": str(today() - D(days=1))},
            {"date": [f"The observation is dated before the check-in ({today()})."]},
        ),
    ]
    for change, error in cases:
        response = post(commander, url, {"date": day, "slot": "morning", "temperature": "36.5", **change})
        assert (response.status_code, response.json()) == (400, error), change
    assert post(commander, url, {"slot": "morning", "temperature": "36.5"}).status_code == 400  # no date
    assert not Observation.objects.exists()
    post(commander, url, {"date": day, "slot": "morning", "temperature": "36.5"})
    taken = post(commander, url, {"date": day, "slot": "morning", "temperature": "36.9"})
    assert taken.status_code == 400 and taken.json()["code"] == "slot_taken"
    fixed = post(
        commander,
        url,
        {"date": day, "slot": "morning", "temperature": "36.9", "correction_reason": "读数抄错"},
    )
    assert fixed.status_code == 200 and fixed.json()["observations"][0]["temperature"] == "36.9"


def test_an_overdue_slot_shows_on_the_stay(world, site, commander):
    stay = open_stay(commander, site, world, on=str(today() - D(days=1)))
    IsolationStay.objects.filter(pk=stay["id"]).update(checked_in_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    body = commander.get(f"{STAYS}{stay['id']}/").json()
    assert {"date": str(today() - D(days=1)), "slot": "morning"} in body["overdue"]


def test_alerts_are_resolved_once_and_scoped(world, site, commander, api_as):
    stay = open_stay(commander, site, world)
    post(
        commander,
        f"{STAYS}{stay['id']}/observe/",
        {"date": str(today()), "slot": "morning", "temperature": "38.2"},
    )
    alert = IsolationAlert.objects.get()
    assert api_as(world.users["commander_b"]).get(f"/api/isolation-alerts/{alert.pk}/").status_code == 404
    assert api_as(world.users["commander_b"]).get("/api/isolation-alerts/").json()["count"] == 0
    done = post(commander, f"/api/isolation-alerts/{alert.pk}/resolve/")
    assert done.status_code == 200 and done.json()["resolved_at"]
    assert commander.get("/api/isolation-alerts/?open=true").json()["count"] == 0
    again = post(commander, f"/api/isolation-alerts/{alert.pk}/resolve/")
    assert again.status_code == 400 and again.json()["detail"] == ["This alert is already handled."]
    assert commander.get("/api/isolation-alerts/?open=maybe", **EN).status_code == 400


# --- extension, release, certificate ---------------------------------------------------------------


def test_extend_with_a_reason_and_refuse_bad_days_or_no_reason(world, site, commander):
    stay = open_stay(commander, site, world)
    url = f"{STAYS}{stay['id']}/extend/"
    assert post(commander, url, {"days": 0, "reason": "复查"}).json() == {"days": ["Extend by 1 to 28 days."]}
    assert post(commander, url, {"days": 29, "reason": "复查"}).status_code == 400
    assert post(commander, url, {"days": 3, "reason": " "}).json() == {
        "reason": ["Say why the observation is extended."]
    }
    assert post(commander, url, {"days": "three", "reason": "复查"}).status_code == 400
    assert not StayExtension.objects.exists()
    body = post(commander, url, {"days": 3, "reason": "核酸复查"}).json()
    assert body["planned_release"] == str(today() + D(days=17))
    assert [(e["previous_release"], e["reason"]) for e in body["extensions"]] == [
        (str(today() + D(days=14)), "核酸复查")
    ]


def test_an_early_release_needs_a_reason_and_turns_the_pass_green(world, site, commander):
    stay = open_stay(commander, site, world)
    url = f"{STAYS}{stay['id']}/release/"
    early = post(commander, url)
    assert early.status_code == 400
    assert early.json() == {
        "reason": [
            f"The observation period ends on {today() + D(days=14)}: give the reason for releasing earlier."
        ]
    }
    assert post(commander, url, {"on": str(today() + D(days=1)), "reason": "x"}).status_code == 400
    assert IsolationStay.objects.get().is_open
    released = post(commander, url, {"reason": "两次核酸阴性，经指挥部批准提前解除"})
    body = released.json()
    assert released.status_code == 200 and not body["is_open"] and body["released_on"] == str(today())
    assert body["early_release_reason"] and body["certificate_number"].startswith("JC")
    status = current_status(IsolationStay.objects.get().person)
    assert (status.colour, status.reason_codes) == ("green", ("released",))
    again = post(commander, url, {"reason": "x"})
    assert again.status_code == 400 and again.json()["code"] == "released"
    after = post(
        commander,
        f"{STAYS}{stay['id']}/observe/",
        {"date": str(today()), "slot": "evening", "temperature": "36.5"},
    )
    assert after.status_code == 400 and after.json()["code"] == "released"


def test_an_early_release_by_the_sites_officer_without_the_capability_is_403(world, commander, api_as):
    # A site under grid 1 whose officer is the grid official (may run the site, not release early).
    grid_site = make_site(world, key="site_g", park="grid_1", officer=world.users["grid_official"])
    stay = open_stay(commander, grid_site, world)
    officer = api_as(world.users["grid_official"])
    observed = post(
        officer,
        f"{STAYS}{stay['id']}/observe/",
        {"date": str(today()), "slot": "morning", "temperature": "36.4"},
    )
    assert observed.status_code == 200
    response = post(officer, f"{STAYS}{stay['id']}/release/", {"reason": "自行决定"})
    assert response.status_code == 403 and response.json()["code"] == "early_not_authorised"
    assert IsolationStay.objects.get().is_open


def test_a_release_after_the_period_needs_no_reason_and_gives_the_certificate(world, site, commander):
    stay = open_stay(commander, site, world, on=str(today() - D(days=14)))
    url = f"{STAYS}{stay['id']}/certificate/"
    not_yet = commander.get(url, **EN)
    assert not_yet.status_code == 400 and not_yet.json()["code"] == "not_released"
    body = post(commander, f"{STAYS}{stay['id']}/release/").json()
    assert body["released_on"] == str(today()) and body["early_release_reason"] == ""
    pdf = commander.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and body["certificate_number"] in pdf["Content-Disposition"]
    assert commander.get(url, HTTP_ACCEPT="application/pdf").status_code == 200


def test_stays_outside_scope_are_404(world, site, commander, api_as):
    stay = open_stay(commander, site, world)
    other = api_as(world.users["commander_b"])
    assert other.get(f"{STAYS}{stay['id']}/").status_code == 404
    assert other.get(STAYS).json()["count"] == 0
    for action in ("observe", "extend", "release"):
        assert post(other, f"{STAYS}{stay['id']}/{action}/", {"reason": "x"}).status_code == 404
    assert other.get(f"{STAYS}{stay['id']}/certificate/").status_code == 404
    assert api_as(None).get(STAYS).status_code in (401, 403)
    assert commander.get(f"{STAYS}?site=abc", **EN).status_code == 400
    assert Room.objects.count() == 2
