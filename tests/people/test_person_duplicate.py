"""One person per id number: a second registration is refused, however the number is typed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from parkguard.audit.models import AuditEvent
from parkguard.people.services import person_create, person_update
from tests.core.messages_zh import both
from tests.core.records import row_counts

pytestmark = pytest.mark.django_db

DUPLICATE = "A person with this id number is already registered."


@pytest.mark.parametrize(("language", "message"), both(DUPLICATE))
def test_second_person_with_the_same_id_number_is_refused(world, language, message):
    existing = world.people["resident"].id_number
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        person_create(
            actor=world.users["grid_official"],
            name="冒名者",
            id_number=existing.lower(),
            employer=world.nodes["enterprise_1"],
        )

    with override(language):
        assert refused.value.messages == [message]
    assert row_counts() == before


def test_changing_a_number_to_one_already_registered_is_refused(world):
    worker, taken = world.people["worker_1"], world.people["resident"].id_number
    own_number = worker.id_number

    with pytest.raises(ValidationError) as refused:
        person_update(actor=world.users["grid_official"], person=worker, id_number=taken)

    assert refused.value.code == "id_number_duplicate"
    worker.refresh_from_db()
    assert worker.id_number == own_number
    assert not AuditEvent.objects.exists()
