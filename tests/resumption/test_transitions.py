"""Every step of the table: allowed from its sources, refused from every other state."""

from __future__ import annotations

import pytest
from django.utils import translation

from parkguard.core.errors import ScopeError, ServiceError
from parkguard.notices.models import Notice
from parkguard.resumption import services
from parkguard.resumption.choices import Action, State
from parkguard.resumption.models import Application, Transition
from parkguard.resumption.workflow import TRANSITIONS

from .conftest import codes, user

DECISIONS = [Action.APPROVE, Action.RETURN, Action.REJECT, Action.RESUME, Action.SUSPEND, Action.LIFT]


def _set_state(application: Application, state: str) -> Application:
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


@pytest.mark.django_db
def test_the_whole_approval_path_records_each_step_and_notifies_the_contact(world, walk):
    application = walk("resumed")
    steps = list(
        Transition.objects.filter(application=application).values_list("action", "from_state", "to_state")
    )
    assert steps == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("inspect", "submitted", "inspected"),
        ("approve", "inspected", "approved"),
        ("resume", "approved", "resumed"),
    ]
    assert application.resumed_on is not None
    contact = world.users["enterprise_contact"]
    assert Notice.objects.filter(recipient=contact, kind="resumption").count() == 4


@pytest.mark.django_db
def test_suspend_needs_reason_and_conditions_and_lift_resumes_again(world, walk):
    application = walk("resumed")
    official = user(world, "grid_official")
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=official, application=application, action="suspend", reason="确诊1例"
        )
    assert "conditions_required" in codes(exc)
    application = services.application_decide(
        actor=official,
        application=application,
        action="suspend",
        reason="确诊1例",
        conditions="全面消杀，14天无新增",
    )
    assert application.state == State.SUSPENDED
    assert application.suspension_conditions == "全面消杀，14天无新增"
    application = services.application_decide(
        actor=official, application=application, action="lift", reason="条件已满足"
    )
    assert application.state == State.RESUMED
    last = Transition.objects.filter(application=application).last()
    assert (last.action, last.actor, last.reason) == ("lift", official, "条件已满足")


@pytest.mark.django_db
@pytest.mark.parametrize("action", [Action.RETURN, Action.REJECT])
def test_return_and_reject_need_a_reason(world, walk, action):
    application = walk("inspected")
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=user(world, "task_force_member"), application=application, action=action
        )
    assert "reason_required" in codes(exc)
    application = services.application_decide(
        actor=user(world, "task_force_member"), application=application, action=action, reason="方案不完整"
    )
    assert application.state == TRANSITIONS[action].target


@pytest.mark.django_db
def test_a_returned_application_is_edited_and_submitted_again(world, walk):
    application = walk("submitted")
    services.application_decide(
        actor=user(world, "grid_official"), application=application, action="return", reason="缺少消毒记录"
    )
    contact = user(world, "enterprise_contact")
    application.refresh_from_db()
    services.application_update(
        actor=contact, application=application, fields={"disinfection_schedule": "每日三次"}
    )
    application = services.application_submit(actor=contact, application=application)
    assert application.state == State.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("action", DECISIONS)
@pytest.mark.parametrize("state", State.values)
def test_each_decision_is_refused_outside_its_source_states(world, make_application, action, state):
    application = make_application()
    if state in TRANSITIONS[action].sources:
        return
    _set_state(application, state)
    admin = type(world.users["outsider"]).objects.create_superuser("root", password="x")
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=admin, application=application, action=action, reason="r", conditions="c"
        )
    assert "not_allowed" in codes(exc)
    application.refresh_from_db()
    assert application.state == state


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s not in (State.DRAFT, State.RETURNED)])
def test_submit_is_refused_outside_draft_and_returned(world, make_application, state):
    application = _set_state(make_application(), state)
    with pytest.raises(ServiceError) as exc:
        services.application_submit(actor=user(world, "enterprise_contact"), application=application)
    assert "not_allowed" in codes(exc)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s != State.SUBMITTED])
def test_inspection_is_refused_outside_submitted(world, make_application, state):
    application = _set_state(make_application(), state)
    with pytest.raises(ServiceError) as exc:
        services.application_inspect(
            actor=user(world, "grid_official"), application=application, checklist={}, passed=True
        )
    assert "not_allowed" in codes(exc)


@pytest.mark.django_db
def test_the_refusal_names_the_state_in_english(world, make_application):
    application = make_application()
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=user(world, "task_force_member"), application=application, action="approve"
        )
    with translation.override("en"):
        assert exc.value.messages == ["This application is “Draft”: “Approve” is not possible now."]


@pytest.mark.django_db
def test_a_failed_inspection_returns_the_application_with_its_findings(world, walk):
    application = walk("submitted")
    with pytest.raises(ServiceError) as exc:
        services.application_inspect(
            actor=user(world, "grid_official"), application=application, checklist={}, passed=False
        )
    assert "findings_required" in codes(exc)
    services.application_inspect(
        actor=user(world, "grid_official"),
        application=application,
        checklist={},
        passed=False,
        findings="无隔离室",
    )
    application.refresh_from_db()
    assert application.state == State.RETURNED
    assert Transition.objects.filter(application=application).last().reason == "无隔离室"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "action", "until"),
    [
        ("enterprise_contact", "approve", "inspected"),
        ("grid_official", "approve", "inspected"),
        ("enterprise_contact", "return", "submitted"),
        ("task_force_member", "resume", "approved"),
        ("enterprise_contact", "suspend", "resumed"),
    ],
)
def test_a_role_that_does_not_play_the_part_is_refused(world, walk, persona, action, until):
    application = walk(until)
    with pytest.raises(ScopeError) as exc:
        services.application_decide(
            actor=user(world, persona), application=application, action=action, reason="r", conditions="c"
        )
    assert "no_permission" in codes(exc)
    application.refresh_from_db()
    assert application.state == until


@pytest.mark.django_db
def test_the_enterprise_contact_cannot_inspect(world, walk):
    application = walk("submitted")
    with pytest.raises(ScopeError):
        services.application_inspect(
            actor=user(world, "enterprise_contact"), application=application, checklist={}, passed=True
        )


@pytest.mark.django_db
def test_an_official_of_another_grid_is_out_of_scope(world, walk):
    application = walk("submitted")
    with pytest.raises(ScopeError) as exc:
        services.application_inspect(
            actor=user(world, "neighbour_official"), application=application, checklist={}, passed=True
        )
    assert "out_of_scope" in codes(exc)


@pytest.mark.django_db
def test_the_park_commander_may_approve(world, walk):
    application = walk("inspected")
    application = services.application_decide(
        actor=user(world, "park_commander"), application=application, action="approve"
    )
    assert application.state == State.APPROVED
