"""Issue #4: template changes apply from tomorrow; reports keep their version and its fields."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.reports import services
from parkguard.reports.models import ReportTemplate
from parkguard.reports.selectors import report_form_rows

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db


def _enterprise_template(templates):
    return templates["park_a"]["enterprise"]


def test_adding_a_field_makes_a_new_version_from_tomorrow(world, templates):
    template = _enterprise_template(templates)
    services.template_field_add(
        actor=world.users["park_commander"],
        template=template,
        key="nucleic_tests",
        label_zh="核酸检测人数",
        label_en="Nucleic acid tests",
        type="integer",
    )
    new = ReportTemplate.objects.get(park=world.nodes["park_a"], site_kind="enterprise", version=2)
    assert new.valid_from == DAY + dt.timedelta(days=1)
    assert "nucleic_tests" in {f.key for f in new.fields.all()}
    assert "nucleic_tests" not in {f.key for f in template.fields.all()}
    assert services.template_for_site(world.nodes["enterprise_1"], DAY) == template
    assert services.template_for_site(world.nodes["enterprise_1"], DAY + dt.timedelta(days=1)) == new


def test_two_changes_on_one_day_go_into_the_same_new_version(world, templates):
    template = _enterprise_template(templates)
    commander = world.users["park_commander"]
    services.template_field_remove(actor=commander, template=template, key="ventilation")
    services.template_field_update(actor=commander, template=template, key="thermometers", required=False)
    assert ReportTemplate.objects.filter(park=world.nodes["park_a"], site_kind="enterprise").count() == 2


def test_a_template_edited_while_a_report_is_being_filled_keeps_the_version_it_started(world, templates):
    template = _enterprise_template(templates)
    draft = services.report_save_draft(
        actor=world.users["enterprise_contact"],
        site=world.nodes["enterprise_1"],
        day=DAY,
        period="day",
        values={"arrivals_today": 1},
    )
    services.template_field_add(
        actor=world.users["park_commander"],
        template=template,
        key="nucleic_tests",
        label_zh="核酸检测人数",
        label_en="Nucleic acid tests",
        type="integer",
    )
    report = submit(world)
    assert report.pk == draft.pk
    assert report.template == template
    assert "nucleic_tests" not in report.values


def test_a_field_removed_from_a_template_is_still_shown_on_old_reports(world, templates, at):
    template = _enterprise_template(templates)
    report = submit(world)
    services.template_field_remove(actor=world.users["park_commander"], template=template, key="ventilation")
    at("09:00", day=DAY + dt.timedelta(days=1))
    rows = report_form_rows(site=report.site, template=report.template, report=report)
    assert ("ventilation", True) in [(r.field.key, r.value) for r in rows]
    tomorrow = services.template_for_site(world.nodes["enterprise_1"], DAY + dt.timedelta(days=1))
    assert "ventilation" not in {f.key for f in tomorrow.fields.all()}
    submit(world, day=DAY + dt.timedelta(days=1), values=values(ventilation=None))


def test_only_the_command_changes_templates(world, templates):
    from parkguard.core.errors import ScopeError

    for who in ("grid_official", "commander_b"):
        with pytest.raises(ScopeError):
            services.template_field_remove(
                actor=world.users[who], template=_enterprise_template(templates), key="ventilation"
            )
