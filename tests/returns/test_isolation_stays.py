"""Central isolation (issue #7): check-in, room and site capacity, extension, release, colour after release."""
# ruff: noqa: F811 - the fixtures come from isolation_helpers

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError
from parkguard.health.status import current_status
from parkguard.returns import isolation
from parkguard.returns.models import IsolationStay, Returnee, StayExtension
from tests.factories import PersonFactory, UserFactory

from .isolation_helpers import TODAY, at, english, site  # noqa: F401

D = dt.timedelta
pytestmark = pytest.mark.usefixtures("english", "at")


def codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def room(site, number):
    return site.rooms.get(number=number)


def check_in(world, site, person=None, number="101", actor="park_commander", **kw):
    return isolation.stay_check_in(
        actor=world.users[actor], site=site, room=room(site, number), person=person or PersonFactory(), **kw
    )


def test_check_in_assigns_the_room_and_plans_the_release_after_the_sites_period(world, site):
    worker = world.people["worker_1"]
    stay = check_in(world, site, worker)
    assert (stay.room.number, stay.check_in_date, stay.planned_release) == ("101", TODAY, TODAY + D(days=14))
    assert stay.is_open and stay.checked_in_by == world.users["park_commander"]
    assert AuditEvent.objects.filter(object_type="returns.isolationstay", object_id=str(stay.pk)).exists()


def test_a_site_with_another_period_plans_with_it(world, site):
    site.observation_days = 21
    site.save()
    assert check_in(world, site).planned_release == TODAY + D(days=21)


def test_checking_in_a_returnee_links_their_record_and_a_person_gets_their_latest_one(world, site):
    worker = world.people["worker_1"]
    returnee = Returnee.objects.create(
        person=worker, enterprise=world.nodes["enterprise_1"], origin_code="150621"
    )
    stay = check_in(world, site, worker)
    assert stay.returnee == returnee
    other = PersonFactory()
    r2 = Returnee.objects.create(person=other, enterprise=world.nodes["enterprise_1"], origin_code="150621")
    stay2 = isolation.stay_check_in(
        actor=world.users["park_commander"], site=site, room=room(site, "101"), returnee=r2
    )
    assert (stay2.person, stay2.returnee) == (other, r2)


def test_a_room_over_its_beds_is_refused_and_nothing_is_written(world, site):
    check_in(world, site, number="102")  # one bed
    with pytest.raises(ValidationError) as exc:
        check_in(world, site, number="102")
    assert codes(exc.value) == {"room_full"}
    assert "102" in exc.value.messages[0] and "full" in exc.value.messages[0]
    assert IsolationStay.objects.count() == 1


def test_the_site_over_its_beds_is_refused_even_with_a_free_room(world, site):
    site.capacity = 2
    site.save()
    check_in(world, site, number="101")
    check_in(world, site, number="102")
    with pytest.raises(ValidationError) as exc:
        check_in(world, site, number="101")
    assert codes(exc.value) == {"site_full"}


def test_a_released_bed_is_free_again(world, site):
    stay = check_in(world, site, number="102")
    isolation.stay_release(actor=world.users["park_commander"], stay=stay, reason="医生评估无症状")
    assert check_in(world, site, number="102").room.number == "102"


def test_someone_already_in_isolation_here_or_elsewhere_is_refused(world, site):
    from .isolation_helpers import make_site

    other = make_site(world, key="site_2", name="二号隔离点")
    worker = world.people["worker_1"]
    check_in(world, site, worker)
    for where in (site, other):
        with pytest.raises(ValidationError) as exc:
            check_in(world, where, worker)
        assert codes(exc.value) == {"already_in_isolation"}
        assert "already in isolation" in exc.value.messages[0]
    assert IsolationStay.objects.filter(person=worker).count() == 1


def test_a_room_of_another_site_a_missing_room_or_person_and_a_future_date_are_refused(world, site):
    from .isolation_helpers import make_site

    other = make_site(world, key="site_2", name="二号隔离点")
    actor = world.users["park_commander"]
    cases = [
        ({"room": other.rooms.first(), "person": PersonFactory()}, "room_elsewhere"),
        ({"room": None, "person": PersonFactory()}, "no_room"),
        ({"room": room(site, "101")}, "no_person"),
        ({"room": room(site, "101"), "person": PersonFactory(), "on": TODAY + D(days=1)}, "check_in_future"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ValidationError) as exc:
            isolation.stay_check_in(actor=actor, site=site, **kwargs)
        assert codes(exc.value) == {code}
    assert IsolationStay.objects.count() == 0


def test_who_may_check_in(world, site):
    # the command and the medical task force may; the site's officer may run their own site
    check_in(world, site, actor="task_force_member")
    from parkguard.accounts.models import Membership

    Membership.objects.create(user=site.officer, node=site.node, role="enterprise_contact")
    site.officer.__dict__.pop("memberships_cached", None)
    isolation.stay_check_in(actor=site.officer, site=site, room=room(site, "101"), person=PersonFactory())
    # a grid official or an area leader does not reach the site; park B's commander neither
    for actor in ("grid_official", "area_leader", "commander_b"):
        with pytest.raises(ScopeError) as exc:
            check_in(world, site, actor=actor, number="102")
        assert exc.value.code == "out_of_scope", actor
    # another contact of the site, not its officer and without the capability, may not
    clerk = UserFactory()
    Membership.objects.create(user=clerk, node=site.node, role="enterprise_contact")
    with pytest.raises(ScopeError) as exc:
        isolation.stay_check_in(actor=clerk, site=site, room=room(site, "102"), person=PersonFactory())
    assert exc.value.code == "no_permission"
    assert IsolationStay.objects.count() == 2


def test_extension_needs_a_reason_and_sensible_days(world, site):
    stay = check_in(world, site)
    actor = world.users["park_commander"]
    for days, reason, code in (
        (7, " ", "reason_required"),
        (0, "复查", "extension_days"),
        (29, "复查", "extension_days"),
        ("x", "复查", "extension_days"),
    ):
        with pytest.raises(ValidationError) as exc:
            isolation.stay_extend(actor=actor, stay=stay, days=days, reason=reason)
        assert codes(exc.value) == {code}
    stay = isolation.stay_extend(actor=actor, stay=stay, days=7, reason="同住人员核酸阳性")
    assert stay.planned_release == TODAY + D(days=21)
    ext = StayExtension.objects.get(stay=stay)
    assert (ext.previous_release, ext.new_release, ext.reason) == (
        TODAY + D(days=14),
        TODAY + D(days=21),
        "同住人员核酸阳性",
    )


def test_release_after_the_period_needs_no_reason(world, site, at):
    stay = check_in(world, site)
    at("15:00", day=TODAY + D(days=14))
    released = isolation.stay_release(actor=world.users["task_force_member"], stay=stay)
    assert released.released_on == TODAY + D(days=14)
    assert released.early_release_reason == "" and released.certificate_number.startswith("JC")


def test_an_early_release_needs_an_authorised_role_and_a_reason(world, site, at):
    from parkguard.accounts.models import Membership

    stay = check_in(world, site)
    Membership.objects.create(user=site.officer, node=site.node, role="enterprise_contact")
    at("15:00", day=TODAY + D(days=5))
    with pytest.raises(ScopeError) as exc:
        isolation.stay_release(actor=site.officer, stay=stay, reason="家中有急事")
    assert exc.value.code == "early_not_authorised"
    assert "only the command or the medical team" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        isolation.stay_release(actor=world.users["park_commander"], stay=stay, reason="")
    assert codes(exc.value) == {"early_reason_required"}
    stay.refresh_from_db()
    assert stay.is_open
    released = isolation.stay_release(
        actor=world.users["park_commander"], stay=stay, reason="复核为误报，医学评估解除"
    )
    assert released.early_release_reason == "复核为误报，医学评估解除"


def test_a_released_stay_cannot_be_released_or_extended_again(world, site):
    stay = check_in(world, site)
    isolation.stay_release(actor=world.users["park_commander"], stay=stay, reason="评估解除")
    for call in (
        lambda: isolation.stay_release(actor=world.users["park_commander"], stay=stay, reason="再次"),
        lambda: isolation.stay_extend(actor=world.users["park_commander"], stay=stay, days=3, reason="再次"),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert codes(exc.value) == {"released"}


def test_no_release_while_the_latest_observation_shows_a_fever(world, site, at):
    stay = check_in(world, site)
    actor = world.users["park_commander"]
    at("20:00", day=TODAY + D(days=14))
    isolation.observation_record(
        actor=actor, stay=stay, date=TODAY + D(days=14), slot="evening", temperature="37.8"
    )
    with pytest.raises(ValidationError) as exc:
        isolation.stay_release(actor=actor, stay=stay)
    assert codes(exc.value) == {"release_unwell"}


def test_check_in_puts_the_person_under_observation_and_release_turns_them_green(world, site, at):
    worker = world.people["worker_1"]
    stay = check_in(world, site, worker)
    status = current_status(worker)
    assert status.colour == "red"
    assert "observation" in status.reason_codes
    at("09:00", day=TODAY + D(days=14))
    isolation.stay_release(actor=world.users["park_commander"], stay=stay)
    status = current_status(worker)
    assert status.colour == "green"
    assert status.reason_codes == ("released",)
    assert status.reasons[0].message.startswith("Released from isolation")
    assert (TODAY + D(days=14)).isoformat() in status.reasons[0].message


def test_check_in_turns_the_pass_red_and_a_release_green(world, site, at, django_capture_on_commit_callbacks):
    from parkguard.passes.services import current_person_pass, issue_person_pass

    worker = world.people["worker_1"]
    issue_person_pass(worker)
    with django_capture_on_commit_callbacks(execute=True):
        stay = check_in(world, site, worker)
    assert current_person_pass(worker).colour == "red"
    at("09:00", day=TODAY + D(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        isolation.stay_release(actor=world.users["park_commander"], stay=stay)
    after = current_person_pass(worker)
    assert after.colour == "green"
    assert [r["code"] for r in after.reasons] == ["released"]
