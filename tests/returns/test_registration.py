"""Registering returnees (issue #7): the roster, new people, certificate, travel, window, scope, scan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from PIL import Image

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.health.models import RiskArea
from parkguard.people.models import Person
from parkguard.returns.choices import Block
from parkguard.returns.models import IsolationStay, Returnee, Room
from parkguard.returns.registration import returnee_register, returnee_update
from parkguard.returns.selectors import returnee_list
from tests.factories import make_id_number

from .builders import SAFE_ORIGIN, WUHAN, jpeg_with_exif, site, today


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fields(**extra):
    values = {
        "department": "采煤一队",
        "post": "掘进工",
        "origin_code": SAFE_ORIGIN,
        "certificate_number": "2020-017",
        "certificate_issuer": "某村村委会",
        "certificate_date": today() - dt.timedelta(days=1),
        "earliest_arrival": today() + dt.timedelta(days=1),
        "latest_arrival": today() + dt.timedelta(days=10),
        "symptoms": "",
        "family_members": ["王某 配偶"],
    }
    values.update(extra)
    return values


def register(world, actor="enterprise_contact", **kwargs):
    kwargs.setdefault("person", world.people["worker_1"])
    kwargs.setdefault("fields", fields())
    kwargs.setdefault("enterprise", world.nodes["enterprise_1"])
    return returnee_register(actor=world.users[actor], **kwargs)


def test_the_enterprise_contact_registers_a_person_of_the_roster(world):
    r = register(world, travels=[{"division_code": "620102", "date_from": today() - dt.timedelta(days=5)}])

    assert r.person == world.people["worker_1"] and r.family_members == ["王某 配偶"]
    assert [(t.division_code, t.date_to) for t in r.travels.all()] == [
        ("620102", today() - dt.timedelta(days=5))
    ]
    assert AuditEvent.objects.filter(object_type="returns.returnee", object_id=str(r.pk)).exists()


def test_a_new_person_is_put_on_the_roster_with_an_encrypted_id_number(world):
    number = make_id_number("150621")
    r = register(world, person=None, new_person={"name": "新矿工", "id_number": number, "phone": ""})

    person = Person.objects.get(pk=r.person_id)
    assert person.employer == world.nodes["enterprise_1"] and person.id_number == number
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM people_person WHERE id = %s", [person.pk])
        assert number not in str(cursor.fetchone()[0])


def test_a_person_of_another_enterprise_is_refused(world):
    with pytest.raises(ServiceError) as error:
        register(world, person=world.people["worker_2"])
    assert error.value.message_dict["person"] == ["This person is not on the enterprise's roster."]


def test_no_person_at_all_is_refused(world):
    with pytest.raises(ServiceError) as error:
        register(world, person=None)
    assert "person" in error.value.message_dict


def test_an_enterprise_outside_scope_is_refused_and_nothing_is_written(world):
    with pytest.raises(ScopeError) as error:
        register(world, enterprise=world.nodes["enterprise_2"], person=world.people["worker_2"])
    assert error.value.messages == ["This enterprise is outside your scope."]
    assert not Returnee.objects.exists()


def test_a_resident_may_not_register(world):
    with pytest.raises(ScopeError):
        register(world, actor="resident", enterprise=world.nodes["enterprise_1"])


def test_a_reversed_window_is_refused_with_its_field(world):
    bad = fields(
        earliest_arrival=today() + dt.timedelta(days=5), latest_arrival=today() + dt.timedelta(days=2)
    )
    with pytest.raises(ServiceError) as error:
        register(world, fields=bad)
    assert error.value.message_dict["latest_arrival"] == [
        "The latest usable arrival is before the earliest: the window is reversed."
    ]


def test_a_certificate_dated_in_the_future_is_refused(world):
    with pytest.raises(ServiceError) as error:
        register(world, fields=fields(certificate_date=today() + dt.timedelta(days=1)))
    assert "certificate_date" in error.value.message_dict


def test_a_bad_origin_code_is_refused(world):
    with pytest.raises(ServiceError) as error:
        register(world, fields=fields(origin_code="12"))
    assert "origin_code" in error.value.message_dict


def test_a_travel_date_in_the_future_is_refused_and_nothing_is_written(world):
    legs = [{"division_code": "620102", "date_from": today(), "date_to": today() + dt.timedelta(days=2)}]
    with pytest.raises(ServiceError) as error:
        register(world, travels=legs)
    assert error.value.message_dict["travels"] == ["Travel 1: a travel date cannot be in the future."]
    assert not Returnee.objects.exists()


def test_a_reversed_travel_leg_is_refused(world):
    legs = [{"division_code": "620102", "date_from": today(), "date_to": today() - dt.timedelta(days=2)}]
    with pytest.raises(ServiceError) as error:
        register(world, travels=legs)
    assert error.value.message_dict["travels"] == ["Travel 1: the last day is before the first."]


def test_the_same_person_cannot_be_registered_twice(world):
    first = register(world)
    with pytest.raises(ServiceError) as error:
        register(world)
    assert error.value.message_dict["person"] == [
        f"李工人 is already registered to return (registration {first.pk})."
    ]


def test_without_a_certificate_the_registration_is_kept_and_shown_blocked(world):
    r = register(world, fields=fields(certificate_number="", certificate_issuer="", certificate_date=None))

    listed = returnee_list(user=world.users["enterprise_contact"])
    assert [b.code for b in next(x for x in listed if x.pk == r.pk).blocks] == [Block.NO_CERTIFICATE]


def test_a_returnee_from_a_risk_area_is_shown_blocked(world):
    RiskArea.objects.create(
        park=world.nodes["park_a"],
        division_code="420100",
        name="武汉",
        level="high",
        valid_from=today() - dt.timedelta(days=10),
    )
    r = register(world, fields=fields(origin_code=WUHAN))
    listed = returnee_list(user=world.users["park_commander"])
    assert [b.code for b in next(x for x in listed if x.pk == r.pk).blocks] == [Block.ORIGIN_RISK_AREA]


def test_the_certificate_scan_is_stored_without_its_exif(world):
    r = register(world, certificate_scan=jpeg_with_exif())

    with r.certificate_scan.open("rb") as stored:
        image = Image.open(stored)
        assert not image.getexif()


def test_a_scan_of_the_wrong_type_is_refused(world):
    upload = SimpleUploadedFile("scan.docx", b"PK\x03\x04whatever")
    with pytest.raises(ServiceError) as error:
        register(world, certificate_scan=upload)
    assert "certificate_scan" in error.value.message_dict
    assert not Returnee.objects.exists()


def test_an_update_rechecks_the_window(world):
    r = register(world)
    with pytest.raises(ServiceError):
        returnee_update(
            actor=world.users["enterprise_contact"],
            returnee=r,
            fields={"earliest_arrival": today() + dt.timedelta(days=20)},
        )
    changed = returnee_update(
        actor=world.users["enterprise_contact"], returnee=r, fields={"key_position": True}
    )
    assert changed.key_position


def test_the_neighbour_official_does_not_see_the_returnee(world):
    r = register(world)
    assert r.pk not in [x.pk for x in returnee_list(user=world.users["neighbour_official"])]


def test_a_person_under_isolation_observation_is_refused(world):
    s = site(world)
    room = Room.objects.create(site=s, number="101", beds=2)
    IsolationStay.objects.create(
        site=s,
        room=room,
        person=world.people["worker_1"],
        check_in_date=today(),
        planned_release=today() + dt.timedelta(days=14),
    )
    with pytest.raises(ServiceError) as error:
        register(world)
    assert error.value.message_dict["person"] == ["李工人 is under isolation observation now."]
