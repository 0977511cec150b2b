import pytest

from parkguard.people.models import Person
from tests.personas import SEES_PEOPLE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", sorted(SEES_PEOPLE))
def test_person_visible_to_matches_persona(world, persona):
    user = world.users[persona]

    visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))

    expected = {world.people[key].pk for key in SEES_PEOPLE[persona]}
    assert visible == expected
