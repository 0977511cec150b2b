"""Issue #4 item 1: the command changes a form without a developer — frequency, windows, deadline and
consistency rules, from tomorrow, with clear errors in zh and en."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.reports import editor, services
from parkguard.reports.models import ReportTemplate
from parkguard.reports.selectors import completeness

from .conftest import DAY
from .reporting import english, submit, values

pytestmark = pytest.mark.django_db

TOMORROW = DAY + dt.timedelta(days=1)
RULE = {"left": "close_contacts", "operator": "<=", "right": "roster_headcount"}
RULE_MESSAGES = {
    "message_zh": "密切接触者不能超过在册职工。",
    "message_en": "Close contacts cannot exceed the staff.",
}


@pytest.fixture
def enterprise_form(templates):
    return templates["park_a"]["enterprise"]


@pytest.fixture
def commander(world):
    return world.users["park_commander"]


def _tomorrow(world) -> ReportTemplate:
    return services.template_for_site(world.nodes["enterprise_1"], TOMORROW)


def test_the_command_makes_the_enterprises_report_twice_a_day_from_tomorrow(
    world, enterprise_form, commander, at
):
    editor.template_settings_update(
        actor=commander,
        template=enterprise_form,
        frequency="twice_daily",
        morning_deadline=dt.time(9, 30),
        evening_deadline=dt.time(19, 0),
    )

    assert services.template_for_site(world.nodes["enterprise_1"], DAY).periods == ("day",)
    version = _tomorrow(world)
    assert version.version == 2 and version.periods == ("morning", "evening")
    assert version.window("morning") == (dt.time(6, 0), dt.time(9, 30))
    at("09:00", day=TOMORROW)
    assert completeness(node=world.nodes["grid_1"], day=TOMORROW).expected == 2
    submit(world, period="morning", day=TOMORROW)


def test_the_command_moves_the_deadline_and_a_report_after_it_is_late(world, enterprise_form, commander, at):
    editor.template_settings_update(actor=commander, template=enterprise_form, deadline=dt.time(10, 0))

    at("10:30", day=TOMORROW)
    assert submit(world, day=TOMORROW).late is True


def test_a_settings_change_is_audited(world, enterprise_form, commander):
    editor.template_settings_update(actor=commander, template=enterprise_form, deadline=dt.time(10, 0))

    event = AuditEvent.objects.filter(object_type="reports.reporttemplate").latest("id")
    assert event.changes == {"deadline": ["12:00", "10:00"]}


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            {"opens_at": dt.time(12, 0), "deadline": dt.time(8, 0)},
            "deadline",
            "The deadline must come after the window opens.",
        ),
        (
            {"frequency": "twice_daily", "morning_deadline": dt.time(17, 0)},
            "evening_opens_at",
            "The evening window cannot open before the morning deadline.",
        ),
        ({"frequency": "hourly"}, "frequency", "Choose how often the site reports."),
        ({"drop_share": 0}, "drop_share", "The share of a drop must be above 0 and at most 1."),
        ({"name": "  "}, "name", "The form needs a name."),
    ],
)
def test_bad_settings_are_refused_and_no_version_is_made(
    world, enterprise_form, commander, change, key, message
):
    with pytest.raises(ServiceError) as refused:
        editor.template_settings_update(actor=commander, template=enterprise_form, **change)

    assert english(refused.value) == {key: [message]}
    assert ReportTemplate.objects.filter(park=world.nodes["park_a"], site_kind="enterprise").count() == 1


def test_a_settings_error_reads_in_chinese_too(world, enterprise_form, commander):
    with pytest.raises(ServiceError) as refused:
        editor.template_settings_update(
            actor=commander, template=enterprise_form, opens_at=dt.time(12, 0), deadline=dt.time(8, 0)
        )
    with translation.override("zh-hans"):
        assert refused.value.message_dict["deadline"][0]


def test_only_the_command_changes_the_settings(world, enterprise_form):
    for who in ("grid_official", "commander_b", "enterprise_contact"):
        with pytest.raises(ScopeError):
            editor.template_settings_update(
                actor=world.users[who], template=enterprise_form, deadline=dt.time(10, 0)
            )


def test_the_command_adds_a_consistency_rule_from_tomorrow(world, enterprise_form, commander, at):
    editor.template_rule_add(actor=commander, template=enterprise_form, **RULE, **RULE_MESSAGES)

    submit(world, values=values(close_contacts=99))  # today's form does not have the rule yet
    at("09:00", day=TOMORROW)
    with pytest.raises(ServiceError) as refused:
        submit(world, day=TOMORROW, values=values(close_contacts=99))
    assert english(refused.value) == {"close_contacts": ["Close contacts cannot exceed the staff."]}


def test_the_command_removes_a_rule_from_tomorrow(world, enterprise_form, commander, at):
    editor.template_rule_remove(
        actor=commander,
        template=enterprise_form,
        left="arrivals_from_risk_areas",
        operator="<=",
        right="arrivals_today",
    )

    at("09:00", day=TOMORROW)
    submit(world, day=TOMORROW, values=values(arrivals_from_risk_areas=9, arrivals_today=3))


@pytest.mark.parametrize(
    ("rule", "key", "message"),
    [
        ({**RULE, "left": "difficulties"}, "left", "A rule compares two number fields of the form."),
        ({**RULE, "right": "no_such_field"}, "right", "A rule compares two number fields of the form."),
        ({**RULE, "right": "close_contacts"}, "right", "A rule compares two different fields."),
        ({**RULE, "operator": "!="}, "operator", "Choose how the two fields compare."),
        (
            {**RULE, "left": "staff_on_site"},
            "left",
            "The form already has this rule.",
        ),
    ],
)
def test_bad_rules_are_refused(world, enterprise_form, commander, rule, key, message):
    with pytest.raises(ServiceError) as refused:
        editor.template_rule_add(actor=commander, template=enterprise_form, **rule, **RULE_MESSAGES)

    assert english(refused.value) == {key: [message]}


def test_a_rule_needs_both_messages(world, enterprise_form, commander):
    with pytest.raises(ServiceError) as refused:
        editor.template_rule_add(
            actor=commander, template=enterprise_form, **RULE, message_zh="", message_en="Too many."
        )

    assert english(refused.value) == {"message_en": ["A rule needs its message in Chinese and in English."]}


def test_removing_an_unknown_rule_is_refused(world, enterprise_form, commander):
    with pytest.raises(ServiceError) as refused:
        editor.template_rule_remove(actor=commander, template=enterprise_form, **RULE)

    assert english(refused.value) == ["This form has no such rule."]


# --- the page ---------------------------------------------------------------------------------------


def _url(template) -> str:
    return reverse("reports:template_edit", args=[template.pk])


def test_the_editor_page_changes_frequency_and_deadlines(world, enterprise_form, commander, login):
    response = login(commander).post(
        _url(enterprise_form),
        {
            "form": "settings",
            "settings-name": "企业疫情防控日报",
            "settings-frequency": "twice_daily",
            "settings-opens_at": "06:00",
            "settings-deadline": "12:00",
            "settings-morning_opens_at": "06:00",
            "settings-morning_deadline": "09:00",
            "settings-evening_opens_at": "16:00",
            "settings-evening_deadline": "20:00",
            "settings-drop_share": "0.30",
        },
    )

    assert response.status_code == 302
    version = _tomorrow(world)
    assert (version.frequency, version.morning_deadline) == ("twice_daily", dt.time(9, 0))


def test_the_editor_page_shows_a_settings_error_beside_its_field(world, enterprise_form, commander, login):
    response = login(commander).post(
        _url(enterprise_form),
        {
            "form": "settings",
            "settings-name": "企业疫情防控日报",
            "settings-frequency": "daily",
            "settings-opens_at": "12:00",
            "settings-deadline": "08:00",
            "settings-morning_opens_at": "06:00",
            "settings-morning_deadline": "10:00",
            "settings-evening_opens_at": "16:00",
            "settings-evening_deadline": "20:00",
            "settings-drop_share": "0.30",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["settings_form"].errors["deadline"] == [
        "The deadline must come after the window opens."
    ]


def test_the_editor_page_adds_and_removes_a_rule(world, enterprise_form, commander, login):
    client = login(commander)
    data = {"form": "rule", **{f"rule-{k}": v for k, v in {**RULE, **RULE_MESSAGES}.items()}}

    assert client.post(_url(enterprise_form), data).status_code == 302
    assert _tomorrow(world).rules.filter(left="close_contacts").exists()
    page = client.get(_url(enterprise_form)).content.decode()
    assert "close_contacts ≤ roster_headcount" in page

    removed = client.post(
        _url(enterprise_form), {"form": "list", "remove_rule": "close_contacts <= roster_headcount"}
    )
    assert removed.status_code == 302
    assert not _tomorrow(world).rules.filter(left="close_contacts").exists()


def test_the_editor_page_shows_a_rule_error_beside_its_field(world, enterprise_form, commander, login):
    data = {
        "form": "rule",
        **{f"rule-{k}": v for k, v in {**RULE, "right": "close_contacts", **RULE_MESSAGES}.items()},
    }

    response = login(commander).post(_url(enterprise_form), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["rule_form"].errors["right"] == ["A rule compares two different fields."]


def test_removing_an_unknown_rule_on_the_page_shows_the_error(world, enterprise_form, commander, login):
    response = login(commander).post(
        _url(enterprise_form), {"form": "list", "remove_rule": "a <= b"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["errors"] == ["This form has no such rule."]


def test_a_grid_official_cannot_open_the_editor(world, enterprise_form, login):
    assert login(world.users["grid_official"]).get(_url(enterprise_form)).status_code == 404
