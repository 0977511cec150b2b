"""Two reviewers deciding at once: one wins, the other is told, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from parkguard.core.errors import ServiceError
from parkguard.resumption import services
from parkguard.resumption.choices import State
from parkguard.resumption.models import Application, Transition

from .conftest import codes, user


@pytest.mark.django_db
def test_a_decision_on_a_state_that_changed_meanwhile_is_refused(world, walk):
    application = walk("inspected")
    seen = application.state
    services.application_decide(
        actor=user(world, "park_commander"), application=application, action="approve", expected_state=seen
    )
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=user(world, "task_force_member"),
            application=application,
            action="reject",
            expected_state=seen,
            reason="不符合条件",
        )
    assert "stale_state" in codes(exc)
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert Transition.objects.filter(application=application, action="reject").count() == 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_wins_and_the_other_is_told(world, walk):
    application = walk("inspected")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(persona: str, action: str) -> None:
        try:
            barrier.wait()
            services.application_decide(
                actor=user(world, persona),
                application=Application(pk=application.pk),
                action=action,
                expected_state=State.INSPECTED,
                reason="理由",
            )
            outcomes[persona] = "won"
        except ServiceError as exc:
            outcomes[persona] = ",".join(sorted(codes_of(exc)))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("park_commander", "approve")),
        threading.Thread(target=decide, args=("task_force_member", "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["stale_state", "won"]
    application.refresh_from_db()
    decisions = Transition.objects.filter(application=application, action__in=["approve", "reject"])
    assert decisions.count() == 1
    assert application.state == decisions.get().to_state


def codes_of(error: ServiceError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}
