"""The national bulletin adds up every park and names no person; the scheduled task makes them all."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from parkguard.reports.bulletins import bulletin_generate, generate_daily
from parkguard.reports.models import Bulletin
from tests.lib.test_pdf import poppler

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(world, templates, responsible, at, tmp_path):
    """Park A: enterprise 1 reported a fever (enterprise 2 did not); park B's enterprise reported."""
    submit(world, values=values(fever_cases=1, fever_destination="区人民医院发热门诊"))
    submit(world, who="commander_b", site="enterprise_b", values=values(staff_on_site=25))
    bulletin = bulletin_generate(
        actor=world.users["national_officer"], node=world.nodes["national"], date=DAY
    )
    path = tmp_path / "national.pdf"
    path.write_bytes(bulletin.pdf.read())
    bulletin.text = poppler("pdftotext", "-layout", str(path), "-")
    return bulletin


def test_national_bulletin_sums_the_two_parks(national):
    assert national.aggregates_only
    assert (national.summary["expected"], national.summary["submitted"], national.summary["missing"]) == (
        3,
        2,
        1,
    )
    assert national.summary["figures"]["staff_on_site"] == 40 + 25
    assert "昆明经开区" in national.text and "上海庙经济开发区" in national.text


def test_national_bulletin_names_no_person(national):
    sheets = load_workbook(io.BytesIO(national.xlsx.read()), read_only=True)
    cells = {str(c) for sheet in sheets.worksheets for row in sheet.iter_rows(values_only=True) for c in row}

    for person in ("grid_official", "enterprise_contact", "commander_b", "national_officer"):
        assert person not in national.text
        assert person not in cells
    assert "包保责任人" not in national.text


def test_national_bulletin_lists_missing_sites_by_name(national):
    assert "螺蛳湾物流" in national.text


def test_national_officer_may_not_read_a_park_bulletin(world, national):
    park = bulletin_generate(actor=world.users["park_commander"], node=world.nodes["park_a"], date=DAY)

    visible = Bulletin.objects.visible_to(world.users["national_officer"])

    assert list(visible) == [national]
    assert park not in visible


def test_daily_task_makes_every_park_bulletin_and_the_national_one(world, templates, at):
    made = generate_daily(DAY.isoformat())

    assert made == 3
    assert {b.node.name for b in Bulletin.objects.filter(date=DAY)} == {
        "国家生态工业园区办公室",
        "昆明经开区",
        "上海庙经济开发区",
    }


def test_daily_task_goes_on_when_one_park_fails(world, templates, at, monkeypatch):
    from parkguard.reports import bulletins

    real = bulletins.bulletin_pdf

    def fail_for_park_b(data):
        if data.node.name == "上海庙经济开发区":
            raise RuntimeError("font missing")
        return real(data)

    monkeypatch.setattr(bulletins, "bulletin_pdf", fail_for_park_b)

    assert generate_daily(DAY) == 2
    assert not Bulletin.objects.filter(node=world.nodes["park_b"]).exists()


def test_the_beat_entry_makes_todays_bulletins(world, templates, at, settings):
    from parkguard.core.tasks import run_task

    entry = settings.CELERY_BEAT_SCHEDULE["reports-daily-bulletin"]
    run_task(*entry["args"])

    assert Bulletin.objects.filter(date=DAY).count() == 3
