"""Issue #4: the default templates carry what the 2020 reports asked, installed once per park."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from parkguard.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db


def test_the_command_installs_both_templates_in_every_park_once(world, at):
    call_command("install_report_templates")
    call_command("install_report_templates")
    assert ReportTemplate.objects.count() == 4
    enterprise = ReportTemplate.objects.get(park=world.nodes["park_a"], site_kind="enterprise")
    keys = {f.key for f in enterprise.fields.all()}
    assert {
        "staff_on_site",
        "fever_cases",
        "fever_destination",
        "masks_in_stock",
        "closed_management",
    } <= keys
    project = ReportTemplate.objects.get(park=world.nodes["park_a"], site_kind="construction")
    assert project.periods == ("morning", "evening")
