"""A service that does not complete leaves no event: the event is written inside its transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from parkguard.audit.models import AuditEvent
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.hierarchy.services import node_create
from parkguard.people.services import person_update
from tests.core.records import row_counts

pytestmark = pytest.mark.django_db


class Interrupted(Exception):
    pass


def test_rolled_back_transaction_takes_its_event_with_it(world):
    before = row_counts()

    with pytest.raises(Interrupted), transaction.atomic():
        node_create(
            actor=world.users["park_commander"], parent=world.nodes["area_a"], kind=NodeKind.GRID, name="临时"
        )
        raise Interrupted

    assert row_counts() == before
    assert not Node.objects.filter(name="临时").exists()


def test_refused_update_writes_no_event_and_changes_nothing(world):
    person = world.people["worker_1"]

    with pytest.raises(ValidationError):
        person_update(actor=world.users["grid_official"], person=person, name="李技工", phone="12345")

    person.refresh_from_db()
    assert person.name == "李工人"
    assert not AuditEvent.objects.exists()


def test_update_moving_a_person_out_of_scope_writes_no_event(world):
    person = world.people["worker_1"]

    with pytest.raises(ValidationError):
        person_update(actor=world.users["grid_official"], person=person, employer=world.nodes["enterprise_2"])

    person.refresh_from_db()
    assert person.employer == world.nodes["enterprise_1"]
    assert not AuditEvent.objects.exists()
