"""Issue #4: the default templates carry what the 2020 reports asked, installed once per park."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from parkguard.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db


def test_the_command_installs_the_three_templates_in_every_park_once(world, at):
    call_command("install_report_templates")
    call_command("install_report_templates")
    assert ReportTemplate.objects.count() == 6  # two parks × enterprise, construction, isolation site
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


def test_an_isolation_sites_figures_are_prefilled_from_its_stays(world, at):
    """Issue #7: the daily report's isolation figures come from the stays, not typed again."""
    from parkguard.reports.choices import Prefill

    call_command("install_report_templates")
    site = ReportTemplate.objects.get(park=world.nodes["park_a"], site_kind="isolation_site")
    prefilled = {f.key: f.prefill for f in site.fields.all() if f.prefill != Prefill.NONE}

    assert prefilled == {
        "in_isolation": Prefill.ISOLATION_OCCUPIED,
        "free_beds": Prefill.ISOLATION_FREE_BEDS,
        "check_ins": Prefill.ISOLATION_CHECK_INS,
        "releases": Prefill.ISOLATION_RELEASES,
    }
    assert site.periods == ("day",)
