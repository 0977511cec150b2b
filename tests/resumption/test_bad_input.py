"""Bad input of an application gets a clear error, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from parkguard.core.errors import ScopeError, ServiceError
from parkguard.resumption import services
from parkguard.resumption.models import Application

from .conftest import codes, pdf, user, valid_fields


def _create(world, enterprises, persona="enterprise_contact", key="enterprise_1", files=None, **overrides):  # type: ignore[no-untyped-def]
    return services.application_create(
        actor=user(world, persona),
        enterprise=enterprises[key],
        fields=valid_fields(**overrides),
        files=files or {},
    )


def _refused_fields(world, enterprises, **overrides) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc, translation.override("en"):
        _create(world, enterprises, **overrides)
    assert Application.objects.count() == 0
    with translation.override("en"):
        return exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"headcount_returned": 11},
            "headcount_returned",
            "More employees returned than the enterprise has.",
        ),
        (
            {"headcount_isolation": 11},
            "headcount_isolation",
            "More employees in isolation than the enterprise has.",
        ),
        (
            {"headcount_local": 5},
            "headcount_local",
            "Local employees and employees from elsewhere must add up to the total.",
        ),
        (
            {"headcount_risk_areas": 5},
            "headcount_risk_areas",
            "Employees from risk areas are among those from elsewhere: there cannot be more of them.",
        ),
        ({"headcount_total": -1}, "headcount_total", "Headcounts cannot be negative."),
        (
            {"planned_date": timezone.localdate() - dt.timedelta(days=1)},
            "planned_date",
            "The planned resumption date cannot be in the past.",
        ),
        (
            {"green_channel": True},
            "green_channel_reason",
            "Say why the green channel applies (epidemic-related production).",
        ),
        ({"prevention_head": ""}, "prevention_head", "Name the head of the prevention group."),
    ],
)
def test_contradicting_or_impossible_values_are_refused(world, enterprises, overrides, field, message):
    assert _refused_fields(world, enterprises, **overrides)[field] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "key"),
    [
        ("neighbour_official", "enterprise_1"),
        ("outsider", "enterprise_1"),
        ("enterprise_contact", "enterprise_2"),
        ("commander_b", "enterprise_1"),
    ],
)
def test_an_enterprise_outside_the_users_scope_is_refused(world, enterprises, persona, key):
    with pytest.raises(ScopeError) as exc:
        _create(world, enterprises, persona=persona, key=key)
    assert "out_of_scope" in codes(exc)
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_grid_official_does_not_apply_for_an_enterprise(world, enterprises):
    with pytest.raises(ScopeError) as exc:
        _create(world, enterprises, persona="grid_official")
    assert "no_permission" in codes(exc)


@pytest.mark.django_db
def test_one_live_application_per_enterprise(world, enterprises, make_application):
    make_application()
    with pytest.raises(ServiceError) as exc:
        _create(world, enterprises)
    assert "application_exists" in codes(exc)
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_a_bad_document_writes_nothing(world, enterprises):
    with pytest.raises(ServiceError) as exc:
        _create(world, enterprises, files={"plan_document": pdf(body=b"/OpenAction << /JS (x) >> ")})
    assert "pdf_script" in codes(exc)
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_submission_needs_the_documents_and_a_prevention_group(world, enterprises):
    application = _create(world, enterprises, prevention_group=False, prevention_head="")
    with pytest.raises(ServiceError) as exc:
        services.application_submit(actor=user(world, "enterprise_contact"), application=application)
    assert set(exc.value.message_dict) == {"prevention_group", "plan_document", "commitment_letter"}
    application.refresh_from_db()
    assert application.state == "draft"


@pytest.mark.django_db
def test_a_planned_date_that_passed_while_in_draft_is_refused_on_submission(world, make_application):
    application = make_application()
    Application.objects.filter(pk=application.pk).update(
        planned_date=timezone.localdate() - dt.timedelta(days=2)
    )
    application.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.application_submit(actor=user(world, "enterprise_contact"), application=application)
    assert "planned_date" in exc.value.message_dict


@pytest.mark.django_db
def test_an_update_keeps_the_headcounts_consistent(world, make_application):
    application = make_application()
    with pytest.raises(ServiceError):
        services.application_update(
            actor=user(world, "enterprise_contact"), application=application, fields={"headcount_total": 12}
        )
    application.refresh_from_db()
    assert application.headcount_total == 10


@pytest.mark.django_db
def test_a_submitted_application_cannot_be_edited(world, walk):
    application = walk("submitted")
    with pytest.raises(ServiceError) as exc:
        services.application_update(
            actor=user(world, "enterprise_contact"), application=application, fields={"masks_days": 3}
        )
    assert "not_editable" in codes(exc)


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "code"), [(1, "future_date"), (-30, "before_application")])
def test_an_impossible_actual_resumption_date_is_refused(world, walk, days, code):
    application = walk("approved")
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=user(world, "enterprise_contact"),
            application=application,
            action="resume",
            effective_on=timezone.localdate() + dt.timedelta(days=days),
        )
    assert code in codes(exc)
