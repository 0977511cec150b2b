"""Isolation pages (issue #7): sites with occupancy, a site, check-in, a stay (observe, extend, release),
the release certificate (PDF), occupancy by day; scope (404 outside), errors shown on the form."""
# ruff: noqa: F811 - the fixtures come from isolation_helpers

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from parkguard.returns import isolation
from parkguard.returns.models import IsolationStay, Observation, Returnee
from tests.factories import PersonFactory
from tests.lib.test_pdf import poppler

from .isolation_helpers import TODAY, at, site  # noqa: F401

D = dt.timedelta
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
pytestmark = pytest.mark.usefixtures("at")


@pytest.fixture
def stay(world, site):
    returnee = Returnee.objects.create(
        person=world.people["worker_1"], enterprise=world.nodes["enterprise_1"], origin_code="150621"
    )
    return isolation.stay_check_in(
        actor=world.users["park_commander"], site=site, room=site.rooms.get(number="101"), returnee=returnee
    )


def test_the_site_list_shows_occupancy_and_other_parks_see_nothing(world, site, stay, login):
    page = login(world.users["park_commander"]).get(reverse("returns:isolation_sites"), **EN)
    text = page.content.decode()
    assert page.status_code == 200 and site.node.name in text
    assert '<td class="num">3</td><td class="num">1</td><td class="num">2</td>' in text
    other = login(world.users["commander_b"]).get(reverse("returns:isolation_sites"), **EN)
    assert site.node.name not in other.content.decode()
    assert (
        login(world.users["commander_b"]).get(reverse("returns:isolation_site", args=[site.pk])).status_code
        == 404
    )
    assert (
        login(world.users["commander_b"]).get(reverse("returns:isolation_stay", args=[stay.pk])).status_code
        == 404
    )


def test_the_site_page_lists_rooms_stays_alerts_and_overdue_slots(world, site, stay, login, at):
    isolation.observation_record(
        actor=world.users["park_commander"], stay=stay, date=TODAY, slot="morning", temperature="38.1"
    )
    at("21:00")
    text = (
        login(world.users["park_commander"])
        .get(reverse("returns:isolation_site", args=[site.pk]), **EN)
        .content.decode()
    )
    assert 'id="alerts"' in text and "38.1 °C" in text and "Fever" in text
    assert 'id="overdue"' in text and "Evening check" in text
    assert 'id="rooms"' in text and 'id="stays"' in text


def test_check_in_through_the_form_and_a_full_room_is_told_on_the_form(world, site, login):
    client = login(world.users["park_commander"])
    url = reverse("returns:isolation_check_in", args=[site.pk])
    assert client.get(url).status_code == 200
    returnee = Returnee.objects.create(
        person=world.people["worker_1"], enterprise=world.nodes["enterprise_1"], origin_code="150621"
    )
    room = site.rooms.get(number="102")
    response = client.post(url, {"returnee": returnee.pk, "room": room.pk}, **EN)
    stay = IsolationStay.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "returns:isolation_stay", args=[stay.pk]
    )
    other = PersonFactory(employer=world.nodes["enterprise_1"])
    response = client.post(url, {"id_number": other.id_number, "room": room.pk}, **EN)
    assert response.status_code == 200
    assert "Room 102 is full" in response.content.decode()
    assert IsolationStay.objects.count() == 1
    response = client.post(url, {"room": room.pk}, **EN)
    assert "Choose a returnee or enter an id number." in response.content.decode()


def test_a_role_that_may_not_run_the_site_gets_no_check_in_page(world, site, login):
    assert (
        login(world.users["area_leader"])
        .get(reverse("returns:isolation_check_in", args=[site.pk]))
        .status_code
        == 404
    )


def test_observe_extend_and_release_through_the_stay_page(world, site, stay, login, at):
    client = login(world.users["park_commander"])
    page = client.get(reverse("returns:isolation_stay", args=[stay.pk]), **EN).content.decode()
    assert 'id="observation-form"' in page and stay.person.id_number_masked in page
    response = client.post(
        reverse("returns:isolation_observe", args=[stay.pk]),
        {"date": TODAY.isoformat(), "slot": "morning", "temperature": "45"},
        **EN,
    )
    assert response.status_code == 400 and "check the reading" in response.content.decode()
    response = client.post(
        reverse("returns:isolation_observe", args=[stay.pk]),
        {"date": TODAY.isoformat(), "slot": "morning", "temperature": "36.4", "symptoms": ["fatigue"]},
    )
    assert response.status_code == 302 and Observation.objects.get().symptoms == ["fatigue"]
    response = client.post(
        reverse("returns:isolation_extend", args=[stay.pk]), {"days": "3", "reason": ""}, **EN
    )
    assert response.status_code == 400
    client.post(reverse("returns:isolation_extend", args=[stay.pk]), {"days": "3", "reason": "密接复核"})
    stay.refresh_from_db()
    assert stay.planned_release == TODAY + D(days=17)
    # too early: a site officer's release would need the authorised reason; the commander gives one
    response = client.post(reverse("returns:isolation_release", args=[stay.pk]), {"reason": ""}, **EN)
    assert (
        response.status_code == 400 and "give the reason for releasing earlier" in response.content.decode()
    )
    at("10:00", day=TODAY + D(days=17))
    response = client.post(reverse("returns:isolation_release", args=[stay.pk]), {"reason": ""})
    stay.refresh_from_db()
    assert response.status_code == 302 and stay.released_on == TODAY + D(days=17)


def test_the_release_certificate_is_a_pdf_with_the_masked_id_number(world, site, stay, login, at, tmp_path):
    client = login(world.users["park_commander"])
    url = reverse("returns:isolation_certificate", args=[stay.pk])
    assert client.get(url).status_code == 404  # not released yet
    at("10:00", day=TODAY + D(days=14))
    isolation.stay_release(actor=world.users["park_commander"], stay=stay)
    stay.refresh_from_db()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    text = poppler("pdftotext", str(path), "-")
    person = stay.person
    with translation.override("zh-hans"):
        assert gettext("Certificate of release from isolation") in text
    assert person.name in text and person.id_number_masked in text
    assert person.id_number not in text
    assert stay.certificate_number in text and site.node.name in text
    assert "2020-02-20" in text and "2020-03-05" in text
    assert "滇池机械" in text
    assert login(world.users["commander_b"]).get(url).status_code == 404


def test_the_occupancy_page_shows_each_day_per_site_and_in_total(world, site, stay, login):
    response = login(world.users["park_commander"]).get(
        reverse("returns:isolation_occupancy") + f"?from={(TODAY - D(days=1)).isoformat()}&days=3", **EN
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert '<td>02-19</td><td class="num">0</td><td class="num">0</td><td class="num">3</td>' in text
    assert '<td>02-20</td><td class="num">1</td><td class="num">1</td><td class="num">2</td>' in text
    bad = login(world.users["park_commander"]).get(reverse("returns:isolation_occupancy") + "?from=x", **EN)
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()
