"""Every persona × every scoped list and detail: inside is visible; outside is absent, or 404 on a detail."""

from __future__ import annotations

import pytest

from parkguard.accounts.models import Membership

from .scope_matrix import (
    DETAILS,
    LISTS,
    MEMBERSHIP_NODE,
    PERSONAS,
    SEES_MEMBERSHIPS,
    SEES_NODES,
    ScopedDetail,
    ScopedList,
)

pytestmark = pytest.mark.django_db


def list_cases(*, may_open: bool) -> list:
    return [
        pytest.param(listing, persona, id=f"{listing}-{persona}")
        for listing in LISTS
        for persona in PERSONAS
        if listing.may_open(persona) == may_open
    ]


@pytest.mark.parametrize(("listing", "persona"), list_cases(may_open=True))
def test_list_shows_what_is_in_scope_and_nothing_else(shared_world, db, login, listing: ScopedList, persona):
    objects = listing.objects(shared_world)
    client = login(shared_world.users[persona])

    response = client.get(listing.url)

    assert response.status_code == 200
    shown = {key for key, obj in objects.items() if listing.shows(response, obj)}
    assert shown == listing.sees[persona]


@pytest.mark.parametrize(("listing", "persona"), list_cases(may_open=False))
def test_list_is_forbidden_to_whoever_may_not_open_it(shared_world, db, login, listing: ScopedList, persona):
    client = login(shared_world.users[persona])

    response = client.get(listing.url)

    assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("detail", DETAILS, ids=str)
def test_detail_is_found_inside_scope_and_missing_outside(
    shared_world, db, login, detail: ScopedDetail, persona
):
    objects = detail.objects(shared_world)
    client = login(shared_world.users[persona])

    statuses = {key: client.get(detail.url(obj)).status_code for key, obj in objects.items()}

    expected = {key: 200 if key in detail.sees[persona] else 404 for key in objects}
    assert statuses == expected


def test_every_persona_has_an_expectation_in_every_table():
    for sees in (SEES_NODES, SEES_MEMBERSHIPS, *(listing.sees for listing in LISTS if listing.only is None)):
        assert set(sees) == set(PERSONAS)


def test_the_membership_table_matches_the_world(shared_world, db):
    held = {m.user.username: m.node_id for m in Membership.objects.select_related("user")}

    assert held == {holder: shared_world.nodes[key].pk for holder, key in MEMBERSHIP_NODE.items()}
