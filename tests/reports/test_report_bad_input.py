"""Issue #4: bad input gets a clear error (zh and en), and nothing is half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.reports import services
from parkguard.reports.models import DailyReport

from .conftest import DAY
from .reporting import english, submit, values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"arrivals_today": -1}, "Arrivals today cannot be negative."),
        ({"arrivals_today": "三"}, "Arrivals today: enter a number."),
        ({"arrivals_today": "2.5"}, "Arrivals today: enter a whole number."),
        ({"arrivals_today": True}, "Arrivals today: enter a number."),
        ({"mask_days": "-0.5"}, "Days of use of the masks cannot be negative."),
        ({"ventilation": "maybe"}, "Ventilation: answer yes or no."),
        ({"arrivals_today": ""}, "Arrivals today is required."),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(world, templates, change, message):
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(**change))
    assert english(refused.value) == {next(iter(change)): [message]}
    assert not DailyReport.objects.exists()


def test_inconsistent_counts_are_refused_with_the_rule_message(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(arrivals_from_risk_areas=9, arrivals_today=3))
    assert english(refused.value) == {
        "arrivals_from_risk_areas": ["Arrivals from risk areas cannot exceed the arrivals today."]
    }
    with translation.override("zh-hans"):
        assert refused.value.message_dict["arrivals_from_risk_areas"] == [
            "来自重点地区人数不能超过今日返岗人数。"
        ]
    assert not DailyReport.objects.exists()


def test_several_errors_are_reported_together(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(arrivals_today=-1, suspected="x"))
    assert set(english(refused.value)) == {"arrivals_today", "suspected"}


def test_a_bad_draft_value_is_refused_and_nothing_is_written(world, templates):
    with pytest.raises(ServiceError) as refused:
        services.report_save_draft(
            actor=world.users["enterprise_contact"],
            site=world.nodes["enterprise_1"],
            day=DAY,
            period="day",
            values={"arrivals_today": "abc"},
        )
    assert english(refused.value) == {"arrivals_today": ["Arrivals today: enter a number."]}
    assert not DailyReport.objects.exists()


def test_a_report_for_a_site_outside_the_scope_is_refused_and_nothing_is_written(world, templates):
    with pytest.raises(ScopeError) as refused:
        submit(world, who="neighbour_official")
    assert refused.value.code == "out_of_scope"
    assert english(refused.value) == ["This part of the hierarchy is outside your scope."]
    assert not DailyReport.objects.exists()
    assert not AuditEvent.objects.filter(object_type="reports.dailyreport").exists()


def test_someone_who_sees_the_site_but_does_not_report_is_refused(world, templates):
    # The service commissioner serves enterprise 2: it is in their scope, but they file no reports.
    with pytest.raises(ScopeError) as refused:
        submit(world, who="service_commissioner", site="enterprise_2")
    assert english(refused.value) == ["You may not file reports for this site."]
    assert not DailyReport.objects.exists()


def test_the_database_keeps_one_report_per_site_date_and_period(world, templates):
    # The unique constraint itself, on whichever database runs the suite (SQLite and PostgreSQL).
    template = templates["park_a"]["enterprise"]
    DailyReport.objects.create(site=world.nodes["enterprise_1"], template=template, date=DAY, period="day")
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyReport.objects.create(
            site=world.nodes["enterprise_1"], template=template, date=DAY, period="day"
        )
    assert DailyReport.objects.count() == 1


# --- on the page ------------------------------------------------------------------------------------


def _form_url(world) -> str:
    return reverse("reports:report_form", args=[world.nodes["enterprise_1"].pk])


def _posted(**changes) -> dict:
    data = {k: ("1" if v is True else "0" if v is False else v) for k, v in values(**changes).items()}
    return {**data, "action": "submit"}


def test_a_form_open_while_the_command_adds_a_field_is_filed_on_its_version(world, templates, login):
    client = login(world.users["enterprise_contact"])
    assert client.get(_form_url(world)).status_code == 200
    services.template_field_add(
        actor=world.users["park_commander"],
        template=templates["park_a"]["enterprise"],
        key="nucleic_tests",
        label_zh="核酸检测人数",
        label_en="Nucleic acid tests",
        type="integer",
    )

    assert client.post(_form_url(world), _posted()).status_code == 302
    report = DailyReport.objects.get()
    assert report.template == templates["park_a"]["enterprise"] and "nucleic_tests" not in report.values


def test_a_form_posted_after_a_new_required_field_came_in_asks_for_it(world, templates, login, at):
    services.template_field_add(
        actor=world.users["park_commander"],
        template=templates["park_a"]["enterprise"],
        key="nucleic_tests",
        label_zh="核酸检测人数",
        label_en="Nucleic acid tests",
        type="integer",
    )
    at("09:00", day=DAY + dt.timedelta(days=1))  # yesterday's form, posted this morning

    response = login(world.users["enterprise_contact"]).post(
        _form_url(world), _posted(), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.field.key == "nucleic_tests")
    with translation.override("en"):
        assert [str(e) for e in row.errors] == ["Nucleic acid tests is required."]
    assert not DailyReport.objects.exists()


def test_a_field_removed_from_the_form_is_ignored_when_an_old_page_posts_it(world, templates, login, at):
    services.template_field_remove(
        actor=world.users["park_commander"], template=templates["park_a"]["enterprise"], key="ventilation"
    )
    at("09:00", day=DAY + dt.timedelta(days=1))

    response = login(world.users["enterprise_contact"]).post(_form_url(world), _posted())

    assert response.status_code == 302
    assert "ventilation" not in DailyReport.objects.get().values


def test_a_late_correction_without_a_reason_shows_the_error_beside_the_reason(world, templates, login, at):
    submit(world)
    at("15:00")

    response = login(world.users["enterprise_contact"]).post(
        _form_url(world), _posted(arrivals_today=5), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    with translation.override("en"):
        assert [str(e) for e in response.context["reason_errors"]] == [
            "After the deadline, a correction needs a reason."
        ]
    assert DailyReport.objects.get().values["arrivals_today"] == 3


def test_a_negative_count_on_the_api_is_a_400_with_the_message(world, templates, api_as):
    api = api_as(world.users["enterprise_contact"])
    body = {"site": world.nodes["enterprise_1"].pk, "date": "2020-02-20", "values": values(suspected=-1)}

    response = api.post("/api/reports/submit/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert [str(m) for m in response.data["suspected"]] == ["Suspected cases cannot be negative."]
    assert not DailyReport.objects.exists()
