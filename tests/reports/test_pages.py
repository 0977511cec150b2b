"""Issue #4: the pages — the site's form, completeness, roll-up, the template editor, the task list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.reports.models import DailyReport, ReportTemplate

from .reporting import submit, values

pytestmark = pytest.mark.django_db


def _form_url(world, site="enterprise_1"):
    return reverse("reports:report_form", args=[world.nodes[site].pk])


def test_the_enterprise_contact_submits_the_form(world, templates, login):
    client = login(world.users["enterprise_contact"])
    data = {k: ("1" if v is True else "0" if v is False else v) for k, v in values().items()}
    response = client.post(_form_url(world), {**data, "action": "submit"})
    assert response.status_code == 302
    report = DailyReport.objects.get()
    assert report.is_submitted and report.values["ventilation"] is True


def test_a_bad_value_shows_the_message_beside_its_field(world, templates, login):
    client = login(world.users["enterprise_contact"])
    response = client.post(
        _form_url(world), {**values(arrivals_today="-2"), "action": "submit", "language": "en"}
    )
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.field.key == "arrivals_today")
    assert row.errors and not DailyReport.objects.exists()


def test_the_zero_report_button(world, templates, login):
    login(world.users["grid_official"]).post(_form_url(world), {"action": "zero"})
    assert DailyReport.objects.get().zero_report is True


def test_a_site_outside_the_scope_is_not_found(world, templates, login):
    client = login(world.users["neighbour_official"])
    assert client.get(_form_url(world)).status_code == 404
    assert client.post(_form_url(world), {"action": "zero"}).status_code == 404
    url = reverse("reports:completeness", args=[world.nodes["grid_1"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:rollup", args=[world.nodes["grid_1"].pk])).status_code == 404
    assert not DailyReport.objects.exists()


def test_completeness_and_rollup_pages(world, templates, login, responsible):
    submit(world)
    client = login(world.users["area_leader"])
    page = client.get(reverse("reports:completeness", args=[world.nodes["area_a"].pk]), {"day": "2020-02-20"})
    assert (page.context["c"].submitted, page.context["c"].missing) == (1, 1)
    assert "螺蛳湾物流" in page.content.decode()
    page = client.get(reverse("reports:rollup", args=[world.nodes["area_a"].pk]), {"day": "2020-02-20"})
    assert page.context["own"].totals["arrivals_today"] == 3


def test_the_command_adds_a_field_in_the_editor(world, templates, login):
    template = templates["park_a"]["enterprise"]
    client = login(world.users["park_commander"])
    url = reverse("reports:template_edit", args=[template.pk])
    response = client.post(
        url,
        {
            "key": "nucleic_tests",
            "label_zh": "核酸检测人数",
            "label_en": "Nucleic tests",
            "type": "integer",
            "aggregate": "sum",
            "prefill": "none",
            "flag_when": "never",
            "required": "on",
        },
    )
    assert response.status_code == 302
    assert (
        ReportTemplate.objects.get(version=2, park=world.nodes["park_a"], site_kind="enterprise")
        .fields.filter(key="nucleic_tests")
        .exists()
    )


def test_the_editor_of_another_park_is_not_found(world, templates, login):
    url = reverse("reports:template_edit", args=[templates["park_a"]["enterprise"].pk])
    assert login(world.users["commander_b"]).get(url).status_code == 404


def test_the_task_list_shows_my_flags(world, templates, login, responsible):
    submit(world, values=values(fever_cases=2, fever_destination="发热门诊"))
    page = login(world.users["grid_official"]).get(reverse("reports:flag_list"))
    assert [f.field_key for f in page.context["flags"]] == ["fever_cases"]
