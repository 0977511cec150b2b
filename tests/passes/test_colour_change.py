"""A changed colour replaces the holder's pass: worse revokes the old one, better supersedes it."""

from __future__ import annotations

from parkguard import passcodec
from parkguard.health.status import refresh_status
from parkguard.passes import services
from parkguard.passes.models import Pass
from parkguard.passes.verification import verify


def test_a_worse_colour_revokes_the_pass_and_issues_a_red_one(
    world, declare, django_capture_on_commit_callbacks
):
    person = world.people["resident"]
    declare(person)
    green = services.person_pass_get_or_issue(person)
    assert green.colour == "green"

    declare(person, temperature="38.5")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_status(person)

    green.refresh_from_db()
    assert green.revoked_at is not None and green.revoked_reason == services.REVOKE_WORSE
    assert verify(green.token).reason == passcodec.Reason.REVOKED
    red = services.current_person_pass(person)
    assert red.colour == "red" and red.reason_codes
    assert verify(red.token).claims.colour == "red"


def test_a_better_colour_issues_a_new_pass_and_leaves_the_old_one_valid(
    world, declare, django_capture_on_commit_callbacks
):
    person = world.people["resident"]
    declare(person, temperature="38.5")
    red = services.person_pass_get_or_issue(person)

    declare(person)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_status(person)

    red.refresh_from_db()
    assert red.revoked_at is None and red.superseded_at is not None
    assert verify(red.token).ok  # it only ever under-states what its holder may do
    assert services.current_person_pass(person).colour == "green"


def test_a_person_without_a_pass_gets_none_from_a_colour_change(
    world, declare, django_capture_on_commit_callbacks
):
    person = world.people["worker_1"]
    declare(person, temperature="38.5")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_status(person)
    assert not Pass.objects.filter(person=person).exists()


def test_the_page_shows_a_new_pass_when_the_colour_changed_without_a_signal(world, declare):
    person = world.people["resident"]
    declare(person)
    green = services.person_pass_get_or_issue(person)
    declare(person, temperature="38.5")
    refresh_status(person)  # the on-commit signal never runs inside the test transaction

    red = services.person_pass_get_or_issue(person)

    assert red.colour == "red" and red != green
    green.refresh_from_db()
    assert green.revoked_at is not None
